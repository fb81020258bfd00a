package sqlite_test

import (
	"context"
	"errors"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/sqlite"
)

// TestAddDocument_Provenance checks what only this store keeps beside
// the storetest suite's round trip: who coded each event and transfer, and
// when, and per-document counts.
func TestAddDocument_Provenance(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	a := sampleAnalysis(40, 15, 3)
	id, _, err := db.AddDocument(ctx, sampleDocument(1), a)
	if err != nil {
		t.Fatal(err)
	}
	p, err := db.Provenance(ctx, "d1-e2")
	wantP := sqlite.Provenance{Rule: a.Events[1].Rule, Coder: "sitrep test", CodedAt: db.Now()}
	if err != nil || !reflect.DeepEqual(p, wantP) {
		t.Errorf("Provenance(d1-e2) = %+v, %v; want %+v", p, err, wantP)
	}
	if p, err := db.Provenance(ctx, "d1-t3"); err != nil || p.Rule != "transfer/deliver" {
		t.Errorf("Provenance(d1-t3) = %+v, %v", p, err)
	}
	if _, err := db.Provenance(ctx, "d9-e9"); !errors.Is(err, sitrep.ErrNotFound) {
		t.Errorf("Provenance(d9-e9) error = %v, want ErrNotFound", err)
	}
	stats, err := db.DocumentStats(ctx)
	wantStats := map[int64]sqlite.DocStats{id: {Sentences: 40, Mentions: 160, Events: 15, Transfers: 3}}
	if err != nil || !reflect.DeepEqual(stats, wantStats) {
		t.Errorf("DocumentStats = %+v, %v; want %+v", stats, err, wantStats)
	}
	near := sampleDocument(2)
	near.DuplicateOf, near.IngestedAt = id, time.Time{}
	if _, _, err := db.AddDocument(ctx, near, nil); err != nil {
		t.Fatal(err)
	}
	if !near.IngestedAt.Equal(db.Now()) {
		t.Errorf("IngestedAt = %v, want Now %v", near.IngestedAt, db.Now())
	}
	if stats, _ := db.DocumentStats(ctx); stats[near.ID] != (sqlite.DocStats{}) {
		t.Errorf("near-duplicate stats = %+v, want zero", stats[near.ID])
	}
}

// assertOnly checks that the database holds exactly the documents want
// (by hash) and nothing coded from any other.
func assertOnly(t *testing.T, db *sqlite.DB, want ...*sitrep.Document) {
	t.Helper()
	ctx := context.Background()
	stats, err := db.DocumentStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(stats) != len(want) {
		t.Errorf("database holds %d documents, want %d", len(stats), len(want))
	}
	var events int
	for _, d := range want {
		got, err := db.FindDocumentByHash(ctx, d.Hash)
		if err != nil {
			t.Errorf("document %q missing: %v", d.Hash, err)
			continue
		}
		events += stats[got.ID].Events
	}
	all, err := db.FindEvents(ctx, sitrep.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != events {
		t.Errorf("database holds %d events, want %d (no partial rows)", len(all), events)
	}
	for _, e := range all {
		if e.Document > int64(len(want)) && len(want) > 0 {
			t.Errorf("event %s of a rolled-back document", e.ID)
		}
	}
}

// TestAddDocument_Rollback cancels a transaction at its last moment,
// through the hook only this package has; storetest checks refusals.
func TestAddDocument_Rollback(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	first := sampleDocument(1)
	if _, _, err := db.AddDocument(ctx, first, sampleAnalysis(10, 5, 2)); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sqlite.SetBeforeCommit(db, func(context.Context) error { cancel(); return nil })
	doc := sampleDocument(4)
	_, _, err := db.AddDocument(cctx, doc, sampleAnalysis(10, 5, 2))
	sqlite.SetBeforeCommit(db, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("AddDocument error = %v, want context.Canceled", err)
	}
	assertOnly(t, db, first)
	// The store still works, and the failed document can be added now.
	if _, added, err := db.AddDocument(ctx, doc, sampleAnalysis(10, 5, 2)); err != nil || !added {
		t.Fatalf("AddDocument after failures = %v, %v", added, err)
	}
	assertOnly(t, db, first, doc)
}

// TestBatch_FailedDocumentRedo fails a document in SQLite half-way through
// its events (a NaN score breaks a NOT NULL column) between others in one
// batch: the batch is redone without it, and the documents around it keep
// the IDs Add returned, with all their rows.
func TestBatch_FailedDocumentRedo(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	b, err := db.BeginBatch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var kept []*sitrep.Document
	ids := map[*sitrep.Document]int64{}
	for i := range 4 {
		doc, an := sampleDocument(i+1), sampleAnalysis(4, 3, 1)
		if i == 2 {
			an.Events[1].Goldstein = math.NaN()
		}
		id, added, err := b.Add(ctx, doc, an)
		if i == 2 {
			if err == nil {
				t.Fatalf("document with a NaN score added as %d", id)
			}
			continue
		}
		if err != nil || !added {
			t.Fatalf("document %d: %v, %v", i, added, err)
		}
		kept = append(kept, doc)
		ids[doc] = id
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	assertOnly(t, db, kept...)
	for i, doc := range kept {
		if doc.ID != ids[doc] || doc.ID != int64(i+1) {
			t.Errorf("document %d: ID %d, Add said %d", i, doc.ID, ids[doc])
		}
		if evs, err := db.FindEvents(ctx, sitrep.EventFilter{Document: doc.ID}); err != nil || len(evs) != 3 {
			t.Errorf("document %d: %d events (%v), want 3", i, len(evs), err)
		}
	}
	if evs, err := db.FindEvents(ctx, sitrep.EventFilter{}); err != nil || len(evs) != 9 {
		t.Errorf("%d events stored (%v), want 9", len(evs), err)
	}
}

// TestBatch_CancelledAdd cancels one Add of a batch (an interrupted run
// stops coding mid-document but commits what it staged): that document is
// left out and the batch commits the others.
func TestBatch_CancelledAdd(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	b, err := db.BeginBatch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	var kept []*sitrep.Document
	for i := range 4 {
		doc := sampleDocument(i + 1)
		actx := ctx
		if i == 2 {
			actx = cancelled
		}
		_, _, err := b.Add(actx, doc, sampleAnalysis(4, 3, 1))
		if i == 2 {
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("cancelled Add: %v, want context.Canceled", err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		kept = append(kept, doc)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	assertOnly(t, db, kept...)
}
