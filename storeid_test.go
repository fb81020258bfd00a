package sitrep_test

import (
	"strings"
	"testing"

	"github.com/sitrep/sitrep"
)

func TestDateBounds(t *testing.T) {
	tests := []struct {
		in, lo, hi string
		ok         bool
	}{
		{"2023", "2023-00-00", "2023-99-99", true},
		{"2023-07", "2023-07-00", "2023-07-99", true},
		{"2023-07-10", "2023-07-10", "2023-07-10", true},
		{"", "", "", false},
		{"July 2023", "", "", false},
		{"2023-13", "", "", false},
		{"2023-07-32", "", "", false},
		{"2023-7-1", "", "", false},
		{"2023-07-10T00:00:00Z", "", "", false},
	}
	for _, tt := range tests {
		lo, hi, ok := sitrep.DateBounds(tt.in)
		if lo != tt.lo || hi != tt.hi || ok != tt.ok {
			t.Errorf("DateBounds(%q) = %q, %q, %v; want %q, %q, %v", tt.in, lo, hi, ok, tt.lo, tt.hi, tt.ok)
		}
	}
}

// FuzzDateBounds checks that any accepted filter date yields ordered,
// day-shaped bounds and that nothing panics.
func FuzzDateBounds(f *testing.F) {
	for _, s := range []string{"2023", "2023-07", "2023-07-10", "", "2023-7", "9999-12-31", "0000-01-01", "2023-07-10x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lo, hi, ok := sitrep.DateBounds(s)
		if !ok {
			if lo != "" || hi != "" {
				t.Errorf("DateBounds(%q) rejected but returned %q, %q", s, lo, hi)
			}
			return
		}
		if len(lo) != 10 || len(hi) != 10 || lo > hi || lo[:len(s)] != s || hi[:len(s)] != s {
			t.Errorf("DateBounds(%q) = %q, %q", s, lo, hi)
		}
	})
}

func TestEventIDs(t *testing.T) {
	if got := sitrep.EventID(12, 3); got != "d12-e3" {
		t.Errorf("EventID(12, 3) = %q", got)
	}
	if got := sitrep.TransferID(12, 1); got != "d12-t1" {
		t.Errorf("TransferID(12, 1) = %q", got)
	}
	es := []sitrep.Event{{Type: "ASSAULT"}, {Type: "REJECT", ContradictedBy: nil}, {Type: "ASSAULT", ContradictedBy: []string{"e2", "e1"}}}
	refs, err := sitrep.ResolveContradictions(7, es)
	if err != nil || len(refs) != 3 || len(refs[0]) != 0 || len(refs[2]) != 2 || refs[2][0] != "d7-e2" || refs[2][1] != "d7-e1" {
		t.Errorf("ResolveContradictions = %v, %v", refs, err)
	}
	for _, tc := range []struct {
		refs []string
		want string
	}{
		{[]string{"e4"}, "not a local event ID e1..e3"},
		{[]string{"e3"}, "contradicted by itself"},
		{[]string{"d7-e1"}, "not a local event ID"},
	} {
		es[2].ContradictedBy = tc.refs
		if _, err := sitrep.ResolveContradictions(7, es); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ResolveContradictions(%v): %v, want %q", tc.refs, err, tc.want)
		}
	}
}

func TestFilterBounds(t *testing.T) {
	for _, tc := range []struct{ since, until, lo, hi string }{
		{"", "", "", ""},
		{"2023-07", "2023", "2023-07-00", "2023-99-99"},
		{"2023-07-10", "2024-02", "2023-07-10", "2024-02-99"},
	} {
		lo, hi, err := sitrep.FilterBounds(tc.since, tc.until)
		if err != nil || lo != tc.lo || hi != tc.hi {
			t.Errorf("FilterBounds(%q, %q) = %q, %q, %v", tc.since, tc.until, lo, hi, err)
		}
	}
	if _, _, err := sitrep.FilterBounds("July", ""); err == nil {
		t.Error("FilterBounds(July): no error")
	}
	if lo, _, ok := sitrep.EventDateBounds("", "2023-07-10"); !ok || lo != "2023-07-10" {
		t.Errorf("EventDateBounds falls back to the document's date: %q, %v", lo, ok)
	}
}
