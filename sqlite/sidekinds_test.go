package sqlite_test

import (
	"context"
	"strings"
	"testing"

	"github.com/sitrep/sitrep"
)

// TestActorCodeKinds checks the actor filters whose three-letter code is
// looked up as a country, a sector, both (IGO) or neither.
func TestActorCodeKinds(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	a := func(country, sector string) []sitrep.Actor { return []sitrep.Actor{{Country: country, Sector: sector}} }
	evs := []sitrep.Event{
		{Type: "CONSULT", Actor: a("IGO", "IGO"), Recipient: a("RUS", "GOV")},
		{Type: "CONSULT", Sentence: 1, Actor: a("FRA", "IGO"), Recipient: a("IGO", "GOV")},
		{Type: "ASSAULT", Sentence: 2, Actor: a("RUS", "MIL"), Recipient: a("UKR", "MIL")},
	}
	if _, _, err := db.AddDocument(ctx, sampleDocument(1), &sitrep.Analysis{Events: evs}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		f    sitrep.EventFilter
		want string
	}{
		{sitrep.EventFilter{Actor: "IGO"}, "d1-e1 d1-e2"},             // a country and a sector
		{sitrep.EventFilter{Recipient: "IGO"}, "d1-e2"},               // a country only on this side
		{sitrep.EventFilter{Actor: "MIL"}, "d1-e3"},                   // a sector only
		{sitrep.EventFilter{Actor: "RUS", Recipient: "MIL"}, "d1-e3"}, // country and sector
		{sitrep.EventFilter{Actor: "IGO", Recipient: "RUS"}, "d1-e1"},
		{sitrep.EventFilter{Actor: "XYZ"}, ""}, // stored nowhere
	} {
		got, err := db.FindEvents(ctx, tt.f)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, e := range got {
			ids = append(ids, e.ID)
		}
		if strings.Join(ids, " ") != tt.want {
			t.Errorf("%+v: got %q, want %q", tt.f, ids, tt.want)
		}
		n, err := db.CountEvents(ctx, tt.f)
		if err != nil || n != len(ids) {
			t.Errorf("%+v: count %d, %v; want %d", tt.f, n, err, len(ids))
		}
	}
}
