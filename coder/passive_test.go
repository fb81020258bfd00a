package coder

import (
	"context"
	"strings"
	"testing"

	"github.com/sitrep/sitrep"
)

// TestPatternsFoundByParse checks that the lexicon's verb-object patterns
// match in the passive and its two-word event nouns with modifiers between
// their words, and that neither matches what only looks alike.
func TestPatternsFoundByParse(t *testing.T) {
	c, err := New(testKB, WithoutModels())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ text, want string }{
		{"Iran sent drones to Russia.", "AID IRN/GOV -> RUS/GOV"},
		{"Drones were sent to Russia by Iran.", "AID IRN/GOV -> RUS/GOV"},
		{"Hundreds of drones have been sent to Russia by Iran.", "AID IRN/GOV -> RUS/GOV"},
		// A participle modifying the object is passive too.
		{"Russian drones sent to Iran were used in Syria.", "AID RUS/GOV -> IRN/GOV"},
		// Sent, but nothing a pattern names.
		{"Flowers were sent to Russia by Iran.", ""},
		{"Russia and Iran began their largest-ever joint naval exercise.", "COOPERATE RUS/GOV -> IRN/GOV"},
		// Adjacent words are the lexicon's own match.
		{"Russia and Iran began a joint exercise.", "COOPERATE RUS/GOV -> IRN/GOV"},
	}
	for _, tt := range tests {
		a, err := c.Code(context.Background(), sitrep.Input{Text: tt.text})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, ev := range a.Events {
			got = append(got, Describe(&ev))
		}
		if strings.Join(got, "; ") != tt.want {
			t.Errorf("%q: got %q, want %q", tt.text, got, tt.want)
		}
	}
}
