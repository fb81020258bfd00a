package main

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestInterspersed(t *testing.T) {
	for _, tc := range []struct {
		args      []string
		db        string
		json      bool
		positions []string
	}{
		{[]string{"FILE", "--db", "X"}, "X", false, []string{"FILE"}},
		{[]string{"--db", "X", "FILE"}, "X", false, []string{"FILE"}},
		{[]string{"A", "--json", "B", "--db=X"}, "X", true, []string{"A", "B"}},
		{[]string{"A", "-db", "X", "-json", "-"}, "X", true, []string{"A", "-"}},
		{[]string{"A", "--", "--db", "X"}, "", false, []string{"A", "--db", "X"}},
		{[]string{"--db", "--json"}, "--json", false, nil}, // a value is a value
		{[]string{"--json=false", "A"}, "", false, []string{"A"}},
		{nil, "", false, nil},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		db := fs.String("db", "", "")
		js := fs.Bool("json", false, "")
		pos, err := parseInterspersed(fs, tc.args)
		if err != nil {
			t.Errorf("%q: %v", tc.args, err)
			continue
		}
		if *db != tc.db || *js != tc.json || !slices.Equal(pos, tc.positions) {
			t.Errorf("%q: db %q json %v args %q, want %q %v %q", tc.args, *db, *js, pos, tc.db, tc.json, tc.positions)
		}
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(new(strings.Builder))
	if _, err := parseInterspersed(fs, []string{"FILE", "--nope"}); err != errUsage {
		t.Errorf("unknown flag after a file: %v, want errUsage", err)
	}
}

// TestFlagsAnywhere runs the cases of issue 11: flags after arguments and
// -h in every position are read as flags, never as inputs or names.
func TestFlagsAnywhere(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	file := filepath.Join(seeds, "001_1a48629210037ae8.txt")

	// ingest FILE --db X stores FILE in X, not in the default database.
	if code, out, stderr := sitrepCmd(t, "", "ingest", file, "--db", db, "-q"); code != 0 {
		t.Fatalf("ingest FILE --db X: exit %d\n%s%s", code, out, stderr)
	}
	if code, out, stderr := sitrepCmd(t, "", "docs", "--json", "--db", db); code != 0 || strings.Count(out, "\n") != 1 {
		t.Errorf("docs of X after ingest FILE --db X: exit %d\n%s%s", code, out, stderr)
	}
	if code, out, _ := sitrepCmd(t, "", "show", "d1-e1", "--json", "--db", db); code != 0 || !strings.HasPrefix(out, "{") {
		t.Errorf("show ID --json: exit %d: %.200s", code, out)
	}
	if code, out, stderr := sitrepCmd(t, "", "entities", file, "--json"); code != 0 || !strings.HasPrefix(out, "{") {
		t.Errorf("entities FILE --json: exit %d: %.200s%s", code, out, stderr)
	}
	if code, out, _ := sitrepCmd(t, "", "kb", "lookup", "Kremlin", "--json"); code != 0 || !strings.HasPrefix(out, "{") {
		t.Errorf("kb lookup NAME --json: exit %d: %.200s", code, out)
	}

	// -h prints the command's usage and nothing else, wherever it is.
	for _, args := range [][]string{
		{"kb", "lookup", "-h"}, {"kb", "place", "-h"}, {"kb", "-h"}, {"show", "d1-e1", "-h"},
		{"entities", file, "--help"}, {"ingest", file, "-h"}, {"events", "-h"}, {"docs", "-h"},
		{"transfers", "-h"}, {"code", "-h"}, {"parse", file, "-h"}, {"eval", "x.jsonl", "-h"},
		{"nlp", "-h"}, {"coder", "-h"}, {"help", "events"}, {"serve", "-h"}, {"export", "-h"},
	} {
		code, out, stderr := sitrepCmd(t, "", args...)
		if code != 0 || out != "" || !strings.Contains(stderr, "Usage") {
			t.Errorf("%q: exit %d, stdout %.100q, stderr %.100q", args, code, out, stderr)
		}
	}
	// code says it reads standard input, and reads a file it is given.
	_, _, stderr := sitrepCmd(t, "", "code", "-h")
	if !strings.Contains(stderr, "standard input") {
		t.Errorf("code -h does not say it reads standard input:\n%s", stderr)
	}
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	_, fromStdin, _ := sitrepCmd(t, string(text), "code", "--published", "2023-07-15")
	code, fromFile, stderr := sitrepCmd(t, "", "code", file, "--published", "2023-07-15")
	if code != 0 || fromFile != fromStdin || fromFile == "" {
		t.Errorf("code FILE: exit %d %s, same as stdin: %v", code, stderr, fromFile == fromStdin)
	}
	if code, _, _ := sitrepCmd(t, "", "code", "a", "b"); code != 2 {
		t.Errorf("code with two files: exit %d, want 2", code)
	}
}
