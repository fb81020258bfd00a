package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// fixedNow is the clock of every test, so inferred dates are stable.
var fixedNow = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

func testOptions() Options {
	// No delay between requests: the test servers are not busy sites.
	return Options{Now: func() time.Time { return fixedNow }, HostDelay: -1}
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gz(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// readOne reads an input that must yield exactly one item.
func readOne(t *testing.T, input string, stdin []byte, opts Options) Item {
	t.Helper()
	var r *bytes.Reader
	if stdin != nil {
		r = bytes.NewReader(stdin)
	}
	items := Read(context.Background(), input, r, opts)
	if len(items) != 1 {
		t.Fatalf("Read(%q) returned %d items, want 1", input, len(items))
	}
	return items[0]
}

// checkDoc checks the invariants every document must satisfy.
func checkDoc(t *testing.T, it Item) {
	t.Helper()
	d := it.Doc
	if d == nil {
		t.Fatalf("%s: no document, error %v", it.Input, it.Err)
	}
	if !utf8.ValidString(d.Text) || !utf8.ValidString(d.Title) {
		t.Errorf("%s: invalid UTF-8 output", it.Input)
	}
	if strings.ContainsAny(d.Text, "\r\ufeff") {
		t.Errorf("%s: text keeps CR or BOM: %q", it.Input, d.Text)
	}
	if strings.Contains(d.Text, "\n\n\n") {
		t.Errorf("%s: text has runs of blank lines", it.Input)
	}
	if d.Hash != Hash(d.Text) || d.SimHash != SimHash(d.Text) {
		t.Errorf("%s: Hash or SimHash not of the text", it.Input)
	}
	if d.Title == "" || d.Source != it.Input || !d.IngestedAt.Equal(fixedNow) {
		t.Errorf("%s: title %q, source %q, ingested %v", it.Input, d.Title, d.Source, d.IngestedAt)
	}
}

func TestReadFiles(t *testing.T) {
	dir := t.TempDir()
	ferry := fixture(t, "ferry.txt")
	article := fixture(t, "article.html")
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	latin1 := []byte("<html><head><meta charset=\"iso-8859-1\"><title>Caf\xe9 talks</title></head><body><article><p>Ministers met at a caf\xe9 in the capital on Monday and agreed to resume talks on the border dispute next month.</p></article></body></html>")

	tests := []struct {
		name      string
		file      string
		data      []byte
		opts      func(*Options)
		wantText  []string // substrings of Text
		noText    []string // must not occur in Text
		wantTitle string
		wantMeta  [3]string // outlet, published, published from
		wantLang  string
	}{
		{name: "plain text", file: "ferry.txt", data: ferry,
			wantText:  []string{"Ferry crews walked out on Tuesday", "The operator said it had offered talks."},
			noText:    []string{"Ferry strike halts", "By Jon Eriksen", "Related articles", "Port workers", "All rights reserved"},
			wantTitle: "Ferry strike halts island traffic", wantLang: "en"},
		{name: "HTML by extension", file: "article.html", data: article,
			wantText:  []string{"twelve cargo drones", "Weather limits", "publish the full contract."},
			noText:    []string{"Politics", "Read also", "Ferry strike", "Related articles", "Port workers", "Leave a comment", "Name *", "Share this", "All rights reserved", "Terms of use"},
			wantTitle: "Drone deliveries expand along the coast",
			wantMeta:  [3]string{"Harbour Herald", "2024-03-14", "meta"}, wantLang: "en"},
		{name: "HTML by sniffing", file: "page", data: article,
			wantText: []string{"twelve cargo drones"}, noText: []string{"Port workers"},
			wantTitle: "Drone deliveries expand along the coast", wantMeta: [3]string{"Harbour Herald", "2024-03-14", "meta"}},
		{name: "gzip by extension", file: "ferry.txt.gz", data: gz(t, ferry),
			wantText: []string{"Ferry crews walked out"}, wantTitle: "Ferry strike halts island traffic"},
		{name: "gzip by magic bytes", file: "ferry.bin", data: gz(t, ferry),
			wantText: []string{"Ferry crews walked out"}, wantTitle: "Ferry strike halts island traffic"},
		{name: "gzipped HTML", file: "story.html.gz", data: gz(t, article),
			wantText: []string{"twelve cargo drones"}, wantTitle: "Drone deliveries expand along the coast"},
		{name: "CRLF and BOM", file: "crlf.txt", data: append([]byte("\xef\xbb\xbf"), bytes.ReplaceAll(ferry, []byte("\n"), []byte("\r\n"))...),
			wantText: []string{"Ferry crews walked out on Tuesday for the third day running"}, wantTitle: "Ferry strike halts island traffic"},
		{name: "UTF-16 with BOM", file: "utf16.txt", data: utf16le("Talks resume\n\nNegotiators from both countries met in Geneva on Monday, the first meeting since the ceasefire.\n"),
			wantText: []string{"Negotiators from both countries met in Geneva"}, wantTitle: "Talks resume"},
		{name: "HTML with declared charset", file: "latin1.html", data: latin1,
			wantText: []string{"at a café in the capital"}, wantTitle: "Café talks"},
		{name: "short HTML page", file: "short.html",
			data:      []byte("<html><head><title>Talks resume</title></head><body><nav><a>Home</a> <a>World</a></nav><div>Ministers met in Geneva on Monday and agreed to resume talks next month.</div><div>Read also: Ferry strike halts traffic</div><footer>© 2024 Site</footer></body></html>"),
			wantText:  []string{"Ministers met in Geneva on Monday and agreed to resume talks next month."},
			noText:    []string{"Home", "World", "Read also", "©"},
			wantTitle: "Talks resume", wantLang: "en"},
		{name: "page title without the site name", file: "titled.html",
			data:      []byte(`<html><head><title>Talks resume in Geneva | Alpine Wire</title><meta property="og:site_name" content="Alpine Wire"></head><body><article><p>Ministers met in Geneva on Monday and agreed to resume talks next month.</p></article></body></html>`),
			wantTitle: "Talks resume in Geneva", wantMeta: [3]string{"Alpine Wire", "", ""}},
		{name: "dateline, source line and inferred date", file: "dateline.txt",
			data:      []byte("Border talks resume\n\nGeneva - Alpine Wire\n\nNegotiators met on Friday, June 9, 2023, and again on June 12, 2023, the ministry said.\nThey agreed to meet again in July.\n\nSource: Example News\n"),
			wantText:  []string{"Negotiators met"},
			noText:    []string{"Source:"},
			wantTitle: "Border talks resume", wantMeta: [3]string{"Alpine Wire", "2023-06-12", "inferred"}},
		{name: "date in the header block", file: "header-date.txt",
			data:      []byte("Border talks resume\nPublished: 14 March 2024\n\nNegotiators met in Geneva on Monday and agreed to meet again in July, the ministry said.\n"),
			wantTitle: "Border talks resume", wantMeta: [3]string{"", "2024-03-14", "text"}},
		{name: "published flag beats everything", file: "flag.html", data: article, opts: func(o *Options) { o.Published = "2020-02-02" },
			wantMeta: [3]string{"Harbour Herald", "2020-02-02", "flag"}, wantTitle: "Drone deliveries expand along the coast"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := testOptions()
			if tc.opts != nil {
				tc.opts(&opts)
			}
			it := readOne(t, write(tc.file, tc.data), nil, opts)
			checkDoc(t, it)
			d := it.Doc
			for _, s := range tc.wantText {
				if !strings.Contains(d.Text, s) {
					t.Errorf("text lacks %q:\n%s", s, d.Text)
				}
			}
			for _, s := range tc.noText {
				if strings.Contains(d.Text, s) {
					t.Errorf("text keeps %q:\n%s", s, d.Text)
				}
			}
			if tc.wantTitle != "" && d.Title != tc.wantTitle {
				t.Errorf("title %q, want %q", d.Title, tc.wantTitle)
			}
			got := [3]string{d.Outlet, d.Published, d.PublishedFrom}
			if tc.wantMeta != ([3]string{}) && got != tc.wantMeta {
				t.Errorf("outlet, published, from = %q, want %q", got, tc.wantMeta)
			}
			if tc.wantLang != "" && d.Language != tc.wantLang {
				t.Errorf("language %q, want %q", d.Language, tc.wantLang)
			}
		})
	}
}

func utf16le(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, r := range s {
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

func TestReadHTMLMetadata(t *testing.T) {
	p := filepath.Join(t.TempDir(), "article.html")
	if err := os.WriteFile(p, fixture(t, "article.html"), 0o644); err != nil {
		t.Fatal(err)
	}
	it := readOne(t, p, nil, testOptions())
	checkDoc(t, it)
	if got, want := it.Doc.URL, "https://herald.example/world/2024/03/drone-deliveries"; got != want {
		t.Errorf("URL %q, want %q", got, want)
	}
	// Paragraphs are separated by blank lines.
	if n := strings.Count(it.Doc.Text, "\n\n"); n < 4 {
		t.Errorf("%d paragraph breaks, want >= 4:\n%s", n, it.Doc.Text)
	}
}

func TestSidecar(t *testing.T) {
	dir := t.TempDir()
	text := []byte("Talks resume\n\nNegotiators from both countries met in Geneva on Monday, the first meeting since the ceasefire.\n")
	for _, tc := range []struct {
		name, sidecar, content string
		opts                   Options
		want                   [5]string // title, outlet, url, published, from
		wantErr                string
	}{
		{name: "a.txt", sidecar: "a.meta.json",
			content: `{"title":"Geneva talks","outlet":"Alpine Wire","url":"https://wire.example/a","published":"2023-05-01","language":"en"}`,
			want:    [5]string{"Geneva talks", "Alpine Wire", "https://wire.example/a", "2023-05-01", "sidecar"}},
		{name: "b.txt", sidecar: "b.txt.meta.json", content: `{"published":"2023-05-02T10:00:00Z"}`,
			want: [5]string{"Talks resume", "", "", "2023-05-02", "sidecar"}},
		{name: "c.txt", sidecar: "c.meta.json", content: `{"published":"2023-05-03"}`,
			opts: Options{Published: "2024-01-01"},
			want: [5]string{"Talks resume", "", "", "2024-01-01", "flag"}},
		{name: "d.txt", sidecar: "d.meta.json", content: `{"published":`, wantErr: "d.meta.json: invalid JSON"},
		{name: "e.txt", sidecar: "e.meta.json", content: `{"published":"last week"}`, wantErr: "is not a date"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, tc.name)
			os.WriteFile(p, text, 0o644)
			os.WriteFile(filepath.Join(dir, tc.sidecar), []byte(tc.content), 0o644)
			opts := tc.opts
			opts.Now = testOptions().Now
			it := readOne(t, p, nil, opts)
			if tc.wantErr != "" {
				if it.Err == nil || !strings.Contains(it.Err.Error(), tc.wantErr) || !strings.HasPrefix(it.Err.Error(), p+": ") {
					t.Fatalf("error %v, want %q naming %s", it.Err, tc.wantErr, p)
				}
				return
			}
			checkDoc(t, it)
			d := it.Doc
			if got := [5]string{d.Title, d.Outlet, d.URL, d.Published, d.PublishedFrom}; got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestReadBadFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	big := filepath.Join(dir, "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(21 << 20) // sparse: never read whole
	f.Close()
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	text := bytes.Repeat([]byte("The ministry said the talks would resume next week in Geneva. "), 200)

	tests := []struct {
		name  string
		input string
		opts  Options
		kind  error  // errors.Is target, nil to skip
		msg   string // substring of the message
	}{
		{"invalid UTF-8", write("latin1.txt", []byte("Caf\xe9 talks resume in Gen\xe8ve\n")), Options{}, ErrNotUTF8, "not valid UTF-8 text"},
		{"HTML without charset, not UTF-8", write("bad.html", []byte("<html><body><p>Caf\xe9</p></body></html>")), Options{}, ErrNotUTF8, "not valid UTF-8"},
		{"NUL bytes", write("nul.txt", []byte("abc\x00def ghi")), Options{}, ErrBinary, "binary file"},
		{"control characters", write("ctrl.txt", bytes.Repeat([]byte("a\x01\x02\x03b\x04\x05"), 100)), Options{}, ErrBinary, "binary file"},
		{"PNG", write("image.txt", []byte("\x89PNG\r\n\x1a\nrest")), Options{}, ErrBinary, "PNG"},
		{"empty", write("empty.txt", nil), Options{}, ErrEmpty, "empty"},
		{"whitespace only", write("blank.txt", []byte(" \n\t\r\n \u00a0\n")), Options{}, ErrEmpty, "empty"},
		{"gzip of nothing", write("empty.gz", gz(t, []byte("\n\n"))), Options{}, ErrEmpty, "empty"},
		{"larger than default limit", big, Options{}, ErrTooLarge, "larger than 20 MiB"},
		{"larger than limit", write("text.txt", text), Options{MaxBytes: 4 << 10}, ErrTooLarge, "larger than 4 KiB"},
		{"gzip bomb", write("bomb.gz", gz(t, text)), Options{MaxBytes: 4 << 10}, ErrTooLarge, "decompressed larger than 4 KiB"},
		{"corrupt gzip", write("corrupt.gz", append(gz(t, text)[:30], 0, 1, 2)), Options{}, nil, "corrupt gzip data"},
		{"missing", filepath.Join(dir, "missing.txt"), Options{}, os.ErrNotExist, "no such file"},
		{"directory", sub, Options{}, ErrDirectory, "is a directory"},
		{"malformed feed", write("feed.xml", []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a</ti`)), Options{}, ErrFeed, "malformed feed"},
		{"XML that is not a feed", write("data.xml", []byte(`<?xml version="1.0"?><catalog><book id="1"/></catalog>`)), Options{}, ErrFeed, "neither an RSS/Atom feed"},
		{"only furniture", write("furniture.txt", []byte("Read also: Ferry strike halts traffic\n© 2024 Herald. All rights reserved.\n")), Options{}, ErrNoText, "no article text"},
		{"bad published flag", write("ok.txt", text), Options{Published: "June 2023"}, nil, "is not YYYY-MM-DD"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Now = testOptions().Now
			it := readOne(t, tc.input, nil, tc.opts)
			if it.Err == nil {
				t.Fatalf("no error; text %q", it.Doc.Text)
			}
			if it.Doc != nil {
				t.Error("document and error both set")
			}
			msg := it.Err.Error()
			if !strings.HasPrefix(msg, tc.input+": ") || !strings.Contains(msg, tc.msg) {
				t.Errorf("error %q, want %q naming the input", msg, tc.msg)
			}
			if tc.kind != nil && !errors.Is(it.Err, tc.kind) {
				t.Errorf("error %q is not %v", msg, tc.kind)
			}
		})
	}
}

func TestReadStdin(t *testing.T) {
	it := readOne(t, "-", fixture(t, "ferry.txt"), testOptions())
	checkDoc(t, it)
	if it.Doc.Source != "-" || it.Doc.Title != "Ferry strike halts island traffic" {
		t.Errorf("source %q title %q", it.Doc.Source, it.Doc.Title)
	}
	it = readOne(t, "-", fixture(t, "article.html"), testOptions())
	checkDoc(t, it)
	if it.Doc.Outlet != "Harbour Herald" {
		t.Errorf("HTML on stdin: outlet %q", it.Doc.Outlet)
	}
	it = readOne(t, "-", []byte{}, testOptions())
	if !errors.Is(it.Err, ErrEmpty) || !strings.HasPrefix(it.Err.Error(), "-: ") {
		t.Errorf("empty stdin: %v", it.Err)
	}
}

// newServer serves the fixtures, with links in feeds pointing at itself.
func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	var srv *httptest.Server
	serve := func(path, ctype string, body func() []byte) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			if ctype != "" {
				w.Header().Set("Content-Type", ctype)
			}
			w.Write(body())
		})
	}
	feed := func(name string) func() []byte {
		return func() []byte {
			return bytes.ReplaceAll(fixture(t, name), []byte("http://example.test"), []byte(srv.URL))
		}
	}
	serve("/article.html", "text/html; charset=utf-8", func() []byte { return fixture(t, "article.html") })
	serve("/ferry.txt", "text/plain; charset=utf-8", func() []byte { return fixture(t, "ferry.txt") })
	serve("/noext", "", func() []byte { return fixture(t, "article.html") })
	serve("/latin1", "text/plain; charset=iso-8859-1", func() []byte {
		return []byte("Caf\xe9 talks\n\nMinisters met at a caf\xe9 in the capital on Monday and agreed to resume talks.\n")
	})
	serve("/gzipped", "application/octet-stream", func() []byte { return gz(t, fixture(t, "ferry.txt")) })
	serve("/feed.rss", "application/rss+xml", feed("feed.rss"))
	serve("/feed.atom", "application/atom+xml", feed("feed.atom"))
	serve("/bad-feed", "application/rss+xml", func() []byte { return []byte("<rss><channel><item><title>x</item></rss") })
	serve("/empty-feed", "application/rss+xml", func() []byte {
		return []byte(`<rss version="2.0"><channel><title>x</title></channel></rss>`)
	})
	serve("/big", "text/plain", func() []byte { return bytes.Repeat([]byte("word "), 10<<10) })
	mux.HandleFunc("/encoded", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "text/plain")
		w.Write(gz(t, fixture(t, "ferry.txt")))
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/article.html", http.StatusMovedPermanently)
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestReadURL(t *testing.T) {
	srv := newServer(t)
	opts := testOptions()
	opts.Client = srv.Client()
	for _, tc := range []struct {
		path, title, outlet, url string
	}{
		{"/article.html", "Drone deliveries expand along the coast", "Harbour Herald", "https://herald.example/world/2024/03/drone-deliveries"},
		{"/noext", "Drone deliveries expand along the coast", "Harbour Herald", ""},
		{"/ferry.txt", "Ferry strike halts island traffic", "127.0.0.1", "/ferry.txt"},
		{"/gzipped", "Ferry strike halts island traffic", "127.0.0.1", "/gzipped"},
		{"/encoded", "Ferry strike halts island traffic", "127.0.0.1", "/encoded"},
		{"/moved", "Drone deliveries expand along the coast", "Harbour Herald", ""},
		{"/latin1", "Café talks", "127.0.0.1", "/latin1"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			it := readOne(t, srv.URL+tc.path, nil, opts)
			checkDoc(t, it)
			d := it.Doc
			if d.Title != tc.title || d.Outlet != tc.outlet {
				t.Errorf("title %q outlet %q, want %q %q", d.Title, d.Outlet, tc.title, tc.outlet)
			}
			if strings.HasPrefix(tc.url, "/") {
				tc.url = srv.URL + tc.url
			}
			if tc.url != "" && d.URL != tc.url {
				t.Errorf("URL %q, want %q", d.URL, tc.url)
			}
		})
	}
}

func TestReadBadURL(t *testing.T) {
	srv := newServer(t)
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL + "/x"
	dead.Close()
	for _, tc := range []struct {
		url, msg string
		max      int64
		kind     error
	}{
		{srv.URL + "/missing", "HTTP 404 Not Found", 0, ErrHTTP},
		{deadURL, "cannot fetch", 0, nil},
		{srv.URL + "/big", "larger than 16 KiB", 16 << 10, ErrTooLarge},
		{srv.URL + "/bad-feed", "malformed feed", 0, ErrFeed},
		{srv.URL + "/empty-feed", "feed has no entries", 0, ErrFeed},
		{"http://[::1]:namedport/", "bad URL", 0, nil},
	} {
		t.Run(tc.url, func(t *testing.T) {
			opts := testOptions()
			opts.Client = srv.Client()
			opts.MaxBytes = tc.max
			it := readOne(t, tc.url, nil, opts)
			if it.Err == nil {
				t.Fatal("no error")
			}
			if msg := it.Err.Error(); !strings.HasPrefix(msg, tc.url+": ") || !strings.Contains(msg, tc.msg) {
				t.Errorf("error %q, want %q naming the URL", msg, tc.msg)
			}
			if tc.kind != nil && !errors.Is(it.Err, tc.kind) {
				t.Errorf("error is not %v", tc.kind)
			}
		})
	}
}

func TestReadFeeds(t *testing.T) {
	srv := newServer(t)
	opts := testOptions()
	opts.Client = srv.Client()

	// A feed as a local file, linking to the server.
	local := filepath.Join(t.TempDir(), "feed.rss")
	os.WriteFile(local, bytes.ReplaceAll(fixture(t, "feed.rss"), []byte("http://example.test"), []byte(srv.URL)), 0o644)

	type want struct {
		input, title, outlet, published, from, err string
	}
	rss := []want{
		{input: "/article.html", title: "Drone deliveries expand along the coast", outlet: "Harbour Herald", published: "2024-03-14", from: "feed"},
		{input: "/ferry.txt", title: "Ferry strike halts island traffic", outlet: "Harbour Herald", published: "2024-03-12", from: "feed"},
		{input: "/missing.html", err: "HTTP 404 Not Found"},
	}
	for _, tc := range []struct {
		input string
		want  []want
	}{
		{srv.URL + "/feed.rss", rss},
		{local, rss},
		{srv.URL + "/feed.atom", []want{
			{input: "/article.html", title: "Drones for the island garrisons", outlet: "Harbour Herald", published: "2024-03-15", from: "feed"},
			{input: "#2", title: "Council questions programme cost", outlet: "Coast Watch", published: "2024-03-13", from: "feed"},
		}},
	} {
		t.Run(filepath.Base(tc.input), func(t *testing.T) {
			items := Read(context.Background(), tc.input, nil, opts)
			if len(items) != len(tc.want) {
				t.Fatalf("%d items, want %d", len(items), len(tc.want))
			}
			for i, w := range tc.want {
				it := items[i]
				wantInput := srv.URL + w.input
				if strings.HasPrefix(w.input, "#") {
					wantInput = tc.input + w.input
				}
				if it.Input != wantInput {
					t.Errorf("item %d input %q, want %q", i, it.Input, wantInput)
				}
				if w.err != "" {
					if it.Err == nil || !strings.HasPrefix(it.Err.Error(), wantInput+": ") || !strings.Contains(it.Err.Error(), w.err) {
						t.Errorf("item %d error %v, want %q", i, it.Err, w.err)
					}
					continue
				}
				checkDoc(t, it)
				d := it.Doc
				got := want{input: w.input, title: d.Title, outlet: d.Outlet, published: d.Published, from: d.PublishedFrom}
				if got != w {
					t.Errorf("item %d = %+v, want %+v", i, got, w)
				}
			}
		})
	}
}

func TestExpand(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"b.txt", "a.html", "a.meta.json", ".hidden.txt", "sub/z.txt", "sub/c.txt.gz", ".git/x.txt", "sub/deeper/y.txt"} {
		p = filepath.Join(dir, p)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("x"), 0o644)
	}
	file := filepath.Join(dir, "b.txt")
	missing := filepath.Join(dir, "nope.txt")
	got, err := Expand([]string{dir, "-", "https://example.com/a", file, missing})
	want := []string{
		filepath.Join(dir, "a.html"), filepath.Join(dir, "b.txt"),
		filepath.Join(dir, "sub/c.txt.gz"), filepath.Join(dir, "sub/deeper/y.txt"), filepath.Join(dir, "sub/z.txt"),
		"-", "https://example.com/a",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Expand = %q\nwant %q", got, want)
	}
	if err == nil || !strings.Contains(err.Error(), missing+": ") {
		t.Errorf("error %v, want one naming %s", err, missing)
	}
}
