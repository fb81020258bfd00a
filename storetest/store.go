package storetest

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
)

// TestStore runs every test of the suite against the store
// implementation: open must return a new, empty store, closed when t ends.
// It covers what AddDocument promises (round trip, IDs, dedup by hash,
// near-duplicate links, atomic refusal, concurrent writers storing each
// text once), documents, events, transfers and incident links, and every
// query filter, sort order, cursor and summary (TestQueries).
func TestStore(t *testing.T, open func(t *testing.T) sitrep.Store) {
	t.Run("RoundTrip", func(t *testing.T) { testRoundTrip(t, open(t)) })
	t.Run("Duplicates", func(t *testing.T) { testDuplicates(t, open(t)) })
	t.Run("NotFound", func(t *testing.T) { testNotFound(t, open(t)) })
	t.Run("FindDocuments", func(t *testing.T) { testFindDocuments(t, open(t)) })
	t.Run("Refused", func(t *testing.T) { testRefused(t, open(t)) })
	t.Run("Invalid", func(t *testing.T) { testInvalid(t, open(t)) })
	t.Run("ConcurrentWriters", func(t *testing.T) { testConcurrent(t, open(t)) })
	t.Run("FindEvents", func(t *testing.T) { testFindEvents(t, open(t)) })
	t.Run("CodeKinds", func(t *testing.T) { testCodeKinds(t, open(t)) })
	t.Run("Transfers", func(t *testing.T) { testTransfers(t, open(t)) })
	t.Run("Queries", func(t *testing.T) { TestQueries(t, open) })
	t.Run("IncidentLinks", func(t *testing.T) { TestIncidentLinks(t, open) })
}

func testRoundTrip(t *testing.T, db sitrep.Store) {
	ctx := context.Background()
	doc, a := SampleDocument(1), SampleAnalysis(40, 15, 3)
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
}

func testDuplicates(t *testing.T, db sitrep.Store) {
	ctx := context.Background()
	orig := SampleDocument(1)
	if _, _, err := db.AddDocument(ctx, orig, SampleAnalysis(3, 2, 1)); err != nil {
		t.Fatal(err)
	}

	// Same hash: nothing written, existing ID returned.
	same := SampleDocument(1)
	same.Title = "changed"
	a := SampleAnalysis(3, 2, 1)
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
	if n, err := db.CountEvents(ctx, sitrep.EventFilter{}); err != nil || n != 2 {
		t.Errorf("%d events after a duplicate, %v; want 2", n, err)
	}

	// A near-duplicate is stored uncoded, linked to its original, and
	// left out of SimHashes.
	near := SampleDocument(2)
	near.DuplicateOf = orig.ID
	near.IngestedAt = time.Time{}
	before := time.Now().Add(-time.Minute)
	id, added, err = db.AddDocument(ctx, near, nil)
	if err != nil || !added || id != 2 {
		t.Fatalf("AddDocument(near-duplicate) = %d, %v, %v", id, added, err)
	}
	if near.IngestedAt.Before(before) {
		t.Errorf("IngestedAt = %v, want the time it was stored", near.IngestedAt)
	}
	if d, err := db.FindDocument(ctx, id); err != nil || d.DuplicateOf != orig.ID || !d.IngestedAt.Equal(near.IngestedAt) {
		t.Errorf("FindDocument(near) = %+v, %v", d, err)
	}
	hashes, err := db.SimHashes(ctx)
	if want := map[int64]uint64{orig.ID: orig.SimHash}; err != nil || !reflect.DeepEqual(hashes, want) {
		t.Errorf("SimHashes = %v, %v; want %v", hashes, err, want)
	}
	if ms, err := db.FindMentions(ctx, 2); err != nil || ms == nil || len(ms) != 0 {
		t.Errorf("FindMentions(uncoded) = %#v, %v; want empty", ms, err)
	}
	if ss, err := db.FindSentences(ctx, 2); err != nil || ss == nil || len(ss) != 0 {
		t.Errorf("FindSentences(uncoded) = %#v, %v; want empty", ss, err)
	}
}

func testNotFound(t *testing.T, db sitrep.Store) {
	ctx := context.Background()
	if _, err := db.FindDocument(ctx, 42); !errors.Is(err, sitrep.ErrNotFound) || !strings.Contains(err.Error(), "42") {
		t.Errorf("FindDocument(42) error = %v", err)
	}
	if _, err := db.FindDocumentByHash(ctx, "abc"); !errors.Is(err, sitrep.ErrNotFound) {
		t.Errorf("FindDocumentByHash error = %v", err)
	}
	addEventFixtures(t, db)
	for _, id := range []string{"d1-e9", "d9-e1", "", "x'; DROP TABLE events; --"} {
		_, err := db.FindEvent(ctx, id)
		if !errors.Is(err, sitrep.ErrNotFound) {
			t.Errorf("FindEvent(%q) error = %v, want ErrNotFound", id, err)
		}
		if err != nil && !strings.Contains(err.Error(), `event "`+id+`"`) {
			t.Errorf("FindEvent(%q) error %q does not name the event", id, err)
		}
	}
}

func testFindDocuments(t *testing.T, db sitrep.Store) {
	ctx := context.Background()
	for i, pub := range []string{"2023-06-30", "2023-07-01", "2023-07-31", "", "2024-01-01"} {
		d := SampleDocument(i + 1)
		d.Published = pub
		if _, _, err := db.AddDocument(ctx, d, nil); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		f    sitrep.DocumentFilter
		want []int64
	}{
		{sitrep.DocumentFilter{}, []int64{1, 2, 3, 4, 5}},
		{sitrep.DocumentFilter{Limit: 2}, []int64{1, 2}},
		{sitrep.DocumentFilter{After: 3}, []int64{4, 5}},
		{sitrep.DocumentFilter{IDs: []int64{5, 1, 99}}, []int64{1, 5}},
		{sitrep.DocumentFilter{Since: "2023-07-01"}, []int64{2, 3, 5}},
		{sitrep.DocumentFilter{Until: "2023-07-01"}, []int64{1, 2}},
		{sitrep.DocumentFilter{Since: "2023-07", Until: "2023-07"}, []int64{2, 3}},
		{sitrep.DocumentFilter{Since: "2024"}, []int64{5}},
	} {
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

// AssertOnly checks that db holds exactly the documents want (by hash),
// with the events coded from them and no row of any other: what a
// refused or interrupted AddDocument must leave.
func AssertOnly(t testing.TB, db sitrep.Reader, want ...*sitrep.Document) {
	t.Helper()
	ctx := context.Background()
	docs, err := db.FindDocuments(ctx, sitrep.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != len(want) {
		t.Errorf("store holds %d documents, want %d", len(docs), len(want))
	}
	ids := map[int64]bool{}
	for _, d := range want {
		got, err := db.FindDocumentByHash(ctx, d.Hash)
		if err != nil {
			t.Errorf("document %q missing: %v", d.Hash, err)
			continue
		}
		ids[got.ID] = true
	}
	all, err := db.FindEvents(ctx, sitrep.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range all {
		if !ids[e.Document] {
			t.Errorf("event %s of a document that should not be stored", e.ID)
		}
	}
}

func testRefused(t *testing.T, db sitrep.Store) {
	ctx := context.Background()
	first := SampleDocument(1)
	if _, _, err := db.AddDocument(ctx, first, SampleAnalysis(10, 5, 2)); err != nil {
		t.Fatal(err)
	}
	t.Run("invalid value mid-document", func(t *testing.T) {
		doc, a := SampleDocument(2), SampleAnalysis(10, 5, 2)
		a.Events[2].Goldstein = math.NaN()
		_, _, err := db.AddDocument(ctx, doc, a)
		if err == nil || !strings.Contains(err.Error(), doc.Source) || !strings.Contains(err.Error(), "event 3") {
			t.Fatalf("AddDocument(NaN) error = %v, want one naming the document and event 3", err)
		}
		if doc.ID != 0 || a.Events[0].ID != "" {
			t.Errorf("failed call set IDs: doc %d, event %q", doc.ID, a.Events[0].ID)
		}
		AssertOnly(t, db, first)
	})
	t.Run("missing original", func(t *testing.T) {
		doc := SampleDocument(3)
		doc.DuplicateOf = 999
		if _, _, err := db.AddDocument(ctx, doc, nil); err == nil {
			t.Fatal("AddDocument(duplicate of missing document) succeeded")
		}
		AssertOnly(t, db, first)
	})
	t.Run("context cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, _, err := db.AddDocument(ctx, SampleDocument(5), SampleAnalysis(10, 5, 2)); err == nil {
			t.Fatal("AddDocument with a cancelled context succeeded")
		}
		AssertOnly(t, db, first)
	})
	// The store still works, and the refused document can be added now.
	doc := SampleDocument(2)
	if _, added, err := db.AddDocument(ctx, doc, SampleAnalysis(10, 5, 2)); err != nil || !added {
		t.Fatalf("AddDocument after failures = %v, %v", added, err)
	}
	AssertOnly(t, db, first, doc)
}

func testInvalid(t *testing.T, db sitrep.Store) {
	ctx := context.Background()
	if _, _, err := db.AddDocument(ctx, nil, nil); err == nil {
		t.Error("AddDocument(nil) succeeded")
	}
	doc := SampleDocument(1)
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
		a := SampleAnalysis(4, 2, 0)
		a.Events[1].ContradictedBy = tt.refs
		doc := SampleDocument(1)
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

// testConcurrent has writers race to store the same documents while
// reading: each text is stored once, exactly one writer is told it added
// it, and every writer gets its ID.
func testConcurrent(t *testing.T, db sitrep.Store) {
	ctx := context.Background()
	const writers, docs = 4, 12
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		adds  = map[string]int{}
		idsOf = map[string]map[int64]bool{}
	)
	for w := range writers {
		wg.Go(func() {
			for i := range docs {
				// Each writer goes through the documents from a
				// different start, so they collide at different points.
				doc := SampleDocument((i+w*3)%docs + 1)
				id, added, err := db.AddDocument(ctx, doc, SampleAnalysis(5, 3, 1))
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if added {
					adds[doc.Hash]++
				}
				if idsOf[doc.Hash] == nil {
					idsOf[doc.Hash] = map[int64]bool{}
				}
				idsOf[doc.Hash][id] = true
				mu.Unlock()
				if _, err := db.FindEvents(ctx, sitrep.EventFilter{Actor: "RUS", Limit: 5}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	stored, err := db.FindDocuments(ctx, sitrep.DocumentFilter{})
	if err != nil || len(stored) != docs {
		t.Errorf("FindDocuments = %d docs, %v; want %d", len(stored), err, docs)
	}
	for h, n := range adds {
		if n != 1 || len(idsOf[h]) != 1 {
			t.Errorf("document %s…: added %d times, IDs %v", h[50:], n, idsOf[h])
		}
	}
	if len(adds) != docs {
		t.Errorf("%d documents reported added, want %d", len(adds), docs)
	}
	if n, err := db.CountEvents(ctx, sitrep.EventFilter{}); err != nil || n != 3*docs {
		t.Errorf("%d events, %v; want %d", n, err, 3*docs)
	}
}

// addEventFixtures stores three documents with hand-made events:
//
//	d1 (published 2023-07-15): e1 ASSAULT RUS/MIL -> UKR 2023-07-14 (sentence 1)
//	                           e2 CONSULT USA/GOV -> CHN/GOV, undated (sentence 2)
//	                           e3 AID usa -> UKR/GOV 2023-07 (sentence 0)
//	d2 (published 2024-01-02): e1 SANCTION USA/GOV+GBR/GOV -> IRN/GOV 2023-12-30
//	                           e2 COERCE IRN/MIL -> ISR 2023, alleged
//	d3 (undated):              e1 PROTEST UKR/CVL, undated
func addEventFixtures(t *testing.T, db sitrep.Store) {
	t.Helper()
	ev := func(typ string, sentence int, date string, actor, recipient []sitrep.Actor) sitrep.Event {
		return sitrep.Event{Type: typ, Sentence: sentence, Date: date, Actor: actor, Recipient: recipient, Goldstein: 1}
	}
	alleged := func(e sitrep.Event) sitrep.Event {
		e.Certainty = sitrep.CertaintyAlleged
		return e
	}
	a := func(country, sector string) sitrep.Actor { return sitrep.Actor{Country: country, Sector: sector} }
	docs := []struct {
		published string
		events    []sitrep.Event
	}{
		{"2023-07-15", []sitrep.Event{
			ev("ASSAULT", 1, "2023-07-14", []sitrep.Actor{a("RUS", "MIL")}, []sitrep.Actor{a("UKR", "")}),
			ev("CONSULT", 2, "", []sitrep.Actor{a("USA", "GOV")}, []sitrep.Actor{a("CHN", "GOV")}),
			ev("AID", 0, "2023-07", []sitrep.Actor{a("usa", "")}, []sitrep.Actor{a("UKR", "GOV")}),
		}},
		{"2024-01-02", []sitrep.Event{
			ev("SANCTION", 0, "2023-12-30", []sitrep.Actor{a("USA", "GOV"), a("GBR", "GOV")}, []sitrep.Actor{a("IRN", "GOV")}),
			alleged(ev("COERCE", 1, "2023", []sitrep.Actor{a("IRN", "MIL")}, []sitrep.Actor{a("ISR", "")})),
		}},
		{"", []sitrep.Event{
			ev("PROTEST", 0, "", []sitrep.Actor{a("UKR", "CVL")}, []sitrep.Actor{}),
		}},
	}
	for i, d := range docs {
		doc := SampleDocument(i + 1)
		doc.Published = d.published
		if _, _, err := db.AddDocument(context.Background(), doc, &sitrep.Analysis{Events: d.events}); err != nil {
			t.Fatal(err)
		}
	}
}

func testFindEvents(t *testing.T, db sitrep.Store) {
	ctx := context.Background()
	addEventFixtures(t, db)
	for _, tt := range []struct {
		name string
		f    sitrep.EventFilter
		want string // event IDs in order, space-separated
	}{
		{"all", sitrep.EventFilter{}, "d1-e3 d1-e1 d1-e2 d2-e1 d2-e2 d3-e1"},
		{"actor country", sitrep.EventFilter{Actor: "USA"}, "d1-e3 d1-e2 d2-e1"},
		{"actor country, lower case", sitrep.EventFilter{Actor: "usa"}, "d1-e3 d1-e2 d2-e1"},
		{"actor second participant", sitrep.EventFilter{Actor: "GBR"}, "d2-e1"},
		{"actor sector", sitrep.EventFilter{Actor: "MIL"}, "d1-e1 d2-e2"},
		{"actor sector, lower case", sitrep.EventFilter{Actor: "gov"}, "d1-e2 d2-e1"},
		{"actor is not recipient", sitrep.EventFilter{Actor: "UKR"}, "d3-e1"},
		{"recipient country", sitrep.EventFilter{Recipient: "UKR"}, "d1-e3 d1-e1"},
		{"recipient sector", sitrep.EventFilter{Recipient: "GOV"}, "d1-e3 d1-e2 d2-e1"},
		{"actor and recipient", sitrep.EventFilter{Actor: "USA", Recipient: "IRN"}, "d2-e1"},
		{"type", sitrep.EventFilter{Type: "ASSAULT"}, "d1-e1"},
		{"type, lower case", sitrep.EventFilter{Type: "consult"}, "d1-e2"},
		{"type, no match", sitrep.EventFilter{Type: "ASSAULTX"}, ""},
		{"since day", sitrep.EventFilter{Since: "2023-07-15"}, "d1-e3 d1-e2 d2-e1 d2-e2"},
		{"since day, month overlaps", sitrep.EventFilter{Since: "2023-07-10"}, "d1-e3 d1-e1 d1-e2 d2-e1 d2-e2"},
		{"until day, month and year overlap", sitrep.EventFilter{Until: "2023-07-10"}, "d1-e3 d2-e2"},
		{"since and until months", sitrep.EventFilter{Since: "2023-08", Until: "2023-11"}, "d2-e2"},
		{"event date beats document date", sitrep.EventFilter{Since: "2024"}, ""},
		{"undated event uses document date", sitrep.EventFilter{Since: "2023-07-15", Until: "2023-07-15"}, "d1-e3 d1-e2 d2-e2"},
		{"until year", sitrep.EventFilter{Until: "2023"}, "d1-e3 d1-e1 d1-e2 d2-e1 d2-e2"},
		{"document", sitrep.EventFilter{Document: 2}, "d2-e1 d2-e2"},
		{"unknown document", sitrep.EventFilter{Document: 99}, ""},
		{"limit", sitrep.EventFilter{Limit: 2}, "d1-e3 d1-e1"},
		{"certainty", sitrep.EventFilter{Certainty: sitrep.CertaintyAlleged}, "d2-e2"},
		{"certainty, no match", sitrep.EventFilter{Certainty: sitrep.CertaintyDenied}, ""},
		{"combined", sitrep.EventFilter{Actor: "USA", Type: "sanction", Since: "2023-12", Document: 2, Limit: 5}, "d2-e1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			events, err := db.FindEvents(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := eventIDs(events); got != tt.want {
				t.Errorf("FindEvents(%+v) = %q, want %q", tt.f, got, tt.want)
			}
		})
	}
	// Participants come back in order, on their side.
	e, err := db.FindEvent(ctx, "d2-e1")
	if err != nil {
		t.Fatal(err)
	}
	wantActors := []sitrep.Actor{{Country: "USA", Sector: "GOV"}, {Country: "GBR", Sector: "GOV"}}
	if !reflect.DeepEqual(e.Actor, wantActors) || !reflect.DeepEqual(e.Recipient, []sitrep.Actor{{Country: "IRN", Sector: "GOV"}}) {
		t.Errorf("d2-e1 actors %+v, recipients %+v", e.Actor, e.Recipient)
	}
	if e, err := db.FindEvent(ctx, "d3-e1"); err != nil || e.Recipient == nil || len(e.Recipient) != 0 {
		t.Errorf("d3-e1 recipients = %#v, %v; want empty, not nil", e.Recipient, err)
	}
	for _, f := range []sitrep.EventFilter{{Since: "yesterday"}, {Until: "2023-13"}, {Since: "2023/07/01"}} {
		_, err := db.FindEvents(ctx, f)
		if err == nil || !strings.Contains(err.Error(), "want YYYY") {
			t.Errorf("FindEvents(%+v) error = %v, want a date format error", f, err)
		}
	}
}

// eventIDs lists the events' IDs, space-separated.
func eventIDs(events []*sitrep.Event) string {
	ids := make([]string, len(events))
	for i, e := range events {
		ids[i] = e.ID
	}
	return strings.Join(ids, " ")
}

// testCodeKinds checks actor and recipient filters by a three-letter code
// that names a country, a sector, both (IGO) or nothing stored.
func testCodeKinds(t *testing.T, db sitrep.Store) {
	ctx := context.Background()
	a := func(country, sector string) []sitrep.Actor { return []sitrep.Actor{{Country: country, Sector: sector}} }
	evs := []sitrep.Event{
		{Type: "CONSULT", Actor: a("IGO", "IGO"), Recipient: a("RUS", "GOV"), Goldstein: 1},
		{Type: "CONSULT", Sentence: 1, Actor: a("FRA", "IGO"), Recipient: a("IGO", "GOV"), Goldstein: 1},
		{Type: "ASSAULT", Sentence: 2, Actor: a("RUS", "MIL"), Recipient: a("UKR", "MIL"), Goldstein: 1},
	}
	if _, _, err := db.AddDocument(ctx, SampleDocument(1), &sitrep.Analysis{Events: evs}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		f    sitrep.EventFilter
		want string
	}{
		{sitrep.EventFilter{Actor: "IGO"}, "d1-e1 d1-e2"}, // a country and a sector
		{sitrep.EventFilter{Recipient: "IGO"}, "d1-e2"},   // only a country on this side
		{sitrep.EventFilter{Actor: "MIL"}, "d1-e3"},       // a sector
		{sitrep.EventFilter{Actor: "RUS", Recipient: "MIL"}, "d1-e3"},
		{sitrep.EventFilter{Actor: "IGO", Recipient: "RUS"}, "d1-e1"},
		{sitrep.EventFilter{Actor: "XYZ"}, ""}, // stored nowhere
	} {
		events, err := db.FindEvents(ctx, tt.f)
		if err != nil {
			t.Fatal(err)
		}
		if got := eventIDs(events); got != tt.want {
			t.Errorf("FindEvents(%+v) = %q, want %q", tt.f, got, tt.want)
		}
		if n, err := db.CountEvents(ctx, tt.f); err != nil || n != len(events) {
			t.Errorf("CountEvents(%+v) = %d, %v; want %d", tt.f, n, err, len(events))
		}
	}
}

func testTransfers(t *testing.T, db sitrep.Store) {
	ctx := context.Background()
	tr := func(supplier, recipient, category string, sentence int) sitrep.Transfer {
		return sitrep.Transfer{Supplier: supplier, Recipient: recipient, Category: category, Item: "x",
			Status: sitrep.StatusOrdered, Sentence: sentence}
	}
	for i, ts := range [][]sitrep.Transfer{
		{tr("IRN", "RUS", "drone", 2), tr("PRK", "RUS", "munition", 1)},
		{tr("USA", "UKR", "air-defence", 0), tr("DEU", "UKR", "armoured-vehicle", 0), tr("IRN", "HEZ", "missile", 3)},
	} {
		if _, _, err := db.AddDocument(ctx, SampleDocument(i+1), &sitrep.Analysis{Transfers: ts}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		name string
		f    sitrep.TransferFilter
		want string
	}{
		{"all", sitrep.TransferFilter{}, "d1-t2 d1-t1 d2-t1 d2-t2 d2-t3"},
		{"supplier", sitrep.TransferFilter{Supplier: "IRN"}, "d1-t1 d2-t3"},
		{"supplier, lower case", sitrep.TransferFilter{Supplier: "irn"}, "d1-t1 d2-t3"},
		{"recipient", sitrep.TransferFilter{Recipient: "UKR"}, "d2-t1 d2-t2"},
		{"category", sitrep.TransferFilter{Category: "Drone"}, "d1-t1"},
		{"document", sitrep.TransferFilter{Document: 1}, "d1-t2 d1-t1"},
		{"limit", sitrep.TransferFilter{Limit: 3}, "d1-t2 d1-t1 d2-t1"},
		{"combined", sitrep.TransferFilter{Supplier: "IRN", Recipient: "RUS", Category: "drone", Document: 1}, "d1-t1"},
		{"no match", sitrep.TransferFilter{Supplier: "RUS"}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ts, err := db.FindTransfers(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, x := range ts {
				ids = append(ids, x.ID)
			}
			if got := strings.Join(ids, " "); got != tt.want {
				t.Errorf("FindTransfers(%+v) = %q, want %q", tt.f, got, tt.want)
			}
		})
	}
}
