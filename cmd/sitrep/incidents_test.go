package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/incident"
)

// incidentReports are five short reports: four outlets on one strike on
// Odesa, one of them a denial, and a look-alike strike a week later.
var incidentReports = []struct{ name, outlet, published, text string }{
	{"a", "Wire One", "2024-03-02", "A Russian drone struck an apartment building in Odesa on Saturday, killing eight people, Ukrainian officials said."},
	{"b", "Wire Two", "2024-03-03", "Russian forces attacked a residential building in Odesa on Saturday with drones. Six people were killed, the regional governor said."},
	{"c", "Gulf Channel", "2024-03-02", "Russia hit an apartment block in Odesa with a Shahed drone on Saturday, killing eight, Kyiv said."},
	{"d", "Moscow Agency", "2024-03-02", "The Russian Defence Ministry denied on Saturday that its forces had struck residential buildings in Odesa."},
	{"e", "London Radio", "2024-03-09", "Russian drones struck Odesa on Saturday, killing two people, the governor said."},
}

// incidentDB ingests incidentReports and returns the store's path and the
// folder of the reports.
func incidentDB(t *testing.T) (db, dir string) {
	t.Helper()
	dir = t.TempDir()
	var files []string
	for _, r := range incidentReports {
		f := filepath.Join(dir, r.name+".txt")
		meta := fmt.Sprintf(`{"outlet": %q, "published": %q}`, r.outlet, r.published)
		if os.WriteFile(f, []byte(r.text+"\n"), 0o644) != nil || os.WriteFile(f+".meta.json", []byte(meta), 0o644) != nil {
			t.Fatal("cannot write the reports")
		}
		files = append(files, f)
	}
	db = filepath.Join(t.TempDir(), "i.db")
	if code, _, stderr := sitrepCmd(t, "", append([]string{"ingest", "--db", db, "-q"}, files...)...); code != 0 {
		t.Fatalf("ingest: %d %s", code, stderr)
	}
	return db, dir
}

func TestIncidentsCommand(t *testing.T) {
	db, dir := incidentDB(t)
	code, out, stderr := sitrepCmd(t, "", "incidents", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("incidents: %d %s", code, stderr)
	}
	var views []incident.View
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var v incident.View
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		views = append(views, v)
	}
	var strike *incident.View
	for i := range views {
		if views[i].Sources >= 3 {
			if strike != nil {
				t.Fatalf("two incidents of 3+ sources: %s", out)
			}
			strike = &views[i]
		}
	}
	if strike == nil || !strike.Contested || strike.Place != "Odesa" || strike.Date != "2024-03-02" || strike.FirstReport != "2024-03-02" {
		t.Fatalf("the strike: %+v", strike)
	}
	for _, r := range strike.Reports {
		if r.Outlet == "London Radio" {
			t.Errorf("the look-alike a week later joined the strike")
		}
	}

	for _, tc := range []struct {
		args []string
		want []string // in stdout
		not  []string
	}{
		{[]string{"incidents", "--contested"}, []string{strike.ID, "denied"}, []string{"2024-03-09"}},
		{[]string{"incidents", "--min-sources", "3", "--csv"}, []string{"id,date,type", strike.ID + ",2024-03-02,ASSAULT"}, []string{"2024-03-09"}},
		{[]string{"incidents", "--since", "2024-03-05"}, []string{"2024-03-09"}, []string{strike.ID}},
		{[]string{"events", "--incidents", "--type", "ASSAULT"}, []string{"INCIDENT", strike.ID, "2024-03-09"}, nil},
		{[]string{"show", strike.ID}, []string{"Incident   " + strike.ID, "Contested", "denies", "[[", "Disputed   killed: 8"}, nil},
	} {
		code, out, stderr := sitrepCmd(t, "", append(tc.args, "--db", db)...)
		if code != 0 {
			t.Errorf("%v: exit %d, %s", tc.args, code, stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: no %q in\n%s", tc.args, w, out)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(out, w) {
				t.Errorf("%v: %q in\n%s", tc.args, w, out)
			}
		}
	}
	if code, _, stderr := sitrepCmd(t, "", "show", "--db", db, "inc-000000000000"); code == 0 || !strings.Contains(stderr, "not found") {
		t.Errorf("show of an unknown incident: %d %s", code, stderr)
	}

	// Re-ingesting the same reports changes no incident.
	again := filepath.Join(dir, "*.txt")
	files, _ := filepath.Glob(again)
	sitrepCmd(t, "", append([]string{"ingest", "--db", db, "-q"}, files...)...)
	if _, out2, _ := sitrepCmd(t, "", "incidents", "--db", db, "--json"); out2 != out {
		t.Errorf("re-ingest changed the incidents:\n%s\nwant\n%s", out2, out)
	}
}

func TestEvalIncidents(t *testing.T) {
	gold := filepath.Join(t.TempDir(), "g.incidents.jsonl")
	var b strings.Builder
	for i, r := range incidentReports {
		rec := map[string]string{"incident": "i1", "id": fmt.Sprint("r", i+1), "outlet": r.outlet,
			"url": "https://example.org/" + r.name, "published": r.published, "text": r.text}
		if r.name == "e" {
			rec["incident"], rec["lookalike_of"] = "x1", "i1"
		}
		line, _ := json.Marshal(rec)
		b.Write(append(line, '\n'))
	}
	if err := os.WriteFile(gold, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"eval", "--incidents", gold}, {"eval", gold}} {
		code, out, stderr := sitrepCmd(t, "", args...)
		if code != 0 || !strings.Contains(out, "B-cubed") || !strings.Contains(out, "look-alike pairs 4, merged 0") {
			t.Errorf("%v: exit %d\n%s%s", args, code, out, stderr)
		}
	}
	code, out, _ := sitrepCmd(t, "", "eval", "--incidents", gold, "--json")
	var res []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || len(res) != 1 || res[0]["bcubed"] == nil {
		t.Errorf("--json: %d %s", code, out)
	}
}
