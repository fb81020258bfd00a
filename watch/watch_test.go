package watch

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/ingest"
	"github.com/sitrep/sitrep/internal/pgtest"
	"github.com/sitrep/sitrep/pipeline"
	"github.com/sitrep/sitrep/postgres"
	"github.com/sitrep/sitrep/sqlite"
)

// nullCoder codes no events: what is watched and stored does not depend
// on what is coded, and the real models would only slow the tests.
type nullCoder struct{}

func (nullCoder) Code(ctx context.Context, in sitrep.Input) (*sitrep.Analysis, error) {
	return &sitrep.Analysis{}, nil
}

// newPipeline opens (or creates) the store at path: an SQLite file, or
// the PostgreSQL database a postgres:// URL names.
func newPipeline(t *testing.T, path string) *pipeline.Pipeline {
	t.Helper()
	var st sitrep.Store
	if postgres.IsURL(path) {
		db, err := postgres.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		st = db
	} else {
		db, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		st = db
	}
	t.Cleanup(func() { st.Close() })
	return &pipeline.Pipeline{Store: st, Coder: nullCoder{}}
}

func storedDocs(t *testing.T, p *pipeline.Pipeline) int {
	t.Helper()
	docs, err := p.Store.FindDocuments(context.Background(), sitrep.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(docs)
}

// newsSite is a test site with a feed at /feed.xml linking to articles
// /a0 … /a{n-1}. It validates conditional requests as mode says ("etag",
// "last-modified" or "" for neither) and counts its requests.
type newsSite struct {
	*httptest.Server
	mode string

	mu       sync.Mutex
	articles int
	robots   string
	status   map[string]int    // path → status to answer instead
	header   map[string]string // headers sent with an answer from status
	hits     map[string]int
	cond     map[string]int // conditional requests by path
}

func newNewsSite(t *testing.T, mode string, articles int) *newsSite {
	t.Helper()
	s := &newsSite{mode: mode, articles: articles, status: map[string]int{}, header: map[string]string{},
		hits: map[string]int{}, cond: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *newsSite) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	if r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "" {
		s.cond[r.URL.Path]++
	}
	status, n, robots := s.status[r.URL.Path], s.articles, s.robots
	for k, v := range s.header {
		w.Header().Set(k, v)
	}
	s.mu.Unlock()
	if status != 0 {
		w.WriteHeader(status)
		return
	}
	switch {
	case r.URL.Path == "/robots.txt":
		if robots == "" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, robots)
	case r.URL.Path == "/feed.xml":
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>`)
		for i := range n {
			fmt.Fprintf(&b, "<item><title>Story %d</title><link>%s/a%d</link></item>", i, s.URL, i)
		}
		b.WriteString("</channel></rss>")
		version := fmt.Sprint(n)
		switch s.mode {
		case "etag":
			tag := `"` + version + `"`
			w.Header().Set("ETag", tag)
			if r.Header.Get("If-None-Match") == tag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		case "last-modified":
			lm := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Hour).Format(http.TimeFormat)
			w.Header().Set("Last-Modified", lm)
			if r.Header.Get("If-Modified-Since") == lm {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, b.String())
	default:
		var i int
		if _, err := fmt.Sscanf(r.URL.Path, "/a%d", &i); err != nil || i >= n {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<html><head><title>Report %d</title></head><body><article><p>Officials in the capital met on
Monday to discuss report %d from %s and agreed to resume talks on the border crossing next week, the ministry said.</p>
</article></body></html>`, i, i, s.URL)
	}
}

func (s *newsSite) set(f func(s *newsSite)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s)
}

func (s *newsSite) hitsOf(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// articleHits is how many article requests the site has answered.
func (s *newsSite) articleHits() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for p, h := range s.hits {
		if strings.HasPrefix(p, "/a") {
			n += h
		}
	}
	return n
}

// clock is a settable clock for backoff tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// testWatcher returns a watcher over the store at dbPath that records its
// events.
func testWatcher(t *testing.T, dbPath string) (*Watcher, *[]Event) {
	t.Helper()
	var mu sync.Mutex
	var events []Event
	w := &Watcher{
		Pipeline: newPipeline(t, dbPath),
		Read:     ingest.Options{AllowPrivate: true, HostDelay: -1, FetchTimeout: 5 * time.Second},
		Workers:  2,
		Metrics:  &Metrics{},
		Report: func(e Event) {
			mu.Lock()
			events = append(events, e)
			mu.Unlock()
		},
		Jitter: func() float64 { return 0 },
	}
	return w, &events
}

// kinds counts events by kind.
func kinds(events []Event) map[string]int {
	m := map[string]int{}
	for _, e := range events {
		m[e.Kind]++
	}
	return m
}

// TestConditionalPolls polls a feed twice for each way a server may tell
// an unchanged feed: the second poll fetches no article and stores
// nothing; a new entry is then fetched alone.
func TestConditionalPolls(t *testing.T) {
	for _, mode := range []string{"etag", "last-modified", ""} {
		t.Run("mode="+mode, func(t *testing.T) {
			s := newNewsSite(t, mode, 3)
			w, events := testWatcher(t, filepath.Join(t.TempDir(), "w.db"))
			feed := s.URL + "/feed.xml"
			ctx := context.Background()
			if err := w.Poll(ctx, []string{feed}, nil); err != nil {
				t.Fatal(err)
			}
			if k := kinds(*events); k[Fetched] != 1 || k[Stored] != 3 || k[Failed] != 0 {
				t.Fatalf("first poll: %v", k)
			}
			if v := w.State.Feed(feed); v.Digest == "" || (mode == "etag") != (v.ETag != "") || (mode == "last-modified") != (v.LastModified != "") {
				t.Errorf("validators recorded: %+v", v.Validators)
			}
			*events = nil
			if err := w.Poll(ctx, []string{feed}, nil); err != nil {
				t.Fatal(err)
			}
			if k := kinds(*events); k[NotModified] != 1 || len(*events) != 1 {
				t.Errorf("second poll: %v", *events)
			}
			if mode != "" && s.cond["/feed.xml"] != 1 {
				t.Errorf("%d conditional requests, want 1", s.cond["/feed.xml"])
			}
			if n := s.articleHits(); n != 3 {
				t.Errorf("%d article requests, want 3", n)
			}
			s.set(func(s *newsSite) { s.articles = 4 })
			*events = nil
			if err := w.Poll(ctx, []string{feed}, nil); err != nil {
				t.Fatal(err)
			}
			if k := kinds(*events); k[Fetched] != 1 || k[Stored] != 1 || len(*events) != 2 {
				t.Errorf("poll after a new entry: %v", *events)
			}
			if n := s.articleHits(); n != 4 || s.hitsOf("/a3") != 1 {
				t.Errorf("%d article requests, want 4", n)
			}
			if n := storedDocs(t, w.Pipeline); n != 4 {
				t.Errorf("%d documents stored, want 4", n)
			}
		})
	}
}

// TestBackoff: a 429 or 503 backs the host off for its Retry-After, or
// for a minute doubling with each failure in a row; meanwhile the host is
// not asked; a success ends the backoff.
func TestBackoff(t *testing.T) {
	s := newNewsSite(t, "etag", 2)
	w, events := testWatcher(t, filepath.Join(t.TempDir(), "w.db"))
	c := &clock{t: time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)}
	w.Now = c.Now
	feed := s.URL + "/feed.xml"
	host := hostOf(feed)
	ctx := context.Background()
	poll := func() map[string]int {
		t.Helper()
		*events = nil
		if err := w.Poll(ctx, []string{feed}, nil); err != nil {
			t.Fatal(err)
		}
		return kinds(*events)
	}

	s.set(func(s *newsSite) { s.status["/feed.xml"] = 429; s.header["Retry-After"] = "300" })
	if k := poll(); k[Failed] != 1 || k[Deferred] != 1 {
		t.Fatalf("429: %v", *events)
	}
	if h := w.State.Host(host); h.Failures != 1 || !h.Until.Equal(c.Now().Add(300*time.Second)) {
		t.Errorf("after a 429 with Retry-After 300: %+v", h)
	}
	// The fetcher itself holds the host for a while in real time; the
	// test's clock is not real.
	w.Read.Fetcher = ingest.NewFetcher(w.Read)
	hits := s.hitsOf("/feed.xml")
	c.Add(299 * time.Second)
	if k := poll(); k[Deferred] != 1 || len(*events) != 1 || s.hitsOf("/feed.xml") != hits {
		t.Errorf("within Retry-After: %v, %d requests", *events, s.hitsOf("/feed.xml")-hits)
	}

	// 503 without Retry-After: one minute, then two, then four.
	s.set(func(s *newsSite) { s.status["/feed.xml"] = 503; delete(s.header, "Retry-After") })
	for i, want := range []time.Duration{2 * time.Minute, 4 * time.Minute, 8 * time.Minute} {
		c.Add(w.State.Host(host).Until.Sub(c.Now()))
		if k := poll(); k[Failed] != 1 {
			t.Fatalf("503 #%d: %v", i, *events)
		}
		if h := w.State.Host(host); h.Failures != i+2 || h.Until.Sub(c.Now()) != want {
			t.Errorf("503 #%d: %+v, want a wait of %v", i, h, want)
		}
	}
	// The doubling stops at MaxBackoff; jitter adds at most a tenth.
	w.Jitter = func() float64 { return 0.999 }
	w.State.setHost(host, HostState{Failures: 20})
	if k := poll(); k[Failed] != 1 {
		t.Fatalf("503: %v", *events)
	}
	if d := w.State.Host(host).Until.Sub(c.Now()); d < MaxBackoff || d > MaxBackoff+MaxBackoff/10 {
		t.Errorf("after 21 failures: a wait of %v, want MaxBackoff and a tenth at most", d)
	}

	s.set(func(s *newsSite) { delete(s.status, "/feed.xml") })
	c.Add(2 * time.Hour)
	if k := poll(); k[Stored] != 2 {
		t.Fatalf("recovered: %v", *events)
	}
	if h := w.State.Host(host); h != (HostState{}) {
		t.Errorf("after a success: %+v, want no backoff", h)
	}
}

// TestEntryBackoffKeepsFeed: an entry that fails transiently is fetched
// again at the next poll, though the feed has not changed: the feed's new
// validators are recorded only once all its entries are settled.
func TestEntryBackoffKeepsFeed(t *testing.T) {
	s := newNewsSite(t, "etag", 3)
	w, events := testWatcher(t, filepath.Join(t.TempDir(), "w.db"))
	c := &clock{t: time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)}
	w.Now = c.Now
	feed := s.URL + "/feed.xml"
	s.set(func(s *newsSite) { s.status["/a1"] = 503 })
	if err := w.Poll(context.Background(), []string{feed}, nil); err != nil {
		t.Fatal(err)
	}
	if k := kinds(*events); k[Stored] != 2 || k[Failed] != 1 {
		t.Fatalf("first poll: %v", *events)
	}
	if v := w.State.Feed(feed); v.ETag != "" {
		t.Errorf("validators recorded with an entry to fetch again: %+v", v)
	}
	s.set(func(s *newsSite) { delete(s.status, "/a1") })
	c.Add(time.Hour)
	*events = nil
	if err := w.Poll(context.Background(), []string{feed}, nil); err != nil {
		t.Fatal(err)
	}
	if k := kinds(*events); k[Stored] != 1 || k[Failed] != 0 {
		t.Fatalf("second poll: %v", *events)
	}
	if v := w.State.Feed(feed); v.ETag == "" {
		t.Error("validators not recorded once every entry was stored")
	}
	if n := storedDocs(t, w.Pipeline); n != 3 {
		t.Errorf("%d documents, want 3", n)
	}
}

// TestRobotsDisallow: entries robots.txt disallows are never requested,
// and are failures for good (the feed is not read again for them); a feed
// it disallows is not requested either.
func TestRobotsDisallow(t *testing.T) {
	s := newNewsSite(t, "etag", 3)
	s.set(func(s *newsSite) { s.robots = "User-agent: *\nDisallow: /a1\n" })
	w, events := testWatcher(t, filepath.Join(t.TempDir(), "w.db"))
	feed := s.URL + "/feed.xml"
	if err := w.Poll(context.Background(), []string{feed}, nil); err != nil {
		t.Fatal(err)
	}
	if k := kinds(*events); k[Stored] != 2 || k[Failed] != 1 {
		t.Fatalf("%v", *events)
	}
	if s.hitsOf("/a1") != 0 {
		t.Error("a disallowed page was requested")
	}
	for _, e := range *events {
		if e.Kind == Failed && !strings.Contains(e.Error, "robots.txt") {
			t.Errorf("failure: %s", e.Error)
		}
	}
	if w.State.Feed(feed).ETag == "" {
		t.Error("a disallowed entry kept the feed unsettled")
	}

	s2 := newNewsSite(t, "etag", 3)
	s2.set(func(s *newsSite) { s.robots = "User-agent: sitrep-ingest\nDisallow: /feed\n" })
	*events = nil
	if err := w.Poll(context.Background(), []string{s2.URL + "/feed.xml"}, nil); err != nil {
		t.Fatal(err)
	}
	if k := kinds(*events); k[Failed] != 1 || len(*events) != 1 || s2.hitsOf("/feed.xml") != 0 {
		t.Errorf("disallowed feed: %v, %d requests", *events, s2.hitsOf("/feed.xml"))
	}
}

// TestRestartFromState: a new watcher, on the same store and state file,
// fetches no article again and stores nothing twice — whether the feed
// answers 304 or, changed in form only, lists the same entries.
func TestRestartFromState(t *testing.T) {
	for _, mode := range []string{"etag", ""} {
		dir := t.TempDir()
		dbPath, statePath := filepath.Join(dir, "w.db"), filepath.Join(dir, "w.db.watch.json")
		s := newNewsSite(t, mode, 3)
		feed := s.URL + "/feed.xml"
		w, _ := testWatcher(t, dbPath)
		w.StatePath = statePath
		if err := w.Poll(context.Background(), []string{feed}, nil); err != nil {
			t.Fatal(err)
		}
		before := storedDocs(t, w.Pipeline)

		st, err := LoadState(statePath)
		if err != nil {
			t.Fatal(err)
		}
		if st.Feed(feed).Digest == "" {
			t.Fatalf("state file lacks the feed: %+v", st.Feed(feed))
		}
		w2, events := testWatcher(t, dbPath)
		w2.State, w2.StatePath = st, statePath
		if mode == "" {
			// A feed rebuilt on every request: another body, the same
			// entries.
			w2.State.updateFeed(feed, func(fs *FeedState) { fs.Digest = "changed" })
		}
		if err := w2.Poll(context.Background(), []string{feed}, nil); err != nil {
			t.Fatal(err)
		}
		if n := s.articleHits(); n != 3 {
			t.Errorf("mode %q: %d article requests over two runs, want 3", mode, n)
		}
		if k := kinds(*events); k[Stored]+k[Duplicate]+k[Failed] != 0 {
			t.Errorf("mode %q: after restart: %v", mode, *events)
		}
		if n := storedDocs(t, w2.Pipeline); n != before {
			t.Errorf("mode %q: %d documents after restart, want %d", mode, n, before)
		}
	}
}

// TestTwoWatchers: two watchers (their own pipelines and states) on the
// same feeds and the same SQLite file at once store each item once.
func TestTwoWatchers(t *testing.T) {
	testTwoWatchers(t, filepath.Join(t.TempDir(), "w.db"))
}

// TestTwoWatchersPostgres: the same, both storing into one PostgreSQL
// database.
func TestTwoWatchersPostgres(t *testing.T) {
	testTwoWatchers(t, pgtest.Schema(t))
}

// testTwoWatchers runs two watchers at once on the same two feeds (20
// items) and the store db names (a path or a postgres:// URL): each item
// is stored once and reported stored by one watcher only.
func testTwoWatchers(t *testing.T, db string) {
	s := newNewsSite(t, "etag", 12)
	s2 := newNewsSite(t, "", 8)
	feeds := []string{s.URL + "/feed.xml", s2.URL + "/feed.xml"}
	newPipeline(t, db) // created before the two race to
	var wg sync.WaitGroup
	events := make([]*[]Event, 2)
	for i := range 2 {
		w, ev := testWatcher(t, db)
		events[i] = ev
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := w.Poll(context.Background(), feeds, nil); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	// Per item rather than in all, so that one item stored twice and
	// another not at all cannot pass.
	reported := map[string]int{}
	for i, ev := range events {
		for _, e := range *ev {
			switch e.Kind {
			case Failed:
				t.Errorf("watcher %d: %s", i, e.Error)
			case Stored:
				reported[e.URL]++
			}
		}
	}
	docs, err := newPipeline(t, db).Store.FindDocuments(context.Background(), sitrep.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]int{}
	for _, d := range docs {
		stored[d.URL]++
	}
	for _, site := range []*newsSite{s, s2} {
		for i := range site.articles {
			u := fmt.Sprintf("%s/a%d", site.URL, i)
			if stored[u] != 1 || reported[u] != 1 {
				t.Errorf("%s: stored %d times, reported stored %d times, want once", u, stored[u], reported[u])
			}
		}
	}
	if len(docs) != 20 {
		t.Errorf("%d documents stored, want 20", len(docs))
	}
}

// TestRunStops: Run polls, waits for the next poll, and returns nil
// soon after stop is closed.
func TestRunStops(t *testing.T) {
	s := newNewsSite(t, "etag", 2)
	w, _ := testWatcher(t, filepath.Join(t.TempDir(), "w.db"))
	w.Every = time.Hour
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() { done <- w.Run(context.Background(), []string{s.URL + "/feed.xml"}, stop) }()
	deadline := time.Now().Add(10 * time.Second)
	for storedDocs(t, w.Pipeline) < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	close(stop)
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after stop")
	}
	if n := s.hitsOf("/feed.xml"); n != 1 {
		t.Errorf("feed polled %d times within its hour", n)
	}
}

func TestLoadStateErrors(t *testing.T) {
	dir := t.TempDir()
	if st, err := LoadState(filepath.Join(dir, "none.json")); err != nil || st.Feed("x") != (FeedState{}) {
		t.Errorf("missing file: %v", err)
	}
	bad := filepath.Join(dir, "bad.json")
	for _, data := range []string{"not json", `{"version": 99}`} {
		if err := writeFile(bad, data); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadState(bad); err == nil {
			t.Errorf("%q: no error", data)
		}
	}
	st := NewState()
	st.updateFeed("http://a/feed", func(fs *FeedState) { fs.ETag = `"x"` })
	st.setHost("a", HostState{Failures: 2, Until: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	st.setGone("http://a/video", now, now.Add(time.Hour))
	path := filepath.Join(dir, "s.json")
	if err := st.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := LoadState(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Feed("http://a/feed").ETag != `"x"` || got.Host("a").Failures != 2 ||
		!got.Gone("http://a/video", now) || got.Gone("http://a/video", now.Add(time.Hour)) {
		t.Errorf("round trip: %+v %+v", got.Feed("http://a/feed"), got.Host("a"))
	}
}

// TestGoneEntries: an entry that failed for good is not fetched again
// when its feed changes, until GoneHTTPFor (for an HTTP error) has passed.
func TestGoneEntries(t *testing.T) {
	s := newNewsSite(t, "etag", 3)
	s.set(func(s *newsSite) { s.status["/a1"] = http.StatusNotFound })
	w, events := testWatcher(t, filepath.Join(t.TempDir(), "w.db"))
	c := &clock{t: time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)}
	w.Now = c.Now
	feed := s.URL + "/feed.xml"
	poll := func(articles int) map[string]int {
		t.Helper()
		s.set(func(s *newsSite) { s.articles = articles })
		*events = nil
		if err := w.Poll(context.Background(), []string{feed}, nil); err != nil {
			t.Fatal(err)
		}
		return kinds(*events)
	}
	if k := poll(3); k[Stored] != 2 || k[Failed] != 1 {
		t.Fatalf("first poll: %v", *events)
	}
	if w.State.Feed(feed).ETag == "" {
		t.Error("a 404 entry kept the feed unsettled")
	}
	c.Add(time.Hour)
	if k := poll(4); k[Stored] != 1 || k[Failed] != 0 || s.hitsOf("/a1") != 1 {
		t.Errorf("within GoneHTTPFor: %v, /a1 asked %d times", *events, s.hitsOf("/a1"))
	}
	c.Add(GoneHTTPFor)
	if k := poll(5); k[Stored] != 1 || k[Failed] != 1 || s.hitsOf("/a1") != 2 {
		t.Errorf("after GoneHTTPFor: %v, /a1 asked %d times", *events, s.hitsOf("/a1"))
	}
}

// TestDue: a feed is due Every after its last poll, whatever Every was
// when it was polled, and not before its host's backoff ends.
func TestDue(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	w := &Watcher{State: NewState(), Every: time.Minute}
	feed := "https://a.example/feed.xml"
	if at := w.due(feed); !at.IsZero() {
		t.Errorf("never polled: due %v, want at once", at)
	}
	w.State.updateFeed(feed, func(fs *FeedState) { fs.LastPoll = now })
	if at := w.due(feed); !at.Equal(now.Add(time.Minute)) {
		t.Errorf("polled at %v: due %v", now, at)
	}
	w.State.setHost("a.example", HostState{Failures: 1, Until: now.Add(time.Hour)})
	if at := w.due(feed); !at.Equal(now.Add(time.Hour)) {
		t.Errorf("host backing off: due %v", at)
	}
}
