package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Defaults of the fetch limits.
const (
	// DefaultFetchTimeout bounds one fetch when Options.FetchTimeout is 0.
	DefaultFetchTimeout = 30 * time.Second
	// DefaultFetchDeadline bounds all the fetches of one Fetcher when
	// Options.FetchDeadline is 0.
	DefaultFetchDeadline = 10 * time.Minute
	// DefaultHostDelay is the least time between two requests to one
	// host when Options.HostDelay is 0.
	DefaultHostDelay = 500 * time.Millisecond
	// MaxConnections is how many fetches a Fetcher runs at once.
	MaxConnections = 8
	// MaxPerHost is how many of them may go to one host.
	MaxPerHost = 2
)

// Errors about fetches not made.
var (
	ErrRobots   = errors.New("disallowed by robots.txt") // the site's robots.txt disallows sitrep
	ErrDeadline = errors.New("fetch deadline passed")    // Options.FetchDeadline passed first
	ErrNetwork  = errors.New("network error")            // no complete answer: refused, reset, timed out
)

// Fetcher fetches http(s) URLs politely and within bounds: at most
// MaxConnections at a time and MaxPerHost to one host, requests to one
// host spaced by the host delay or its robots.txt Crawl-delay, robots.txt
// honoured, each fetch bounded by a timeout and all of them by a
// deadline. It is safe for concurrent use; share one across the inputs of
// a run so that its limits hold across them.
type Fetcher struct {
	client   *http.Client
	timeout  time.Duration
	deadline time.Time // zero: none
	limit    time.Duration
	delay    time.Duration
	all      chan struct{}

	mu    sync.Mutex
	hosts map[string]*hostState

	// now is time.Now but in tests; it dates robots.txt copies.
	now func() time.Time
}

// hostState is what a Fetcher knows of one scheme://host:port.
type hostState struct {
	slots chan struct{}

	mu   sync.Mutex
	next time.Time // when the next request may start

	robotsMu    sync.Mutex // held while robots.txt is fetched
	robots      *Robots    // nil until fetched
	robotsUntil time.Time  // when robots must be read again
	refused     error      // the fetch policy refused the host's address
}

// Lifetimes of a host's robots.txt rules in a long-lived Fetcher.
const (
	// RobotsMaxAge is how long a robots.txt read is used: RFC 9309
	// asks crawlers not to cache one for more than 24 hours.
	RobotsMaxAge = 24 * time.Hour
	// robotsRetry is how long the rules made up for a robots.txt that
	// could not be read (a server error disallows all) are kept, so that
	// a site's passing outage does not shut it out for a day.
	robotsRetry = time.Hour
)

// NewFetcher returns a Fetcher with the client, limits and deadline of
// opts; the deadline counts from now.
func NewFetcher(opts Options) *Fetcher {
	f := &Fetcher{
		client:  opts.Client,
		timeout: opts.FetchTimeout,
		delay:   opts.HostDelay,
		limit:   opts.FetchDeadline,
		all:     make(chan struct{}, MaxConnections),
		hosts:   make(map[string]*hostState),
		now:     time.Now,
	}
	if f.client == nil {
		f.client = NewClient(opts.AllowPrivate)
	}
	if f.timeout <= 0 {
		f.timeout = DefaultFetchTimeout
	}
	switch {
	case f.delay == 0:
		f.delay = DefaultHostDelay
	case f.delay < 0:
		f.delay = 0
	}
	if f.limit == 0 {
		f.limit = DefaultFetchDeadline
	}
	if f.limit > 0 {
		f.deadline = time.Now().Add(f.limit)
	}
	return f
}

// expired reports whether the Fetcher's deadline has passed.
func (f *Fetcher) expired() bool {
	return !f.deadline.IsZero() && !time.Now().Before(f.deadline)
}

func (f *Fetcher) host(u *url.URL) *hostState {
	key := u.Scheme + "://" + u.Host
	f.mu.Lock()
	defer f.mu.Unlock()
	h := f.hosts[key]
	if h == nil {
		h = &hostState{slots: make(chan struct{}, MaxPerHost)}
		f.hosts[key] = h
	}
	return h
}

// acquire takes a slot of ch or fails when ctx ends.
func acquire(ctx context.Context, ch chan struct{}) error {
	select {
	case ch <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// wait reserves the host's next request slot in time and sleeps until it.
func (h *hostState) wait(ctx context.Context, delay time.Duration) error {
	h.mu.Lock()
	now := time.Now()
	at := h.next
	if at.Before(now) {
		at = now
	}
	h.next = at.Add(delay)
	h.mu.Unlock()
	if d := time.Until(at); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// response is a fetched body with what is known about it.
type response struct {
	final       string // URL after redirects
	contentType string
	data        []byte
	// etag and lastModified are the validators the server sent.
	etag, lastModified string
	// notModified is set, with data nil, when a conditional request
	// was answered 304 Not Modified.
	notModified bool
}

// get fetches rawURL (Accept: accept), reading at most max bytes. With
// cond, the request is conditional on cond's ETag and Last-Modified.
func (f *Fetcher) get(ctx context.Context, rawURL, accept string, max int64, cond *Validators) (*response, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		if err == nil {
			err = errors.New("not an absolute http(s) URL")
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("bad URL: %v", err)
	}
	if !f.deadline.IsZero() {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, f.deadline)
		defer cancel()
	}
	resp, err := f.politely(ctx, u, accept, max, cond)
	if err != nil && ctx.Err() != nil && f.expired() {
		return nil, errorf(ErrDeadline, "fetch deadline (%v) passed before it was fetched", f.limit)
	}
	return resp, err
}

// politely waits for the host's turn, checks robots.txt and fetches u.
func (f *Fetcher) politely(ctx context.Context, u *url.URL, accept string, limit int64, cond *Validators) (*response, error) {
	h := f.host(u)
	// The host's slot first: waiting for a busy host must not hold one
	// of the slots other hosts could use.
	if err := acquire(ctx, h.slots); err != nil {
		return nil, err
	}
	defer func() { <-h.slots }()
	if err := acquire(ctx, f.all); err != nil {
		return nil, err
	}
	defer func() { <-f.all }()

	rules, err := f.robots(ctx, h, u)
	if err != nil {
		return nil, err
	}
	if !rules.Allowed(u) {
		return nil, errorf(ErrRobots, "robots.txt of %s disallows fetching it", u.Host)
	}
	if err := h.wait(ctx, max(f.delay, rules.CrawlDelay)); err != nil {
		return nil, err
	}
	resp, err := f.do(ctx, u.String(), accept, limit, cond)
	if d := RetryAfter(err); d > 0 {
		// The host asked for a pause: the next request of this run
		// waits for it, within the bound a Crawl-delay has.
		h.hold(min(d, maxCrawlDelay))
	}
	return resp, err
}

// hold makes the host's next request wait at least d from now.
func (h *hostState) hold(d time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if at := time.Now().Add(d); at.After(h.next) {
		h.next = at
	}
}

// robots returns the host's robots.txt rules for sitrep, fetching them on
// first use. A missing robots.txt (4xx) allows everything; a server error
// disallows everything for this run, as RFC 9309 asks; a network error
// allows, so that the page's own fetch reports what is wrong.
func (f *Fetcher) robots(ctx context.Context, h *hostState, u *url.URL) (*Robots, error) {
	h.robotsMu.Lock()
	defer h.robotsMu.Unlock()
	if h.refused != nil {
		return nil, h.refused
	}
	if h.robots != nil && f.now().Before(h.robotsUntil) {
		return h.robots, nil
	}
	if err := h.wait(ctx, f.delay); err != nil {
		return nil, err
	}
	ru := url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	resp, err := f.do(ctx, ru.String(), "text/plain", maxRobotsBytes, nil)
	var r *Robots
	age := RobotsMaxAge
	switch {
	case err == nil:
		r = ParseRobots(resp.data, robotsToken)
	case errors.Is(err, ErrTooLarge):
		r = &Robots{}
	case errors.Is(err, ErrHTTP):
		var se *statusError
		if errors.As(err, &se) && se.code >= 500 {
			r = &Robots{rules: []robotsRule{{allow: false, pattern: "/"}}}
			age = robotsRetry
		} else {
			r = &Robots{}
		}
	default:
		if ctx.Err() != nil {
			return nil, ctx.Err() // not cached: a later fetch tries again
		}
		if errors.Is(err, ErrForbidden) {
			// The host itself is refused: its other URLs fail at once,
			// without waiting their turn.
			h.refused = err
			return nil, err
		}
		r = &Robots{}
		age = robotsRetry
	}
	h.robots, h.robotsUntil = r, f.now().Add(age)
	return r, nil
}

// statusError is a non-2xx HTTP answer.
type statusError struct {
	code   int
	status string
	// retryAfter is the wait a 429 or 503 answer's Retry-After header
	// asked for; 0 when it gave none.
	retryAfter time.Duration
}

func (e *statusError) Error() string { return "HTTP " + e.status }
func (e *statusError) Unwrap() error { return ErrHTTP }

// do makes one GET request within the per-fetch timeout, conditional on
// cond's validators when cond is not nil.
func (f *Fetcher) do(ctx context.Context, rawURL, accept string, max int64, cond *Validators) (*response, error) {
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("bad URL: %v", err)
	}
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", accept)
	if cond != nil {
		if cond.ETag != "" {
			req.Header.Set("If-None-Match", cond.ETag)
		}
		if cond.LastModified != "" {
			req.Header.Set("If-Modified-Since", cond.LastModified)
		}
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, f.fetchErr(ctx, err)
	}
	defer resp.Body.Close()
	final := rawURL
	if resp.Request != nil && resp.Request.URL != nil {
		final = resp.Request.URL.String()
	}
	if resp.StatusCode == http.StatusNotModified && cond != nil {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return &response{final: final, notModified: true, etag: resp.Header.Get("ETag"),
			lastModified: resp.Header.Get("Last-Modified")}, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		se := &statusError{code: resp.StatusCode, status: resp.Status}
		if se.code == http.StatusTooManyRequests || se.code == http.StatusServiceUnavailable {
			se.retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		}
		return nil, se
	}
	if resp.ContentLength > max {
		return nil, tooLarge(max, "")
	}
	data, err := readLimited(resp.Body, max, "")
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			return nil, err
		}
		return nil, fmt.Errorf("reading response: %w", f.fetchErr(ctx, err))
	}
	return &response{final: final, contentType: resp.Header.Get("Content-Type"), data: data,
		etag: resp.Header.Get("ETag"), lastModified: resp.Header.Get("Last-Modified")}, nil
}

// fetchErr words a failed request: a refused address or a timeout says
// so plainly, anything else is "cannot fetch" and the cause.
func (f *Fetcher) fetchErr(ctx context.Context, err error) error {
	var pe *PolicyError
	if errors.As(err, &pe) {
		return pe
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) && !f.expired() {
		return errorf(ErrNetwork, "cannot fetch: no complete answer within %v (--fetch-timeout)", f.timeout)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return errorf(ErrNetwork, "cannot fetch: %v", err)
}
