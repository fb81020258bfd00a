package eval

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep"
)

func TestRead(t *testing.T) {
	in := "\xef\xbb\xbf" + `{"id": "a", "published": "2023-07-15", "title": "T", "text": "X", "level": "event", "events": [{"type": "ASSAULT", "actor": [{"country": "RUS", "sector": "MIL", "name": "Russian jets"}], "recipient": [], "date": "2023-07", "location": {"name": "Al-Tanf", "lat": 33.49, "lon": 38.62}, "symmetric": true, "evidence": "X"}], "transfers": [{"supplier": "IRN", "recipient": "RUS", "item": "drones", "category": "drone", "status": "delivered"}], "extra": 1}

  
{"id": "b", "text": "Y", "level": "document", "types": []}` + "\r\n" + `{"id": "c", "text": "Z", "level": "quad", "quad": "statement"}`
	recs, err := Read(strings.NewReader(in), "in.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 {
		t.Fatalf("got %d records, want 3", len(recs))
	}
	a := recs[0]
	if a.ID != "a" || a.Published != "2023-07-15" || a.Title != "T" || a.Level != LevelEvent || a.Line != 1 {
		t.Errorf("record a = %+v", a)
	}
	if len(a.Events) != 1 || !a.Events[0].Symmetric || a.Events[0].Actor[0].Name != "Russian jets" || *a.Events[0].Location.Lat != 33.49 {
		t.Errorf("events = %+v", a.Events)
	}
	if len(a.Transfers) != 1 || a.Transfers[0].Category != "drone" {
		t.Errorf("transfers = %+v", a.Transfers)
	}
	if b := recs[1]; b.Types == nil || len(b.Types) != 0 || b.Line != 4 {
		t.Errorf("record b = %+v, want empty non-nil types on line 4", b)
	}
	if c := recs[2]; c.Quad != sitrep.QuadStatement || c.Line != 5 {
		t.Errorf("record c = %+v", c)
	}
}

func TestReadEmpty(t *testing.T) {
	recs, err := Read(strings.NewReader("\n\n"), "empty.jsonl")
	if err != nil || len(recs) != 0 {
		t.Errorf("Read = %v, %v; want no records, no error", recs, err)
	}
}

func TestReadErrors(t *testing.T) {
	good := `{"id": "ok", "text": "x", "level": "partial"}` + "\n"
	tests := []struct {
		name, in, want string
	}{
		{"bad JSON", good + `{"id": "x", "text": "y", "level": "event"` + "\n", "f.jsonl:2: bad JSON"},
		{"not an object", good + "\n" + `["id"]`, "f.jsonl:3: not a JSON object"},
		{"trailing data", `{"id": "x", "text": "y", "level": "event"} {}`, "f.jsonl:1: bad JSON"},
		{"wrong field type", `{"id": 7, "text": "y", "level": "event"}`, "f.jsonl:1: bad JSON"},
		{"missing id", `{"text": "y", "level": "event"}`, `f.jsonl:1: missing "id"`},
		{"empty id", `{"id": "", "text": "y", "level": "event"}`, `f.jsonl:1: missing "id"`},
		{"missing text", `{"id": "x", "level": "event"}`, `f.jsonl:1: record "x": missing "text"`},
		{"missing level", `{"id": "x", "text": "y"}`, `f.jsonl:1: record "x": missing "level"`},
		{"unknown level", `{"id": "x", "text": "y", "level": "sentence"}`, `unknown level "sentence"`},
		{"duplicate id", good + good, `f.jsonl:2: duplicate id "ok" (first on line 1)`},
		{"document without types", `{"id": "x", "text": "y", "level": "document"}`, `needs "types"`},
		{"quad without quad", `{"id": "x", "text": "y", "level": "quad"}`, `needs "quad"`},
		{"unknown quad", `{"id": "x", "text": "y", "level": "quad", "quad": "conflict"}`, `unknown quad "conflict"`},
		{"unknown type", `{"id": "x", "text": "y", "level": "document", "types": ["FIGHT"]}`, `"FIGHT" is not a PLOVER 2.0 type`},
		{"event without type", `{"id": "x", "text": "y", "level": "event", "events": [{"actor": []}]}`, `events[0]: missing "type"`},
		{"event type", `{"id": "x", "text": "y", "level": "event", "events": [{"type": "ASSAULT"}, {"type": "attack"}]}`, `events[1]: type "attack"`},
		{"bad date", `{"id": "x", "text": "y", "level": "event", "events": [{"type": "ASSAULT", "date": "2023-02-30"}]}`, `date "2023-02-30"`},
		{"bad published", `{"id": "x", "text": "y", "level": "event", "published": "2023-07"}`, `published "2023-07" is not YYYY-MM-DD`},
		{"lat only", `{"id": "x", "text": "y", "level": "event", "events": [{"type": "ASSAULT", "location": {"name": "a", "lat": 1}}]}`, "only one of lat and lon"},
		{"lat out of range", `{"id": "x", "text": "y", "level": "event", "events": [{"type": "ASSAULT", "location": {"name": "a", "lat": 91, "lon": 0}}]}`, "out of range"},
		{"transfer status", `{"id": "x", "text": "y", "level": "event", "transfers": [{"supplier": "IRN", "status": "shipped"}]}`, `transfers[0]: unknown status "shipped"`},
		{"invalid UTF-8", "{\"id\": \"x\", \"text\": \"\xff\", \"level\": \"event\"}", "f.jsonl:1: invalid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.in), "f.jsonl")
			if err == nil {
				t.Fatalf("Read succeeded, want error containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "f.jsonl:") {
				t.Errorf("error %q does not start with f.jsonl: and contain %q", err, tt.want)
			}
		})
	}
}

func TestReadLongLine(t *testing.T) {
	defer func(n int) { maxLine = n }(maxLine)
	maxLine = 1 << 20
	in := `{"id": "a", "text": "x", "level": "event"}` + "\n" + strings.Repeat(" ", maxLine+1)
	_, err := Read(strings.NewReader(in), "f.jsonl")
	if err == nil || !strings.HasPrefix(err.Error(), "f.jsonl:2: line longer than 1 MiB") {
		t.Errorf("err = %v, want f.jsonl:2: line longer than ...", err)
	}
}

func TestReadFile(t *testing.T) {
	recs, err := ReadFile("testdata/mixed.gold.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 9 {
		t.Errorf("got %d records, want 9", len(recs))
	}
	if _, err := ReadFile("testdata/missing.jsonl"); err == nil || !strings.Contains(err.Error(), "testdata/missing.jsonl") {
		t.Errorf("missing file: err = %v", err)
	}
}

// TestReadShared reads the shared development sets when they are present
// (they are not in a user's clone).
func TestReadShared(t *testing.T) {
	files, _ := filepath.Glob("../../shared/eval/*/*.jsonl")
	if len(files) == 0 {
		t.Skip("no ../shared/eval gold files")
	}
	for _, f := range files {
		if _, err := ReadFile(f); err != nil {
			t.Error(err)
		}
	}
}

func FuzzRead(f *testing.F) {
	for _, name := range []string{"testdata/mixed.gold.jsonl", "testdata/partial.gold.jsonl"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"id": "x", "text": "y", "level": "document", "types": null}`))
	f.Add([]byte(`{"id": "x", "text": "y", "level": "event", "events": [{"type": "ASSAULT", "location": {"lat": 1, "lon": 2}}]}`))
	f.Add([]byte("{\"id\": \"x\"}\n\n{"))
	f.Fuzz(func(t *testing.T, b []byte) {
		recs, err := Read(strings.NewReader(string(b)), "fuzz")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz:") {
				t.Errorf("error %q does not name the input", err)
			}
			return
		}
		// What was read is valid, so writing it out and reading it back
		// gives the same records.
		var sb strings.Builder
		for _, r := range recs {
			line, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			sb.Write(line)
			sb.WriteByte('\n')
		}
		again, err := Read(strings.NewReader(sb.String()), "again")
		if err != nil {
			t.Fatalf("re-reading %s: %v", sb.String(), err)
		}
		if len(again) != len(recs) {
			t.Fatalf("re-read %d records, want %d", len(again), len(recs))
		}
		for i := range recs {
			a, b := recs[i], again[i]
			a.Line, b.Line = 0, 0
			aj, _ := json.Marshal(a)
			bj, _ := json.Marshal(b)
			if string(aj) != string(bj) {
				t.Errorf("round trip changed record %d:\n%s\n%s", i, aj, bj)
			}
		}
	})
}
