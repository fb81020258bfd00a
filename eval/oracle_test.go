package eval

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep"
)

// oracleCoder answers each text with its gold annotation.
func oracleCoder(recs []Record) *fakeCoder {
	c := &fakeCoder{byText: map[string]*sitrep.Analysis{}}
	for _, r := range recs {
		an := &sitrep.Analysis{}
		for _, g := range r.Events {
			an.Events = append(an.Events, sitrep.Event{
				Type: g.Type, Mode: g.Mode, Actor: g.Actor, Recipient: g.Recipient,
				Date: g.Date, Location: g.Location, Evidence: g.Evidence,
			})
		}
		for _, t := range r.Types {
			an.Events = append(an.Events, sitrep.Event{Type: t})
		}
		if r.Quad != "" {
			an.Events = append(an.Events, sitrep.Event{Type: "CONSULT", Quad: r.Quad})
		}
		for _, g := range r.Transfers {
			an.Transfers = append(an.Transfers, sitrep.Transfer{Supplier: g.Supplier, Recipient: g.Recipient, Item: g.Item, Category: g.Category})
		}
		c.byText[r.Text] = an
	}
	return c
}

// TestOracleShared scores the shared development sets, when present, with
// a coder that returns the gold annotation: every figure must be perfect.
func TestOracleShared(t *testing.T) {
	files, _ := filepath.Glob("../../shared/eval/*/*.jsonl")
	if len(files) == 0 {
		t.Skip("no ../shared/eval gold files")
	}
	for _, f := range files {
		all, err := ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// Records that share a text (ACLED notes split into several
		// events) cannot all be answered by their own annotation.
		n := map[string]int{}
		for _, r := range all {
			n[r.Text]++
		}
		var recs []Record
		for _, r := range all {
			if n[r.Text] == 1 {
				recs = append(recs, r)
			}
		}
		res, err := Score(context.Background(), oracleCoder(recs), f, recs, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []*PRF{res.Events, res.EventsStrict, res.DocumentTypes, res.Transfers} {
			if p != nil && (p.Recall != nil && *p.Recall != 1 || p.Precision != nil && *p.Precision != 1) {
				t.Errorf("%s: %+v", res.File, *p)
			}
		}
		for _, a := range []*float64{res.DateAccuracy, res.LocationAccuracy, res.QuadAccuracy} {
			if a != nil && *a != 1 {
				t.Errorf("%s: accuracy %v", res.File, *a)
			}
		}
		if len(res.Errors) > 0 {
			t.Errorf("%s: %d errors, first %v", res.File, len(res.Errors), res.Errors[0])
		}
	}
}
