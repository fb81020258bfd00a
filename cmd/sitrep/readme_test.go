package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestREADMEUsage keeps the README's usage consistent with its set-up:
// every example of a command that reads or writes the store names the
// set-up's demo.db, so that a newcomer's next command does not show an
// empty store (or, in the PostgreSQL section, a postgres:// URL).
func TestREADMEUsage(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	if !strings.Contains(readme, "ingest --db demo.db testdata/seeds") {
		t.Fatal("the set-up no longer ingests into demo.db; update this test with it")
	}
	storeCommand := regexp.MustCompile(`sitrep (ingest|docs|events|show|transfers)\b`)
	n := 0
	for _, line := range strings.Split(readme, "\n") {
		if !storeCommand.MatchString(line) || !strings.Contains(line, "./sitrep") {
			continue
		}
		n++
		if !strings.Contains(line, "--db demo.db") && !strings.Contains(line, "postgres://") {
			t.Errorf("README: %q does not name --db demo.db", line)
		}
	}
	if n < 5 {
		t.Errorf("README: only %d store commands found", n)
	}
}

// TestKBPlaceWithoutCountry: issue 11's cases of kb place without
// --country.
func TestKBPlaceWithoutCountry(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"Vesele", "Vesele  UKR"},
		{"Wadi X area (Hays, Al Hudaydah)", "Ḩays  YEM"},
	} {
		code, out, stderr := sitrepCmd(t, "", "kb", "place", tc.name)
		if code != 0 || !strings.Contains(out, tc.want) {
			t.Errorf("kb place %q: exit %d, %q%s, want %q", tc.name, code, out, stderr, tc.want)
		}
	}
}
