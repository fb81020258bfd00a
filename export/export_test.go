package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/export"
	"github.com/sitrep/sitrep/internal/seeds"
	"github.com/sitrep/sitrep/sqlite"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// seedData returns the seeds' events and documents as a store gives them.
func seedData(t testing.TB) export.Data {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "seeds.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := seeds.Fill(ctx, db); err != nil {
		t.Fatal(err)
	}
	evs, err := db.FindEvents(ctx, sitrep.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	docs, err := db.FindDocuments(ctx, sitrep.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	d := export.Data{Events: evs, Documents: map[int64]*sitrep.Document{}}
	for _, doc := range docs {
		d.Documents[doc.ID] = doc
	}
	// A fixed region table stands in for the knowledge base.
	d.Admin1 = func(l sitrep.Location) string {
		if l.Name == "Aleppo" {
			return "Aleppo Governorate"
		}
		return ""
	}
	return d
}

// TestGolden writes every format over the seeds and compares with
// testdata/seeds.FORMAT.
func TestGolden(t *testing.T) {
	d := seedData(t)
	for _, f := range export.Formats() {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			if err := export.Write(&buf, f, d); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "seeds."+string(f))
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s differs from %s; run go test ./export -update and review the diff", f, golden)
			}
		})
	}
}

// TestWellFormed checks each format with a reader of that format: every
// event with coordinates is a GeoJSON point, the GraphML parses, every
// GDELT row has 61 fields, every CSV row as many fields as its header.
func TestWellFormed(t *testing.T) {
	d := seedData(t)
	write := func(f export.Format) []byte {
		var buf bytes.Buffer
		if err := export.Write(&buf, f, d); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	withCoords := 0
	for _, e := range d.Events {
		if e.Location != nil && e.Location.Lat != nil {
			withCoords++
		}
	}
	var fc struct {
		Type     string
		Features []struct {
			Geometry struct {
				Type        string
				Coordinates []float64
			}
		}
	}
	if err := json.Unmarshal(write(export.GeoJSON), &fc); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) != withCoords || withCoords == 0 {
		t.Errorf("GeoJSON: %s with %d features, want %d", fc.Type, len(fc.Features), withCoords)
	}
	for _, f := range fc.Features {
		if c := f.Geometry.Coordinates; f.Geometry.Type != "Point" || len(c) != 2 || c[0] < -180 || c[0] > 180 || c[1] < -90 || c[1] > 90 {
			t.Errorf("GeoJSON: bad geometry %+v", f.Geometry)
		}
	}
	var g struct {
		Nodes []struct {
			ID string `xml:"id,attr"`
		} `xml:"graph>node"`
		Edges []struct {
			Source string `xml:"source,attr"`
			Target string `xml:"target,attr"`
		} `xml:"graph>edge"`
	}
	if err := xml.Unmarshal(write(export.GraphML), &g); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, n := range g.Nodes {
		ids[n.ID] = true
	}
	if len(g.Edges) == 0 || len(g.Edges) != len(export.Dyads(d.Events)) {
		t.Errorf("GraphML: %d edges, want %d", len(g.Edges), len(export.Dyads(d.Events)))
	}
	for _, e := range g.Edges {
		if !ids[e.Source] || !ids[e.Target] {
			t.Errorf("GraphML: edge %s -> %s to an unknown node", e.Source, e.Target)
		}
	}
	if n := len(export.GDELTColumns); n != 61 {
		t.Fatalf("%d GDELT columns, want 61", n)
	}
	lines := strings.Split(strings.TrimSuffix(string(write(export.GDELT)), "\n"), "\n")
	if len(lines) != len(d.Events) {
		t.Errorf("GDELT: %d rows, want %d", len(lines), len(d.Events))
	}
	for i, l := range lines {
		if n := len(strings.Split(l, "\t")); n != 61 {
			t.Errorf("GDELT row %d: %d fields", i+1, n)
		}
	}
	for _, f := range []export.Format{export.CSV, export.ACLED} {
		rows, err := csv.NewReader(bytes.NewReader(write(f))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(rows) != len(d.Events)+1 {
			t.Errorf("%s: %d rows, want %d", f, len(rows), len(d.Events)+1)
		}
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want export.Format
		ok   bool
	}{
		{"geojson", export.GeoJSON, true}, {"GDELT", export.GDELT, true}, {"jsonl", export.JSONL, true},
		{"xml", "", false}, {"", "", false},
	} {
		f, err := export.Parse(tc.in)
		if f != tc.want || (err == nil) != tc.ok {
			t.Errorf("Parse(%q) = %q, %v", tc.in, f, err)
		}
	}
}

func TestGDELTEventID(t *testing.T) {
	for id, want := range map[string]int64{"d5-e9": 500009, "d12-e100": 1200100, "x": 0, "d1-t2": 0} {
		if got := export.GDELTEventID(id); got != want {
			t.Errorf("GDELTEventID(%q) = %d, want %d", id, got, want)
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	d := seedData(b)
	for _, f := range export.Formats() {
		b.Run(string(f), func(b *testing.B) {
			for b.Loop() {
				var buf bytes.Buffer
				if err := export.Write(&buf, f, d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
