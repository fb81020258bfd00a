package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/pgtest"
	"github.com/sitrep/sitrep/postgres"
	"github.com/sitrep/sitrep/sqlite"
)

// testDatabase returns the URL of a new, empty database on the server
// that $SITREP_TEST_POSTGRES names, dropped when the test ends, or skips
// the test. A whole database: River's queue is the schema "river" of it.
func testDatabase(t *testing.T) string {
	t.Helper()
	admin := pgtest.URL(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("%s: %v", pgtest.EnvURL, err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	name := "sitrep_cmd_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), admin)
		if err != nil {
			return
		}
		defer c.Close(context.Background())
		c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// TestEnqueueWorkerSameAsIngest: the seeds queued with `enqueue --wait`
// and worked by `sitrep worker` are stored as `sitrep ingest` stores them
// — documents, events, transfers and incidents alike, up to the IDs the
// stores give — and enqueue prints ingest's summary.
func TestEnqueueWorkerSameAsIngest(t *testing.T) {
	pg := testDatabase(t)
	lite := filepath.Join(t.TempDir(), "ingest.db")
	code, _, ingestErr := sitrepCmd(t, "", "ingest", "--db", lite, "../../testdata/seeds")
	if code != 0 {
		t.Fatalf("ingest: exit %d\n%s", code, ingestErr)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	wctx, stop := context.WithCancel(ctx)
	var wout lockedBuffer
	done := make(chan int)
	go func() {
		e := &env{stdin: strings.NewReader(""), stdout: &wout, stderr: &wout, getenv: func(string) string { return "" }}
		done <- run(wctx, e, []string{"worker", "--db", pg, "--concurrency", "2"})
	}()
	code, _, enqErr := sitrepCmd(t, "", "enqueue", "--wait", "--db", pg, "../../testdata/seeds")
	stop()
	if wc := <-done; wc != 0 {
		t.Errorf("worker: exit %d\n%s", wc, wout.String())
	}
	if code != 0 {
		t.Fatalf("enqueue: exit %d\n%s", code, enqErr)
	}
	if got, want := lastLine(enqErr), lastLine(ingestErr); got != want {
		t.Errorf("enqueue's summary %q, ingest's %q", got, want)
	}

	a, err := sqlite.Open(ctx, lite)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := postgres.Open(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ga, gb := storedOutput(t, ctx, a), storedOutput(t, ctx, b)
	if len(ga) == 0 {
		t.Fatal("ingest stored nothing")
	}
	for i := range max(len(ga), len(gb)) {
		var x, y string
		if i < len(ga) {
			x = ga[i]
		}
		if i < len(gb) {
			y = gb[i]
		}
		if x != y {
			t.Errorf("line %d differs:\ningest: %s\nworker: %s", i, x, y)
			break
		}
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// docRef matches the store's IDs of documents inside event and transfer
// IDs ("d12-e3").
var docRef = regexp.MustCompile(`\bd(\d+)-([et]\d+)\b`)

// storedOutput lists what a store holds as sorted JSON lines in which the
// store's own IDs are replaced by content hashes: the same articles
// stored by different paths give the same lines.
func storedOutput(t *testing.T, ctx context.Context, st sitrep.IncidentStore) []string {
	t.Helper()
	docs, err := st.FindDocuments(ctx, sitrep.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	hash := map[string]string{}
	var lines []string
	add := func(kind string, v any) {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		s := docRef.ReplaceAllStringFunc(string(b), func(m string) string {
			p := docRef.FindStringSubmatch(m)
			return "d" + hash[p[1]] + "-" + p[2]
		})
		lines = append(lines, kind+" "+s)
	}
	for _, d := range docs {
		hash[itoa(d.ID)] = d.Hash[:12]
	}
	for _, d := range docs {
		c := *d
		c.ID, c.IngestedAt, c.Text = 0, time.Time{}, ""
		if c.DuplicateOf != 0 {
			c.DuplicateOf = -1
		}
		add("doc", c)
	}
	events, err := st.FindEvents(ctx, sitrep.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		c := *e
		c.Document = 0
		add("event", c)
	}
	transfers, err := st.FindTransfers(ctx, sitrep.TransferFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range transfers {
		c := *tr
		c.Document = 0
		add("transfer", c)
	}
	links, err := st.IncidentLinks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range links {
		add("incident", l)
	}
	slices.Sort(lines)
	return lines
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestEnqueueFeed: a feed URL is queued as one fetch; the worker that
// takes it fetches the entries and queues one document job each, and
// `enqueue --wait` follows them to the end. Queuing the feed again stores
// nothing new.
func TestEnqueueFeed(t *testing.T) {
	pg := testDatabase(t)
	seeds, err := filepath.Glob("../../testdata/seeds/*.txt")
	if err != nil || len(seeds) < 2 {
		t.Fatal("no seeds")
	}
	pages := map[string][]byte{}
	for i, f := range seeds[:2] {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pages[fmt.Sprintf("/a%d.txt", i)] = b
	}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/feed.xml" {
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>`+
				`<item><title>One</title><link>%[1]s/a0.txt</link></item>`+
				`<item><title>Two</title><link>%[1]s/a1.txt</link></item></channel></rss>`, srv.URL)
			return
		}
		if b, ok := pages[r.URL.Path]; ok {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Write(b)
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	wctx, stop := context.WithCancel(ctx)
	var wout lockedBuffer
	done := make(chan int)
	go func() {
		e := &env{stdin: strings.NewReader(""), stdout: &wout, stderr: &wout, getenv: func(string) string { return "" }}
		done <- run(wctx, e, []string{"worker", "--db", pg, "--allow-private", "--concurrency", "2"})
	}()
	defer func() {
		stop()
		if wc := <-done; wc != 0 {
			t.Errorf("worker: exit %d\n%s", wc, wout.String())
		}
	}()
	for _, tc := range []struct{ name, want string }{
		{"first", "2 new"},
		{"again", "0 new"},
	} {
		code, out, stderr := sitrepCmd(t, "", "enqueue", "--wait", "--db", pg, srv.URL+"/feed.xml")
		if code != 0 || !strings.Contains(lastLine(stderr), tc.want) {
			t.Errorf("%s: exit %d, want %q in the summary\n%s%s", tc.name, code, tc.want, out, stderr)
		}
	}
}
