package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/pgtest"
	"github.com/sitrep/sitrep/postgres"
	"github.com/sitrep/sitrep/sqlite"
)

// childMarker, set in the environment, makes the test binary run as
// sitrep with a slow coder that appends a line to the file it names when
// it starts coding a document: TestWatchSIGTERM's child process.
const childMarker = "SITREP_WATCH_TEST_MARKER"

// childDelay, set in the environment with childMarker, is how long the
// child's coder takes over a document (default 1.5 s).
const childDelay = "SITREP_WATCH_TEST_DELAY"

func init() {
	if marker := os.Getenv(childMarker); marker != "" {
		delay, err := time.ParseDuration(os.Getenv(childDelay))
		if err != nil {
			delay = 1500 * time.Millisecond
		}
		newCoder = func(string) (sitrep.Coder, error) { return slowCoder{marker: marker, delay: delay}, nil }
		main() // exits
	}
}

// slowCoder takes its delay over each document, failing if its context
// is cancelled meanwhile: a document abandoned rather than finished would
// fail and not be stored.
type slowCoder struct {
	marker string
	delay  time.Duration
}

func (c slowCoder) Code(ctx context.Context, in sitrep.Input) (*sitrep.Analysis, error) {
	f, err := os.OpenFile(c.marker, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	fmt.Fprintln(f, "coding")
	f.Close()
	select {
	case <-time.After(c.delay):
		return &sitrep.Analysis{}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// feedServer serves an RSS feed at /feed.xml (with an ETag) linking to n
// articles.
func feedServer(t *testing.T, n int) (feed string, hits func(path string) int) {
	t.Helper()
	var mu sync.Mutex
	count := map[string]int{}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		count[r.URL.Path]++
		mu.Unlock()
		switch {
		case r.URL.Path == "/robots.txt":
			http.NotFound(w, r)
		case r.URL.Path == "/feed.xml":
			w.Header().Set("ETag", `"v1"`)
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>`)
			for i := range n {
				fmt.Fprintf(w, "<item><title>Story %d</title><link>http://%s/a%d</link></item>", i, r.Host, i)
			}
			fmt.Fprint(w, "</channel></rss>")
		default:
			var i int
			if _, err := fmt.Sscanf(r.URL.Path, "/a%d", &i); err != nil || i >= n {
				http.NotFound(w, r)
				return
			}
			fmt.Fprintf(w, `<html><head><title>Report %d</title></head><body><article><p>Officials in the capital met on
Monday to discuss report %d and agreed to resume talks on the border crossing next week, the ministry said.</p>
</article></body></html>`, i, i)
		}
	}))
	t.Cleanup(ts.Close)
	return ts.URL + "/feed.xml", func(path string) int {
		mu.Lock()
		defer mu.Unlock()
		return count[path]
	}
}

// watchEvents decodes --json output into events by kind.
func watchEvents(t *testing.T, out string) map[string]int {
	t.Helper()
	kinds := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var ev struct {
			Event string `json:"event"`
			Feed  string `json:"feed"`
		}
		if err := json.Unmarshal([]byte(line), &ev); err != nil || ev.Feed == "" {
			t.Fatalf("not an event line: %q (%v)", line, err)
		}
		kinds[ev.Event]++
	}
	return kinds
}

func countDocs(t *testing.T, db string) int {
	t.Helper()
	return len(storedDocs(t, db))
}

// storedDocs returns the documents in the store db names: an SQLite file
// or a postgres:// URL.
func storedDocs(t *testing.T, db string) []*sitrep.Document {
	t.Helper()
	var st sitrep.Reader
	var err error
	if postgres.IsURL(db) {
		st, err = postgres.OpenReadOnly(context.Background(), db)
	} else {
		st, err = sqlite.OpenReadOnly(context.Background(), db)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	docs, err := st.FindDocuments(context.Background(), sitrep.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// TestWatchOnce polls a feed twice with --once: the first run stores its
// articles and writes the state beside the store; the second finds the
// feed unchanged and stores nothing.
func TestWatchOnce(t *testing.T) {
	stubCoder(t)
	feed, hits := feedServer(t, 3)
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	list := filepath.Join(dir, "feeds.txt")
	if err := os.WriteFile(list, []byte("# the test wire\n"+feed+" # ETag\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runBounded(t, nil, "watch", "--db", db, "--once", "--json", "--allow-private", "--list", list)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if k := watchEvents(t, out); k["fetched"] != 1 || k["stored"] != 3 || len(k) != 2 {
		t.Errorf("first run: %v\n%s", k, out)
	}
	if _, err := os.Stat(db + ".watch.json"); err != nil {
		t.Errorf("no state file beside the store: %v", err)
	}
	code, out, stderr = runBounded(t, nil, "watch", "--db", db, "--once", "--json", "--allow-private", feed)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if k := watchEvents(t, out); k["not-modified"] != 1 || len(k) != 1 {
		t.Errorf("second run: %v\n%s", k, out)
	}
	if n := hits("/a0") + hits("/a1") + hits("/a2"); n != 3 {
		t.Errorf("%d article requests over two runs, want 3", n)
	}
	if n := countDocs(t, db); n != 3 {
		t.Errorf("%d documents, want 3", n)
	}
}

func TestWatchArguments(t *testing.T) {
	stubCoder(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("https://example.org/feed\nexample.org/rss\n"), 0o644)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"watch", "--db", db}, 2, "Usage: sitrep watch"},
		{[]string{"watch", "--db", db, "feed.xml"}, 1, "not an http(s) URL"},
		{[]string{"watch", "--db", db, "--list", bad}, 1, "line 2"},
		{[]string{"watch", "--db", db, "--list", filepath.Join(dir, "none.txt")}, 1, "none.txt"},
		{[]string{"watch", "--db", db, "--every", "0s", "https://example.org/feed"}, 1, "--every"},
	} {
		code, _, stderr := runBounded(t, nil, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a refused watch created the store")
	}
}

// waitFor polls f every 25 ms for up to 20 s.
func waitFor(t *testing.T, what string, f func() bool) {
	t.Helper()
	for range 800 {
		if f() {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

// scrape returns the body of a GET.
func scrape(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// TestWatchMetrics runs the watcher with --metrics until its context
// ends (as Ctrl-C ends it) and reads the counters meanwhile.
func TestWatchMetrics(t *testing.T) {
	stubCoder(t)
	feed, _ := feedServer(t, 3)
	db := filepath.Join(t.TempDir(), "w.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr lockedBuffer
	e := &env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &stderr, getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, e, []string{"watch", "--db", db, "-q", "--allow-private", "--every", "1h", "--metrics", "127.0.0.1:0", feed})
	}()
	addrRE := regexp.MustCompile(`metrics on (http://\S+/metrics)`)
	var url string
	waitFor(t, "the metrics address", func() bool {
		m := addrRE.FindStringSubmatch(stderr.String())
		if m != nil {
			url = m[1]
		}
		return m != nil
	})
	// The poll is counted once it has ended, after its documents.
	waitFor(t, "the first poll's end", func() bool { return strings.Contains(scrape(t, url), "sitrep_watch_polls_total 1\n") })
	body := scrape(t, url)
	for _, w := range []string{fmt.Sprintf(`sitrep_watch_documents_total{feed=%q} 3`, feed),
		fmt.Sprintf(`sitrep_watch_failures_total{feed=%q} 0`, feed)} {
		if !strings.Contains(body, w) {
			t.Errorf("metrics lack %q:\n%s", w, body)
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d: %s", code, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("watch did not stop")
	}
}

// TestServeWatch runs 'sitrep serve --watch FILE': the watcher stores the
// feed's articles, the API lists them and /metrics counts them.
func TestServeWatch(t *testing.T) {
	stubCoder(t)
	feed, _ := feedServer(t, 3)
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	list := filepath.Join(dir, "feeds.txt")
	os.WriteFile(list, []byte(feed+"\n"), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr lockedBuffer
	e := &env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &stderr, getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, e, []string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--watch", list, "--allow-private", "--every", "1h"})
	}()
	addrRE := regexp.MustCompile(`serving on (http://[^/]+)/ \(read-only, watching 1 feeds`)
	var base string
	waitFor(t, "the address", func() bool {
		m := addrRE.FindStringSubmatch(stderr.String())
		if m != nil {
			base = m[1]
		}
		return m != nil
	})
	want := fmt.Sprintf(`sitrep_watch_documents_total{feed=%q} 3`, feed)
	waitFor(t, want, func() bool { return strings.Contains(scrape(t, base+"/metrics"), want) })
	if body := scrape(t, base+"/api/documents"); strings.Count(body, `"title":"Story`) != 3 {
		t.Errorf("/api/documents: %s", body)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d: %s", code, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// TestWatchSIGTERM runs sitrep watch in a child process with a slow coder
// and sends it SIGTERM while it codes the first of three articles: it
// stores that one, starts no other, and exits 0. A second run stores the
// other two and nothing twice.
func TestWatchSIGTERM(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	feed, _ := feedServer(t, 3)
	dir := t.TempDir()
	db, marker := filepath.Join(dir, "w.db"), filepath.Join(dir, "coding")
	cmd := exec.Command(os.Args[0], "watch", "--db", db, "--json", "--workers", "1", "--allow-private", "--every", "1h", feed)
	cmd.Env = append(os.Environ(), childMarker+"="+marker)
	var stdout, stderr lockedBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	waitFor(t, "the first document to be coded", func() bool {
		_, err := os.Stat(marker)
		return err == nil
	})
	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("exit: %v\n%s", err, stderr.String())
		}
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("no exit within 20 s of SIGTERM\n%s", stderr.String())
	}
	t.Logf("exited %v after SIGTERM", time.Since(start).Round(time.Millisecond))
	k := watchEvents(t, stdout.String())
	if k["stored"] != 1 || k["failed"] != 0 {
		t.Errorf("events %v, want the document in hand stored and no failure\n%s", k, stdout.String())
	}
	if b, _ := os.ReadFile(marker); strings.Count(string(b), "coding") != 1 {
		t.Errorf("%d documents started, want 1", strings.Count(string(b), "coding"))
	}
	if n := countDocs(t, db); n != 1 {
		t.Errorf("%d documents stored, want 1", n)
	}

	stubCoder(t)
	code, out, errOut := runBounded(t, nil, "watch", "--db", db, "--once", "--json", "--allow-private", feed)
	if code != 0 {
		t.Fatalf("second run: exit %d: %s", code, errOut)
	}
	if k := watchEvents(t, out); k["stored"] != 2 || k["duplicate"] != 0 {
		t.Errorf("second run: %v, want the other two stored\n%s", k, out)
	}
	if n := countDocs(t, db); n != 3 {
		t.Errorf("%d documents stored, want 3", n)
	}
}

// TestTwoWatchProcesses runs two 'sitrep watch --once' processes at once
// on the same feeds, the same SQLite file and (by default) the same state
// file.
func TestTwoWatchProcesses(t *testing.T) {
	testTwoWatchProcesses(t, filepath.Join(t.TempDir(), "w.db"))
}

// TestTwoWatchProcessesPostgres: the same with --db naming one PostgreSQL
// database, whose schema the two processes race to create, and --state
// one file (there is no default beside a database URL).
func TestTwoWatchProcessesPostgres(t *testing.T) {
	testTwoWatchProcesses(t, pgtest.Schema(t), "--state", filepath.Join(t.TempDir(), "pg.watch.json"))
}

// TestWatchPostgresNeedsState: with a postgres:// --db and no --state,
// watch and serve --watch refuse at once, before connecting or fetching,
// rather than storing a poll's documents and failing to save the state.
func TestWatchPostgresNeedsState(t *testing.T) {
	db := "postgres://sitrep@127.0.0.1:1/none?sslmode=disable" // never connected to
	dir := t.TempDir()
	list := filepath.Join(dir, "feeds.txt")
	if err := os.WriteFile(list, []byte("http://127.0.0.1:1/feed.xml\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"watch", "--db", db, "--once", "--list", list},
		{"serve", "--db", db, "--watch", list, "--addr", "127.0.0.1:0"},
	} {
		code, _, stderr := runBounded(t, nil, args...)
		if code == 0 || !strings.Contains(stderr, "--state") {
			t.Errorf("%s: exit %d, want a failure naming --state\n%s", args[0], code, stderr)
		}
	}
}

// testTwoWatchProcesses runs two 'sitrep watch --once' processes at once,
// with the flags more, on two feeds of the same six texts, storing into db
// (a path or a postgres:// URL): each text is stored once, and between
// them the processes report each stored once.
func testTwoWatchProcesses(t *testing.T, db string, more ...string) {
	feedA, _ := feedServer(t, 6)
	feedB, _ := feedServer(t, 6) // the same texts: stored once across both feeds
	dir := t.TempDir()
	type child struct {
		cmd            *exec.Cmd
		stdout, stderr lockedBuffer
	}
	var children [2]*child
	for i := range children {
		c := &child{}
		args := append([]string{"watch", "--db", db, "--once", "--json", "--workers", "2", "--allow-private"}, more...)
		c.cmd = exec.Command(os.Args[0], append(args, feedA, feedB)...)
		c.cmd.Env = append(os.Environ(), childMarker+"="+filepath.Join(dir, fmt.Sprint("coding", i)), childDelay+"=50ms")
		c.cmd.Stdout, c.cmd.Stderr = &c.stdout, &c.stderr
		children[i] = c
	}
	for _, c := range children {
		if err := c.cmd.Start(); err != nil {
			t.Fatal(err)
		}
	}
	reported := map[string]int{} // stored events by title
	for i, c := range children {
		exited := make(chan error, 1)
		go func() { exited <- c.cmd.Wait() }()
		select {
		case err := <-exited:
			if err != nil {
				t.Errorf("watch %d: %v\n%s", i, err, c.stderr.String())
			}
		case <-time.After(2 * time.Minute):
			c.cmd.Process.Kill()
			t.Fatalf("watch %d did not finish within two minutes", i)
		}
		if k := watchEvents(t, c.stdout.String()); k["failed"] != 0 {
			t.Errorf("watch %d: failures\n%s", i, c.stdout.String())
		}
		for _, line := range strings.Split(strings.TrimSpace(c.stdout.String()), "\n") {
			var ev struct{ Event, Title string }
			if json.Unmarshal([]byte(line), &ev) == nil && ev.Event == "stored" {
				reported[ev.Title]++
			}
		}
	}
	// Per text rather than in all, so that one text stored twice and
	// another not at all cannot pass.
	stored := map[string]int{}
	docs := storedDocs(t, db)
	for _, d := range docs {
		stored[d.Title]++
	}
	for i := range 6 {
		title := fmt.Sprint("Story ", i) // the feed's titles
		if stored[title] != 1 || reported[title] != 1 {
			t.Errorf("%q: stored %d times, reported stored %d times, want once", title, stored[title], reported[title])
		}
	}
	if len(docs) != 6 {
		t.Errorf("%d documents stored, want 6", len(docs))
	}
}
