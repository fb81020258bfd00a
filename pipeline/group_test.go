package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/pipeline"
	"github.com/sitrep/sitrep/sqlite"
)

// failingCommits is a store whose batches fail to commit while fail is
// set, as a full disk would make them, or with err if it is set.
type failingCommits struct {
	*sqlite.DB
	fail bool
	err  error
}

func (s *failingCommits) BeginBatch(ctx context.Context) (sitrep.Batch, error) {
	b, err := s.DB.BeginBatch(ctx)
	if err != nil {
		return nil, err
	}
	return &failingBatch{Batch: b, s: s}, nil
}

type failingBatch struct {
	sitrep.Batch
	s *failingCommits
}

func (b *failingBatch) Commit() error {
	if b.s.fail || b.s.err != nil {
		b.Batch.Rollback()
		if b.s.err != nil {
			return b.s.err
		}
		return errors.New("disk full")
	}
	return b.Batch.Commit()
}

// TestIngestGroups checks group commit: a group's documents get the IDs
// a sequential run gives, in order, with duplicates inside a group caught;
// a group that fails to commit reports every document it held as failed
// and stores none, and the next run stores them.
func TestIngestGroups(t *testing.T) {
	ctx := context.Background()
	inputs := articles(t, 10)
	// The same text again, inside the same group as its original.
	copyPath := filepath.Join(t.TempDir(), "copy.txt")
	data, err := os.ReadFile(inputs[2])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(copyPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	inputs = append(inputs[:3:3], append([]string{copyPath}, inputs[3:]...)...)
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st := &failingCommits{DB: db, fail: true}
	p := &pipeline.Pipeline{Store: st, Coder: &fakeCoder{}}
	opts := pipeline.Options{Workers: 2, GroupSize: 4, GroupWait: time.Minute}

	var reports []pipeline.Report
	if err := p.Ingest(ctx, inputs, opts, func(r pipeline.Report) { reports = append(reports, r) }); err != nil {
		t.Fatal(err)
	}
	if len(reports) != len(inputs) {
		t.Fatalf("%d reports for %d inputs", len(reports), len(inputs))
	}
	for i, r := range reports {
		if r.Index != i || r.Outcome != pipeline.Failed || r.Err == nil {
			t.Errorf("failing commits, report %d: %+v", i, r)
		}
	}
	if docs, _ := db.FindDocuments(ctx, sitrep.DocumentFilter{}); len(docs) != 0 {
		t.Fatalf("%d documents stored by failed commits", len(docs))
	}

	st.fail = false
	reports = reports[:0]
	if err := p.Ingest(ctx, inputs, opts, func(r pipeline.Report) { reports = append(reports, r) }); err != nil {
		t.Fatal(err)
	}
	var want int64
	for i, r := range reports {
		switch {
		case r.Index != i || r.Err != nil:
			t.Errorf("report %d: %+v", i, r)
		case i == 3:
			if r.Outcome != pipeline.Duplicate || r.ID != reports[2].ID {
				t.Errorf("the copy of input 2: %+v; want a duplicate of %d", r, reports[2].ID)
			}
		default:
			want++
			if r.Outcome != pipeline.New || r.ID != want {
				t.Errorf("report %d: %+v; want new document %d", i, r, want)
			}
		}
	}
	docs, _ := db.FindDocuments(ctx, sitrep.DocumentFilter{})
	if len(docs) != 10 {
		t.Errorf("%d documents stored, want 10", len(docs))
	}
}

// TestIngestGroupConflict checks that a group whose batch fails for a
// conflict with another writer is stored one document at a time: every
// document is stored and reported once, under the IDs a sequential run
// gives.
func TestIngestGroupConflict(t *testing.T) {
	ctx := context.Background()
	inputs := articles(t, 10)
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st := &failingCommits{DB: db, err: fmt.Errorf("replay: %w", sitrep.ErrConflict)}
	p := &pipeline.Pipeline{Store: st, Coder: &fakeCoder{}}
	opts := pipeline.Options{Workers: 2, GroupSize: 4, GroupWait: time.Minute}
	var reports []pipeline.Report
	if err := p.Ingest(ctx, inputs, opts, func(r pipeline.Report) { reports = append(reports, r) }); err != nil {
		t.Fatal(err)
	}
	for i, r := range reports {
		if r.Index != i || r.Outcome != pipeline.New || r.Err != nil || r.ID != int64(i+1) {
			t.Errorf("report %d: %+v; want new document %d", i, r, i+1)
		}
	}
	if docs, _ := db.FindDocuments(ctx, sitrep.DocumentFilter{}); len(docs) != len(inputs) || len(reports) != len(inputs) {
		t.Errorf("%d documents stored, %d reports; want %d", len(docs), len(reports), len(inputs))
	}
}

// TestIngestGroupWait checks that a group is committed and reported once
// its first document has waited GroupWait, though the group is not full
// and the next input is slow to come.
func TestIngestGroupWait(t *testing.T) {
	inputs := articles(t, 3)
	p := fakePipeline(t, &fakeCoder{delay: 300 * time.Millisecond})
	start := time.Now()
	var at []time.Duration
	opts := pipeline.Options{Workers: 1, GroupSize: 64, GroupWait: 50 * time.Millisecond}
	if err := p.Ingest(context.Background(), inputs, opts, func(r pipeline.Report) { at = append(at, time.Since(start)) }); err != nil {
		t.Fatal(err)
	}
	// Each document is coded in 300 ms: its report comes before the next
	// one's coding ends, not all three at the end.
	if len(at) != 3 || at[0] > at[2]-200*time.Millisecond {
		t.Errorf("reports at %v; want the first well before the last", at)
	}
}
