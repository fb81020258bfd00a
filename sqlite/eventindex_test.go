package sqlite_test

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/sqlite"
)

// TestIndexEvents checks that pages found through the in-memory index are
// the pages SQLite finds, for random filters, orders and cursors over
// varied events, before and after more documents are stored.
func TestIndexEvents(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sitrep.db")
	plain := mustOpenPath(t, path)
	indexed := mustOpenPath(t, path)
	indexed.IndexEvents()
	rng := rand.New(rand.NewPCG(1, 2))
	countries := []string{"RUS", "UKR", "usa", "CHN", "IRN", ""}
	sectors := []string{"GOV", "MIL", "", "reb"}
	names := []string{"Ministry of Defence", "NATO", "Israel", "rusmil", ""}
	dates := []string{"", "2023", "2023-07", "2023-07-14", "2023-07-15", "2024-01-02", "2022-12-31"}
	outlets := []string{"Example News", "example news", "Other"}
	next := 1
	add := func(docs int) {
		for range docs {
			doc := sampleDocument(next)
			doc.Outlet = outlets[rng.IntN(len(outlets))]
			doc.Published = dates[rng.IntN(len(dates))]
			a := sampleAnalysis(8, 6, 0)
			for i := range a.Events {
				e := &a.Events[i]
				e.Type = []string{"ASSAULT", "CONSULT", "Consult", "AID"}[rng.IntN(4)]
				e.Mode = []string{"", "aerial", "Aerial"}[rng.IntN(3)]
				e.Certainty = []string{"", sitrep.CertaintyAsserted, sitrep.CertaintyReported}[rng.IntN(3)]
				e.Goldstein = float64(rng.IntN(5) - 2)
				e.Quad = []string{"verbal_conflict", "material_conflict"}[rng.IntN(2)]
				e.Date = dates[rng.IntN(len(dates))]
				e.Actor, e.Recipient = nil, nil
				for range rng.IntN(3) {
					e.Actor = append(e.Actor, sitrep.Actor{Country: countries[rng.IntN(len(countries))], Sector: sectors[rng.IntN(len(sectors))], Name: names[rng.IntN(len(names))]})
				}
				for range rng.IntN(2) {
					e.Recipient = append(e.Recipient, sitrep.Actor{Country: countries[rng.IntN(len(countries))], Sector: sectors[rng.IntN(len(sectors))], Name: names[rng.IntN(len(names))]})
				}
				switch rng.IntN(4) {
				case 0:
					e.Location = nil
				case 1:
					e.Location = &sitrep.Location{Name: "Bakhmut"}
				default:
					e.Location = &sitrep.Location{Name: []string{"Bakhmut", "bakhmut", "Kyiv"}[rng.IntN(3)], Lat: ptr(48 + rng.Float64()), Lon: ptr(37 + rng.Float64())}
				}
				if e.Location != nil {
					e.Location.Country = []string{"UKR", "RUS", ""}[rng.IntN(3)]
				}
			}
			if _, _, err := plain.AddDocument(ctx, doc, a); err != nil {
				t.Fatal(err)
			}
			next++
		}
	}
	random := func() sitrep.EventFilter {
		f := sitrep.EventFilter{Limit: 1 + rng.IntN(30)}
		pick := func(vs ...string) string { return vs[rng.IntN(len(vs))] }
		if rng.IntN(3) == 0 {
			f.Actor = pick("RUS", "usa", "MIL", "gov", "RUSMIL", "ruSGOV", "NATO", "israel", "Ministry of Defence", "XYZ")
		}
		if rng.IntN(3) == 0 {
			f.Recipient = pick("UKR", "USA", "REB", "CHNGOV", "nato", "Nobody")
		}
		if rng.IntN(4) == 0 {
			f.Type = pick("ASSAULT", "consult", "AID", "NOPE")
		}
		if rng.IntN(6) == 0 {
			f.Mode = pick("aerial", "Aerial")
		}
		if rng.IntN(6) == 0 {
			f.Quad = pick("verbal_conflict", "material_conflict")
		}
		if rng.IntN(6) == 0 {
			f.Certainty = pick(sitrep.CertaintyAsserted, sitrep.CertaintyReported)
		}
		if rng.IntN(3) == 0 {
			f.Since = pick("2023", "2023-07", "2023-07-15", "2024")
		}
		if rng.IntN(3) == 0 {
			f.Until = pick("2023", "2023-07-14", "2022")
		}
		if rng.IntN(5) == 0 {
			f.Place = pick("bakhmut", "KYIV", "Nowhere")
		}
		if rng.IntN(4) == 0 {
			f.BBox = &sitrep.BBox{West: 37, South: 48, East: 37 + rng.Float64(), North: 48 + rng.Float64()}
		}
		if rng.IntN(6) == 0 {
			f.Outlet = pick("EXAMPLE NEWS", "other")
		}
		if rng.IntN(8) == 0 {
			f.Document = int64(1 + rng.IntN(next))
		}
		if rng.IntN(4) == 0 {
			f.Text = pick("officials", "Officials struck", "sentence 3", "forces from", "bord*", "nothing-matches", "!!")
		}
		f.Sort = pick("", sitrep.SortDocument, sitrep.SortDate, sitrep.SortDateDesc, sitrep.SortGoldstein, sitrep.SortGoldsteinDesc)
		return f
	}
	ids := func(evs []*sitrep.Event) []string {
		var out []string
		for _, e := range evs {
			out = append(out, e.ID)
		}
		return out
	}
	// The counts from the index equal SQLite's; a type's spelling may
	// differ in case (SQLite shows any one of a NOCASE group's).
	upper := func(st *sitrep.EventStats) *sitrep.EventStats {
		for i := range st.ByType {
			st.ByType[i].Key = strings.ToUpper(st.ByType[i].Key)
		}
		for i := range st.ByDay {
			st.ByDay[i].Type = strings.ToUpper(st.ByDay[i].Type)
		}
		return st
	}
	checkStats := func(f sitrep.EventFilter) {
		want, err := plain.EventStats(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := indexed.EventStats(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(upper(got), upper(want)) {
			t.Fatalf("stats for %+v:\n got %+v\nwant %+v", f, got, want)
		}
		if n, err := indexed.CountEvents(ctx, f); err != nil || n != want.Events {
			t.Fatalf("count for %+v: %d, %v; want %d", f, n, err, want.Events)
		}
	}
	check := func(rounds int) {
		for range rounds {
			f := random()
			// Page through, comparing each page.
			for page := 0; page < 4; page++ {
				want, err := plain.FindEvents(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				got, err := indexed.FindEvents(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(ids(got), ids(want)) {
					t.Fatalf("filter %+v:\n got %v\nwant %v", f, ids(got), ids(want))
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("filter %+v: the events differ from SQLite's", f)
				}
				if len(want) == 0 || len(want) < f.Limit {
					break
				}
				f.Cursor = want[len(want)-1].ID
			}
			f.Cursor = ""
			checkStats(f)
		}
	}
	add(40)
	if err := indexed.LoadEventIndex(ctx); err != nil {
		t.Fatal(err)
	}
	check(300)
	// Readers while a writer stores more (for the race detector).
	done := make(chan struct{})
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				if _, err := indexed.FindEvents(ctx, sitrep.EventFilter{Limit: 10, Sort: sitrep.SortDate, Actor: "RUS"}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	add(10)
	close(done)
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	add(15) // the index follows the store
	check(300)
	restore := sqlite.SetListFactor(0) // scans only
	check(200)
	restore()
	if n, listed := sqlite.IndexedPages(indexed); n < 300 || listed < 50 || n-listed < 50 {
		t.Errorf("the index answered %d pages, %d of them from posting lists: want most, and both ways often", n, listed)
	}
	if _, err := indexed.FindEvents(ctx, sitrep.EventFilter{Limit: 3, Cursor: "d999-e1"}); err == nil {
		t.Error("a cursor naming no event: no error")
	}
	if _, err := indexed.FindEvents(ctx, sitrep.EventFilter{Limit: 3, Since: "July"}); err == nil {
		t.Error("since July: no error")
	}
}

// TestIndexTextTerms checks that a text query's words, once listed, answer
// later queries that combine them differently, even a page of text alone in
// document order, which SQLite answers until the words are kept.
func TestIndexTextTerms(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sitrep.db")
	plain := mustOpenPath(t, path)
	indexed := mustOpenPath(t, path)
	indexed.IndexEvents()
	for i := 1; i <= 12; i++ {
		if _, _, err := plain.AddDocument(ctx, sampleDocument(i), sampleAnalysis(8, 6, 0)); err != nil {
			t.Fatal(err)
		}
	}
	if err := indexed.LoadEventIndex(ctx); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		f       sitrep.EventFilter
		indexed bool // whether the index answers it
	}{
		{sitrep.EventFilter{Text: "struck sentence", Limit: 7}, false}, // words not yet listed
		{sitrep.EventFilter{Text: "officials struck", Limit: 7, Sort: sitrep.SortDateDesc}, true},
		{sitrep.EventFilter{Text: "sentence", Limit: 7, Sort: sitrep.SortDate}, true},
		{sitrep.EventFilter{Text: "struck sentence", Limit: 7}, true}, // both words kept now
		{sitrep.EventFilter{Text: "Struck  OFFICIALS", Limit: 5}, true},
		{sitrep.EventFilter{Text: "struck nothing-matches", Limit: 5}, false},
	}
	for _, st := range steps {
		before, _ := sqlite.IndexedPages(indexed)
		got, err := indexed.FindEvents(ctx, st.f)
		if err != nil {
			t.Fatal(err)
		}
		after, _ := sqlite.IndexedPages(indexed)
		if answered := after > before; answered != st.indexed {
			t.Errorf("%+v: answered by the index %v, want %v", st.f, answered, st.indexed)
		}
		want, err := plain.FindEvents(ctx, st.f)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%+v: the index gives %d events, SQLite %d (or they differ)", st.f, len(got), len(want))
		}
		if len(want) == 0 && st.f.Text != "struck nothing-matches" {
			t.Errorf("%+v: no events; the test needs matches", st.f)
		}
	}
}

// TestIndexedEventsAreCopies checks that a caller changing the events of
// a page does not change what later pages show: the index keeps the rows
// it read, and must hand out copies.
func TestIndexedEventsAreCopies(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sitrep.db")
	plain := mustOpenPath(t, path)
	indexed := mustOpenPath(t, path)
	indexed.IndexEvents()
	for i := 1; i <= 3; i++ {
		if _, _, err := plain.AddDocument(ctx, sampleDocument(i), sampleAnalysis(4, 3, 0)); err != nil {
			t.Fatal(err)
		}
	}
	if err := indexed.LoadEventIndex(ctx); err != nil {
		t.Fatal(err)
	}
	f := sitrep.EventFilter{Limit: 20}
	want, err := plain.FindEvents(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	for round := range 3 {
		got, err := indexed.FindEvents(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: the index's page differs from SQLite's", round)
		}
		for _, e := range got {
			e.Type, e.Evidence = "CHANGED", "changed"
			if len(e.Actor) > 0 {
				e.Actor[0].Country = "XXX"
			}
			e.Actor = append(e.Actor[:0], sitrep.Actor{Name: "appended"})
			if e.Location != nil && e.Location.Lat != nil {
				*e.Location.Lat = -1
			}
			if e.Source != nil {
				e.Source.Name = "changed"
			}
			if len(e.Mentions) > 0 {
				e.Mentions[0].Text = "changed"
			}
		}
	}
}
