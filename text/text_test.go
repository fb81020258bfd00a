package text

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Iran's drones", []string{"Iran", "'s", "drones"}},
		{"Russia’s use", []string{"Russia", "’s", "use"}},
		{"the U.S. military", []string{"the", "U.S.", "military"}},
		{"Su-35 and MQ-9 near Al-Tanf", []string{"Su-35", "and", "MQ-9", "near", "Al-Tanf"}},
		{"Tu-22M3 bombers", []string{"Tu-22M3", "bombers"}},
		{"300,000 shells, 1.5bn", []string{"300,000", "shells", ",", "1.5bn"}},
		{"Syria, Iran", []string{"Syria", ",", "Iran"}},
		{"\"an extended period\"", []string{"\"", "an", "extended", "period", "\""}},
		{"Gen. Kurilla", []string{"Gen.", "Kurilla"}},
	}
	for _, tt := range tests {
		var got []string
		for _, tok := range Tokenize(tt.in) {
			if tt.in[tok.Start:tok.End] != tok.Text {
				t.Errorf("%q: token %q has offsets %d:%d", tt.in, tok.Text, tok.Start, tok.End)
			}
			got = append(got, tok.Text)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Russia struck. Iran denied it.", []string{"Russia struck.", "Iran denied it."}},
		{"The U.S. Army said so. It left.", []string{"The U.S. Army said so.", "It left."}},
		{"He met Gen. Kurilla on Jan. 5. Then he left.", []string{"He met Gen. Kurilla on Jan. 5.", "Then he left."}},
		{"He said \"we will respond.\" Then he left.", []string{"He said \"we will respond.\"", "Then he left."}},
		{"Headline without stop\n\nBody one. Body two?", []string{"Headline without stop", "Body one.", "Body two?"}},
		{"Troops left the U.S. The move surprised.", []string{"Troops left the U.S.", "The move surprised."}},
	}
	for _, tt := range tests {
		var got []string
		for _, sp := range Sentences(tt.in) {
			if tt.in[sp.Start:sp.End] != sp.Text {
				t.Errorf("%q: sentence %q has offsets %d:%d", tt.in, sp.Text, sp.Start, sp.End)
			}
			got = append(got, sp.Text)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Sentences(%q) =\n%q\nwant\n%q", tt.in, got, tt.want)
		}
	}
}

// TestSentencesSeeds checks offsets and that no sentence of the seed
// articles is implausibly long or short.
func TestSentencesSeeds(t *testing.T) {
	files, _ := filepath.Glob("../testdata/seeds/*.txt")
	if len(files) == 0 {
		t.Fatal("no seeds")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		for _, sp := range Sentences(s) {
			if s[sp.Start:sp.End] != sp.Text {
				t.Fatalf("%s: bad offsets for %q", f, sp.Text)
			}
			if strings.Count(sp.Text, " ") > 90 {
				t.Errorf("%s: run-on sentence: %q", f, sp.Text)
			}
		}
	}
}

func FuzzSentences(f *testing.F) {
	f.Add("Russia struck. Iran's U.S. drones\n\nfled.\"")
	f.Add("Gen. A.B. 1.5bn ’s '")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		// Also in pieces of a few bytes, so that the split of a long
		// paragraph is exercised too.
		defer func(n int) { pieceBytes = n }(pieceBytes)
		for _, n := range []int{pieceBytes, 16} {
			pieceBytes = n
			prev := 0
			for _, sp := range Sentences(s) {
				if sp.Start < prev || sp.End > len(s) || sp.Start >= sp.End || s[sp.Start:sp.End] != sp.Text {
					t.Fatalf("pieces of %d: bad span %+v in %q", n, sp, s)
				}
				prev = sp.End
			}
		}
		prev := 0
		for _, tok := range Tokenize(s) {
			if tok.Start < prev || tok.End > len(s) || tok.Start >= tok.End || s[tok.Start:tok.End] != tok.Text {
				t.Fatalf("bad token %+v in %q", tok, s)
			}
			prev = tok.End
		}
	})
}

// A paragraph longer than a piece is split into the sentences it would
// get whole.
func TestSentencesLongParagraph(t *testing.T) {
	files, _ := filepath.Glob("../testdata/seeds/*.txt")
	var b strings.Builder
	for _, f := range files {
		s, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(strings.Join(strings.Fields(string(s)), " "))
		b.WriteString(" ")
	}
	one := strings.Repeat(b.String(), 4)
	defer func(n int) { pieceBytes = n }(pieceBytes)
	pieceBytes = len(one) + 1
	want := Sentences(one)
	for _, n := range []int{64 << 10, 4 << 10, 2 << 10} {
		pieceBytes = n
		got := Sentences(one)
		if !slices.Equal(got, want) {
			t.Errorf("pieces of %d bytes: %d sentences, want %d", n, len(got), len(want))
		}
	}
	// With no sentence end, a paragraph is cut at a piece's last space.
	pieceBytes = 100
	words := strings.Repeat("word ", 100)
	got := Sentences(words)
	if len(got) < 5 || got[0].Text != strings.TrimSpace(words[:100]) {
		t.Errorf("no sentence end: %d sentences, first %q", len(got), got[0].Text)
	}
}

func ExampleCut() {
	s := "One sentence. Another one, longer."
	n := Cut(s, 20, 10, ". ", " ")
	fmt.Printf("%q\n", s[:n])
	// Output: "One sentence. "
}
