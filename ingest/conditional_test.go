package ingest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"
)

// TestConditionalFetch fetches a page twice from servers that validate
// with an ETag, a Last-Modified date or nothing: the second fetch is
// answered 304 (or has the same digest) and yields a NotModified item;
// a changed page is read again.
func TestConditionalFetch(t *testing.T) {
	const lastMod = "Sat, 05 Dec 2026 10:00:00 GMT"
	for _, tc := range []struct {
		name string
		// serve answers with version n of the page.
		serve func(w http.ResponseWriter, r *http.Request, n int)
	}{
		{"etag", func(w http.ResponseWriter, r *http.Request, n int) {
			tag := fmt.Sprintf(`"v%d"`, n)
			w.Header().Set("ETag", tag)
			if r.Header.Get("If-None-Match") == tag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			fmt.Fprint(w, articleHTML(n))
		}},
		{"last-modified", func(w http.ResponseWriter, r *http.Request, n int) {
			lm := lastMod
			if n > 1 {
				lm = "Sat, 05 Dec 2026 11:00:00 GMT"
			}
			w.Header().Set("Last-Modified", lm)
			if r.Header.Get("If-Modified-Since") == lm {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			fmt.Fprint(w, articleHTML(n))
		}},
		{"digest", func(w http.ResponseWriter, r *http.Request, n int) {
			fmt.Fprint(w, articleHTML(n))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			version, full := 1, 0
			s := newSite(t, func(_ *site, w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/robots.txt" {
					http.NotFound(w, r)
					return
				}
				mu.Lock()
				n := version
				mu.Unlock()
				tc.serve(w, r, n)
			})
			page := s.URL + "/page"
			var saved Validators
			opts := fetchOptions()
			opts.Validators = func(u string) Validators {
				if u != page {
					t.Errorf("validators asked for %q", u)
				}
				return saved
			}
			opts.Changed = func(u string, v Validators) { full++; saved = v }
			read := func() Item {
				items := Read(context.Background(), page, nil, opts)
				if len(items) != 1 {
					t.Fatalf("%d items", len(items))
				}
				return items[0]
			}
			if it := read(); it.Doc == nil || it.NotModified {
				t.Fatalf("first fetch: %+v", it)
			}
			if saved.Digest == "" {
				t.Fatal("no digest recorded")
			}
			before := s.hitsOf("/page")
			if it := read(); !it.NotModified || it.Doc != nil || it.Err != nil {
				t.Errorf("unchanged page: %+v", it)
			}
			if s.hitsOf("/page") != before+1 {
				t.Errorf("unchanged page fetched %d times", s.hitsOf("/page")-before)
			}
			if full != 1 {
				t.Errorf("Changed called %d times, want 1", full)
			}
			mu.Lock()
			version = 2
			mu.Unlock()
			if it := read(); it.Doc == nil || it.NotModified {
				t.Errorf("changed page: %+v", it)
			}
			if full != 2 {
				t.Errorf("Changed called %d times, want 2", full)
			}
		})
	}
}

// TestFetchFailureKinds: transient failures (429, 503, network errors)
// are told from permanent ones (404), and Retry-After is read.
func TestFetchFailureKinds(t *testing.T) {
	s := newSite(t, func(_ *site, w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt", "/gone":
			http.NotFound(w, r)
		case "/busy":
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(http.StatusTooManyRequests)
		case "/down":
			w.Header().Set("Retry-After", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))
			w.WriteHeader(http.StatusServiceUnavailable)
		case "/broken":
			w.WriteHeader(http.StatusBadGateway)
		}
	})
	for _, tc := range []struct {
		url       string
		transient bool
		retry     time.Duration // at least
		status    int
	}{
		{s.URL + "/gone", false, 0, 404},
		{s.URL + "/busy", true, 120 * time.Second, 429},
		{s.URL + "/down", true, 59 * time.Minute, 503},
		{s.URL + "/broken", true, 0, 502},
		{"http://127.0.0.1:9/closed", true, 0, 0},
	} {
		opts := fetchOptions()
		opts.FetchTimeout = 2 * time.Second
		it := Read(context.Background(), tc.url, nil, opts)[0]
		if it.Err == nil {
			t.Errorf("%s: no error", tc.url)
			continue
		}
		if got := Transient(it.Err); got != tc.transient {
			t.Errorf("%s: Transient(%v) = %v", tc.url, it.Err, got)
		}
		if got := RetryAfter(it.Err); got < tc.retry || got > tc.retry+time.Hour {
			t.Errorf("%s: RetryAfter = %v, want %v", tc.url, got, tc.retry)
		}
		if got := StatusCode(it.Err); got != tc.status {
			t.Errorf("%s: StatusCode = %d, want %d", tc.url, got, tc.status)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"30", 30 * time.Second},
		{" 7 ", 7 * time.Second},
		{"-5", 0},
		{"soon", 0},
		{"99999999999", maxRetryAfter},
		{"Sat, 05 Dec 2026 12:10:00 GMT", 10 * time.Minute},
		{"Sat, 05 Dec 2026 11:00:00 GMT", 0},             // past
		{"Fri, 05 Dec 2036 12:00:00 GMT", maxRetryAfter}, // years ahead
	} {
		if got := parseRetryAfter(tc.in, now); got != tc.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// TestRetryAfterHoldsHost: after a 429 with Retry-After, the Fetcher's
// next request to that host waits for it.
func TestRetryAfterHoldsHost(t *testing.T) {
	s := newSite(t, func(_ *site, w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/busy":
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
		default:
			fmt.Fprint(w, articleHTML(1))
		}
	})
	opts := fetchOptions()
	opts.Fetcher = NewFetcher(opts)
	Read(context.Background(), s.URL+"/busy", nil, opts)
	start := time.Now()
	if it := Read(context.Background(), s.URL+"/a1", nil, opts)[0]; it.Err != nil {
		t.Fatal(it.Err)
	}
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Errorf("next request after %v, want the 1 s Retry-After", d)
	}
}

// TestRobotsReadDaily: a long-lived Fetcher reads a host's robots.txt
// again once RobotsMaxAge has passed, and follows the new rules.
func TestRobotsReadDaily(t *testing.T) {
	var mu sync.Mutex
	rules := "User-agent: *\nDisallow:\n"
	s := newSite(t, func(_ *site, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			mu.Lock()
			fmt.Fprint(w, rules)
			mu.Unlock()
			return
		}
		fmt.Fprint(w, articleHTML(1))
	})
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	f := NewFetcher(fetchOptions())
	f.now = func() time.Time { return now }
	allowed := func() error {
		_, err := f.get(context.Background(), s.URL+"/a1", "text/html", 1<<20, nil)
		return err
	}
	if err := allowed(); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	rules = "User-agent: *\nDisallow: /\n"
	mu.Unlock()
	now = now.Add(RobotsMaxAge - time.Minute)
	if err := allowed(); err != nil {
		t.Errorf("within a day: %v", err)
	}
	now = now.Add(2 * time.Minute)
	if err := allowed(); !errors.Is(err, ErrRobots) {
		t.Errorf("after a day: %v, want the new robots.txt to disallow", err)
	}
	if n := s.hitsOf("/robots.txt"); n != 2 {
		t.Errorf("robots.txt read %d times, want 2", n)
	}
}
