package coder

import (
	"strings"
	"testing"
)

func TestSectionEnd(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		start, n int
		want     int
	}{
		{"fits", "short text", 0, 64, 10},
		{"paragraph", "aaaa bbbb.\n\ncccc dddd", 0, 16, 12},
		{"line", "aaaa bbbb\ncccc dddd eeee", 0, 16, 10},
		{"sentence", "aaaa bbbb. cccc dddd eeee", 0, 16, 11},
		{"space", "aaaa bbbb cccc dddd eeee", 0, 16, 15},
		{"no break", strings.Repeat("a", 40), 0, 16, 16},
		{"rune boundary", strings.Repeat("é", 20), 0, 15, 14},
		{"from start", "xx aaaa bbbb.\n\ncccc dddd", 3, 16, 15},
	}
	for _, tt := range tests {
		if got := sectionEnd(tt.text, tt.start, tt.n); got != tt.want {
			t.Errorf("%s: sectionEnd(%q, %d, %d) = %d, want %d", tt.name, tt.text, tt.start, tt.n, got, tt.want)
		}
	}
}

// A text longer than a section is read in sections: every mention is
// found once, at its offset in the whole text.
func TestRecognizeInSections(t *testing.T) {
	c, err := New(testKB, WithoutModels())
	if err != nil {
		t.Fatal(err)
	}
	para := "Russia and Iran met in Baghdad, and Moscow said so.\n\n"
	text := strings.Repeat(para, recognizeSection/len(para)*3)
	got := c.recognize(text, "")
	want := testKB.Recognize(text, "")
	if len(got) != len(want) {
		t.Fatalf("%d mentions in sections, %d in the whole text", len(got), len(want))
	}
	for i, m := range got {
		if m != want[i] {
			t.Fatalf("mention %d: %+v, want %+v", i, m, want[i])
		}
		if text[m.Start:m.End] != m.Text {
			t.Fatalf("mention %d at %d:%d reads %q, not %q", i, m.Start, m.End, text[m.Start:m.End], m.Text)
		}
	}
}
