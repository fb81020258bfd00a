package kb

import (
	"bufio"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep"
)

var acled = flag.Bool("acled", false, "run the ACLED location measure (needs ../shared)")

// TestACLEDLocations measures, on the ACLED dev sets in ../shared (skipped
// when absent), how often (1) the gold location's name resolves with Place
// to within 50 km of the gold point, (2) the same with PlaceIn, which uses
// the note's other places to tell namesakes apart, and (3) a place
// recognised in the text lies within 50 km of it. It reports the figures; it asserts nothing,
// since they depend on the gazetteer.
//
// It takes several seconds, so it runs only with -acled:
//
//	go test ./kb -run ACLED -acled -v
func TestACLEDLocations(t *testing.T) {
	if !*acled {
		t.Skip("run with -acled")
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "eval", "dev", "acled-*.gold.jsonl"))
	if len(files) == 0 {
		t.Skip("../shared/eval/dev/acled-* not present")
	}
	k := testKB(t)
	var rows, named, inContext, inText int
	var misses []string
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 0, 1<<20), 1<<24)
		for sc.Scan() {
			var doc struct {
				Text      string         `json:"text"`
				Published string         `json:"published"`
				Events    []sitrep.Event `json:"events"`
			}
			if err := json.Unmarshal(sc.Bytes(), &doc); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			ms := k.Recognize(doc.Text, doc.Published)
			for _, e := range doc.Events {
				loc := e.Location
				if loc == nil || loc.Lat == nil || loc.Lon == nil || loc.Name == "" {
					continue
				}
				rows++
				if p, ok := k.Place(loc.Name, loc.Country); ok && sitrep.DistanceKm(*p.Lat, *p.Lon, *loc.Lat, *loc.Lon) <= 50 {
					named++
				} else if len(misses) < 40 {
					misses = append(misses, loc.Name+"/"+loc.Country)
				}
				if p, ok := k.PlaceIn(loc.Name, loc.Country, doc.Text); ok && sitrep.DistanceKm(*p.Lat, *p.Lon, *loc.Lat, *loc.Lon) <= 50 {
					inContext++
				}
				for _, m := range ms {
					if m.Lat != nil && m.Lon != nil && sitrep.DistanceKm(*m.Lat, *m.Lon, *loc.Lat, *loc.Lon) <= 50 {
						inText++
						break
					}
				}
			}
		}
		fh.Close()
	}
	if rows == 0 {
		t.Skip("no located events")
	}
	t.Logf("ACLED dev: %d located events; gold name resolves within 50 km: %d (%.3f); resolved in the note's context (PlaceIn): %d (%.3f); a recognised place within 50 km: %d (%.3f)",
		rows, named, float64(named)/float64(rows), inContext, float64(inContext)/float64(rows), inText, float64(inText)/float64(rows))
	t.Logf("first misses: %v", misses)
}
