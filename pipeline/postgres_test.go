package pipeline_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/pgtest"
	"github.com/sitrep/sitrep/pipeline"
	"github.com/sitrep/sitrep/postgres"
)

// TestIngestPostgresRestart runs two ingests of the same articles at once,
// as two processes sharing one PostgreSQL database would, and restarts the
// server while they run: neither fails, and every article is stored once.
func TestIngestPostgresRestart(t *testing.T) {
	url := pgtest.Schema(t)
	pgtest.CanRestart(t)
	if testing.Short() {
		t.Skip("restarts PostgreSQL")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	const n = 150
	inputs := articles(t, n)
	var (
		stored  atomic.Int32
		restart sync.Once
		began   atomic.Int32 // reports seen when the restart began
		done    = make(chan struct{})
		wg      sync.WaitGroup
		mu      sync.Mutex
		added   = map[int64]int{}
	)
	for range 2 {
		db, err := postgres.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		p := &pipeline.Pipeline{Store: db, Coder: &fakeCoder{delay: 2 * time.Millisecond}}
		wg.Go(func() {
			err := p.Ingest(ctx, inputs, pipeline.Options{Workers: 2}, func(r pipeline.Report) {
				switch r.Outcome {
				case pipeline.New, pipeline.NearDuplicate:
					mu.Lock()
					added[r.ID]++
					mu.Unlock()
				case pipeline.Duplicate:
				default:
					t.Errorf("%s: %s: %v", r.Input, r.Outcome, r.Err)
				}
				if stored.Add(1) == n/3 {
					restart.Do(func() {
						go func() {
							defer close(done)
							began.Store(stored.Load())
							pgtest.Restart(t)
						}()
					})
				}
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	<-done
	if b := began.Load(); b >= 2*n {
		t.Errorf("the restart began after both ingests ended (%d reports); it tested nothing", b)
	}
	db, err := postgres.OpenReadOnly(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	docs, err := db.FindDocuments(ctx, sitrep.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != n || len(added) != n {
		t.Errorf("%d documents stored, %d reported added; want %d", len(docs), len(added), n)
	}
	for id, k := range added {
		if k != 1 {
			t.Errorf("document %d reported added %d times", id, k)
		}
	}
}
