package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// incidentReport is one line of an incident gold file
// (docs/incidents-gold.md). The test decodes it strictly so that a
// misspelt field fails here rather than being ignored by the scorer.
type incidentReport struct {
	Incident    string `json:"incident"`
	ID          string `json:"id"`
	Outlet      string `json:"outlet"`
	URL         string `json:"url"`
	Published   string `json:"published"`
	Title       string `json:"title"`
	Text        string `json:"text"`
	LookalikeOf string `json:"lookalike_of"`
	Note        string `json:"note"`
}

// TestIncidentGoldSets checks the project's incident gold sets against the
// rules of docs/incidents-gold.md: required fields, unique report ids and
// pages, short excerpts, look-alikes that point at another incident, and
// at least 15 main incidents each reported by 3 or more outlets.
func TestIncidentGoldSets(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "evaldata", "incidents", "*.incidents.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no evaldata/incidents/*.incidents.jsonl")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) { checkIncidentGold(t, file) })
	}
}

func checkIncidentGold(t *testing.T, file string) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var reports []incidentReport
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		var r incidentReport
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		reports = append(reports, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}

	ids, urls := map[string]bool{}, map[string]bool{}
	outlets := map[string]map[string]bool{} // incident -> outlets
	lookalike := map[string]string{}        // incident -> lookalike_of
	for _, r := range reports {
		if r.Incident == "" || r.ID == "" || r.Outlet == "" || r.URL == "" || r.Text == "" {
			t.Errorf("%s: a required field is empty: %+v", r.ID, r)
		}
		if ids[r.ID] {
			t.Errorf("%s: duplicate id", r.ID)
		}
		ids[r.ID] = true
		if urls[r.URL] {
			t.Errorf("%s: page %s already used", r.ID, r.URL)
		}
		urls[r.URL] = true
		if !strings.HasPrefix(r.URL, "http://") && !strings.HasPrefix(r.URL, "https://") {
			t.Errorf("%s: url %q is not a web address", r.ID, r.URL)
		}
		if _, err := time.Parse(time.DateOnly, r.Published); err != nil {
			t.Errorf("%s: published %q: %v", r.ID, r.Published, err)
		}
		// "Short lead excerpt": about 400 characters; 450 leaves room for
		// a lead whose first sentence runs long.
		if n := len([]rune(r.Text)); n > 450 {
			t.Errorf("%s: text has %d characters, want a short excerpt", r.ID, n)
		}
		if outlets[r.Incident] == nil {
			outlets[r.Incident] = map[string]bool{}
		}
		outlets[r.Incident][r.Outlet] = true
		if prev, ok := lookalike[r.Incident]; ok && prev != r.LookalikeOf {
			t.Errorf("%s: incident %s has lookalike_of %q and %q", r.ID, r.Incident, prev, r.LookalikeOf)
		}
		lookalike[r.Incident] = r.LookalikeOf
	}

	mains := 0
	for inc, of := range lookalike {
		if of == "" {
			if n := len(outlets[inc]); n < 3 {
				t.Errorf("incident %s: %d outlets, want 3 or more", inc, n)
			}
			mains++
			continue
		}
		if of == inc {
			t.Errorf("incident %s: look-alike of itself", inc)
		} else if _, ok := lookalike[of]; !ok {
			t.Errorf("incident %s: lookalike_of %q is not in the file", inc, of)
		}
	}
	if mains < 15 {
		t.Errorf("%d main incidents, want at least 15", mains)
	}
}
