package pipeline_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/ingest"
	"github.com/sitrep/sitrep/pipeline"
	"github.com/sitrep/sitrep/sqlite"
)

// fakeCoder codes nothing, slowly or not: Ingest's ordering and
// concurrency do not depend on what is coded, and the real coder's data
// would only slow these tests down.
type fakeCoder struct {
	delay   time.Duration
	calls   atomic.Int32
	running atomic.Int32
	peak    atomic.Int32
}

func (c *fakeCoder) Code(ctx context.Context, in sitrep.Input) (*sitrep.Analysis, error) {
	c.calls.Add(1)
	n := c.running.Add(1)
	defer c.running.Add(-1)
	for {
		p := c.peak.Load()
		if n <= p || c.peak.CompareAndSwap(p, n) {
			break
		}
	}
	time.Sleep(c.delay)
	return &sitrep.Analysis{}, nil
}

func fakePipeline(tb testing.TB, c sitrep.Coder) *pipeline.Pipeline {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "p.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return &pipeline.Pipeline{Store: db, Coder: c}
}

// articles writes n distinct text files and returns their paths.
func articles(tb testing.TB, n int) []string {
	tb.Helper()
	dir := tb.TempDir()
	var paths []string
	for i := range n {
		p := filepath.Join(dir, fmt.Sprintf("a%02d.txt", i))
		text := fmt.Sprintf("Report number %d.\n\nOfficials in city %d met on Monday to discuss the talks of week %d.\n", i, i, i)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

func TestIngestOrderedAndConcurrent(t *testing.T) {
	ctx := context.Background()
	inputs := articles(t, 12)
	missing := filepath.Join(t.TempDir(), "missing.txt")
	inputs = append(inputs[:6:6], append([]string{missing}, inputs[6:]...)...)
	for _, tc := range []struct {
		name    string
		workers int
	}{{"sequential", 1}, {"four workers", 4}} {
		t.Run(tc.name, func(t *testing.T) {
			c := &fakeCoder{delay: 20 * time.Millisecond}
			p := fakePipeline(t, c)
			var reps []pipeline.Report
			err := p.Ingest(ctx, inputs, pipeline.Options{Workers: tc.workers}, func(r pipeline.Report) { reps = append(reps, r) })
			if err != nil {
				t.Fatal(err)
			}
			if len(reps) != len(inputs) {
				t.Fatalf("%d reports for %d inputs", len(reps), len(inputs))
			}
			var lastID int64
			for i, r := range reps {
				if r.Index != i || r.Input != inputs[i] {
					t.Errorf("report %d is for input %d %s", i, r.Index, r.Input)
				}
				if r.Input == missing {
					if r.Outcome != pipeline.Failed || r.Err == nil || !strings.HasPrefix(r.Err.Error(), missing+": ") {
						t.Errorf("missing file: %+v", r)
					}
					continue
				}
				if r.Outcome != pipeline.New || r.Err != nil || r.ID <= lastID || r.Title == "" {
					t.Errorf("report %d: %+v", i, r)
				}
				lastID = r.ID
			}
			if got := c.peak.Load(); got > int32(tc.workers) {
				t.Errorf("%d documents coded at once with %d workers", got, tc.workers)
			}
		})
	}
}

// TestIngestCancel stops a run midway: what was reported as stored is
// stored, nothing else is, and a re-run stores only the rest. Documents
// committed one at a time stop at the third; a group reports all it
// committed, the ones after the cancel included.
func TestIngestCancel(t *testing.T) {
	for _, tc := range []struct {
		name  string
		group int
	}{{"one at a time", 1}, {"groups of 4", 4}, {"default groups", 0}} {
		t.Run(tc.name, func(t *testing.T) {
			inputs := articles(t, 10)
			c := &fakeCoder{delay: 10 * time.Millisecond}
			p := fakePipeline(t, c)
			ctx, cancel := context.WithCancel(context.Background())
			stored := 0
			opts := pipeline.Options{Workers: 2, GroupSize: tc.group}
			err := p.Ingest(ctx, inputs, opts, func(r pipeline.Report) {
				if r.Outcome == pipeline.New {
					stored++
				}
				if stored == 3 {
					cancel()
				}
			})
			if err != context.Canceled {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			docs, err := p.Store.FindDocuments(context.Background(), sitrep.DocumentFilter{})
			if err != nil || len(docs) != stored || tc.group == 1 && stored != 3 {
				t.Fatalf("%d documents stored (%v), %d reported", len(docs), err, stored)
			}
			counts := map[pipeline.Outcome]int{}
			if err := p.Ingest(context.Background(), inputs, opts, func(r pipeline.Report) { counts[r.Outcome]++ }); err != nil {
				t.Fatal(err)
			}
			if counts[pipeline.New] != 10-stored || counts[pipeline.Duplicate] != stored {
				t.Errorf("re-run: %v, want %d new and %d duplicates", counts, 10-stored, stored)
			}
		})
	}
}

// TestIngestFeedInterrupted stops a feed midway: the entries reported
// stored are stored, and a re-run fetches only the others.
func TestIngestFeedInterrupted(t *testing.T) {
	var mu sync.Mutex
	hits := map[string]int{}
	const entries = 8
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		switch {
		case r.URL.Path == "/feed.xml":
			fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>`)
			for i := range entries {
				fmt.Fprintf(w, "<item><title>Story %d</title><link>%s/a%d</link></item>", i, srv.URL, i)
			}
			fmt.Fprint(w, "</channel></rss>")
		case strings.HasPrefix(r.URL.Path, "/a"):
			time.Sleep(10 * time.Millisecond)
			fmt.Fprintf(w, "<html><body><article><p>Officials met on Monday to discuss story %s and agreed to resume talks next week.</p></article></body></html>", r.URL.Path)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	p := fakePipeline(t, &fakeCoder{})
	// One transaction per entry, so that the run stops at the third.
	opts := pipeline.Options{Workers: 2, GroupSize: 1, Read: ingest.Options{AllowPrivate: true, HostDelay: 5 * time.Millisecond}}
	ctx, cancel := context.WithCancel(context.Background())
	var stored []string
	err := p.Ingest(ctx, []string{srv.URL + "/feed.xml"}, opts, func(r pipeline.Report) {
		if r.Outcome == pipeline.New {
			stored = append(stored, r.Input)
		}
		if len(stored) == 3 {
			cancel()
		}
	})
	if err != context.Canceled {
		t.Fatalf("err = %v", err)
	}
	docs, _ := p.Store.FindDocuments(context.Background(), sitrep.DocumentFilter{})
	if len(docs) != 3 {
		t.Fatalf("%d documents stored after the interruption, want 3", len(docs))
	}

	mu.Lock()
	clear(hits)
	mu.Unlock()
	counts := map[pipeline.Outcome]int{}
	if err := p.Ingest(context.Background(), []string{srv.URL + "/feed.xml"}, opts, func(r pipeline.Report) { counts[r.Outcome]++ }); err != nil {
		t.Fatal(err)
	}
	if counts[pipeline.New] != entries-3 || counts[pipeline.Skipped] != 3 {
		t.Errorf("re-run: %v, want %d new and 3 skipped", counts, entries-3)
	}
	for _, in := range stored {
		u, _ := url.Parse(in)
		if hits[u.Path] != 0 {
			t.Errorf("%s fetched again", in)
		}
	}
}

// The SQLite store lists its URLs without loading every document.
var _ pipeline.URLLister = (*sqlite.DB)(nil)
