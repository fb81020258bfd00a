package coder

import (
	"context"
	"testing"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/kb"
	"github.com/sitrep/sitrep/nlp"
)

// FuzzCodeReal runs the coder with the embedded knowledge base and parser
// on arbitrary text: it must not panic, and evidence offsets must hold.
func FuzzCodeReal(f *testing.F) {
	k, err := kb.Default()
	if err != nil {
		f.Skip(err)
	}
	p, err := nlp.Default()
	if err != nil {
		f.Skip(err)
	}
	c, err := New(k, WithParser(p))
	if err != nil {
		f.Fatal(err)
	}
	f.Add("Russian jets struck Al-Tanf on 15 June, killing 3 people.", "2022-06-18")
	f.Add("Iran has supplied Russia with hundreds of drones, such as the Shahed-136.", "2023-07-15")
	f.Add("\"We say it would be better,\" Mekdad said two days earlier in Damascus.", "")
	f.Fuzz(func(t *testing.T, s, pub string) {
		a, err := c.Code(context.Background(), sitrep.Input{Text: s, Published: pub})
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range a.Events {
			if ev.Sentence >= 0 && (ev.Start < 0 || ev.End > len(s) || s[ev.Start:ev.End] != ev.Evidence) {
				t.Fatalf("bad evidence offsets %+v", ev)
			}
		}
	})
}
