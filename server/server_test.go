package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/export"
	"github.com/sitrep/sitrep/incident"
	"github.com/sitrep/sitrep/internal/seeds"
	"github.com/sitrep/sitrep/server"
	"github.com/sitrep/sitrep/sqlite"
)

// seedStore returns a store filled from the seeds.
func seedStore(t testing.TB) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "seeds.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := seeds.Fill(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	if err := (&incident.Assigner{Store: db}).Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// firstIncident returns the ID of the first incident the server lists.
func firstIncident(t *testing.T, ts *httptest.Server) string {
	_, _, body := get(t, ts, "/api/incidents?limit=1")
	var l struct{ Incidents []struct{ ID string } }
	if json.Unmarshal(body, &l) != nil || len(l.Incidents) == 0 {
		t.Fatalf("no incident: %s", body)
	}
	return l.Incidents[0].ID
}

func newServer(t testing.TB, s *server.Server) *httptest.Server {
	if s.Store == nil {
		s.Store = seedStore(t)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// get fetches path and returns the status, headers and body.
func get(t testing.TB, ts *httptest.Server, path string, header ...string) (int, http.Header, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", ts.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	// No transparent gzip: the tests look at what the server sends.
	req.Header.Set("Accept-Encoding", "identity")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, body
}

func getJSON(t testing.TB, ts *httptest.Server, path string, v any) int {
	t.Helper()
	status, _, body := get(t, ts, path)
	if status == http.StatusOK {
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("%s: %v\n%s", path, err, body)
		}
	}
	return status
}

func TestEndpoints(t *testing.T) {
	ts := newServer(t, &server.Server{})
	for _, tc := range []struct {
		path   string
		status int
		want   string // a substring of the body
	}{
		{"/api/events?type=ASSAULT&actor=RUS", 200, `"type":"ASSAULT"`},
		{"/api/events?q=drones&limit=2", 200, `"next":`},
		{"/api/events?bbox=35,32,42,37.5&sort=-date", 200, `"location":`},
		{"/api/events?count=true&quad=material_conflict", 200, `"total":`},
		{"/api/events?place=al-tanf", 200, `Al-Tanf`},
		{"/api/events?outlet=HNGN&document=1", 200, `"document":1`},
		{"/api/events?type=BOMB", 400, `not a PLOVER event type`},
		{"/api/events?bbox=1,2,3", 400, `west,south,east,north`},
		{"/api/events?actr=RUS", 400, `unknown parameter \"actr\"`},
		{"/api/events?type=AID&type=ASSAULT", 400, `given 2 times`},
		{"/api/events?limit=5000", 400, `limit`},
		{"/api/events?cursor=d99-e1", 400, `cursor`},
		{"/api/events?sort=size", 400, `sort`},
		{"/api/events/d1-e2", 200, `"context":`},
		{"/api/events/d99-e1", 404, `not found`},
		{"/api/documents", 200, `"title":`},
		{"/api/documents?limit=2", 200, `"next":"2"`},
		{"/api/documents?cursor=2&limit=1", 200, `"id":3`},
		{"/api/documents/1", 200, `"trigger":`},
		{"/api/documents/x", 404, ``},
		{"/api/documents/999", 404, ``},
		{"/api/transfers?supplier=IRN", 200, `"supplier":"IRN"`},
		{"/api/actors?limit=3", 200, `"as_recipient":`},
		{"/api/dyads?actor=IRN", 200, `"by_quad":`},
		{"/api/stats?since=2023", 200, `"by_day":`},
		{"/api/openapi.json", 200, `"openapi": "3.1.0"`},
		{"/api/nothing", 404, ``},
		{"/", 200, `<title>sitrep`},
	} {
		status, h, body := get(t, ts, tc.path)
		if status != tc.status || !strings.Contains(string(body), tc.want) {
			t.Errorf("GET %s: %d, want %d with %s in\n%.400s", tc.path, status, tc.status, tc.want, body)
		}
		if status >= 400 && strings.HasPrefix(tc.path, "/api/") && !strings.Contains(h.Get("Content-Type"), "json") && status != 404 {
			t.Errorf("GET %s: error as %s, want JSON", tc.path, h.Get("Content-Type"))
		}
	}
}

// TestEventPages pages through every order and checks the pages join into
// the whole list.
func TestEventPages(t *testing.T) {
	ts := newServer(t, &server.Server{})
	for _, order := range []string{"document", "date", "-date", "type", "actor", "goldstein", "-goldstein"} {
		var all struct{ Events []sitrep.Event }
		getJSON(t, ts, "/api/events?limit=1000&sort="+order, &all)
		var ids []string
		next := ""
		for range 100 {
			var page struct {
				Events []sitrep.Event
				Next   string
			}
			if s := getJSON(t, ts, "/api/events?limit=8&sort="+order+"&cursor="+url.QueryEscape(next), &page); s != 200 {
				t.Fatalf("page: %d", s)
			}
			for _, e := range page.Events {
				ids = append(ids, e.ID)
			}
			if next = page.Next; next == "" {
				break
			}
		}
		if len(ids) != len(all.Events) || len(ids) < 40 {
			t.Fatalf("sort %s: %d paged, %d in all", order, len(ids), len(all.Events))
		}
		for i, e := range all.Events {
			if ids[i] != e.ID {
				t.Fatalf("sort %s: event %d is %s, want %s", order, i, ids[i], e.ID)
			}
		}
	}
}

// TestExports checks that ?format= gives what package export writes.
func TestExports(t *testing.T) {
	st := seedStore(t)
	ts := newServer(t, &server.Server{Store: st})
	ctx := context.Background()
	f := sitrep.EventFilter{Actor: "RUS", Limit: 100000}
	evs, _ := st.FindEvents(ctx, f)
	docs, _ := st.FindDocuments(ctx, sitrep.DocumentFilter{})
	d := export.Data{Events: evs, Documents: map[int64]*sitrep.Document{}}
	for _, doc := range docs {
		d.Documents[doc.ID] = doc
	}
	for _, ff := range export.Formats() {
		var want bytes.Buffer
		export.Write(&want, ff, d)
		status, h, body := get(t, ts, "/api/events?actor=RUS&format="+string(ff))
		if status != 200 || !bytes.Equal(body, want.Bytes()) || h.Get("Content-Type") != ff.ContentType() {
			t.Errorf("format %s: %d %s, body equal: %v", ff, status, h.Get("Content-Type"), bytes.Equal(body, want.Bytes()))
		}
	}
	if status, _, _ := get(t, ts, "/api/events?format=xls"); status != 400 {
		t.Errorf("format xls: %d, want 400", status)
	}
}

func TestETagAndGzip(t *testing.T) {
	ts := newServer(t, &server.Server{})
	status, h, body := get(t, ts, "/api/stats")
	etag := h.Get("ETag")
	if status != 200 || etag == "" {
		t.Fatalf("stats: %d, ETag %q", status, etag)
	}
	if status, _, b := get(t, ts, "/api/stats", "If-None-Match", etag); status != 304 || len(b) != 0 {
		t.Errorf("If-None-Match: %d with %d bytes, want 304 and none", status, len(b))
	}
	if status, _, _ := get(t, ts, "/api/stats", "If-None-Match", `"other"`); status != 200 {
		t.Errorf("If-None-Match other: %d", status)
	}
	status, h, gz := get(t, ts, "/api/stats", "Accept-Encoding", "gzip")
	if status != 200 || h.Get("Content-Encoding") != "gzip" || h.Get("ETag") != etag {
		t.Fatalf("gzip: %d %q ETag %q", status, h.Get("Content-Encoding"), h.Get("ETag"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !bytes.Equal(plain, body) {
		t.Error("gzip body differs from the plain one")
	}
	// The page's files get ETags too.
	if _, h, _ := get(t, ts, "/"); h.Get("ETag") == "" || !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'self'") {
		t.Errorf("page headers: %v", h)
	}
}

// TestCacheFollowsStore checks that a cached answer is replaced once the
// store changes.
func TestCacheFollowsStore(t *testing.T) {
	st := seedStore(t)
	ts := newServer(t, &server.Server{Store: st})
	var before, after sitrep.EventStats
	getJSON(t, ts, "/api/stats", &before)
	x := seeds.XSS()
	x.Document.Hash, x.Document.Text = "another", x.Document.Text+" Again."
	if _, _, err := st.AddDocument(context.Background(), &x.Document, &x.Analysis); err != nil {
		t.Fatal(err)
	}
	for range 50 { // the revision is re-read every half second
		getJSON(t, ts, "/api/stats", &after)
		if after.Events != before.Events {
			break
		}
		sleep()
	}
	if after.Events != before.Events+1 {
		t.Errorf("events after adding one: %d, want %d", after.Events, before.Events+1)
	}
}

func TestCORS(t *testing.T) {
	off := newServer(t, &server.Server{})
	if _, h, _ := get(t, off, "/api/stats", "Origin", "https://evil.example"); h.Get("Access-Control-Allow-Origin") != "" {
		t.Error("CORS header without --cors")
	}
	on := newServer(t, &server.Server{CORSOrigin: "https://ok.example"})
	if _, h, _ := get(t, on, "/api/stats", "Origin", "https://ok.example"); h.Get("Access-Control-Allow-Origin") != "https://ok.example" {
		t.Error("no CORS header for the allowed origin")
	}
	if _, h, _ := get(t, on, "/api/stats", "Origin", "https://evil.example"); h.Get("Access-Control-Allow-Origin") != "" {
		t.Error("CORS header for another origin")
	}
}

func TestLimits(t *testing.T) {
	ts := newServer(t, &server.Server{})
	if status, _, _ := get(t, ts, "/api/events?q="+strings.Repeat("a", 9000)); status != http.StatusRequestURITooLong {
		t.Errorf("long URI: %d", status)
	}
}

type fakeIngester struct{ got []server.IngestRequest }

func (f *fakeIngester) Ingest(ctx context.Context, req server.IngestRequest) (*server.IngestResult, error) {
	f.got = append(f.got, req)
	if strings.Contains(req.Text, "unreadable") {
		return nil, server.InputError(fmt.Errorf("-: binary file"))
	}
	return &server.IngestResult{Outcome: "new", ID: 7, Events: 2}, nil
}

func TestPostDocument(t *testing.T) {
	ing := &fakeIngester{}
	withToken := newServer(t, &server.Server{Token: "s3cret", Ingester: ing})
	readOnly := newServer(t, &server.Server{Ingester: ing})
	post := func(ts *httptest.Server, token, body string) (int, string) {
		req, _ := http.NewRequest("POST", ts.URL+"/api/documents", strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, tc := range []struct {
		ts     *httptest.Server
		token  string
		body   string
		status int
	}{
		{readOnly, "s3cret", `{"text":"x"}`, 403},
		{withToken, "", `{"text":"x"}`, 401},
		{withToken, "wrong", `{"text":"x"}`, 401},
		{withToken, "s3cret", `{"text":"Russia struck Kharkiv.","published":"2024-01-02"}`, 201},
		{withToken, "s3cret", `{"url":"https://example.org/a"}`, 201},
		{withToken, "s3cret", `{"url":"file:///etc/passwd"}`, 400},
		{withToken, "s3cret", `{"text":"x","url":"https://example.org/"}`, 400},
		{withToken, "s3cret", `{"text":"x","extra":1}`, 400},
		{withToken, "s3cret", `{"text":"x","published":"yesterday"}`, 400},
		{withToken, "s3cret", `{"text":"unreadable"}`, 422},
		{withToken, "s3cret", `{"text":"` + strings.Repeat("a", 21<<20) + `"}`, 413},
	} {
		status, body := post(tc.ts, tc.token, tc.body)
		if status != tc.status {
			t.Errorf("POST %.60s (token %q): %d, want %d: %s", tc.body, tc.token, status, tc.status, body)
		}
	}
	if len(ing.got) != 3 || ing.got[0].Published != "2024-01-02" {
		t.Errorf("ingester got %+v", ing.got)
	}
}

// TestXSSFixtureEscaped checks that the API's JSON cannot be read as HTML:
// markup in documents comes out escaped.
func TestXSSFixtureEscaped(t *testing.T) {
	ts := newServer(t, &server.Server{})
	for _, p := range []string{"/api/documents/6", "/api/events?document=6", "/api/documents"} {
		_, h, body := get(t, ts, p)
		if bytes.Contains(body, []byte("<script")) || bytes.Contains(body, []byte("<img")) {
			t.Errorf("%s: raw markup in the body", p)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", p)
		}
	}
}

// TestOpenAPI checks openapi.json against the server: every route is
// documented and every documented operation is routed; every documented
// query parameter is accepted and an undocumented one refused; every
// successful answer has the properties its schema requires.
func TestOpenAPI(t *testing.T) {
	ts := newServer(t, &server.Server{Token: "t", Ingester: &fakeIngester{}})
	_, _, raw := get(t, ts, "/api/openapi.json")
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			Parameters []json.RawMessage
			Responses  map[string]struct {
				Content map[string]struct {
					Schema json.RawMessage
				}
			}
		}
		Components struct {
			Parameters map[string]param
			Schemas    map[string]schema
		}
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	var documented []string
	for p, ops := range doc.Paths {
		for m := range ops {
			documented = append(documented, strings.ToUpper(m)+" "+p)
		}
	}
	sort.Strings(documented)
	routed := server.Routes()
	sort.Strings(routed)
	if !slices.Equal(documented, routed) {
		t.Errorf("documented operations\n%v\ndiffer from the routes\n%v", documented, routed)
	}
	samples := map[string]string{
		"actor": "RUS", "recipient": "SYR", "type": "ASSAULT", "mode": "aerial", "quad": "material_conflict",
		"certainty": "asserted", "since": "2016", "until": "2024-01-01", "place": "Aleppo", "bbox": "30,30,50,40",
		"outlet": "HNGN", "document": "1", "q": "drone", "limit": "5", "sort": "-date", "cursor": "",
		"count": "true", "format": "json", "supplier": "IRN", "category": "drone",
		"min_sources": "1", "contested": "false",
	}
	ids := map[string]string{"/api/events/{id}": "d1-e1", "/api/documents/{id}": "1", "/api/incidents/{id}": firstIncident(t, ts)}
	for p, ops := range doc.Paths {
		op, ok := ops["get"]
		if !ok {
			continue
		}
		path := p
		if id, ok := ids[p]; ok {
			path = strings.Replace(p, "{id}", id, 1)
		}
		var names []string
		for _, rawp := range op.Parameters {
			var pr param
			json.Unmarshal(rawp, &pr)
			if pr.Ref != "" {
				pr = doc.Components.Parameters[strings.TrimPrefix(pr.Ref, "#/components/parameters/")]
			}
			if pr.In == "query" {
				names = append(names, pr.Name)
			}
		}
		for _, n := range names {
			v, ok := samples[n]
			if !ok {
				t.Errorf("%s: no sample value for parameter %s", p, n)
			}
			status, _, body := get(t, ts, path+"?"+n+"="+url.QueryEscape(v))
			if status != 200 {
				t.Errorf("GET %s?%s=%s: %d %s", path, n, v, status, body)
			}
		}
		if status, _, _ := get(t, ts, path+"?undocumented=1"); status != 400 {
			t.Errorf("GET %s?undocumented=1: %d, want 400", path, status)
		}
		status, h, body := get(t, ts, path)
		if status != 200 {
			t.Errorf("GET %s: %d", path, status)
			continue
		}
		ct, _, _ := strings.Cut(h.Get("Content-Type"), ";")
		c, ok := op.Responses["200"].Content[ct]
		if !ok {
			t.Errorf("GET %s: content type %s not documented", path, ct)
			continue
		}
		var v any
		json.Unmarshal(body, &v)
		checkSchema(t, p, c.Schema, v, doc.Components.Schemas)
	}
}

type param struct {
	Ref  string `json:"$ref"`
	Name string
	In   string
}

type schema struct {
	Ref        string `json:"$ref"`
	Type       string
	Required   []string
	Properties map[string]json.RawMessage
	Items      json.RawMessage
}

// checkSchema checks v's required properties and types against the
// schema, recursively.
func checkSchema(t *testing.T, at string, raw json.RawMessage, v any, defs map[string]schema) {
	var s schema
	json.Unmarshal(raw, &s)
	for s.Ref != "" {
		s = defs[strings.TrimPrefix(s.Ref, "#/components/schemas/")]
	}
	switch s.Type {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			t.Errorf("%s: %T, want an object", at, v)
			return
		}
		for _, r := range s.Required {
			if _, ok := m[r]; !ok {
				t.Errorf("%s: required property %q missing", at, r)
			}
		}
		for k, pv := range m {
			if ps, ok := s.Properties[k]; ok {
				checkSchema(t, at+"."+k, ps, pv, defs)
			} else if s.Properties != nil {
				t.Errorf("%s: property %q not documented", at, k)
			}
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			t.Errorf("%s: %T, want an array", at, v)
			return
		}
		for i, x := range a {
			checkSchema(t, fmt.Sprintf("%s[%d]", at, i), s.Items, x, defs)
		}
	case "string":
		if _, ok := v.(string); !ok {
			t.Errorf("%s: %T, want a string", at, v)
		}
	case "integer", "number":
		f, ok := v.(float64)
		if !ok || s.Type == "integer" && f != float64(int64(f)) {
			t.Errorf("%s: %v, want a %s", at, v, s.Type)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			t.Errorf("%s: %T, want a boolean", at, v)
		}
	}
}

// slowStats counts and slows EventStats calls.
type slowStats struct {
	*sqlite.DB
	mu    sync.Mutex
	calls int
}

func (s *slowStats) EventStats(ctx context.Context, f sitrep.EventFilter) (*sitrep.EventStats, error) {
	s.mu.Lock()
	s.calls++
	s.mu.Unlock()
	time.Sleep(100 * time.Millisecond)
	return s.DB.EventStats(ctx, f)
}

// TestOneComputationPerRequest checks that identical requests arriving
// together are answered by one computation.
func TestOneComputationPerRequest(t *testing.T) {
	st := &slowStats{DB: seedStore(t)}
	ts := newServer(t, &server.Server{Store: st})
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if status, _, _ := get(t, ts, "/api/stats?type=AID"); status != 200 {
				t.Errorf("stats: %d", status)
			}
		}()
	}
	wg.Wait()
	if st.calls != 1 {
		t.Errorf("EventStats ran %d times for 20 identical requests, want 1", st.calls)
	}
}
