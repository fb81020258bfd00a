package ingest

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// offline is a client that fails every request at once, so fuzzed feeds
// never reach the network.
var offline = &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
	return nil, errors.New("offline")
})}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// fuzzRead runs the whole pipeline on data as if read from a file called
// name, without Read's panic guard, and checks the output.
func fuzzRead(t *testing.T, name string, data []byte) {
	opts := Options{Client: offline, MaxBytes: 1 << 20, Now: testOptions().Now, HostDelay: -1}
	src := &source{input: name, name: name, data: data}
	if err := src.prepare(opts.maxBytes()); err != nil {
		if !strings.HasPrefix(inputErr(name, err).Error(), name+": ") {
			t.Fatalf("error does not name the input: %v", err)
		}
		return
	}
	for _, it := range collect(func(emit func(int, Item)) { readSource(context.Background(), src, opts, emit) }) {
		if it.Err != nil {
			if it.Doc != nil {
				t.Fatal("both document and error")
			}
			if !strings.HasPrefix(it.Err.Error(), it.Input+": ") {
				t.Fatalf("error does not name the input: %v", it.Err)
			}
			continue
		}
		d := it.Doc
		if strings.TrimSpace(d.Text) == "" {
			t.Fatal("document without text")
		}
		for _, s := range []string{d.Text, d.Title, d.Outlet, d.URL, d.Language, d.Published} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 in output %q", s)
			}
		}
		if strings.ContainsAny(d.Text, "\r\x00\ufeff") {
			t.Fatalf("text keeps CR, NUL or BOM: %q", d.Text)
		}
		if d.Hash != Hash(d.Text) {
			t.Fatal("hash is not of the text")
		}
	}
}

func FuzzReadText(f *testing.F) {
	for _, s := range []string{
		"Headline\n\nBody text that says something. And more.\n",
		"Last Updated : GMT 06:49:16\nArab Today, arab today\n\nRussia and Iran met on Friday, June 9, 2023, officials said.\nSource: Arab News\nName *\n© 2021",
		"\xef\xbb\xbfa\r\nb\r\n",
		"(Photo : AFP)\nRead also: x\n",
		"\xff\xfeh\x00i\x00",
		"\x1f\x8b\x08\x00",
		"",
	} {
		f.Add([]byte(s))
	}
	for _, name := range []string{"ferry.txt"} {
		f.Add(fixture(f, name))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, "fuzz.txt", data)
	})
}

func FuzzReadHTML(f *testing.F) {
	f.Add(fixture(f, "article.html"))
	for _, s := range []string{
		"<html><body><p>Short.</p></body></html>",
		"<p>Unclosed <b>tags <i>everywhere",
		"<html><head><meta charset=\"koi8-r\"></head><body>\xc1\xc2\xd7</body></html>",
		"<script>alert(1)</script>",
		`<html><head><script type="application/ld+json">{"@graph":[{"datePublished":"2024-01-01","headline":"H"}]}</script></head><body><article><p>Text of the article that is long enough.</p></article></body></html>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, "fuzz.html", data)
	})
}

func FuzzReadFeed(f *testing.F) {
	f.Add(fixture(f, "feed.rss"))
	f.Add(fixture(f, "feed.atom"))
	for _, s := range []string{
		`<rss><channel><item><title>x</item></rss`,
		`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html">&lt;p&gt;Hi there, this is text.&lt;/p&gt;</content></entry></feed>`,
		`{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","content_text":"Body of the item."}]}`,
		`<rdf:RDF><item><link>/relative</link></item></rdf:RDF>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, "fuzz.xml", data)
		// The parser alone, on any input.
		feed, err := parseFeed(data)
		if err == nil && feed == nil {
			t.Fatal("no feed and no error")
		}
	})
}
