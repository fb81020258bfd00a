package eval

import (
	"testing"

	"github.com/sitrep/sitrep"
)

func TestEventMatches(t *testing.T) {
	gold := func(typ string, actor, recipient []sitrep.Actor, sym bool) *GoldEvent {
		return &GoldEvent{Type: typ, Actor: actor, Recipient: recipient, Symmetric: sym}
	}
	pred := func(typ string, actor, recipient []sitrep.Actor) *sitrep.Event {
		return &sitrep.Event{Type: typ, Actor: actor, Recipient: recipient}
	}
	tests := []struct {
		name  string
		gold  *GoldEvent
		pred  *sitrep.Event
		level string
		want  bool
	}{
		{"same", gold("ASSAULT", actors("RUS"), actors("SYR"), false), pred("ASSAULT", actors("RUS"), actors("SYR")), LevelEvent, true},
		{"other type", gold("ASSAULT", actors("RUS"), actors("SYR"), false), pred("COERCE", actors("RUS"), actors("SYR")), LevelEvent, false},
		{"overlap", gold("ASSAULT", actors("RUS", "IRN"), actors("SYR"), false), pred("ASSAULT", actors("USA", "IRN"), actors("SYR", "TUR")), LevelEvent, true},
		{"actor differs", gold("ASSAULT", actors("RUS"), actors("SYR"), false), pred("ASSAULT", actors("IRN"), actors("SYR")), LevelEvent, false},
		{"recipient differs", gold("ASSAULT", actors("RUS"), actors("SYR"), false), pred("ASSAULT", actors("RUS"), actors("IRQ")), LevelEvent, false},
		{"predicted side empty", gold("ASSAULT", actors("RUS"), actors("SYR"), false), pred("ASSAULT", actors("RUS"), nil), LevelPartial, false},
		{"both empty, event", gold("PROTEST", actors("IND"), nil, false), pred("PROTEST", actors("IND"), nil), LevelEvent, true},
		{"gold empty, event", gold("PROTEST", actors("IND"), nil, false), pred("PROTEST", actors("IND"), actors("IND")), LevelEvent, false},
		{"gold empty, partial", gold("PROTEST", actors("IND"), nil, false), pred("PROTEST", actors("IND"), actors("IND")), LevelPartial, true},
		{"gold empty list, partial", gold("PROTEST", actors("IND"), []sitrep.Actor{}, false), pred("PROTEST", actors("IND"), actors("PAK")), LevelPartial, true},
		{"gold empty country, event", gold("COERCE", actors("IRN"), actors(""), false), pred("COERCE", actors("IRN"), actors("USA")), LevelEvent, false},
		{"gold empty country, event, predicted empty", gold("COERCE", actors("IRN"), actors(""), false), pred("COERCE", actors("IRN"), nil), LevelEvent, true},
		{"gold empty country, event, predicted empty country", gold("COERCE", actors("IRN"), actors(""), false), pred("COERCE", actors("IRN"), actors("")), LevelEvent, true},
		{"gold empty country, partial", gold("COERCE", actors(""), nil, false), pred("COERCE", actors("IRQ"), actors("USA")), LevelPartial, true},
		{"empty strings ignored in overlap", gold("ASSAULT", actors("", "RUS"), actors("SYR"), false), pred("ASSAULT", actors("", "RUS"), actors("SYR", "")), LevelEvent, true},
		{"empty strings never overlap", gold("ASSAULT", actors("", "RUS"), actors("SYR"), false), pred("ASSAULT", actors(""), actors("SYR")), LevelEvent, false},
		{"swapped", gold("ACCUSE", actors("USA"), actors("IRN"), false), pred("ACCUSE", actors("IRN"), actors("USA")), LevelEvent, false},
		{"swapped, partial", gold("ACCUSE", actors("USA"), actors("IRN"), false), pred("ACCUSE", actors("IRN"), actors("USA")), LevelPartial, false},
		{"swapped, symmetric", gold("ASSAULT", actors("TUR"), actors("SYR"), true), pred("ASSAULT", actors("SYR"), actors("TUR")), LevelEvent, true},
		{"straight, symmetric", gold("ASSAULT", actors("TUR"), actors("SYR"), true), pred("ASSAULT", actors("TUR"), actors("SYR")), LevelEvent, true},
		{"swapped, symmetric, other type", gold("ASSAULT", actors("TUR"), actors("SYR"), true), pred("COERCE", actors("SYR"), actors("TUR")), LevelEvent, false},
		{"symmetric, empty recipient, event", gold("CONSULT", actors("USA"), nil, true), pred("CONSULT", nil, actors("USA")), LevelEvent, true},
		{"symmetric, empty recipient, partial", gold("CONSULT", actors("USA"), nil, true), pred("CONSULT", actors("JOR"), actors("USA")), LevelPartial, true},
		{"symmetric, unrelated", gold("CONSULT", actors("USA"), actors("JOR"), true), pred("CONSULT", actors("FRA"), actors("DEU")), LevelEvent, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := EventMatches(tt.gold, tt.pred, tt.level); got != tt.want {
				t.Errorf("EventMatches = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestEvidenceAgrees(t *testing.T) {
	// The text's sentences are bytes 0-26, 27-53 and 54-72; "Turkey shells
	// Tal Rifaat" is bytes 18-42 of the title.
	const text = "Russian jets struck Idlib. Turkey shelled Tal Rifaat. Jets struck Idlib."
	const title = "Jets hit Idlib as Turkey shells Tal Rifaat"
	r := &Record{Title: title, Text: text}
	gold := func(evidence string) *GoldEvent { return &GoldEvent{Type: "ASSAULT", Evidence: evidence} }
	at := func(sentence, start, end int) *sitrep.Event {
		return &sitrep.Event{Type: "ASSAULT", Sentence: sentence, Start: start, End: end}
	}
	says := func(evidence string) *sitrep.Event { return &sitrep.Event{Type: "ASSAULT", Evidence: evidence} }
	tests := []struct {
		name string
		gold *GoldEvent
		pred *sitrep.Event
		want bool
	}{
		{"text, same sentence", gold("Russian jets struck Idlib."), at(0, 0, 26), true},
		{"text, overlapping part", gold("struck Idlib. Turkey"), at(1, 27, 53), true},
		{"text, touching is not overlapping", gold("Russian jets struck Idlib."), at(1, 26, 53), false},
		{"text, other sentence", gold("Turkey shelled Tal Rifaat."), at(0, 0, 26), false},
		{"text, first of two occurrences", gold("struck Idlib."), at(0, 0, 26), true},
		{"text, second of two occurrences", gold("struck Idlib."), at(2, 54, 72), true},
		{"title, overlapping", gold("Turkey shells Tal Rifaat"), at(-1, 0, 42), true},
		{"title, not overlapping", gold("Jets hit Idlib"), at(-1, 18, 42), false},
		{"gold in the text, prediction in the title", gold("Turkey shelled Tal Rifaat."), at(-1, 0, 42), false},
		{"gold in the title, prediction in the text", gold("Turkey shells Tal Rifaat"), at(1, 27, 53), false},
		{"offsets take precedence over the string", gold("Turkey shelled Tal Rifaat."), &sitrep.Event{Start: 0, End: 26, Evidence: "Turkey shelled Tal Rifaat."}, false},
		{"predicted string in the text", gold("Turkey shelled Tal Rifaat."), says("shelled Tal"), true},
		{"predicted string elsewhere", gold("Turkey shelled Tal Rifaat."), says("Russian jets struck Idlib."), false},
		{"predicted string in the title", gold("Jets hit Idlib"), says("Jets hit Idlib as Turkey"), true},
		{"gold without evidence", gold(""), at(0, 0, 26), true},
		{"gold evidence found nowhere", gold("Syrian troops advanced."), at(0, 0, 26), true},
		{"prediction without evidence", gold("Turkey shelled Tal Rifaat."), says(""), true},
		{"predicted string found nowhere", gold("Turkey shelled Tal Rifaat."), says("paraphrase"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := EvidenceAgrees(r, tt.gold, tt.pred); got != tt.want {
				t.Errorf("EvidenceAgrees = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestGreedy(t *testing.T) {
	// Gold 0 could take predicted 0 or 1; greedy gives it 0, so gold 1,
	// which only predicted 0 would match, is missed.
	ok := map[[2]int]bool{{0, 0}: true, {0, 1}: true, {1, 0}: true}
	goldTo, taken := greedy(2, 2, func(g, p int) bool { return ok[[2]int{g, p}] })
	if goldTo[0] != 0 || goldTo[1] != -1 || !taken[0] || taken[1] {
		t.Errorf("greedy = %v, %v; want [0 -1], [true false]", goldTo, taken)
	}
	// Each predicted item is used once.
	goldTo, taken = greedy(3, 2, func(g, p int) bool { return true })
	if goldTo[0] != 0 || goldTo[1] != 1 || goldTo[2] != -1 || !taken[0] || !taken[1] {
		t.Errorf("greedy = %v, %v; want [0 1 -1], [true true]", goldTo, taken)
	}
}

func TestDateAgrees(t *testing.T) {
	tests := []struct {
		gold, pred string
		want       bool
	}{
		{"2023-07-14", "2023-07-14", true},
		{"2023-07-14", "2023-07-15", false},
		{"2023-07-14", "2023-07", false},
		{"2023-07-14", "2023", false},
		{"2023-07-14", "", false},
		{"2023-07", "2023-07-14", true},
		{"2023-07", "2023-07", true},
		{"2023-07", "2023-08-01", false},
		{"2023-07", "2023", false},
		{"2023", "2023-12-31", true},
		{"2023", "2023-05", true},
		{"2023", "2023", true},
		{"2023", "2022-12-31", false},
		{"2023", "20231", false},
		{"", "2023", false},
	}
	for _, tt := range tests {
		if got := DateAgrees(tt.gold, tt.pred); got != tt.want {
			t.Errorf("DateAgrees(%q, %q) = %v, want %v", tt.gold, tt.pred, got, tt.want)
		}
	}
}

func TestLocationAgrees(t *testing.T) {
	// 0.449 degrees of latitude is 49.9 km, 0.45 is 50.04 km.
	tests := []struct {
		name       string
		gold, pred *sitrep.Location
		want       bool
	}{
		{"same", pt(33.49, 38.62), pt(33.49, 38.62), true},
		{"49.9 km", pt(10, 20), pt(10.449, 20), true},
		{"50.04 km", pt(10, 20), pt(10.45, 20), false},
		{"no predicted location", pt(10, 20), nil, false},
		{"predicted without coordinates", pt(10, 20), &sitrep.Location{Name: "Al-Tanf"}, false},
		{"predicted with lat only", pt(10, 20), &sitrep.Location{Lat: new(10.0)}, false},
		{"gold without coordinates", &sitrep.Location{Name: "x"}, pt(10, 20), false},
	}
	for _, tt := range tests {
		if got := LocationAgrees(tt.gold, tt.pred); got != tt.want {
			t.Errorf("%s: LocationAgrees = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestPredictedQuad(t *testing.T) {
	tests := []struct {
		name   string
		events []sitrep.Event
		want   string
	}{
		{"none", nil, sitrep.QuadStatement},
		{"quad field", []sitrep.Event{{Type: "ASSAULT", Quad: sitrep.QuadVerbalConflict}}, sitrep.QuadVerbalConflict},
		{"from type", []sitrep.Event{{Type: "ASSAULT"}}, sitrep.QuadMaterialConflict},
		{"first event only", []sitrep.Event{{Type: "CONSULT"}, {Type: "ASSAULT"}}, sitrep.QuadVerbalCooperation},
		{"request is a statement", []sitrep.Event{{Type: "REQUEST"}}, sitrep.QuadStatement},
		{"sanction is verbal conflict", []sitrep.Event{{Type: "SANCTION"}}, sitrep.QuadVerbalConflict},
		{"unknown type", []sitrep.Event{{Type: "FOO"}}, ""},
	}
	for _, tt := range tests {
		if got := PredictedQuad(tt.events); got != tt.want {
			t.Errorf("%s: PredictedQuad = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestTransferMatches(t *testing.T) {
	g := &GoldTransfer{Supplier: "IRN", Recipient: "RUS", Item: "Shahed-136", Category: "drone", Status: "delivered"}
	tests := []struct {
		name string
		pred sitrep.Transfer
		want bool
	}{
		{"same", sitrep.Transfer{Supplier: "IRN", Recipient: "RUS", Item: "drones", Category: "drone", Status: "ordered"}, true},
		{"other category", sitrep.Transfer{Supplier: "IRN", Recipient: "RUS", Category: "missile"}, false},
		{"swapped", sitrep.Transfer{Supplier: "RUS", Recipient: "IRN", Category: "drone"}, false},
		{"no supplier", sitrep.Transfer{Recipient: "RUS", Category: "drone"}, false},
	}
	for _, tt := range tests {
		if got := TransferMatches(g, &tt.pred); got != tt.want {
			t.Errorf("%s: TransferMatches = %v, want %v", tt.name, got, tt.want)
		}
	}
}
