package coder

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep"
)

// TestCameoLexicon checks that cameo.tsv parses, that each of its lines
// says where it came from, and that it loads after triggers.tsv.
func TestCameoLexicon(t *testing.T) {
	lx, err := parseLexicon("cameo.tsv", cameoTSV)
	if err != nil {
		t.Fatal(err)
	}
	n, types := 0, map[string]int{}
	for _, ps := range lx.byFirst {
		for _, p := range ps {
			n++
			types[p.typ]++
			if p.cameo == "" || !p.flags["cameo"] || !strings.HasPrefix(p.rule, "cameo "+p.cameo+":") {
				t.Fatalf("pattern %q (%s) lacks its CAMEO provenance", p.rule, p.typ)
			}
		}
	}
	if n < 5000 || len(types) < 16 {
		t.Errorf("%d patterns of %d types, want a broad lexicon", n, len(types))
	}
	all, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	if ps := all.byFirst[stem("attack")]; len(ps) == 0 || ps[0].cameo != "" {
		t.Errorf("triggers.tsv's patterns should come first")
	}
}

// TestCameoTriggers checks that phrases the hand lexicon lacks find a
// candidate of the type the CAMEO code maps to, and that the hand lexicon
// wins where it has a trigger.
func TestCameoTriggers(t *testing.T) {
	c, err := New(testKB, WithoutModels())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text, trigger, typ string
		cameo              bool
	}{
		{"Castro sent a letter to Obama.", "sent a letter", "CONSULT", false},
		{"The United States approved the sale of weapons to Taiwan.", "approved the sale", "AGREE", false},
		{"Algeria is cutting diplomatic relations with Morocco.", "cutting diplomatic relations", "SANCTION", true},
		{"Maduro declared a state of emergency in several cities.", "declared a state of emergency", "COERCE", true},
		{"Iran distanced itself from the seizure.", "distanced itself from", "ACCUSE", true},
		// The hand lexicon wins at its own trigger...
		{"India has signed a deal with a Russian firm.", "signed a deal", "AGREE", false},
		// ... and inside a longer dictionary match ("say * attack").
		{"Russia said its forces attacked Ukraine.", "attacked", "ASSAULT", false},
	}
	for _, tt := range tests {
		var got []string
		found := false
		c.code(context.Background(), sitrep.Input{Text: tt.text}, &hooks{cand: func(s *sentence, cd *candidate) {
			trig := strings.Join(s.lower[cd.m.start:cd.m.end+1], " ")
			got = append(got, cd.m.p.typ+" "+trig+" ("+cd.m.p.rule+")")
			if cd.m.p.typ == tt.typ && trig == strings.ToLower(tt.trigger) && (cd.m.p.cameo != "") == tt.cameo {
				found = true
			}
		}})
		if !found {
			t.Errorf("%q: want %s %q (cameo %v), got %q", tt.text, tt.typ, tt.trigger, tt.cameo, got)
		}
	}
	// A dictionary verb is no trigger on its own (gen/cameo -bare none).
	c.code(context.Background(), sitrep.Input{Text: "The Indian Army retaliated."}, &hooks{cand: func(s *sentence, cd *candidate) {
		t.Errorf("bare verb: got %s (%s)", cd.m.p.typ, cd.m.p.rule)
	}})
}

// TestCameoUpToDate checks that gen/cameo makes cameo.tsv byte for byte
// from the dictionary, when the dictionary is at hand ($CAMEO_DICT, or
// ../shared/data/cameo/CAMEO.2.0.txt beside the repository). Run
// `go generate ./coder` when it fails.
func TestCameoUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	dict := os.Getenv("CAMEO_DICT")
	if dict == "" {
		dict = filepath.Join("..", "..", "shared", "data", "cameo", "CAMEO.2.0.txt")
	}
	if _, err := os.Stat(dict); err != nil {
		t.Skipf("no CAMEO dictionary (%v): see gen/cameo/README.md", err)
	}
	out := filepath.Join(t.TempDir(), "cameo.tsv")
	cmd := exec.Command("go", "run", "./gen/cameo", "-in", dict, "-out", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./gen/cameo: %v\n%s", err, b)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, []byte(cameoTSV)) {
		t.Errorf("cameo.tsv is not what gen/cameo makes of %s: run go generate ./coder", dict)
	}
}
