package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/pgtest"
	"github.com/sitrep/sitrep/postgres"
	"github.com/sitrep/sitrep/storetest"
)

// TestRestartDuringIngest restarts PostgreSQL while four writers store
// documents that overlap: the writers wait for it and go on, and every
// document ends up stored exactly once with all its events.
func TestRestartDuringIngest(t *testing.T) {
	url := pgtest.Schema(t)
	pgtest.CanRestart(t)
	if testing.Short() {
		t.Skip("restarts PostgreSQL")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	db, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const writers, docs = 4, 120
	var (
		stored   atomic.Int64
		inFlight atomic.Int64 // documents stored when the restart began
		restart  sync.Once
		restarts = make(chan struct{})
		wg       sync.WaitGroup
	)
	for w := range writers {
		wg.Go(func() {
			for i := range docs {
				n := (i+w*docs/writers)%docs + 1
				if _, _, err := db.AddDocument(ctx, storetest.SampleDocument(n), storetest.SampleAnalysis(20, 6, 1)); err != nil {
					t.Errorf("writer %d, document %d: %v", w, n, err)
					return
				}
				// A quarter of the way in, restart the server under
				// the writers.
				if stored.Add(1) == writers*docs/4 {
					restart.Do(func() {
						go func() {
							inFlight.Store(stored.Load())
							pgtest.Restart(t)
							close(restarts)
						}()
					})
				}
			}
		})
	}
	wg.Wait()
	select {
	case <-restarts:
	case <-ctx.Done():
		t.Fatal("the restart did not finish")
	}
	if n := inFlight.Load(); n >= writers*docs {
		t.Errorf("the restart began after the ingest ended (%d documents stored); it tested nothing", n)
	}
	all, err := db.FindDocuments(ctx, sitrep.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != docs {
		t.Errorf("%d documents stored, want %d", len(all), docs)
	}
	seen := map[string]bool{}
	for _, d := range all {
		if seen[d.Hash] {
			t.Errorf("document %s stored twice", d.Hash)
		}
		seen[d.Hash] = true
		if n, err := db.CountEvents(ctx, sitrep.EventFilter{Document: d.ID}); err != nil || n != 6 {
			t.Errorf("document %d: %d events, %v; want 6", d.ID, n, err)
		}
	}
}

// TestRetryLostCommit fails the first attempt to store a document as if
// its connection had been lost at the commit: the retry stores it once and
// reports it added.
func TestRetryLostCommit(t *testing.T) {
	ctx := context.Background()
	db, err := postgres.Open(ctx, pgtest.Schema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	postgres.SetBeforeCommit(db, func(ctx context.Context, attempt int) error {
		if attempt == 1 {
			return &pgconn.PgError{Code: "08006", Message: "connection failure (test)"}
		}
		return nil
	})
	doc := storetest.SampleDocument(1)
	id, added, err := db.AddDocument(ctx, doc, storetest.SampleAnalysis(5, 3, 1))
	if err != nil || !added || id != doc.ID {
		t.Fatalf("AddDocument = %d, %v, %v", id, added, err)
	}
	storetest.AssertOnly(t, db, doc)

	// Errors that running again cannot fix are not retried.
	postgres.SetBeforeCommit(db, func(ctx context.Context, attempt int) error {
		if attempt > 1 {
			t.Errorf("attempt %d of a failure that is not retried", attempt)
		}
		return errors.New("refused")
	})
	if _, _, err := db.AddDocument(ctx, storetest.SampleDocument(2), nil); err == nil {
		t.Error("AddDocument succeeded through a failing commit")
	}
	storetest.AssertOnly(t, db, doc)
}

// TestReadOnly checks that a reader never writes, and that a database
// without the schema is not taken for an empty store.
func TestReadOnly(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Schema(t)
	if _, err := postgres.OpenReadOnly(ctx, url); !errors.Is(err, sitrep.ErrNoStore) {
		t.Errorf("OpenReadOnly of an empty database: %v, want ErrNoStore", err)
	}
	w, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, _, err := w.AddDocument(ctx, storetest.SampleDocument(1), storetest.SampleAnalysis(3, 2, 0)); err != nil {
		t.Fatal(err)
	}
	r, err := postgres.OpenReadOnly(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, _, err := r.AddDocument(ctx, storetest.SampleDocument(2), nil); !errors.Is(err, sitrep.ErrReadOnly) {
		t.Errorf("AddDocument on a reader: %v, want ErrReadOnly", err)
	}
	if n, err := r.CountEvents(ctx, sitrep.EventFilter{}); err != nil || n != 2 {
		t.Errorf("reader counts %d events, %v; want 2", n, err)
	}
}

// TestConcurrentOpen opens one new database from several goroutines at
// once: the advisory lock lets one of them apply each migration.
func TestConcurrentOpen(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Schema(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			db, err := postgres.Open(ctx, url)
			if err == nil {
				if db.SchemaVersion() != postgres.Migrations() {
					err = fmt.Errorf("schema version %d", db.SchemaVersion())
				}
				db.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
}

// TestBatchReplay fails a batch's first commit as if its connection had
// been lost: the batch is replayed on a new one under the same IDs and
// commits, each document once.
func TestBatchReplay(t *testing.T) {
	ctx := context.Background()
	db, err := postgres.Open(ctx, pgtest.Schema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	postgres.SetBeforeCommit(db, func(ctx context.Context, attempt int) error {
		if attempt == 1 {
			return &pgconn.PgError{Code: "08006", Message: "connection failure (test)"}
		}
		return nil
	})
	b, err := db.BeginBatch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var docs []*sitrep.Document
	for i := range 3 {
		doc := storetest.SampleDocument(i + 1)
		id, added, err := b.Add(ctx, doc, storetest.SampleAnalysis(5, 3, 1))
		if err != nil || !added || id != int64(i+1) {
			t.Fatalf("Add %d = %d, %v, %v", i+1, id, added, err)
		}
		docs = append(docs, doc)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	for i, d := range docs {
		if d.ID != int64(i+1) {
			t.Errorf("document %d stored as %d", i+1, d.ID)
		}
	}
	storetest.AssertOnly(t, db, docs...)
	if n, err := db.CountEvents(ctx, sitrep.EventFilter{}); err != nil || n != 9 {
		t.Errorf("%d events, %v; want 9", n, err)
	}
}
