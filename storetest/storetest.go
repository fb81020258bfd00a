// Package storetest is the conformance suite of sitrep.Store, in the
// manner of litestream's shared replica-client tests: every implementation
// (package sqlite, package postgres) runs TestStore against fresh stores of
// its own, TestUpgrade from its previous schema, and Benchmark. The query
// tests (TestQueries) fill the store with the same seed data and check each
// filter, sort order, cursor and summary against a plain Go reading of the
// events the store lists.
package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/export"
	"github.com/sitrep/sitrep/internal/seeds"
)

// TestQueries fills the empty store that open returns with the seeds and
// runs the suite on it.
func TestQueries(t *testing.T, open func(t *testing.T) sitrep.Store) {
	ctx := context.Background()
	st := open(t)
	if err := seeds.Fill(ctx, st); err != nil {
		t.Fatal(err)
	}
	all, err := st.FindEvents(ctx, sitrep.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 20 {
		t.Fatalf("%d seed events; the suite needs more", len(all))
	}
	docs := map[int64]*sitrep.Document{}
	ds, err := st.FindDocuments(ctx, sitrep.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		docs[d.ID] = d
	}
	t.Run("Filters", func(t *testing.T) { testFilters(t, st, all, docs) })
	t.Run("SortAndCursor", func(t *testing.T) { testSort(t, st, all) })
	t.Run("Summaries", func(t *testing.T) { testSummaries(t, st, all) })
	t.Run("Documents", func(t *testing.T) {
		page, err := st.FindDocuments(ctx, sitrep.DocumentFilter{After: ds[1].ID, Limit: 2})
		if err != nil || len(page) != 2 || page[0].ID != ds[2].ID {
			t.Errorf("documents after %d: %v, %v", ds[1].ID, page, err)
		}
		some, err := st.FindDocuments(ctx, sitrep.DocumentFilter{IDs: []int64{ds[3].ID, ds[0].ID, 9999}})
		if err != nil || len(some) != 2 || some[0].ID != ds[0].ID || some[1].ID != ds[3].ID {
			t.Errorf("documents %d and %d: %v, %v", ds[0].ID, ds[3].ID, some, err)
		}
		if none, err := st.FindDocuments(ctx, sitrep.DocumentFilter{IDs: []int64{}}); err != nil || len(none) != 0 {
			t.Errorf("no IDs: %d documents, %v", len(none), err)
		}
	})
}

func hasSide(as []sitrep.Actor, q string) bool {
	for _, a := range as {
		if strings.EqualFold(a.Country, q) || strings.EqualFold(a.Sector, q) || strings.EqualFold(a.Name, q) ||
			strings.EqualFold(a.Code(), q) || strings.EqualFold(a.Country+a.Sector, q) {
			return true
		}
	}
	return false
}

func testFilters(t *testing.T, st sitrep.Store, all []*sitrep.Event, docs map[int64]*sitrep.Document) {
	ctx := context.Background()
	dateIn := func(e *sitrep.Event, since, until string) bool {
		d, _ := export.Date(e, docs[e.Document])
		if d == "" {
			return false
		}
		lo, hi := d, d
		switch len(d) {
		case 4:
			lo, hi = d+"-00-00", d+"-99-99"
		case 7:
			lo, hi = d+"-00", d+"-99"
		}
		return (since == "" || hi >= since) && (until == "" || lo <= until)
	}
	for _, tc := range []struct {
		name string
		f    sitrep.EventFilter
		keep func(e *sitrep.Event) bool
	}{
		{"actor country", sitrep.EventFilter{Actor: "RUS"}, func(e *sitrep.Event) bool { return hasSide(e.Actor, "RUS") }},
		{"actor code", sitrep.EventFilter{Actor: "rusmil"}, func(e *sitrep.Event) bool { return hasSide(e.Actor, "RUSMIL") }},
		{"actor name", sitrep.EventFilter{Actor: "iran"}, func(e *sitrep.Event) bool { return hasSide(e.Actor, "Iran") }},
		{"recipient sector", sitrep.EventFilter{Recipient: "MIL"}, func(e *sitrep.Event) bool { return hasSide(e.Recipient, "MIL") }},
		{"type", sitrep.EventFilter{Type: "ASSAULT"}, func(e *sitrep.Event) bool { return e.Type == "ASSAULT" }},
		{"mode", sitrep.EventFilter{Type: "AID", Mode: "military"}, func(e *sitrep.Event) bool { return e.Type == "AID" && e.Mode == "military" }},
		{"quad", sitrep.EventFilter{Quad: sitrep.QuadMaterialConflict}, func(e *sitrep.Event) bool { return e.Quad == sitrep.QuadMaterialConflict }},
		{"certainty", sitrep.EventFilter{Certainty: sitrep.CertaintyReported}, func(e *sitrep.Event) bool { return e.Certainty == sitrep.CertaintyReported }},
		{"since", sitrep.EventFilter{Since: "2023-07-15"}, func(e *sitrep.Event) bool { return dateIn(e, "2023-07-15", "") }},
		{"until", sitrep.EventFilter{Until: "2016-12"}, func(e *sitrep.Event) bool { return dateIn(e, "", "2016-12-99") }},
		{"place", sitrep.EventFilter{Place: "al-tanf"}, func(e *sitrep.Event) bool { return e.Location != nil && strings.EqualFold(e.Location.Name, "Al-Tanf") }},
		{"bbox", sitrep.EventFilter{BBox: &sitrep.BBox{West: 35, South: 32, East: 42, North: 37.5}}, func(e *sitrep.Event) bool {
			l := e.Location
			return l != nil && l.Lat != nil && *l.Lon >= 35 && *l.Lon <= 42 && *l.Lat >= 32 && *l.Lat <= 37.5
		}},
		{"outlet", sitrep.EventFilter{Outlet: "hngn"}, func(e *sitrep.Event) bool { return strings.EqualFold(docs[e.Document].Outlet, "HNGN") }},
		{"document", sitrep.EventFilter{Document: 2}, func(e *sitrep.Event) bool { return e.Document == 2 }},
		{"text", sitrep.EventFilter{Text: "drones"}, func(e *sitrep.Event) bool { return containsWord(e.Evidence, "drones") }},
		{"text prefix", sitrep.EventFilter{Text: "Russia*"}, func(e *sitrep.Event) bool { return containsPrefix(e.Evidence, "russia") }},
		{"text syntax", sitrep.EventFilter{Text: `(Russia's" AND`}, func(e *sitrep.Event) bool {
			return containsWord(e.Evidence, "russia") && containsWord(e.Evidence, "s") && containsWord(e.Evidence, "and")
		}},
		{"combined", sitrep.EventFilter{Actor: "RUS", Quad: sitrep.QuadMaterialConflict, Since: "2016"}, func(e *sitrep.Event) bool {
			return hasSide(e.Actor, "RUS") && e.Quad == sitrep.QuadMaterialConflict && dateIn(e, "2016-00-00", "")
		}},
		{"actor and recipient", sitrep.EventFilter{Actor: "IRN", Recipient: "rus"}, func(e *sitrep.Event) bool {
			return hasSide(e.Actor, "IRN") && hasSide(e.Recipient, "RUS")
		}},
		{"recipient name", sitrep.EventFilter{Recipient: "Russia"}, func(e *sitrep.Event) bool { return hasSide(e.Recipient, "Russia") }},
		{"no match", sitrep.EventFilter{Type: "ASSAULTX"}, func(e *sitrep.Event) bool { return false }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want []string
			for _, e := range all {
				if tc.keep(e) {
					want = append(want, e.ID)
				}
			}
			got, err := st.FindEvents(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			ids := []string{}
			for _, e := range got {
				ids = append(ids, e.ID)
			}
			if !slices.Equal(ids, append([]string{}, want...)) && !(len(ids) == 0 && len(want) == 0) {
				t.Errorf("FindEvents(%+v) = %v, want %v", tc.f, ids, want)
			}
			if tc.name != "no match" && len(want) == 0 {
				t.Errorf("the seeds hold no event for %+v; the case tests nothing", tc.f)
			}
			// A page is the list's start.
			pf := tc.f
			pf.Limit = 3
			page, err := st.FindEvents(ctx, pf)
			if err != nil {
				t.Fatal(err)
			}
			for i, e := range page {
				if i >= len(want) || e.ID != want[i] {
					t.Errorf("FindEvents(%+v) page: event %d is %s, want %v", pf, i, e.ID, want[:min(3, len(want))])
					break
				}
			}
			if len(page) != min(3, len(want)) {
				t.Errorf("FindEvents(%+v): %d events, want %d", pf, len(page), min(3, len(want)))
			}
			n, err := st.CountEvents(ctx, tc.f)
			if err != nil || n != len(want) {
				t.Errorf("CountEvents(%+v) = %d, %v; want %d", tc.f, n, err, len(want))
			}
		})
	}
}

func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
}

func containsWord(s, w string) bool { return slices.Contains(words(s), w) }

func containsPrefix(s, p string) bool {
	return slices.ContainsFunc(words(s), func(w string) bool { return strings.HasPrefix(w, p) })
}

func testSort(t *testing.T, st sitrep.Store, all []*sitrep.Event) {
	ctx := context.Background()
	for _, sort := range append([]string{""}, sitrep.EventOrders...) {
		t.Run("sort="+sort, func(t *testing.T) {
			full, err := st.FindEvents(ctx, sitrep.EventFilter{Sort: sort})
			if err != nil {
				t.Fatal(err)
			}
			if len(full) != len(all) {
				t.Fatalf("%d events, want %d", len(full), len(all))
			}
			for i := 1; i < len(full); i++ {
				a, b := full[i-1], full[i]
				var bad bool
				switch sort {
				case sitrep.SortGoldstein:
					bad = a.Goldstein > b.Goldstein
				case sitrep.SortGoldsteinDesc:
					bad = a.Goldstein < b.Goldstein
				}
				if bad {
					t.Errorf("%s before %s in order %q", a.ID, b.ID, sort)
				}
			}
			// Pages of 7 through the cursor give the same list.
			var paged []*sitrep.Event
			cursor := ""
			for range len(all) {
				page, err := st.FindEvents(ctx, sitrep.EventFilter{Sort: sort, Cursor: cursor, Limit: 7})
				if err != nil {
					t.Fatal(err)
				}
				paged = append(paged, page...)
				if len(page) < 7 {
					break
				}
				cursor = page[len(page)-1].ID
			}
			if len(paged) != len(full) {
				t.Fatalf("paging gave %d events, want %d", len(paged), len(full))
			}
			for i := range full {
				if paged[i].ID != full[i].ID {
					t.Fatalf("paging: event %d is %s, want %s", i, paged[i].ID, full[i].ID)
				}
			}
		})
	}
	if _, err := st.FindEvents(ctx, sitrep.EventFilter{Cursor: "d999-e1"}); err == nil {
		t.Error("a cursor naming no event: no error")
	}
	if _, err := st.FindEvents(ctx, sitrep.EventFilter{Sort: "size"}); err == nil {
		t.Error("unknown sort: no error")
	}
}

func testSummaries(t *testing.T, st sitrep.Store, all []*sitrep.Event) {
	ctx := context.Background()
	dyads, err := st.FindDyads(ctx, sitrep.EventFilter{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := export.Dyads(all)
	if len(dyads) != len(want) {
		t.Fatalf("%d dyads, want %d", len(dyads), len(want))
	}
	for i := range want {
		d, w := dyads[i], want[i]
		if d.Actor != w.Actor || d.Recipient != w.Recipient || d.Events != w.Events || !maps(d.ByQuad, w.ByQuad) ||
			d.Goldstein-w.Goldstein > 1e-9 || w.Goldstein-d.Goldstein > 1e-9 {
			t.Errorf("dyad %d = %+v, want %+v", i, d, w)
		}
	}
	if top, _ := st.FindDyads(ctx, sitrep.EventFilter{}, 3); len(top) != 3 {
		t.Errorf("FindDyads limit 3: %d", len(top))
	}

	actors, err := st.FindActors(ctx, sitrep.EventFilter{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range actors {
		var events, asActor, asRecipient int
		for _, e := range all {
			inA := slices.ContainsFunc(e.Actor, func(x sitrep.Actor) bool { return x.Code() == a.Code })
			inR := slices.ContainsFunc(e.Recipient, func(x sitrep.Actor) bool { return x.Code() == a.Code })
			if inA || inR {
				events++
			}
			if inA {
				asActor++
			}
			if inR {
				asRecipient++
			}
		}
		if a.Events != events || a.AsActor != asActor || a.AsRecipient != asRecipient || a.Name == "" {
			t.Errorf("actor %+v: want %d events, %d as actor, %d as recipient", a, events, asActor, asRecipient)
		}
	}

	f := sitrep.EventFilter{Actor: "RUS"}
	s, err := st.EventStats(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := st.CountEvents(ctx, f)
	sum := func(cs []sitrep.Count) (n int) {
		for _, c := range cs {
			n += c.Events
		}
		return n
	}
	if s.Events != n || sum(s.ByType) != n || sum(s.ByQuad) != n || sum(s.ByMonth) > n || sum(s.ByCountry) > n || len(s.ByDay) == 0 {
		t.Errorf("stats %+v do not add up to %d events", s, n)
	}
	rev, err := st.Revision(ctx)
	if err != nil || rev == 0 {
		t.Errorf("Revision = %d, %v", rev, err)
	}
}

func maps(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestIncidentLinks checks a store's incident links: the empty store that
// open returns is filled with the seeds, and events are linked, relinked
// (a merge) and listed. Stores that do not keep incidents skip it.
func TestIncidentLinks(t *testing.T, open func(t *testing.T) sitrep.Store) {
	ctx := context.Background()
	st, ok := open(t).(sitrep.IncidentStore)
	if !ok {
		t.Skip("store keeps no incidents")
	}
	if err := seeds.Fill(ctx, st); err != nil {
		t.Fatal(err)
	}
	all, err := st.FindEvents(ctx, sitrep.EventFilter{})
	if err != nil || len(all) < 4 {
		t.Fatalf("%d events, %v", len(all), err)
	}
	if links, err := st.IncidentLinks(ctx); err != nil || len(links) != 0 {
		t.Fatalf("new store: links %v, %v", links, err)
	}
	a, b, c := all[0].ID, all[1].ID, all[2].ID
	first := []sitrep.IncidentLink{
		{Event: a, Incident: "inc-2", Role: sitrep.RoleAsserts},
		{Event: b, Incident: "inc-2", Role: sitrep.RoleDenies},
		{Event: c, Incident: "inc-1", Role: sitrep.RoleAsserts},
	}
	for range 2 { // storing the same links twice changes nothing
		if err := st.LinkIncidents(ctx, first); err != nil {
			t.Fatal(err)
		}
	}
	got, err := st.IncidentLinks(ctx)
	want := []sitrep.IncidentLink{first[2], first[0], first[1]}
	slices.SortFunc(want[1:], func(x, y sitrep.IncidentLink) int { return strings.Compare(x.Event, y.Event) })
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("links %v, %v; want %v", got, err, want)
	}
	// A merge moves c into inc-2.
	if err := st.LinkIncidents(ctx, []sitrep.IncidentLink{{Event: c, Incident: "inc-2", Role: sitrep.RoleAsserts}}); err != nil {
		t.Fatal(err)
	}
	if got, err := st.IncidentLinks(ctx, "inc-1"); err != nil || len(got) != 0 {
		t.Errorf("inc-1 after the merge: %v, %v", got, err)
	}
	if got, err := st.IncidentLinks(ctx, "inc-2", "inc-9"); err != nil || len(got) != 3 {
		t.Errorf("inc-2 after the merge: %v, %v", got, err)
	}
	m, err := st.EventIncidents(ctx, a, c, all[3].ID)
	if err != nil || len(m) != 2 || m[a].Incident != "inc-2" || m[c].Incident != "inc-2" {
		t.Errorf("event incidents: %v, %v", m, err)
	}
	if err := st.LinkIncidents(ctx, []sitrep.IncidentLink{{Event: a, Incident: "inc-3", Role: "maybe"}}); err == nil {
		t.Error("a link with role maybe was stored")
	}
}
