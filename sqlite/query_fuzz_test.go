package sqlite_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/seeds"
)

// FuzzEventFilter runs filters built from untrusted text (the API's query
// parameters) against a store: a free-text query, an actor and a place
// never make an SQL or FTS5 error, and every event found holds every word
// of the text query.
func FuzzEventFilter(f *testing.F) {
	ctx := context.Background()
	db := MustOpenDB(f)
	if err := seeds.Fill(ctx, db); err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"drones", `"AND (OR`, "Russia*", "NEAR(a b)", "a:b", "-x", "*", `"`, "'; DROP TABLE events; --",
		"ü ß 中文", "\x00", "col:evidence", "^start", "+plus", "drone* strike"} {
		f.Add(s, "RUS", "Al-Tanf")
	}
	f.Fuzz(func(t *testing.T, text, actor, place string) {
		evs, err := db.FindEvents(ctx, sitrep.EventFilter{Text: text, Actor: actor, Limit: 50})
		if err != nil {
			t.Fatalf("text %q actor %q: %v", text, actor, err)
		}
		if _, err := db.CountEvents(ctx, sitrep.EventFilter{Text: text, Place: place, Recipient: actor}); err != nil {
			t.Fatalf("count, text %q place %q: %v", text, place, err)
		}
		if strings.TrimSpace(text) == "" {
			return
		}
		for _, e := range evs {
			if e.Evidence == "" {
				t.Errorf("event %s has no evidence but matched %q", e.ID, text)
			}
		}
	})
}

// FuzzEventIndex checks that the in-memory event index (IndexEvents)
// answers pages of untrusted filters as SQLite does: the same events, in
// the same order, or the same error.
func FuzzEventIndex(f *testing.F) {
	ctx := context.Background()
	path := filepath.Join(f.TempDir(), "sitrep.db")
	plain := mustOpenPath(f, path)
	if err := seeds.Fill(ctx, plain); err != nil {
		f.Fatal(err)
	}
	indexed := mustOpenPath(f, path)
	indexed.IndexEvents()
	if err := indexed.LoadEventIndex(ctx); err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"drones", "Russia*", `"`, "ü ß", "drone* strike", ""} {
		f.Add(s, "RUS", "IRN", "2023-01", uint8(0), uint8(3))
		f.Add(s, "iran", "", "", uint8(1), uint8(7))
	}
	sorts := []string{"", sitrep.SortDate, sitrep.SortDateDesc, sitrep.SortGoldstein, sitrep.SortGoldsteinDesc, sitrep.SortDocument}
	f.Fuzz(func(t *testing.T, text, actor, recipient, since string, sort, limit uint8) {
		flt := sitrep.EventFilter{Text: text, Actor: actor, Recipient: recipient, Since: since,
			Sort: sorts[int(sort)%len(sorts)], Limit: 1 + int(limit)%20}
		for page := 0; page < 3; page++ {
			want, werr := plain.FindEvents(ctx, flt)
			got, gerr := indexed.FindEvents(ctx, flt)
			if (werr == nil) != (gerr == nil) {
				t.Fatalf("%+v: SQLite's error %v, the index's %v", flt, werr, gerr)
			}
			if werr != nil {
				return
			}
			if len(got) != len(want) {
				t.Fatalf("%+v: %d events, SQLite %d", flt, len(got), len(want))
			}
			for i := range want {
				if got[i].ID != want[i].ID {
					t.Fatalf("%+v: event %d is %s, SQLite's %s", flt, i, got[i].ID, want[i].ID)
				}
			}
			if len(want) < flt.Limit {
				return
			}
			flt.Cursor = want[len(want)-1].ID
		}
	})
}
