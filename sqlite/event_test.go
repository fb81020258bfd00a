package sqlite_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/sitrep/sitrep"
)

// addEventFixtures stores three documents with hand-made events:
//
//	d1 (published 2023-07-15): e1 ASSAULT RUS/MIL -> UKR 2023-07-14 (sentence 1)
//	                           e2 CONSULT USA/GOV -> CHN/GOV, undated (sentence 2)
//	                           e3 AID usa -> UKR/GOV 2023-07 (sentence 0)
//	d2 (published 2024-01-02): e1 SANCTION USA/GOV+GBR/GOV -> IRN/GOV 2023-12-30
//	                           e2 COERCE IRN/MIL -> ISR 2023, alleged
//	d3 (undated):              e1 PROTEST UKR/CVL, undated
func addEventFixtures(t *testing.T, db interface {
	AddDocument(context.Context, *sitrep.Document, *sitrep.Analysis) (int64, bool, error)
}) {
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
		doc := sampleDocument(i + 1)
		doc.Published = d.published
		if _, _, err := db.AddDocument(context.Background(), doc, &sitrep.Analysis{Events: d.events}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFindEvents(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	addEventFixtures(t, db)

	tests := []struct {
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := db.FindEvents(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, e := range events {
				ids = append(ids, e.ID)
			}
			if got := strings.Join(ids, " "); got != tt.want {
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
}

func TestFindEvents_BadFilter(t *testing.T) {
	db := MustOpenDB(t)
	for _, f := range []sitrep.EventFilter{{Since: "yesterday"}, {Until: "2023-13"}, {Since: "2023/07/01"}} {
		_, err := db.FindEvents(context.Background(), f)
		if err == nil || !strings.Contains(err.Error(), "want YYYY") {
			t.Errorf("FindEvents(%+v) error = %v, want a date format error", f, err)
		}
	}
}

func TestFindEvent_NotFound(t *testing.T) {
	db := MustOpenDB(t)
	addEventFixtures(t, db)
	for _, id := range []string{"d1-e9", "d9-e1", "", "x'; DROP TABLE events; --"} {
		_, err := db.FindEvent(context.Background(), id)
		if !errors.Is(err, sitrep.ErrNotFound) {
			t.Errorf("FindEvent(%q) error = %v, want ErrNotFound", id, err)
		}
		if err != nil && !strings.Contains(err.Error(), `event "`+id+`"`) {
			t.Errorf("FindEvent(%q) error %q does not name the event", id, err)
		}
	}
}
