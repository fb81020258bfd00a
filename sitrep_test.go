package sitrep

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParseLocalEventID(t *testing.T) {
	tests := []struct {
		id   string
		n    int
		ok   bool
		back bool // LocalEventID(n) == id
	}{
		{"e1", 1, true, true},
		{"e12", 12, true, true},
		{"e0", 0, false, false},
		{"e01", 0, false, false},
		{"e-1", 0, false, false},
		{"e+1", 0, false, false},
		{"e", 0, false, false},
		{"E1", 0, false, false},
		{"d1-e1", 0, false, false},
		{"e1x", 0, false, false},
		{"e99999999999999999999", 0, false, false},
		{"", 0, false, false},
	}
	for _, tt := range tests {
		n, ok := ParseLocalEventID(tt.id)
		if n != tt.n || ok != tt.ok {
			t.Errorf("ParseLocalEventID(%q) = %d, %v; want %d, %v", tt.id, n, ok, tt.n, tt.ok)
		}
		if ok && LocalEventID(n) != tt.id {
			t.Errorf("LocalEventID(%d) = %q, want %q", n, LocalEventID(n), tt.id)
		}
	}
}

func TestValidCertainty(t *testing.T) {
	for _, c := range []string{CertaintyAsserted, CertaintyReported, CertaintyAlleged, CertaintyDenied} {
		if !ValidCertainty(c) {
			t.Errorf("ValidCertainty(%q) = false", c)
		}
	}
	for _, c := range []string{"", "Asserted", "likely"} {
		if ValidCertainty(c) {
			t.Errorf("ValidCertainty(%q) = true", c)
		}
	}
}

func TestDocumentInput(t *testing.T) {
	d := &Document{Title: "T", Text: "X", Published: "2023-07-15", Outlet: "Arab News", URL: "u", Source: "s"}
	want := Input{Title: "T", Text: "X", Published: "2023-07-15", Outlet: "Arab News"}
	if got := d.Input(); got != want {
		t.Errorf("Input() = %+v, want %+v", got, want)
	}
}

// TestEventJSON checks that the attribution fields are additive: an event
// without them has only "certainty" more than the gold-format superset.
func TestEventJSON(t *testing.T) {
	tests := []struct {
		name string
		ev   Event
		want []string // substrings of the JSON
		not  []string
	}{
		{"empty", Event{Type: "ASSAULT"}, []string{`"certainty":""`}, []string{`"source"`, `"mentions"`, `"contradicted_by"`}},
		{"full", Event{
			Type:           "ASSAULT",
			Source:         &Source{Name: "Pentagon", Country: "USA", Sector: "GOV", Kind: SourceSpeaker},
			Certainty:      CertaintyReported,
			Mentions:       []EvidenceSpan{{Sentence: 2, Start: 10, End: 20, Text: "x"}},
			ContradictedBy: []string{"e2"},
		}, []string{
			`"source":{"name":"Pentagon","country":"USA","sector":"GOV","kind":"speaker"}`,
			`"certainty":"reported"`,
			`"mentions":[{"sentence":2,"start":10,"end":20,"text":"x"}]`,
			`"contradicted_by":["e2"]`,
		}, nil},
		{"document source", Event{Source: &Source{Name: "Arab News", Kind: SourceDocument}},
			[]string{`"source":{"name":"Arab News","kind":"document"}`}, nil},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.ev)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s: %s lacks %s", tt.name, b, w)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(string(b), w) {
				t.Errorf("%s: %s has %s", tt.name, b, w)
			}
		}
	}
}
