package ingest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// articleHTML is a page with enough text to be read as an article.
func articleHTML(n int) string {
	return fmt.Sprintf(`<html><head><title>Report %d</title></head><body><article><p>Officials in the capital met on
Monday to discuss report %d and agreed to resume talks on the border crossing next week, the ministry said.</p>
</article></body></html>`, n, n)
}

// feedXML is an RSS feed linking to each of links.
func feedXML(links ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>`)
	for i, l := range links {
		fmt.Fprintf(&b, "<item><title>Story %d</title><link>%s</link></item>", i, l)
	}
	b.WriteString("</channel></rss>")
	return b.String()
}

// site is a test web site that counts its requests and how many of them
// run at once.
type site struct {
	*httptest.Server
	mu      sync.Mutex
	hits    map[string]int
	running int
	peak    int
	starts  []time.Time
}

func newSite(t *testing.T, h func(s *site, w http.ResponseWriter, r *http.Request)) *site {
	t.Helper()
	s := &site{hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.running++
		s.peak = max(s.peak, s.running)
		if r.URL.Path != "/robots.txt" {
			s.starts = append(s.starts, time.Now())
		}
		s.mu.Unlock()
		defer func() { s.mu.Lock(); s.running--; s.mu.Unlock() }()
		h(s, w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *site) hitsOf(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// serveArticles answers /aN with article N and 404 elsewhere.
func serveArticles(s *site, w http.ResponseWriter, r *http.Request) {
	var n int
	if _, err := fmt.Sscanf(r.URL.Path, "/a%d", &n); err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html")
	fmt.Fprint(w, articleHTML(n))
}

func fetchOptions() Options {
	o := testOptions()
	o.AllowPrivate = true // the test servers are on 127.0.0.1
	return o
}

// readAll reads one input and returns its items by input name.
func readAll(t *testing.T, input string, opts Options) map[string]Item {
	t.Helper()
	got := map[string]Item{}
	for _, it := range Read(context.Background(), input, nil, opts) {
		got[it.Input] = it
	}
	return got
}

// TestFeedFetchesHostsConcurrently serves three slow links on three hosts;
// each answers only once all three requests have arrived, which a
// one-by-one fetch never achieves.
func TestFeedFetchesHostsConcurrently(t *testing.T) {
	var arrived sync.WaitGroup
	arrived.Add(3)
	barrier := make(chan struct{})
	go func() { arrived.Wait(); close(barrier) }()
	slow := func(s *site, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		arrived.Done()
		select {
		case <-barrier:
		case <-time.After(5 * time.Second):
			http.Error(w, "fetched one at a time", http.StatusServiceUnavailable)
			return
		}
		serveArticles(s, w, r)
	}
	var links []string
	for i := range 3 {
		links = append(links, newSite(t, slow).URL+fmt.Sprintf("/a%d", i))
	}
	feed := newSite(t, func(_ *site, w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, feedXML(links...)) })
	got := readAll(t, feed.URL+"/feed.xml", fetchOptions())
	for _, l := range links {
		if it := got[l]; it.Err != nil || it.Doc == nil {
			t.Errorf("%s: %v", l, it.Err)
		}
	}
}

// TestFeedPerHostLimits fetches many entries of one host: never more than
// MaxPerHost at once, and request starts spaced by the host delay.
func TestFeedPerHostLimits(t *testing.T) {
	s := newSite(t, func(s *site, w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
		serveArticles(s, w, r)
	})
	var links []string
	for i := range 8 {
		links = append(links, s.URL+fmt.Sprintf("/a%d", i))
	}
	feed := newSite(t, func(_ *site, w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, feedXML(links...)) })
	opts := fetchOptions()
	const delay = 30 * time.Millisecond
	opts.HostDelay = delay
	got := readAll(t, feed.URL+"/feed.xml", opts)
	if len(got) != len(links) {
		t.Fatalf("%d items for %d links", len(got), len(links))
	}
	if s.peak > MaxPerHost {
		t.Errorf("%d requests at once to one host, want at most %d", s.peak, MaxPerHost)
	}
	// Request k may start no sooner than k delays after the first (the
	// arrivals jitter, the schedule does not).
	if n := len(s.starts); n != len(links) {
		t.Fatalf("%d requests", n)
	} else if span := s.starts[n-1].Sub(s.starts[0]); span < time.Duration(n-1)*delay-10*time.Millisecond {
		t.Errorf("%d requests within %v, want them %v apart", n, span, delay)
	}
	if n := s.hitsOf("/robots.txt"); n != 1 {
		t.Errorf("robots.txt fetched %d times", n)
	}
}

func TestRobotsHonoured(t *testing.T) {
	s := newSite(t, func(s *site, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, "User-agent: *\nDisallow: /\n\nUser-agent: sitrep-ingest\nDisallow: /a1\nAllow: /a1/ok\n")
			return
		}
		serveArticles(s, w, r)
	})
	feed := newSite(t, func(_ *site, w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, feedXML(s.URL+"/a0", s.URL+"/a1", s.URL+"/a1/ok"))
	})
	got := readAll(t, feed.URL+"/feed.xml", fetchOptions())
	if it := got[s.URL+"/a1"]; !errors.Is(it.Err, ErrRobots) {
		t.Errorf("disallowed entry: %v", it.Err)
	}
	if s.hitsOf("/a1") != 0 {
		t.Error("a disallowed page was requested")
	}
	for _, p := range []string{"/a0", "/a1/ok"} {
		if it := got[s.URL+p]; it.Err != nil && !errors.Is(it.Err, ErrNoText) && !strings.Contains(it.Err.Error(), "404") {
			t.Errorf("%s: %v", p, it.Err)
		}
		if s.hitsOf(p) != 1 {
			t.Errorf("%s requested %d times", p, s.hitsOf(p))
		}
	}
}

// TestFeedTimeouts: an entry that does not answer within the fetch
// timeout fails alone; after the fetch deadline the remaining entries are
// reported in one line naming the feed.
func TestFeedTimeouts(t *testing.T) {
	hang := newSite(t, func(s *site, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		if r.URL.Path == "/a0" {
			serveArticles(s, w, r)
			return
		}
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	feed := newSite(t, func(_ *site, w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, feedXML(hang.URL+"/a0", hang.URL+"/slow"))
	})
	opts := fetchOptions()
	opts.FetchTimeout = 100 * time.Millisecond
	got := readAll(t, feed.URL+"/feed.xml", opts)
	if it := got[hang.URL+"/a0"]; it.Err != nil {
		t.Errorf("answering entry: %v", it.Err)
	}
	if it := got[hang.URL+"/slow"]; it.Err == nil || !strings.Contains(it.Err.Error(), "no complete answer within 100ms") {
		t.Errorf("hanging entry: %v", it.Err)
	}

	var links []string
	for i := range 40 {
		links = append(links, hang.URL+fmt.Sprintf("/slow%d", i))
	}
	feed2 := newSite(t, func(_ *site, w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, feedXML(links...)) })
	opts = fetchOptions()
	opts.FetchDeadline = 300 * time.Millisecond
	items := Read(context.Background(), feed2.URL+"/feed.xml", nil, opts)
	last := items[len(items)-1]
	if last.Input != feed2.URL+"/feed.xml" || !errors.Is(last.Err, ErrDeadline) || !strings.Contains(last.Err.Error(), "entries not fetched") {
		t.Fatalf("last item %s: %v", last.Input, last.Err)
	}
	for _, it := range items {
		if it.Err == nil {
			t.Errorf("%s fetched from a hanging server", it.Input)
		}
	}
	if len(items) > 10 {
		t.Errorf("%d items: entries after the deadline should be reported together", len(items))
	}
}

// TestKnownEntriesSkipped: entries whose URL is stored are not fetched.
func TestKnownEntriesSkipped(t *testing.T) {
	s := newSite(t, serveArticles)
	links := []string{s.URL + "/a0", s.URL + "/a1", s.URL + "/a2"}
	feed := newSite(t, func(_ *site, w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, feedXML(links...)) })
	opts := fetchOptions()
	opts.Known = func(u string) bool { return u == links[1] }
	got := readAll(t, feed.URL+"/feed.xml", opts)
	if it := got[links[1]]; !it.Known || it.Doc != nil || it.Err != nil {
		t.Errorf("known entry: %+v", it)
	}
	if s.hitsOf("/a1") != 0 || s.hitsOf("/a0") != 1 || s.hitsOf("/a2") != 1 {
		t.Errorf("hits %v", s.hits)
	}
}

func TestFetchPolicy(t *testing.T) {
	s := newSite(t, serveArticles)
	u, _ := url.Parse(s.URL)
	port := u.Port()
	for _, tc := range []struct {
		name, url string
		allow     bool
		refused   bool
	}{
		{"loopback literal", s.URL + "/a0", false, true},
		{"localhost resolves to loopback", "http://localhost:" + port + "/a0", false, true},
		{"allowed with --allow-private", s.URL + "/a0", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := testOptions()
			opts.AllowPrivate = tc.allow
			it := Read(context.Background(), tc.url, nil, opts)[0]
			if got := errors.Is(it.Err, ErrForbidden); got != tc.refused {
				t.Errorf("refused = %v (%v), want %v", got, it.Err, tc.refused)
			}
			if tc.refused && !strings.Contains(it.Err.Error(), "--allow-private") {
				t.Errorf("error does not say how to allow it: %v", it.Err)
			}
		})
	}
}

// TestFetchPolicyOnRedirect lets one test server through the policy; its
// redirect to another server on 127.0.0.1 is refused when dialled.
func TestFetchPolicyOnRedirect(t *testing.T) {
	target := newSite(t, serveArticles)
	front := newSite(t, func(_ *site, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		http.Redirect(w, r, target.URL+"/a0", http.StatusFound)
	})
	fu, _ := url.Parse(front.URL)
	frontAddr := netip.MustParseAddrPort(fu.Host)
	opts := testOptions()
	opts.Client = newClient(false, func(ap netip.AddrPort) bool { return ap == frontAddr })
	it := Read(context.Background(), front.URL+"/go", nil, opts)[0]
	if !errors.Is(it.Err, ErrForbidden) {
		t.Fatalf("redirect to loopback: %v", it.Err)
	}
	if target.hitsOf("/a0") != 0 {
		t.Error("the redirect target was reached")
	}
}

func TestForbidden(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1": "loopback", "127.9.9.9": "loopback", "::1": "loopback", "::ffff:127.0.0.1": "loopback",
		"10.1.2.3": "private", "172.16.0.1": "private", "192.168.1.1": "private", "fd12::1": "private",
		"169.254.169.254": "cloud metadata", "fd00:ec2::254": "cloud metadata", "169.254.1.1": "link-local",
		"fe80::1": "link-local", "100.64.0.1": "carrier-grade NAT", "224.0.0.1": "multicast", "ff02::1": "multicast",
		"0.0.0.0": "unspecified", "::": "unspecified", "255.255.255.255": "reserved",
		"64:ff9b::7f00:1": "loopback", "2002:a00:1::": "private",
		"93.184.216.34": "", "2606:2800:220:1::": "", "8.8.8.8": "", "172.32.0.1": "",
	} {
		if got := forbidden(netip.MustParseAddr(addr)); got != want {
			t.Errorf("%s: %q, want %q", addr, got, want)
		}
	}
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://user:secret@example.com/a?b=1":  "https://example.com/a?b=1",
		"http://token@example.com/x":             "http://example.com/x",
		"https://example.com/@user/post":         "https://example.com/@user/post",
		"https://example.com/a":                  "https://example.com/a",
		"http://us%er:p@ss@example.com/%zz/path": "http://example.com/%zz/path",
		"/home/me/a@b.txt":                       "/home/me/a@b.txt",
		"-":                                      "-",
	} {
		if got := RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCredentialsNotStored reads a feed whose links carry a user name and
// password: the items and documents name the URLs without them.
func TestCredentialsNotStored(t *testing.T) {
	var auth atomic.Value
	s := newSite(t, func(s *site, w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); ok {
			auth.Store(u + ":" + p)
		}
		serveArticles(s, w, r)
	})
	withCreds := strings.Replace(s.URL, "http://", "http://reader:hunter2@", 1)
	feed := newSite(t, func(_ *site, w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, feedXML(withCreds+"/a0")) })
	items := Read(context.Background(), feed.URL+"/feed.xml", nil, fetchOptions())
	if len(items) != 1 || items[0].Doc == nil {
		t.Fatalf("%+v", items)
	}
	it := items[0]
	for _, s := range []string{it.Input, it.Doc.URL, it.Doc.Source} {
		if strings.Contains(s, "hunter2") || strings.Contains(s, "reader") {
			t.Errorf("credentials kept in %q", s)
		}
	}
	if auth.Load() != "reader:hunter2" {
		t.Error("the credentials were not used to fetch")
	}
	// A URL given directly, failing: its error does not show them either.
	bad := strings.Replace(s.URL, "http://", "http://reader:hunter2@", 1) + "/missing"
	it = Read(context.Background(), bad, nil, fetchOptions())[0]
	if it.Err == nil || strings.Contains(it.Err.Error(), "hunter2") || strings.Contains(it.Input, "hunter2") {
		t.Errorf("%s: %v", it.Input, it.Err)
	}
}

// TestRobotsServerError: a robots.txt answered with a server error
// disallows the site for the run (RFC 9309); a missing one allows it.
func TestRobotsServerError(t *testing.T) {
	for _, tc := range []struct {
		status  int
		allowed bool
	}{{http.StatusServiceUnavailable, false}, {http.StatusNotFound, true}, {http.StatusForbidden, true}} {
		s := newSite(t, func(s *site, w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/robots.txt" {
				w.WriteHeader(tc.status)
				return
			}
			serveArticles(s, w, r)
		})
		it := Read(context.Background(), s.URL+"/a1", nil, fetchOptions())[0]
		if got := !errors.Is(it.Err, ErrRobots); got != tc.allowed {
			t.Errorf("robots.txt %d: allowed %v (%v), want %v", tc.status, got, it.Err, tc.allowed)
		}
	}
}

// TestRefusedHostFailsAtOnce: once the policy refuses a host, its other
// entries fail without waiting their turn; waiting the 500 ms host delay
// for each would let the deadline pass first.
func TestRefusedHostFailsAtOnce(t *testing.T) {
	var links []string
	for i := range 20 {
		links = append(links, fmt.Sprintf("http://127.0.0.1:9/a%d", i))
	}
	path := t.TempDir() + "/feed.xml"
	if err := os.WriteFile(path, []byte(feedXML(links...)), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := testOptions()
	opts.HostDelay = 0 // the default, 500 ms
	opts.FetchDeadline = 2 * time.Second
	items := Read(context.Background(), path, nil, opts)
	if len(items) != len(links) {
		t.Fatalf("%d items for %d entries", len(items), len(links))
	}
	for _, it := range items {
		if !errors.Is(it.Err, ErrForbidden) {
			t.Errorf("%s: %v", it.Input, it.Err)
		}
	}
}
