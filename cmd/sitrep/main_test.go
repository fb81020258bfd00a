package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/pgtest"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// sitrepCmd runs the CLI in-process with the real coder.
func sitrepCmd(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code = run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/sitrep -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test ./cmd/sitrep -update to accept):\n--- got\n%s", name, got)
	}
}

const seeds = "../../testdata/seeds"

func TestIngestSeedsEndToEnd(t *testing.T) {
	testIngestSeedsEndToEnd(t, filepath.Join(t.TempDir(), "t.db"))
}

// TestIngestSeedsEndToEndPostgres runs the same commands with --db naming
// a PostgreSQL database; their output must not differ.
func TestIngestSeedsEndToEndPostgres(t *testing.T) {
	testIngestSeedsEndToEnd(t, pgtest.Schema(t))
}

// testIngestSeedsEndToEnd ingests the seeds into the store db names (a
// path or a postgres:// URL) and reads them back through every command.
func testIngestSeedsEndToEnd(t *testing.T, db string) {
	code, out, stderr := sitrepCmd(t, "", "ingest", "--db", db, seeds)
	if code != 0 {
		t.Fatalf("ingest: exit %d\n%s%s", code, out, stderr)
	}
	if !strings.Contains(stderr, "5 new") || !strings.Contains(stderr, "0 failed") {
		t.Errorf("ingest summary: %s", stderr)
	}

	_, events, _ := sitrepCmd(t, "", "events", "--db", db, "--sort", "document")
	golden(t, "seeds-events.txt", events)
	_, transfers, _ := sitrepCmd(t, "", "transfers", "--db", db)
	golden(t, "seeds-transfers.txt", transfers)
	_, docs, _ := sitrepCmd(t, "", "docs", "--db", db)
	for _, want := range []string{"2023-07-15", "2016-08-17", "Arab Today"} {
		if !strings.Contains(docs, want) {
			t.Errorf("docs lacks %q:\n%s", want, docs)
		}
	}

	// Re-running changes nothing and says so.
	code, _, stderr = sitrepCmd(t, "", "ingest", "--db", db, seeds)
	if code != 0 || !strings.Contains(stderr, "0 new") || !strings.Contains(stderr, "5 duplicate") || !strings.Contains(stderr, "nothing changed") {
		t.Errorf("re-run: exit %d: %s", code, stderr)
	}
	_, again, _ := sitrepCmd(t, "", "events", "--db", db, "--sort", "document")
	if again != events {
		t.Error("re-running ingest changed the events")
	}

	// JSON Lines: every line is an event with evidence that the document holds.
	_, js, _ := sitrepCmd(t, "", "events", "--db", db, "--json")
	lines := strings.Split(strings.TrimSpace(js), "\n")
	if len(lines) < 20 {
		t.Fatalf("only %d events", len(lines))
	}
	for _, l := range lines {
		var ev sitrep.Event
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatalf("bad JSON line %q: %v", l, err)
		}
		if ev.ID == "" || ev.Rule == "" || ev.Evidence == "" || ev.Quad == "" || ev.Actor == nil || ev.Recipient == nil {
			t.Errorf("incomplete event %s", l)
		}
	}

	// Filters.
	_, js, _ = sitrepCmd(t, "", "events", "--db", db, "--json", "--actor", "RUS", "--type", "assault")
	for _, l := range strings.Split(strings.TrimSpace(js), "\n") {
		var ev sitrep.Event
		json.Unmarshal([]byte(l), &ev)
		if ev.Type != "ASSAULT" || !hasCountry(ev.Actor, "RUS") {
			t.Errorf("filter --actor RUS --type assault let through %s", l)
		}
	}
	_, csv, _ := sitrepCmd(t, "", "events", "--db", db, "--csv", "--doc", "2")
	if !strings.HasPrefix(csv, "id,document,sentence,date,type") {
		t.Errorf("csv header: %.80s", csv)
	}

	// show marks the trigger in its evidence.
	code, show, stderr := sitrepCmd(t, "", "show", "--db", db, "d1-e1")
	if code != 0 || !strings.Contains(show, "[[") || !strings.Contains(show, "Rule") || !strings.Contains(show, "Document   1") {
		t.Errorf("show: exit %d %s\n%s", code, stderr, show)
	}
	if code, _, stderr = sitrepCmd(t, "", "show", "--db", db, "d99-e1"); code == 0 || !strings.Contains(stderr, "not found") {
		t.Errorf("show of a missing event: exit %d, %s", code, stderr)
	}
}

func hasCountry(as []sitrep.Actor, c string) bool {
	for _, a := range as {
		if a.Country == c {
			return true
		}
	}
	return false
}

// TestIngestBadInputs feeds a batch of broken inputs after a good one and
// checks that each failure names its input, the good documents are stored,
// and what was stored before is intact.
func TestIngestBadInputs(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	if code, _, stderr := sitrepCmd(t, "", "ingest", "--db", db, seeds); code != 0 {
		t.Fatal(stderr)
	}
	_, before, _ := sitrepCmd(t, "", "events", "--db", db, "--json")

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><link>`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	write := func(name string, b []byte) string {
		p := filepath.Join(dir, "in", name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.txt", []byte("Russian jets struck rebel positions near Idlib on Tuesday, the Syrian Observatory said.\n"))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("Iranian officials met Russian diplomats in Tehran on Monday to discuss drone deliveries.\n"))
	zw.Close()
	goodGz := write("good2.txt.gz", gz.Bytes())
	bad := map[string]string{
		write("binary.bin", []byte{0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 0, 0, 0, 3}): "binary",
		write("latin1.txt", []byte("Caf\xe9 cr\xe8me in Damascus\n")):            "UTF-8",
		write("empty.txt", nil):        "empty",
		srv.URL + "/missing":           "404",
		srv.URL + "/feed.xml":          "feed",
		filepath.Join(dir, "nope.txt"): "nope.txt",
	}
	big := write("big.txt", bytes.Repeat([]byte("Russia struck. "), 50<<20/15))
	bad[big] = "larger"

	args := []string{"ingest", "--allow-private", "--db", db, good, goodGz} // the test server is on 127.0.0.1
	for in := range bad {
		args = append(args, in)
	}
	sort.Strings(args[6:])
	code, _, stderr := sitrepCmd(t, "", args...)
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	for in, word := range bad {
		found := false
		for _, line := range strings.Split(stderr, "\n") {
			if strings.Contains(line, in) && strings.Contains(strings.ToLower(line), strings.ToLower(word)) {
				found = true
			}
		}
		if !found {
			t.Errorf("no error naming %s with %q in:\n%s", in, word, stderr)
		}
	}
	if !strings.Contains(stderr, "2 new") {
		t.Errorf("the good inputs were not stored: %s", stderr)
	}
	_, docs, _ := sitrepCmd(t, "", "docs", "--db", db, "--json")
	if n := strings.Count(docs, "\n"); n != 7 {
		t.Errorf("%d documents stored, want 7", n)
	}
	_, after, _ := sitrepCmd(t, "", "events", "--db", db, "--json", "--until", "2023-12-31")
	for _, l := range strings.Split(strings.TrimSpace(before), "\n") {
		if !strings.Contains(after, l) && !strings.Contains(l, `"date":"2026`) {
			t.Errorf("event lost after a bad batch: %.120s", l)
		}
	}
}

func TestCodeStdin(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(seeds, "000_e6b59ee40e53f98a.txt"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, stderr := sitrepCmd(t, string(b), "code", "--published", "2023-07-15")
	if code != 0 {
		t.Fatal(stderr)
	}
	n := 0
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var ev sitrep.Event
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		if string(b[ev.Start:ev.End]) != ev.Evidence && ev.Sentence >= 0 {
			t.Errorf("evidence offsets do not match the text: %+v", ev)
		}
		n++
	}
	if n == 0 {
		t.Error("no events coded")
	}
	if code, _, _ := sitrepCmd(t, "x", "code", "--published", "15/07/2023"); code == 0 {
		t.Error("bad --published accepted")
	}
}

func TestHelp(t *testing.T) {
	for name := range commands {
		code, _, stderr := sitrepCmd(t, "", name, "-h")
		if code != 0 || !strings.Contains(stderr, "Usage: sitrep "+name) {
			t.Errorf("%s -h: exit %d\n%s", name, code, stderr)
		}
	}
	if code, _, _ := sitrepCmd(t, "", "frobnicate"); code != 2 {
		t.Error("unknown command accepted")
	}
}

// TestCodeWithUserKB checks that --kb files reach the coder: a village the
// embedded gazetteer lacks becomes the event's place.
func TestCodeWithUserKB(t *testing.T) {
	dir := userKBDir(t)
	old := newCoder
	coderOnce = sync.Once{}
	defer func() { newCoder, coderOnce = old, sync.Once{} }()
	code, out, stderr := sitrepCmd(t, "Russian forces shelled Zorvaka on Monday.", "code", "--kb", dir, "--published", "2023-05-03")
	if code != 0 {
		t.Fatal(stderr)
	}
	var ev sitrep.Event
	if err := json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &ev); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	if ev.Location == nil || ev.Location.Name != "Zorvaka" || ev.Location.Lat == nil || *ev.Location.Lat != 48 {
		t.Errorf("location %+v, want the user's Zorvaka", ev.Location)
	}
}
