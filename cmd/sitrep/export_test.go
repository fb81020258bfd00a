package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	seedstore "github.com/sitrep/sitrep/internal/seeds"
	"github.com/sitrep/sitrep/sqlite"
)

// seedDB returns a database filled from the coded seeds, without running
// the coder.
func seedDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "seeds.db")
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := seedstore.Fill(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestExportCommand(t *testing.T) {
	db := seedDB(t)
	for _, tc := range []struct {
		args []string
		code int
		want string // a substring of stdout, or of stderr when code != 0
	}{
		{[]string{"--format", "geojson", "--regions=false"}, 0, `"type":"FeatureCollection"`},
		{[]string{"--format", "GRAPHML", "--actor", "IRN"}, 0, `<node id="IRNGOV">`},
		{[]string{"--format", "csv", "--regions=false", "--type", "assault", "--doc", "5"}, 0, "d5-e9,2016-08-17,day,ASSAULT"},
		{[]string{"--format", "xml"}, 1, `unknown export format "xml"`},
		{[]string{"--format", "csv", "--since", "July"}, 1, `since "July"`},
		{[]string{"--format", "jsonl", "--text", "drones", "--bbox", "30,30,60,40", "--sort=-date"}, 0, `"type":`},
		{[]string{"--format", "jsonl", "--bbox", "1,2"}, 2, "west,south,east,north"},
		{[]string{}, 2, "Usage: sitrep export"},
	} {
		code, out, errOut := sitrepCmd(t, "", append([]string{"export", "--db", db}, tc.args...)...)
		got := out
		if tc.code != 0 {
			got = errOut
		}
		if code != tc.code || !strings.Contains(got, tc.want) {
			t.Errorf("export %v: exit %d, want %d with %q in\n%s", tc.args, code, tc.code, tc.want, got)
		}
	}
	// JSON Lines are the event shape, one per line.
	_, out, _ := sitrepCmd(t, "", "export", "--db", db, "--format", "jsonl", "--type", "AID")
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var ev struct{ Type string }
		if err := json.Unmarshal([]byte(l), &ev); err != nil || ev.Type != "AID" {
			t.Errorf("jsonl line %q: %v", l, err)
		}
	}
}
