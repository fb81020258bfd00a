package sqlite_test

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/sqlite"
)

func TestAddDocument_RoundTrip(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	doc, a := sampleDocument(1), sampleAnalysis(40, 15, 3)
	in := *doc

	id, added, err := db.AddDocument(ctx, doc, a)
	if err != nil || !added || id != 1 {
		t.Fatalf("AddDocument = %d, %v, %v; want 1, true, nil", id, added, err)
	}
	if doc.ID != id {
		t.Errorf("doc.ID = %d, want %d", doc.ID, id)
	}
	if a.Events[2].ID != "d1-e3" || a.Events[2].Document != 1 || a.Transfers[0].ID != "d1-t1" || a.Transfers[0].Document != 1 {
		t.Errorf("IDs not set: event %q/%d, transfer %q/%d", a.Events[2].ID, a.Events[2].Document, a.Transfers[0].ID, a.Transfers[0].Document)
	}
	// The local reference "e3" now names the stored event d1-e3.
	if got := a.Events[3].ContradictedBy; !reflect.DeepEqual(got, []string{"d1-e3"}) {
		t.Errorf("event 4 ContradictedBy = %q, want [d1-e3]", got)
	}

	got, err := db.FindDocument(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	want := in
	want.ID = id
	if !got.IngestedAt.Equal(want.IngestedAt) {
		t.Errorf("IngestedAt = %v, want %v", got.IngestedAt, want.IngestedAt)
	}
	got.IngestedAt, want.IngestedAt = time.Time{}, time.Time{}
	if !reflect.DeepEqual(got, &want) {
		t.Errorf("FindDocument =\n%+v\nwant\n%+v", got, &want)
	}
	if byHash, err := db.FindDocumentByHash(ctx, doc.Hash); err != nil || byHash.ID != id || byHash.Text != doc.Text {
		t.Errorf("FindDocumentByHash = %+v, %v", byHash, err)
	}

	docs, err := db.FindDocuments(ctx, sitrep.DocumentFilter{})
	if err != nil || len(docs) != 1 {
		t.Fatalf("FindDocuments = %v, %v", docs, err)
	}
	if docs[0].Text != "" || docs[0].Title != doc.Title || docs[0].SimHash != doc.SimHash {
		t.Errorf("FindDocuments[0] = %+v; want no text, title and simhash", docs[0])
	}

	events, err := db.FindEvents(ctx, sitrep.EventFilter{Document: id})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != len(a.Events) {
		t.Fatalf("FindEvents returned %d events, want %d", len(events), len(a.Events))
	}
	for i, e := range events {
		if !reflect.DeepEqual(*e, a.Events[i]) {
			t.Errorf("event %d =\n%+v\nwant\n%+v", i, *e, a.Events[i])
		}
	}
	e, err := db.FindEvent(ctx, "d1-e1")
	if err != nil || !reflect.DeepEqual(*e, a.Events[0]) {
		t.Errorf("FindEvent(d1-e1) = %+v, %v; want %+v", e, err, a.Events[0])
	}

	transfers, err := db.FindTransfers(ctx, sitrep.TransferFilter{Document: id})
	if err != nil || len(transfers) != len(a.Transfers) {
		t.Fatalf("FindTransfers = %v, %v", transfers, err)
	}
	for i, tr := range transfers {
		if !reflect.DeepEqual(*tr, a.Transfers[i]) {
			t.Errorf("transfer %d =\n%+v\nwant\n%+v", i, *tr, a.Transfers[i])
		}
	}

	if ms, err := db.FindMentions(ctx, id); err != nil || !reflect.DeepEqual(ms, a.Mentions) {
		t.Errorf("FindMentions = %+v, %v; want %+v", ms, err, a.Mentions)
	}
	if ss, err := db.FindSentences(ctx, id); err != nil || !reflect.DeepEqual(ss, a.Sentences) {
		t.Errorf("FindSentences = %+v, %v; want %+v", ss, err, a.Sentences)
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
}

func TestAddDocument_NilAnalysisAndDuplicates(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	orig := sampleDocument(1)
	if _, _, err := db.AddDocument(ctx, orig, sampleAnalysis(3, 2, 1)); err != nil {
		t.Fatal(err)
	}

	// Same hash: nothing written, existing ID returned.
	same := sampleDocument(1)
	same.Title = "changed"
	a := sampleAnalysis(3, 2, 1)
	id, added, err := db.AddDocument(ctx, same, a)
	if err != nil || added || id != orig.ID {
		t.Fatalf("AddDocument(same hash) = %d, %v, %v; want %d, false, nil", id, added, err, orig.ID)
	}
	if same.ID != 0 || a.Events[0].ID != "" {
		t.Errorf("duplicate call set IDs: doc %d, event %q", same.ID, a.Events[0].ID)
	}
	if d, _ := db.FindDocument(ctx, orig.ID); d.Title != orig.Title {
		t.Errorf("title = %q, want the original %q", d.Title, orig.Title)
	}

	// A near-duplicate is stored uncoded and left out of SimHashes.
	near := sampleDocument(2)
	near.DuplicateOf = orig.ID
	near.IngestedAt = time.Time{}
	id, added, err = db.AddDocument(ctx, near, nil)
	if err != nil || !added || id != 2 {
		t.Fatalf("AddDocument(near-duplicate) = %d, %v, %v", id, added, err)
	}
	if !near.IngestedAt.Equal(db.Now()) {
		t.Errorf("IngestedAt = %v, want Now %v", near.IngestedAt, db.Now())
	}
	if d, err := db.FindDocument(ctx, id); err != nil || d.DuplicateOf != orig.ID {
		t.Errorf("FindDocument(near) = %+v, %v", d, err)
	}
	hashes, err := db.SimHashes(ctx)
	if want := map[int64]uint64{orig.ID: orig.SimHash}; err != nil || !reflect.DeepEqual(hashes, want) {
		t.Errorf("SimHashes = %v, %v; want %v", hashes, err, want)
	}
	stats, _ := db.DocumentStats(ctx)
	if stats[2] != (sqlite.DocStats{}) {
		t.Errorf("near-duplicate stats = %+v, want zero", stats[2])
	}
	if ms, err := db.FindMentions(ctx, 2); err != nil || ms == nil || len(ms) != 0 {
		t.Errorf("FindMentions(uncoded) = %#v, %v; want empty", ms, err)
	}
}

func TestFindDocument_NotFound(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	if _, err := db.FindDocument(ctx, 42); !errors.Is(err, sitrep.ErrNotFound) || !strings.Contains(err.Error(), "42") {
		t.Errorf("FindDocument(42) error = %v", err)
	}
	if _, err := db.FindDocumentByHash(ctx, "abc"); !errors.Is(err, sitrep.ErrNotFound) {
		t.Errorf("FindDocumentByHash error = %v", err)
	}
}

func TestFindDocuments(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	for i, pub := range []string{"2023-06-30", "2023-07-01", "2023-07-31", "", "2024-01-01"} {
		d := sampleDocument(i + 1)
		d.Published = pub
		if _, _, err := db.AddDocument(ctx, d, nil); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		f    sitrep.DocumentFilter
		want []int64
	}{
		{sitrep.DocumentFilter{}, []int64{1, 2, 3, 4, 5}},
		{sitrep.DocumentFilter{Limit: 2}, []int64{1, 2}},
		{sitrep.DocumentFilter{Since: "2023-07-01"}, []int64{2, 3, 5}},
		{sitrep.DocumentFilter{Until: "2023-07-01"}, []int64{1, 2}},
		{sitrep.DocumentFilter{Since: "2023-07", Until: "2023-07"}, []int64{2, 3}},
		{sitrep.DocumentFilter{Since: "2024"}, []int64{5}},
	}
	for _, tt := range tests {
		docs, err := db.FindDocuments(ctx, tt.f)
		if err != nil {
			t.Errorf("FindDocuments(%+v): %v", tt.f, err)
			continue
		}
		var got []int64
		for _, d := range docs {
			got = append(got, d.ID)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("FindDocuments(%+v) = %v, want %v", tt.f, got, tt.want)
		}
	}
	if _, err := db.FindDocuments(ctx, sitrep.DocumentFilter{Until: "last week"}); err == nil || !strings.Contains(err.Error(), "last week") {
		t.Errorf("FindDocuments(bad until) error = %v", err)
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

func TestAddDocument_Rollback(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	first := sampleDocument(1)
	if _, _, err := db.AddDocument(ctx, first, sampleAnalysis(10, 5, 2)); err != nil {
		t.Fatal(err)
	}

	t.Run("invalid value mid-transaction", func(t *testing.T) {
		// The document, its sentences, mentions and two events go in
		// before the NaN Goldstein score of the third event fails.
		doc, a := sampleDocument(2), sampleAnalysis(10, 5, 2)
		a.Events[2].Goldstein = math.NaN()
		_, _, err := db.AddDocument(ctx, doc, a)
		if err == nil || !strings.Contains(err.Error(), doc.Source) || !strings.Contains(err.Error(), "event 3") {
			t.Fatalf("AddDocument(NaN) error = %v, want one naming the document and event 3", err)
		}
		if doc.ID != 0 || a.Events[0].ID != "" {
			t.Errorf("failed call set IDs: doc %d, event %q", doc.ID, a.Events[0].ID)
		}
		assertOnly(t, db, first)
	})

	t.Run("missing original", func(t *testing.T) {
		doc := sampleDocument(3)
		doc.DuplicateOf = 999 // foreign key violation
		if _, _, err := db.AddDocument(ctx, doc, nil); err == nil {
			t.Fatal("AddDocument(duplicate of missing document) succeeded")
		}
		assertOnly(t, db, first)
	})

	t.Run("context cancelled before commit", func(t *testing.T) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		sqlite.SetBeforeCommit(db, func(context.Context) error { cancel(); return nil })
		defer sqlite.SetBeforeCommit(db, nil)
		doc := sampleDocument(4)
		_, _, err := db.AddDocument(ctx, doc, sampleAnalysis(10, 5, 2))
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("AddDocument error = %v, want context.Canceled", err)
		}
		assertOnly(t, db, first)
	})

	t.Run("context cancelled before start", func(t *testing.T) {
		ctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, _, err := db.AddDocument(ctx, sampleDocument(5), sampleAnalysis(10, 5, 2)); err == nil {
			t.Fatal("AddDocument with a cancelled context succeeded")
		}
		assertOnly(t, db, first)
	})

	// The store still works, and the failed document can be added now.
	doc := sampleDocument(2)
	if _, added, err := db.AddDocument(ctx, doc, sampleAnalysis(10, 5, 2)); err != nil || !added {
		t.Fatalf("AddDocument after failures = %v, %v", added, err)
	}
	assertOnly(t, db, first, doc)
}

func TestAddDocument_Invalid(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	if _, _, err := db.AddDocument(ctx, nil, nil); err == nil {
		t.Error("AddDocument(nil) succeeded")
	}
	doc := sampleDocument(1)
	doc.Hash = ""
	if _, _, err := db.AddDocument(ctx, doc, nil); err == nil || !strings.Contains(err.Error(), "hash") {
		t.Errorf("AddDocument(no hash) error = %v", err)
	}

	// ContradictedBy must name another event of the same analysis by its
	// local ID; nothing of a refused document is stored or changed.
	for _, tt := range []struct {
		refs []string
		want string
	}{
		{[]string{"e3"}, `contradicted by "e3": not a local event ID e1..e2`},
		{[]string{"e0"}, `"e0": not a local event ID`},
		{[]string{"d1-e1"}, `"d1-e1": not a local event ID`},
		{[]string{"E1"}, `"E1": not a local event ID`},
		{[]string{"e2"}, "contradicted by itself"},
	} {
		a := sampleAnalysis(4, 2, 0)
		a.Events[1].ContradictedBy = tt.refs
		doc := sampleDocument(1)
		if _, _, err := db.AddDocument(ctx, doc, a); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ContradictedBy %q: error = %v, want %q", tt.refs, err, tt.want)
		}
		if doc.ID != 0 || a.Events[1].ID != "" || a.Events[1].ContradictedBy[0] != tt.refs[0] {
			t.Errorf("ContradictedBy %q: the refused analysis was changed: %+v", tt.refs, a.Events[1])
		}
	}
	if docs, err := db.FindDocuments(ctx, sitrep.DocumentFilter{}); err != nil || len(docs) != 0 {
		t.Errorf("FindDocuments after refusals = %v, %v", docs, err)
	}
}

// TestConcurrent adds and reads from several goroutines; run with -race.
func TestConcurrent(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	var wg sync.WaitGroup
	const workers, perWorker = 4, 5
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				// Workers overlap on hashes: each document is stored once.
				doc := sampleDocument(w%2*perWorker + i + 1)
				if _, _, err := db.AddDocument(ctx, doc, sampleAnalysis(5, 3, 1)); err != nil {
					t.Error(err)
					return
				}
				if _, err := db.FindEvents(ctx, sitrep.EventFilter{Actor: "RUS"}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	docs, err := db.FindDocuments(ctx, sitrep.DocumentFilter{})
	if err != nil || len(docs) != 2*perWorker {
		t.Errorf("FindDocuments = %d docs, %v; want %d", len(docs), err, 2*perWorker)
	}
}
