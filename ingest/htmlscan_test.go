package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// bigPage builds a page of about size bytes: head metadata, a headline,
// then repeats of unit in the body, numbered where unit has a %d.
func bigPage(unit string, size int) []byte {
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="en"><head><title>Big page | Wire</title>
<meta property="og:site_name" content="Test Wire"><meta property="article:published_time" content="2024-03-14T10:00:00Z">
<script type="application/ld+json">{"headline": "From JSON-LD"}</script><style>p { color: red }</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><h1>Big page headline</h1><article>`)
	for i := 0; b.Len() < size; i++ {
		if strings.Contains(unit, "%d") {
			fmt.Fprintf(&b, unit, i)
		} else {
			b.WriteString(unit)
		}
	}
	b.WriteString("</article><footer>Copyright Test Wire</footer></body></html>")
	return []byte(b.String())
}

const prosePara = "<p>Officials said the army struck positions near the border on Monday while ministers met in the capital to discuss talks (%d).</p>\n"

func TestExtractHTMLBounds(t *testing.T) {
	for _, tc := range []struct {
		name      string
		data      []byte
		tooLarge  bool
		wantTitle string
		wantText  string
	}{
		{name: "prose beyond the tree limit", data: bigPage(prosePara, 3<<20), wantTitle: "From JSON-LD", wantText: "Officials said the army struck"},
		{name: "many small elements", data: bigPage("<p><b>Talks</b> <i>resumed</i> on <span>Monday</span> (%d).</p>", 1<<20), wantTitle: "From JSON-LD", wantText: "Talks resumed on Monday (12)."},
		{name: "more than MaxElements", data: bigPage("<span></span>", 14*MaxElements), tooLarge: true},
		{name: "unclosed skipped element", data: []byte("<html><head><title>T</title></head><body><nav>menu " + strings.Repeat("<div>x</div>", treeMaxElements) + "</body></html>"), wantTitle: "T"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := extractHTML(tc.data, "")
			if tc.tooLarge {
				if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "elements") {
					t.Fatalf("err = %v, want a too-many-elements error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(p.text) > MaxTextBytes || !utf8.ValidString(p.text) {
				t.Errorf("text of %d bytes (valid UTF-8: %v)", len(p.text), utf8.ValidString(p.text))
			}
			if p.meta.title != tc.wantTitle {
				t.Errorf("title %q, want %q", p.meta.title, tc.wantTitle)
			}
			if !strings.Contains(p.text, tc.wantText) {
				t.Errorf("text lacks %q: %.300q", tc.wantText, p.text)
			}
			for _, junk := range []string{"color: red", "Home", "Copyright", "headline\"", "menu"} {
				if strings.Contains(p.text, junk) {
					t.Errorf("text holds %q", junk)
				}
			}
		})
	}
}

// TestScanMeta: the streaming pass reads the same metadata as the tree.
func TestScanMeta(t *testing.T) {
	data := fixture(t, "article.html")
	s := scanHTML(data)
	p := extractTree(data, "")
	if s.meta != readMetaOf(t, data) {
		t.Errorf("stream %+v, tree %+v", s.meta, readMetaOf(t, data))
	}
	if s.elements == 0 || s.elements > treeMaxElements {
		t.Errorf("%d elements", s.elements)
	}
	// The article's sentences are in the streamed text too.
	first := strings.SplitN(strings.TrimSpace(p.text), "\n", 2)[0]
	if !strings.Contains(strings.Join(strings.Fields(s.text), " "), strings.Join(strings.Fields(first), " ")) {
		t.Errorf("streamed text lacks %q", first)
	}
}

func TestCapText(t *testing.T) {
	para := strings.Repeat("é", 1000) + "\n\n"
	text := strings.Repeat(para, MaxTextBytes/len(para)+10)
	got := capText(text)
	if len(got) > MaxTextBytes || !utf8.ValidString(got) || strings.HasSuffix(got, "\n") {
		t.Errorf("capped to %d bytes, valid %v", len(got), utf8.ValidString(got))
	}
	if capText("short") != "short" {
		t.Error("short text changed")
	}
}

// BenchmarkExtractLargeHTML reads pages past the tree limit: 8 MB of prose
// and 1 MB of tiny elements. Memory per operation should stay within a
// few times the page.
func BenchmarkExtractLargeHTML(b *testing.B) {
	for _, bc := range []struct {
		name string
		data []byte
	}{
		{"prose-8MB", bigPage(prosePara, 8<<20)},
		{"tiny-elements-1MB", bigPage("<b>x</b>", 1<<20)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := extractHTML(bc.data, ""); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func readMetaOf(t *testing.T, data []byte) pageMeta {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return readMeta(doc)
}

func FuzzScanHTML(f *testing.F) {
	f.Add(fixture(f, "article.html"))
	f.Add([]byte("<nav><p>x</nav><p>y</p><script type=application/ld+json>{\"headline\":\"h\"}</script><title>t"))
	f.Add([]byte("<h1>a<h1>b</h1></h1><br/><hr><td>c</td><plaintext><p>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := scanHTML(data)
		if len(s.text) > scanTextBytes || len(s.h1) > maxTitleBytes+1 {
			t.Fatalf("text %d bytes, h1 %d bytes", len(s.text), len(s.h1))
		}
		if utf8.Valid(data) && !utf8.ValidString(s.text) {
			t.Fatal("invalid UTF-8 text from valid input")
		}
		if s.elements > MaxElements+1 {
			t.Fatalf("%d elements counted", s.elements)
		}
	})
}

// TestLongTextCapped: a plain-text file longer than any article is cut at
// a paragraph break within MaxTextBytes.
func TestLongTextCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("A very long report\n\n")
	for i := 0; b.Len() < 3<<20; i++ {
		fmt.Fprintf(&b, "Paragraph %d: officials said the army struck positions near the border on Monday.\n\n", i)
	}
	src := &source{input: "long.txt", name: "long.txt", data: []byte(b.String())}
	if err := src.prepare(DefaultMaxBytes); err != nil {
		t.Fatal(err)
	}
	doc, err := buildDocument(src, testOptions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Text) > MaxTextBytes || len(doc.Text) < MaxTextBytes/2 || !strings.HasSuffix(doc.Text, "Monday.") {
		t.Errorf("text of %d bytes ending %q", len(doc.Text), doc.Text[max(0, len(doc.Text)-40):])
	}
	for _, in := range []string{"", "short", strings.Repeat("é", scanTextBytes)} {
		if got := clipText([]byte(in)); len(got) > scanTextBytes || !utf8.ValidString(got) {
			t.Errorf("clipText of %d bytes: %d bytes", len(in), len(got))
		}
	}
}
