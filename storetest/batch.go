package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/sitrep/sitrep"
)

// TestBatch checks a store's group commit (sitrep.BatchAdder) against the
// promises of AddDocument: nothing of a batch is visible or stored until
// it commits; a document that fails is left out alone; a hash added twice
// is stored once; IDs are set only by the commit; a rolled-back batch
// stores nothing. open returns an empty store; a store that is not a
// BatchAdder skips the test.
func TestBatch(t *testing.T, open func(t *testing.T) sitrep.Store) {
	ctx := context.Background()
	st := open(t)
	ba, ok := st.(sitrep.BatchAdder)
	if !ok {
		t.Skipf("%T does not add documents in batches", st)
	}

	b, err := ba.BeginBatch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	docs := make([]*sitrep.Document, 4)
	analyses := make([]*sitrep.Analysis, 4)
	for i := range docs {
		docs[i], analyses[i] = batchDoc(i)
	}
	// The third document's event names a contradiction it does not hold:
	// the store refuses it after writing its document row.
	analyses[2].Events[0].ContradictedBy = []string{"e9"}
	ids := make([]int64, len(docs))
	for i := range docs {
		id, added, err := b.Add(ctx, docs[i], analyses[i])
		switch {
		case i == 2 && err == nil:
			t.Errorf("document %d with a bad contradiction: added (%d, %v)", i, id, added)
		case i != 2 && (err != nil || !added || id == 0):
			t.Fatalf("document %d: %d, %v, %v", i, id, added, err)
		}
		ids[i] = id
	}
	again, _ := batchDoc(0)
	if id, added, err := b.Add(ctx, again, nil); err != nil || added || id != ids[0] {
		t.Errorf("the first document's hash again: %d, %v, %v; want %d, false", id, added, err, ids[0])
	}
	if docs[0].ID != 0 || analyses[0].Events[0].ID != "e1" {
		t.Errorf("before commit: document ID %d, event ID %q; want them untouched", docs[0].ID, analyses[0].Events[0].ID)
	}
	if _, err := st.FindDocumentByHash(ctx, docs[0].Hash); !errors.Is(err, sitrep.ErrNotFound) {
		t.Errorf("before commit, a reader finds the batch's document: %v", err)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := b.Rollback(); err != nil {
		t.Errorf("rollback after commit: %v", err)
	}
	for i, d := range docs {
		got, err := st.FindDocumentByHash(ctx, d.Hash)
		if i == 2 {
			if !errors.Is(err, sitrep.ErrNotFound) {
				t.Errorf("the failed document is stored: %v, %v", got, err)
			}
			if d.ID != 0 {
				t.Errorf("the failed document has ID %d", d.ID)
			}
			continue
		}
		if err != nil || got.ID != ids[i] || d.ID != ids[i] {
			t.Errorf("document %d: stored %v, %v; doc.ID %d; want ID %d", i, got, err, d.ID, ids[i])
			continue
		}
		evs, err := st.FindEvents(ctx, sitrep.EventFilter{Document: d.ID})
		if err != nil || len(evs) != 1 || evs[0].ID != analyses[i].Events[0].ID || analyses[i].Events[0].Document != d.ID {
			t.Errorf("document %d: events %v, %v; analysis event %+v", i, evs, err, analyses[i].Events[0])
		}
		if ss, err := st.FindSentences(ctx, d.ID); err != nil || len(ss) != 1 {
			t.Errorf("document %d: sentences %v, %v", i, ss, err)
		}
	}
	if all, err := st.FindDocuments(ctx, sitrep.DocumentFilter{}); err != nil || len(all) != 3 {
		t.Errorf("%d documents stored (%v); want 3", len(all), err)
	}
	if evs, err := st.FindEvents(ctx, sitrep.EventFilter{}); err != nil || len(evs) != 3 {
		t.Errorf("%d events stored (%v); want 3: the failed document's must go with it", len(evs), err)
	}
	// The full-text index holds the batch's events, and not the failed
	// document's.
	if evs, err := st.FindEvents(ctx, sitrep.EventFilter{Text: "shelled village"}); err != nil || len(evs) != 3 {
		t.Errorf("text search: %d events (%v); want the 3 stored", len(evs), err)
	}
	for i := range docs {
		evs, err := st.FindEvents(ctx, sitrep.EventFilter{Text: fmt.Sprintf("village %d", i)})
		if want := map[bool]int{true: 0, false: 1}[i == 2]; err != nil || len(evs) != want {
			t.Errorf("text search for document %d: %d events (%v); want %d", i, len(evs), err, want)
		}
	}

	// A rolled-back batch stores nothing and changes no document.
	b, err = ba.BeginBatch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d, a := batchDoc(10)
	if _, _, err := b.Add(ctx, d, a); err != nil {
		t.Fatal(err)
	}
	if err := b.Rollback(); err != nil {
		t.Fatal(err)
	}
	if _, err := st.FindDocumentByHash(ctx, d.Hash); !errors.Is(err, sitrep.ErrNotFound) || d.ID != 0 {
		t.Errorf("rolled back: found %v, ID %d", err, d.ID)
	}
	if _, _, err := b.Add(ctx, d, a); err == nil {
		t.Error("Add after Rollback succeeded")
	}

	// The store takes documents one by one again afterwards.
	if _, added, err := st.AddDocument(ctx, d, a); err != nil || !added {
		t.Errorf("AddDocument after a rolled-back batch: %v, %v", added, err)
	}
}

// batchDoc returns the i'th small document of TestBatch, one sentence and
// one event.
func batchDoc(i int) (*sitrep.Document, *sitrep.Analysis) {
	text := fmt.Sprintf("Troops shelled village %d on Monday.", i)
	d := &sitrep.Document{Hash: fmt.Sprintf("batch-%064d", i), Title: fmt.Sprintf("Batch %d", i),
		Source: fmt.Sprintf("batch-%d.txt", i), Published: "2024-03-04", Text: text}
	a := &sitrep.Analysis{
		Sentences: []sitrep.Sentence{{Index: 0, Start: 0, End: len(text), Text: text}},
		Events: []sitrep.Event{{ID: sitrep.LocalEventID(1), Type: "ASSAULT", Date: "2024-03-04",
			Sentence: 0, Start: 0, End: len(text), Evidence: text, Rule: "test"}},
	}
	return d, a
}
