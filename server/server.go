// Package server serves a sitrep store over HTTP: a read-only JSON API
// described by an OpenAPI 3.1 document (/api/openapi.json), the exports of
// package export (?format=), an optional token-protected endpoint that
// ingests documents, and the embedded web page.
//
// Every response to a GET carries a strong ETag computed from its body,
// and a matching If-None-Match gets 304 Not Modified; responses are
// gzip-compressed for clients that accept it; API responses are cached
// until the store's Revision changes, so that a dashboard polled by many
// clients costs one query per change.
package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/sitrep/sitrep"
)

// Limits on every request.
const (
	// maxURL bounds the request line's target; filters fit well within it.
	maxURL = 8 << 10
	// maxHeader bounds the request headers (http.Server.MaxHeaderBytes).
	maxHeader = 64 << 10
	// requestTimeout bounds the work of one request, queries included; an
	// aggregation over a million events may take seconds on a busy machine.
	requestTimeout = 30 * time.Second
	// maxBody bounds a POSTed document, as ingest bounds a file.
	maxBody = 20 << 20
	// cacheBytes bounds the response cache.
	cacheBytes = 64 << 20
	// revisionTTL is how long a read of the store's Revision is trusted:
	// new documents appear in responses at most this late.
	revisionTTL = 500 * time.Millisecond
)

// Ingester stores one document given as text, HTML or a URL, as 'sitrep
// ingest' does, and reports what happened. The server calls it for POST
// /api/documents.
type Ingester interface {
	Ingest(ctx context.Context, req IngestRequest) (*IngestResult, error)
}

// IngestRequest is the body of POST /api/documents: either URL (an
// article or a feed to fetch) or Text (plain text or HTML), and the
// publication date to use when the input carries none.
type IngestRequest struct {
	URL       string `json:"url,omitempty"`
	Text      string `json:"text,omitempty"`
	Published string `json:"published,omitempty"`
}

// IngestResult is the answer to POST /api/documents: what happened to
// the document (the first one, for a feed).
type IngestResult struct {
	Outcome   string `json:"outcome"` // new, duplicate, near-duplicate
	ID        int64  `json:"id"`
	Original  int64  `json:"original,omitempty"`
	Events    int    `json:"events"`
	Transfers int    `json:"transfers"`
}

// Server serves one store. Set its fields before calling Handler.
type Server struct {
	// Store is read; writing goes through Ingester alone, so a store
	// opened read-only serves everything but POST.
	Store sitrep.Reader
	// Ingester, when set together with Token, enables POST
	// /api/documents for requests that carry the token.
	Ingester Ingester
	Token    string
	// CORSOrigin, when set, lets pages from that origin ("*" for any)
	// read the API; by default browsers allow only the server's own page.
	CORSOrigin string
	// Admin1 fills in first-level regions in exports; nil leaves them
	// empty.
	Admin1 func(sitrep.Location) string
	Log    *slog.Logger
	// Metrics, when set, answers GET /metrics (the Prometheus text
	// format of a watcher running beside the server); it is not cached.
	Metrics http.Handler

	cache cache
	// aggregates caches the heavy routes' answers apart from the pages:
	// they cost seconds to compute over a large store and are few, while
	// the many distinct pages of a busy dashboard fill and empty the other
	// over and over.
	aggregates cache
	revMu      sync.Mutex
	rev        int64
	revAt      time.Time
	revReading bool
	inflight   chan struct{}
	// heavy bounds the aggregations and exports running at once, so that
	// they leave read connections to the quick page queries.
	heavy     chan struct{}
	flightsMu sync.Mutex
	flights   map[string]*flight
}

// flight is a response being computed; identical requests that arrive
// meanwhile wait for it instead of computing it again.
type flight struct {
	done chan struct{}
	e    *cacheEntry // nil when the response was not cacheable
}

// Handler returns the server's routes wrapped in its middleware.
func (s *Server) Handler() http.Handler {
	if s.Log == nil {
		s.Log = slog.New(slog.DiscardHandler)
	}
	s.inflight = make(chan struct{}, 32)
	s.heavy = make(chan struct{}, 2)
	s.flights = map[string]*flight{}
	mux := http.NewServeMux()
	for _, r := range s.routes() {
		mux.Handle(r.pattern, r.h)
	}
	if s.Metrics != nil {
		mux.Handle("GET /metrics", s.Metrics)
	}
	mux.Handle("GET /", webHandler())
	return s.middleware(mux)
}

// route is one API endpoint. cached routes are answered from the
// response cache while the store's revision is unchanged.
type route struct {
	pattern string
	h       http.Handler
}

func (s *Server) routes() []route {
	in := func(c *cache, f func(w http.ResponseWriter, r *http.Request) error) http.Handler {
		return s.cached(c, func(w http.ResponseWriter, r *http.Request) {
			if err := f(w, r); err != nil {
				s.fail(w, r, err)
			}
		})
	}
	api := func(f func(w http.ResponseWriter, r *http.Request) error) http.Handler { return in(&s.cache, f) }
	agg := func(f func(w http.ResponseWriter, r *http.Request) error) http.Handler { return in(&s.aggregates, f) }
	// heavy routes aggregate over every matching event (or export them).
	heavy := func(f func(w http.ResponseWriter, r *http.Request) error) func(w http.ResponseWriter, r *http.Request) error {
		return func(w http.ResponseWriter, r *http.Request) error {
			select {
			case s.heavy <- struct{}{}:
				defer func() { <-s.heavy }()
			case <-r.Context().Done():
				return r.Context().Err()
			}
			return f(w, r)
		}
	}
	return []route{
		{"GET /api/events", api(func(w http.ResponseWriter, r *http.Request) error {
			if f := r.URL.Query().Get("format"); f != "" && f != "json" || r.URL.Query().Get("count") == "true" {
				return heavy(s.listEvents)(w, r)
			}
			return s.listEvents(w, r)
		})},
		{"GET /api/events/{id}", api(s.getEvent)},
		{"GET /api/documents", api(s.listDocuments)},
		{"GET /api/documents/{id}", api(s.getDocument)},
		{"POST /api/documents", http.HandlerFunc(s.postDocument)},
		{"GET /api/transfers", api(s.listTransfers)},
		{"GET /api/actors", agg(heavy(s.listActors))},
		{"GET /api/dyads", agg(heavy(s.listDyads))},
		{"GET /api/stats", agg(heavy(s.stats))},
		{"GET /api/incidents", api(s.listIncidents)},
		{"GET /api/incidents/{id}", api(s.getIncident)},
		{"GET /api/openapi.json", http.HandlerFunc(serveOpenAPI)},
	}
}

// ListenAndServe serves on addr until ctx is done, then shuts down
// gracefully. ready, when not nil, is called with the address listened on.
func (s *Server) ListenAndServe(ctx context.Context, addr string, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       60 * time.Second, // a POSTed document may be large
		WriteTimeout:      2 * requestTimeout,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    maxHeader,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	if ready != nil {
		ready(ln.Addr())
	}
	// The page's first requests are aggregations over the whole store:
	// computing them now spares the first visitor the wait.
	// It is stopped and waited for before returning: the caller may
	// close the store as soon as the server is done.
	wctx, stopWarm := context.WithCancel(ctx)
	warmed := make(chan struct{})
	go func() {
		defer close(warmed)
		s.warm(wctx, hs.Handler)
	}()
	defer func() { stopWarm(); <-warmed }()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// warmURLs are the requests the page makes on loading, unfiltered.
var warmURLs = []string{"/api/stats", "/api/dyads?limit=80", "/api/actors?limit=1000",
	"/api/events?format=geojson&limit=20000", "/api/events?limit=100&sort=-date&count=true", "/api/transfers?limit=5000"}

// warm fills the response cache with warmURLs, one at a time.
func (s *Server) warm(ctx context.Context, h http.Handler) {
	for _, u := range warmURLs {
		r, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil || ctx.Err() != nil {
			return
		}
		h.ServeHTTP(&bufferWriter{header: http.Header{}, status: http.StatusOK}, r)
	}
}

// middleware applies the limits, security headers, CORS, timeouts, ETags
// and compression to every request.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		// The page loads only its own files: even text that escaped
		// escaping could not run script or reach the network.
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'")
		if len(r.RequestURI) > maxURL {
			writeError(w, http.StatusRequestURITooLong, "request URI longer than 8 KiB")
			return
		}
		if s.CORSOrigin != "" {
			if o := r.Header.Get("Origin"); o != "" && (s.CORSOrigin == "*" || o == s.CORSOrigin) {
				h.Set("Access-Control-Allow-Origin", s.CORSOrigin)
				h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, If-None-Match")
				h.Set("Access-Control-Expose-Headers", "ETag")
				h.Add("Vary", "Origin")
				if r.Method == http.MethodOptions {
					h.Set("Access-Control-Allow-Methods", "GET, POST")
					w.WriteHeader(http.StatusNoContent)
					return
				}
			}
		}
		ctx, cancel := context.WithTimeout(r.Context(), requestTimeout)
		defer cancel()
		r = r.WithContext(ctx)
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			rw := &statusWriter{ResponseWriter: w, status: 200}
			next.ServeHTTP(rw, r)
			s.Log.Info("request", "method", r.Method, "path", r.URL.Path, "status", rw.status, "ms", time.Since(start).Milliseconds())
			return
		}
		buf := &bufferWriter{header: http.Header{}, status: http.StatusOK}
		next.ServeHTTP(buf, r)
		s.respond(w, r, buf)
		s.Log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", buf.status, "ms", time.Since(start).Milliseconds())
	})
}

// respond writes a buffered response with its ETag, answering 304 when the
// client has it, and gzip when the client accepts it.
func (s *Server) respond(w http.ResponseWriter, r *http.Request, b *bufferWriter) {
	h := w.Header()
	for k, v := range b.header {
		h[k] = v
	}
	body := b.body.Bytes()
	if b.status == http.StatusOK {
		etag := b.etag
		if etag == "" {
			sum := sha256.Sum256(body)
			etag = `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
		}
		h.Set("ETag", etag)
		if match := r.Header.Get("If-None-Match"); match != "" && etagMatch(match, etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	h.Add("Vary", "Accept-Encoding")
	if len(body) > 1024 && acceptsGzip(r) && compressible(h.Get("Content-Type")) {
		gz := b.gz
		if gz == nil {
			gz = gzipBytes(body)
		}
		h.Set("Content-Encoding", "gzip")
		body = gz
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(b.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

func acceptsGzip(r *http.Request) bool {
	for _, e := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(e), ";")
		if strings.TrimSpace(name) == "gzip" && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}

func compressible(ct string) bool {
	return strings.HasPrefix(ct, "text/") || strings.Contains(ct, "json") || strings.Contains(ct, "xml") ||
		strings.Contains(ct, "javascript") || strings.Contains(ct, "svg")
}

// gzipWriters are reused: a new writer allocates and clears over 600 KB
// of state, more work than compressing a page of events.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return zw
}}

func gzipBytes(b []byte) []byte {
	var out bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(&out)
	zw.Write(b)
	zw.Close()
	gzipWriters.Put(zw)
	return out.Bytes()
}

// bufferWriter holds a response until the middleware has seen all of it.
type bufferWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
	// etag and gz are set when the response comes from the cache.
	etag string
	gz   []byte
}

func (b *bufferWriter) Header() http.Header         { return b.header }
func (b *bufferWriter) Write(p []byte) (int, error) { return b.body.Write(p) }
func (b *bufferWriter) WriteHeader(status int)      { b.status = status }

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

// revision returns the store's revision, read at most every revisionTTL.
// While one request reads it, the others go on with the value before:
// under load the read may wait for a connection, and cached answers must
// not wait behind it.
func (s *Server) revision(ctx context.Context) (int64, error) {
	s.revMu.Lock()
	rev, known := s.rev, !s.revAt.IsZero()
	if known && (time.Since(s.revAt) < revisionTTL || s.revReading) {
		s.revMu.Unlock()
		return rev, nil
	}
	s.revReading = true
	s.revMu.Unlock()
	fresh, err := s.Store.Revision(ctx)
	s.revMu.Lock()
	defer s.revMu.Unlock()
	s.revReading = false
	if err != nil {
		if known {
			return rev, nil
		}
		return 0, err
	}
	s.rev, s.revAt = fresh, time.Now()
	return fresh, nil
}

// cached answers GET requests from the response cache c, keyed by the
// request URI and the store's revision, and fills it with successful
// responses.
func (s *Server) cached(c *cache, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := w.(*bufferWriter)
		if !ok {
			h(w, r)
			return
		}
		rev, err := s.revision(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		// Parameters in any order are one request.
		key := r.URL.Path + "?" + r.URL.Query().Encode()
		serve := func(e *cacheEntry) {
			for k, v := range e.header {
				b.header[k] = v
			}
			b.status, b.etag, b.gz = http.StatusOK, e.etag, e.gz
			b.body.Write(e.body)
		}
		if e := c.get(key, rev); e != nil {
			serve(e)
			return
		}
		// Identical requests share one computation.
		fkey := fmt.Sprint(rev, " ", key)
		s.flightsMu.Lock()
		if f, ok := s.flights[fkey]; ok {
			s.flightsMu.Unlock()
			select {
			case <-f.done:
			case <-r.Context().Done():
				s.fail(w, r, r.Context().Err())
				return
			}
			if f.e != nil {
				serve(f.e)
				return
			}
		} else {
			f = &flight{done: make(chan struct{})}
			s.flights[fkey] = f
			s.flightsMu.Unlock()
			defer func() {
				s.flightsMu.Lock()
				delete(s.flights, fkey)
				s.flightsMu.Unlock()
				close(f.done)
			}()
			f.e = s.compute(c, h, b, r, key, rev)
			return
		}
		s.compute(c, h, b, r, key, rev)
	})
}

// compute runs h into b and caches a successful response. At most
// cap(s.inflight) computations run at once; the others wait, while
// answers from the cache never do.
func (s *Server) compute(c *cache, h http.HandlerFunc, b *bufferWriter, r *http.Request, key string, rev int64) *cacheEntry {
	select {
	case s.inflight <- struct{}{}:
		defer func() { <-s.inflight }()
	case <-r.Context().Done():
		s.fail(b, r, r.Context().Err())
		return nil
	}
	h(b, r)
	if b.status != http.StatusOK {
		return nil
	}
	body := bytes.Clone(b.body.Bytes())
	sum := sha256.Sum256(body)
	e := &cacheEntry{header: b.header.Clone(), body: body,
		etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`}
	if len(body) > 1024 && compressible(b.header.Get("Content-Type")) {
		e.gz = gzipBytes(body)
	}
	b.etag, b.gz = e.etag, e.gz
	c.put(key, rev, e)
	return e
}

type cacheEntry struct {
	header http.Header
	body   []byte
	gz     []byte
	etag   string
}

// cache holds responses for one store revision; a new revision or a full
// cache empties it, which is simple and enough for a read-mostly store.
type cache struct {
	mu    sync.Mutex
	rev   int64
	size  int
	items map[string]*cacheEntry
}

func (c *cache) get(key string, rev int64) *cacheEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rev != rev {
		return nil
	}
	return c.items[key]
}

func (c *cache) put(key string, rev int64, e *cacheEntry) {
	n := len(e.body) + len(e.gz) + len(key)
	if n > cacheBytes/8 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rev != rev || c.items == nil || c.size+n > cacheBytes {
		c.rev, c.size, c.items = rev, 0, map[string]*cacheEntry{}
	}
	c.items[key] = e
	c.size += n
}

// writeJSON writes v as the response.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.Encode(v)
}

// apiError is the body of every error response.
type apiError struct {
	Error  string `json:"error"`
	Status int    `json:"status"`
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, apiError{Error: msg, Status: status})
}

// badRequest marks an error in the request's parameters or body.
type badRequest struct{ error }

func badf(format string, args ...any) error { return badRequest{fmt.Errorf(format, args...)} }

// fail maps err to a status: bad parameters 400, ErrInvalid 400,
// ErrNotFound 404, a timeout 503, anything else 500 (logged, and not
// shown, since it may reveal paths).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var bad badRequest
	switch {
	case errors.As(err, &bad), errors.Is(err, sitrep.ErrInvalid):
		writeError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, sitrep.ErrNotFound):
		writeError(w, http.StatusNotFound, "not found")
	case errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusServiceUnavailable, "the request took too long")
	case errors.Is(err, context.Canceled):
		// The client went away.
	default:
		s.Log.Error("request failed", "path", r.URL.Path, "err", err)
		writeError(w, http.StatusInternalServerError, "internal error")
	}
}

// InputError marks an error about an ingested input itself (unreadable,
// empty, not text), which the server answers with 422.
func InputError(err error) error { return badRequest{err} }
