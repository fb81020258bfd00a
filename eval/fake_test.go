package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"testing"

	"github.com/sitrep/sitrep"
)

// fakeCoder returns canned analyses keyed by text, and an empty analysis
// for any other text.
type fakeCoder struct {
	byText map[string]*sitrep.Analysis
	fail   string // text on which Code fails
	panic  string // text on which Code panics
}

var errFake = errors.New("fake coder failure")

func (f *fakeCoder) Code(ctx context.Context, in sitrep.Input) (*sitrep.Analysis, error) {
	switch in.Text {
	case f.fail:
		return nil, errFake
	case f.panic:
		panic("fake coder panic")
	}
	if an, ok := f.byText[in.Text]; ok {
		return an, nil
	}
	return &sitrep.Analysis{}, nil
}

// loadPredictions reads testdata/predictions.jsonl, whose lines hold a
// record id and the analysis the fake coder returns for that record's
// text, and builds a fakeCoder for recs.
func loadPredictions(t *testing.T, recs ...[]Record) *fakeCoder {
	t.Helper()
	f, err := os.Open("testdata/predictions.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	byID := map[string]*sitrep.Analysis{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var line struct {
			ID       string           `json:"id"`
			Analysis *sitrep.Analysis `json:"analysis"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatal(err)
		}
		byID[line.ID] = line.Analysis
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	c := &fakeCoder{byText: map[string]*sitrep.Analysis{}}
	for _, rs := range recs {
		for _, r := range rs {
			if an, ok := byID[r.ID]; ok {
				c.byText[r.Text] = an
			}
		}
	}
	return c
}

// eventCoder returns an analysis holding the given events.
func analysis(events ...sitrep.Event) *sitrep.Analysis {
	return &sitrep.Analysis{Events: events}
}

func actors(countries ...string) []sitrep.Actor {
	var as []sitrep.Actor
	for _, c := range countries {
		as = append(as, sitrep.Actor{Country: c})
	}
	return as
}

func pt(lat, lon float64) *sitrep.Location {
	return &sitrep.Location{Lat: &lat, Lon: &lon}
}
