package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep"
)

func TestKBLookupCommand(t *testing.T) {
	code, out, stderr := kbCmd(t, "", nil, "kb", "lookup", "Russian", "Federation")
	if code != 0 || !strings.Contains(out, "RUS") {
		t.Fatalf("exit %d: %s%s", code, out, stderr)
	}
	code, out, _ = kbCmd(t, "", nil, "kb", "lookup", "Kremlin", "--json")
	if code != 0 || !strings.Contains(out, `"id":"kremlin"`) {
		t.Errorf("--json: exit %d: %s", code, out)
	}
	if code, _, _ := kbCmd(t, "", nil, "kb", "lookup", "Zzyzx Qwerty"); code != 1 {
		t.Errorf("unknown name: exit %d, want 1", code)
	}
	if code, _, _ := kbCmd(t, "", nil, "kb"); code != 2 {
		t.Errorf("no subcommand: exit %d, want 2", code)
	}
	// Overrides through $SITREP_KB.
	dir := userKBDir(t)
	code, out, stderr = kbCmd(t, "", map[string]string{"SITREP_KB": dir}, "kb", "lookup", "Los Zetas")
	if code != 0 || !strings.Contains(out, "zeta") {
		t.Errorf("SITREP_KB override: exit %d: %s%s", code, out, stderr)
	}
	code, out, _ = kbCmd(t, "Los Zetas attacked.", nil, "entities", "--kb", dir)
	if code != 0 || !strings.Contains(out, "armed-group") {
		t.Errorf("--kb override: exit %d: %s", code, out)
	}
}

func TestKBPlaceCommand(t *testing.T) {
	note := "Shelling hit farms in Wadi Zubayrat area (Hays, Al Hudaydah)."
	code, out, stderr := kbCmd(t, note, nil, "kb", "place", "Wadi", "Zubayrat", "--country", "YEM", "--context", "-", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var loc sitrep.Location
	if err := json.Unmarshal([]byte(out), &loc); err != nil {
		t.Fatalf("bad JSON %q: %v", out, err)
	}
	if loc.Country != "YEM" || loc.Lat == nil || *loc.Lat < 13.5 || *loc.Lat > 14.5 {
		t.Errorf("Wadi Zubayrat = %+v, want the Hays district", loc)
	}
	file := filepath.Join(t.TempDir(), "note.txt")
	if err := os.WriteFile(file, []byte("Fighting near Pisky, Donetsk."), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = kbCmd(t, "", nil, "kb", "place", "Pisky", "--country=UKR", "--context", file)
	if code != 0 || !strings.Contains(out, "LAT,LON") || !strings.Contains(out, "UKR") {
		t.Errorf("table: exit %d: %s", code, out)
	}
	if code, _, _ := kbCmd(t, "", nil, "kb", "place", "Pisky", "--country", "Ukraine"); code != 2 {
		t.Errorf("bad --country: exit %d, want 2", code)
	}
	if code, _, _ := kbCmd(t, "", nil, "kb", "place", "Pisky", "--context", "/no/such/file"); code != 1 {
		t.Errorf("missing context file: exit %d, want 1", code)
	}
	if code, _, _ := kbCmd(t, "", nil, "kb", "place", "9999 0000"); code != 1 {
		t.Errorf("unknown place: exit %d, want 1", code)
	}
}

func TestKBPlaceBatch(t *testing.T) {
	in := strings.Join([]string{
		`{"id":"a","name":"Pisky","country":"UKR","text":"Fighting near Pisky, Donetsk."}`,
		``,
		`not json`,
		`{"id":"c","name":"Aleppo","country":"Syria"}`,
		`{"id":"d","name":"Wadi Zubayrat","country":"YEM","text":"Shelling hit Wadi Zubayrat area (Hays, Al Hudaydah)."}`,
	}, "\n")
	code, out, stderr := kbCmd(t, in, nil, "kb", "place", "--batch", "-")
	if code != 1 || !strings.Contains(stderr, "-:3:") || !strings.Contains(stderr, "2 of 4 lines") {
		t.Errorf("exit %d, stderr %q: want 1 and the bad lines named", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d output lines, want 4:\n%s", len(lines), out)
	}
	var first, last struct {
		ID       string           `json:"id"`
		Location *sitrep.Location `json:"location"`
		Error    string           `json:"error"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil || first.ID != "a" || first.Location == nil || first.Location.Country != "UKR" {
		t.Errorf("first line %s (%v)", lines[0], err)
	}
	if err := json.Unmarshal([]byte(lines[3]), &last); err != nil || last.ID != "d" || last.Location == nil || last.Location.Country != "YEM" {
		t.Errorf("last line %s (%v)", lines[3], err)
	}
	if !strings.Contains(lines[2], `"error"`) {
		t.Errorf("bad country line %s: want an error", lines[2])
	}
}
