package main

import (
	"context"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/pgtest"
	"github.com/sitrep/sitrep/postgres"
	"github.com/sitrep/sitrep/sqlite"
)

// datedDB stores two documents whose events are not in date order as
// stored: the first document is the later one. No coder runs; the events
// are made by hand.
func datedDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fillDated(t, db)
	return path
}

// datedPostgres is datedDB in a PostgreSQL database; it returns the URL.
func datedPostgres(t *testing.T) string {
	t.Helper()
	url := pgtest.Schema(t)
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fillDated(t, db)
	return url
}

// fillDated stores datedDB's documents in db.
func fillDated(t *testing.T, db sitrep.Store) {
	t.Helper()
	ctx := context.Background()
	long := "Russian forces shelled the outskirts of the city again on Tuesday, officials said, in the heaviest bombardment of the month so far."
	for i, d := range []struct{ date, hash, evType, actor, recipient string }{
		{"2023-09-01", "h1", "ASSAULT", "RUS", "UKR"},
		{"2022-02-24", "h2", "MOBILIZE", "UKR", "RUS"},
	} {
		doc := &sitrep.Document{Hash: d.hash, Title: "t", Source: "x.txt", Published: d.date, Text: long,
			IngestedAt: time.Date(2023, 9, 2, 0, 0, 0, 0, time.UTC)}
		a := &sitrep.Analysis{Events: []sitrep.Event{{
			Type: d.evType, Actor: []sitrep.Actor{{Country: d.actor, Sector: "MIL"}}, Recipient: []sitrep.Actor{{Country: d.recipient}},
			Date: d.date, Evidence: long, Start: 0, End: len(long), Rule: "test", Quad: sitrep.QuadOf(d.evType),
		}}}
		if _, _, err := db.AddDocument(ctx, doc, a); err != nil {
			t.Fatalf("document %d: %v", i+1, err)
		}
	}
}

func TestEventsCommandValues(t *testing.T) { testEventsCommandValues(t, datedDB(t)) }

// TestEventsCommandValuesPostgres runs the same commands on PostgreSQL.
func TestEventsCommandValuesPostgres(t *testing.T) { testEventsCommandValues(t, datedPostgres(t)) }

func testEventsCommandValues(t *testing.T, db string) {
	for _, tc := range []struct {
		name  string
		args  []string
		code  int
		order []string // event IDs in the order printed
		msg   string   // in stderr
	}{
		{"date order by default", nil, 0, []string{"d2-e1", "d1-e1"}, ""},
		{"newest first", []string{"--sort", "-date"}, 0, []string{"d1-e1", "d2-e1"}, ""},
		{"document order", []string{"--sort", "document"}, 0, []string{"d1-e1", "d2-e1"}, ""},
		{"by type", []string{"--sort", "type"}, 0, []string{"d1-e1", "d2-e1"}, ""},
		{"by actor", []string{"--sort", "actor"}, 0, []string{"d1-e1", "d2-e1"}, ""},
		{"unknown order", []string{"--sort", "size"}, 1, nil, "date, -date, type, actor, goldstein, -goldstein, document"},
		{"actor by name", []string{"--actor", "Russia"}, 0, []string{"d1-e1"}, ""},
		{"actor by adjective", []string{"--actor", "ukrainian"}, 0, []string{"d2-e1"}, ""},
		{"actor by code", []string{"--actor", "rus"}, 0, []string{"d1-e1"}, ""},
		{"actor sector", []string{"--actor", "mil"}, 0, []string{"d2-e1", "d1-e1"}, ""},
		{"recipient by name", []string{"--recipient", "Russian Federation"}, 0, []string{"d2-e1"}, ""},
		{"unknown actor", []string{"--actor", "Narnia"}, 1, nil, "not a country or sector"},
		{"unknown type", []string{"--type", "FOO"}, 1, nil, "AGREE, CONSULT"},
		{"type, lower case", []string{"--type", "assault"}, 0, []string{"d1-e1"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := sitrepCmd(t, "", append([]string{"events", "--db", db}, tc.args...)...)
			if code != tc.code || !strings.Contains(stderr, tc.msg) {
				t.Fatalf("exit %d, want %d; stderr %q, want %q", code, tc.code, stderr, tc.msg)
			}
			var ids []string
			for _, line := range strings.Split(out, "\n")[1:] {
				if f := strings.Fields(line); len(f) > 0 {
					ids = append(ids, f[0])
				}
			}
			if strings.Join(ids, " ") != strings.Join(tc.order, " ") {
				t.Errorf("events %q, want %q", ids, tc.order)
			}
		})
	}
	code, _, stderr := sitrepCmd(t, "", "transfers", "--db", db, "--supplier", "Narnia")
	if code != 1 || !strings.Contains(stderr, "not a country") {
		t.Errorf("transfers --supplier Narnia: exit %d, %s", code, stderr)
	}
	code, _, stderr = sitrepCmd(t, "", "transfers", "--db", db, "--category", "tanks")
	if code != 1 || !strings.Contains(stderr, "drone, missile") {
		t.Errorf("transfers --category tanks: exit %d, %s", code, stderr)
	}
	if code, _, stderr = sitrepCmd(t, "", "transfers", "--db", db, "--category", "Drone"); code != 0 {
		t.Errorf("transfers --category Drone: exit %d, %s", code, stderr)
	}
}

func TestEventsFitTerminal(t *testing.T) {
	db := datedDB(t)
	for _, width := range []int{60, 90, 120, 200} {
		var out, errb strings.Builder
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }, stdoutWidth: width}
		if code := run(context.Background(), e, []string{"events", "--db", db}); code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		for _, l := range lines {
			// The other columns take 65 characters here; on a narrower
			// terminal the evidence keeps minFlex characters and the
			// line wraps.
			if n := utf8.RuneCountInString(l); n > max(width, 65+minFlex) {
				t.Errorf("width %d: line of %d characters: %q", width, n, l)
			}
		}
		if width == 200 && !strings.Contains(out.String(), "bombardment of the month so far.") {
			t.Errorf("width 200 cut the evidence:\n%s", out.String())
		}
		if width == 90 && !strings.Contains(out.String(), "…") {
			t.Errorf("width 90 did not cut the evidence:\n%s", out.String())
		}
	}
	// $COLUMNS wins over the terminal's width.
	var out strings.Builder
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: new(strings.Builder),
		getenv: func(k string) string { return map[string]string{"COLUMNS": "90"}[k] }, stdoutWidth: 300}
	run(context.Background(), e, []string{"events", "--db", db})
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if n := utf8.RuneCountInString(l); n > 90 {
			t.Errorf("COLUMNS=90: line of %d characters: %q", n, l)
		}
	}
}

func TestVersion(t *testing.T) {
	info := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "github.com/sitrep/sitrep", Version: "(devel)"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-12-05T06:56:12Z"}, {Key: "vcs.modified", Value: "true"}}}
	tagged := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "github.com/sitrep/sitrep", Version: "v1.2.0"}}
	for _, tc := range []struct {
		set  string
		info *debug.BuildInfo
		want string
	}{
		{"dev", info, "sitrep (devel) commit 0123456789ab+modified 2026-12-05T06:56:12Z go1.26.0"},
		{"dev", tagged, "sitrep v1.2.0 go1.26.0"},
		{"v1.3.0", info, "sitrep v1.3.0 commit 0123456789ab+modified 2026-12-05T06:56:12Z go1.26.0"},
		{"dev", nil, "sitrep dev"},
	} {
		got := describeBuild(tc.set, func() (*debug.BuildInfo, bool) { return tc.info, tc.info != nil })
		if got != tc.want {
			t.Errorf("describeBuild(%q) = %q, want %q", tc.set, got, tc.want)
		}
	}
	if code, out, _ := sitrepCmd(t, "", "--version"); code != 0 || !strings.HasPrefix(out, "sitrep ") || strings.TrimSpace(out) == "sitrep dev" {
		t.Errorf("--version: exit %d, %q", code, out)
	}
}
