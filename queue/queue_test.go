package queue_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/ingest"
	"github.com/sitrep/sitrep/internal/pgtest"
	"github.com/sitrep/sitrep/pipeline"
	"github.com/sitrep/sitrep/postgres"
	"github.com/sitrep/sitrep/queue"
)

// testDB returns the URL of a new, empty database on the server that
// $SITREP_TEST_POSTGRES names, dropped when the test ends, or skips the
// test. A database rather than pgtest.Schema's schema: River's tables live
// in the schema "river" of the database, which tests must not share.
func testDB(t *testing.T) string {
	t.Helper()
	admin := pgtest.URL(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("%s: %v", pgtest.EnvURL, err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	name := "sitrep_queue_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), admin)
		if err != nil {
			return
		}
		defer c.Close(context.Background())
		c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// stubCoder codes one event per document, without loading the models:
// the queue's tests are about jobs, not coding.
type stubCoder struct{}

func (stubCoder) Code(_ context.Context, in sitrep.Input) (*sitrep.Analysis, error) {
	return &sitrep.Analysis{}, nil
}

func docs(t *testing.T, n int) []*sitrep.Document {
	t.Helper()
	var out []*sitrep.Document
	for i := range n {
		text := fmt.Sprintf("Report %d. Officials in town %d said talks would resume next week after a pause.", i, i)
		items := ingest.Read(context.Background(), "-", strings.NewReader(text), ingest.Options{Published: "2024-03-02"})
		if len(items) != 1 || items[0].Err != nil {
			t.Fatalf("reading doc %d: %+v", i, items)
		}
		out = append(out, items[0].Doc)
	}
	return out
}

func TestEnqueueAndWork(t *testing.T) {
	pg := testDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	st, err := postgres.Open(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	// Two clients migrating at once: the advisory lock serialises them.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	qs := make([]*queue.Queue, 2)
	for i := range qs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			qs[i], errs[i] = queue.Open(ctx, pg, queue.Config{})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		defer qs[i].Close()
	}

	p := &pipeline.Pipeline{Store: st, Coder: stubCoder{}}
	w, err := queue.Open(ctx, pg, queue.Config{Pipeline: p, Concurrency: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()

	in := docs(t, 12)
	var ids []int64
	for _, d := range append(in, in[0], in[5]) { // two repeats
		j, err := qs[0].EnqueueDocument(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, j.ID)
	}
	if err := w.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer w.Stop(ctx)
	outcomes := map[pipeline.Outcome]int{}
	seen := map[int64]bool{}
	err = qs[1].Wait(ctx, ids, 50*time.Millisecond, func(o queue.Outcome) {
		if o.State != "completed" || o.Result == nil {
			t.Errorf("job %d: %+v", o.JobID, o)
			return
		}
		seen[o.JobID] = true
		outcomes[o.Result.Outcome]++
	})
	if err != nil {
		t.Fatal(err)
	}
	// A repeat enqueued while its job is kept is that job: 12 jobs, each
	// seen once by Wait.
	if len(seen) != 12 || outcomes[pipeline.New] != 12 {
		t.Errorf("jobs %d, outcomes %v; want 12 new", len(seen), outcomes)
	}
	stored, err := st.FindDocuments(ctx, sitrep.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != 12 {
		t.Errorf("stored %d documents, want 12", len(stored))
	}
}
