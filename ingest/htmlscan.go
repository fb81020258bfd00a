package ingest

import (
	"bytes"
	"encoding/json"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Bounds on HTML. A parsed tree costs tens of times the size of the page
// and go-trafilatura's passes over it take time in proportion to the tree,
// so only pages within treeMaxBytes and treeMaxElements get a tree; larger
// ones are read in one streaming pass whose memory is the page plus
// MaxTextBytes.
const (
	// MaxTextBytes caps the text extracted from one page: no article is
	// longer, and the coder's time grows with the text.
	MaxTextBytes = 256 << 10
	// MaxElements is the most elements a page may have; beyond it the page
	// is refused (no news page comes close).
	MaxElements = 1 << 20
	// treeMaxBytes and treeMaxElements bound the pages given a tree.
	treeMaxBytes    = 1 << 20
	treeMaxElements = 20_000
	// scanTextBytes is how much text a streaming pass keeps: more than
	// MaxTextBytes, so that capText can end on a paragraph.
	scanTextBytes = MaxTextBytes + MaxTextBytes/4
	// maxLDBytes caps the JSON-LD metadata read from a page.
	maxLDBytes = 256 << 10
	// maxTitleBytes caps a <title> or first <h1> kept from a page.
	maxTitleBytes = 4 << 10
)

// metaCollector gathers a page's self-description — <meta>, <title>,
// <html lang>, the canonical link, <time> and JSON-LD — from elements fed
// to it in document order, from a tree or from a stream of tokens.
type metaCollector struct {
	metas                       map[string]string
	htmlLang, titleTag, canonic string
	ld                          []any
	ldBytes                     int
}

func newMetaCollector() *metaCollector {
	return &metaCollector{metas: make(map[string]string)}
}

// element records one element's attributes; attr returns an attribute's
// trimmed value by key (case-insensitive) or "".
func (c *metaCollector) element(a atom.Atom, attr func(string) string) {
	switch a {
	case atom.Html:
		c.htmlLang = firstNonEmpty(attr("lang"), attr("xml:lang"))
	case atom.Meta:
		content := attr("content")
		for _, k := range []string{"property", "name", "itemprop", "http-equiv"} {
			if key := strings.ToLower(attr(k)); key != "" && content != "" {
				if _, dup := c.metas[key]; !dup {
					c.metas[key] = content
				}
			}
		}
	case atom.Link:
		if strings.EqualFold(attr("rel"), "canonical") && c.canonic == "" {
			c.canonic = attr("href")
		}
	case atom.Time:
		if attr("itemprop") == "datePublished" || attr("pubdate") != "" {
			if _, dup := c.metas["datepublished"]; !dup && attr("datetime") != "" {
				c.metas["datepublished"] = attr("datetime")
			}
		}
	}
}

// title records the text of a <title> element; the first one counts.
func (c *metaCollector) title(text string) {
	if c.titleTag == "" {
		c.titleTag = strings.Join(strings.Fields(text), " ")
	}
}

// jsonLD records the text of an application/ld+json script.
func (c *metaCollector) jsonLD(text string) {
	if c.ldBytes += len(text); c.ldBytes > maxLDBytes {
		return
	}
	var v any
	if json.Unmarshal([]byte(text), &v) == nil {
		c.ld = append(c.ld, v)
	}
}

// result picks the metadata from what was collected.
func (c *metaCollector) result() pageMeta {
	pick := func(keys []string) string {
		for _, k := range keys {
			if v := c.metas[k]; v != "" {
				return v
			}
		}
		return ""
	}
	var m pageMeta
	m.title = pick(titleMeta)
	m.outlet = pick(outletMeta)
	if strings.HasPrefix(m.outlet, "@") {
		m.outlet = "" // a Twitter handle is not a name
	}
	m.url = firstNonEmpty(c.canonic, pick(urlMeta))
	m.published = metaDate(pick(dateMeta))
	m.language = firstNonEmpty(c.htmlLang, pick(langMeta))
	for _, v := range c.ld {
		jsonLD(v, &m)
	}
	if m.title == "" {
		m.title = c.titleTag
	}
	return m
}

// scan is what one streaming pass over a page finds.
type scan struct {
	elements int
	meta     pageMeta
	text     string // the page's text, as renderText lays it out, at most scanTextBytes
	h1       string // the text of the first <h1>
}

// scanHTML reads a page token by token: it counts elements, collects the
// metadata and renders the text outside scripts, navigation, forms,
// headers and footers, with paragraph breaks at block elements. It stops
// counting, and reports more than MaxElements, at MaxElements + 1.
func scanHTML(data []byte) scan {
	var s scan
	mc := newMetaCollector()
	z := html.NewTokenizer(bytes.NewReader(data))
	var text strings.Builder
	full := false
	write := func(str string) {
		if full {
			return
		}
		if text.Len()+len(str) > scanTextBytes {
			str = str[:cutUTF8(str, scanTextBytes-text.Len())]
			full = true
		}
		text.WriteString(str)
	}
	// skip holds the open elements whose content is not text; closing
	// one closes those opened inside it, as a parser would.
	var skip []atom.Atom
	var raw atom.Atom // the raw-text element (script, style, title...) open
	ld := false       // the open script is JSON-LD
	h1 := 0           // 1 inside the first <h1>, 2 after it
	var h1Text strings.Builder
	attrs := func(z *html.Tokenizer, hasAttr bool) func(string) string {
		m := map[string]string{}
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			key := strings.ToLower(string(k))
			if _, dup := m[key]; !dup {
				m[key] = strings.TrimSpace(string(v))
			}
		}
		return func(k string) string { return m[strings.ToLower(k)] }
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			s.meta = mc.result()
			s.text = text.String()
			s.h1 = strings.Join(strings.Fields(h1Text.String()), " ")
			return s
		case html.TextToken:
			switch {
			case raw == atom.Title:
				mc.title(clipBytes(string(z.Text()), maxTitleBytes))
			case raw == atom.Script && ld:
				mc.jsonLD(string(z.Text()))
			case raw != 0, len(skip) > 0:
			default:
				t := string(z.Text())
				write(t)
				if h1 == 1 && h1Text.Len() < maxTitleBytes {
					h1Text.WriteString(t)
				}
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			s.elements++
			if s.elements > MaxElements {
				return s
			}
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			var attr func(string) string
			switch a {
			case atom.Html, atom.Meta, atom.Link, atom.Time, atom.Script:
				attr = attrs(z, hasAttr)
				mc.element(a, attr)
			}
			void := tt == html.SelfClosingTagToken || voidElements[a]
			switch a {
			case atom.Script, atom.Style, atom.Title, atom.Textarea, atom.Xmp, atom.Iframe, atom.Noembed, atom.Noframes, atom.Noscript, atom.Plaintext:
				if !void {
					raw = a // the tokenizer reads their content as raw text
					ld = a == atom.Script && strings.EqualFold(attr("type"), "application/ld+json")
				}
			case atom.H1:
				if h1 == 0 {
					h1 = 1
				}
			}
			if void {
				switch a {
				case atom.Br:
					write("\n")
				case atom.Hr:
					write("\n\n")
				}
				continue
			}
			if skipTags[a] || a == atom.Title {
				skip = append(skip, a)
				continue
			}
			writeBreak(write, a, true)
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == raw {
				raw, ld = 0, false
			}
			if a == atom.H1 && h1 == 1 {
				h1 = 2
			}
			if skipTags[a] || a == atom.Title {
				for i := len(skip) - 1; i >= 0; i-- {
					if skip[i] == a {
						skip = skip[:i]
						break
					}
				}
				continue
			}
			if a == atom.Body || a == atom.Html {
				skip = skip[:0]
			}
			if len(skip) == 0 {
				writeBreak(write, a, false)
			}
		}
	}
}

// writeBreak writes the line breaks renderText writes around an element.
func writeBreak(write func(string), a atom.Atom, start bool) {
	switch {
	case a == atom.Li || a == atom.Tr || a == atom.Dt || a == atom.Dd:
		write("\n")
	case a == atom.Td || a == atom.Th:
		if !start {
			write(" ")
		}
	case blockTags[a]:
		write("\n\n")
	}
}

// voidElements have no end tag and no content.
var voidElements = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true,
	atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true, atom.Source: true, atom.Track: true,
	atom.Wbr: true, atom.Param: true,
}

// cutUTF8 returns the largest n' <= n at which s can be cut without
// splitting a character.
func cutUTF8(s string, n int) int {
	if n >= len(s) {
		return len(s)
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return n
}

// clipBytes returns s cut to at most n bytes on a character boundary.
func clipBytes(s string, n int) string { return s[:cutUTF8(s, n)] }

// capText cuts text to at most MaxTextBytes, at the last paragraph break
// before the limit when there is one in its second half.
func capText(text string) string {
	if len(text) <= MaxTextBytes {
		return text
	}
	cut := cutUTF8(text, MaxTextBytes)
	if i := strings.LastIndex(text[:cut], "\n\n"); i > MaxTextBytes/2 {
		cut = i
	}
	return strings.TrimRight(text[:cut], " \n")
}

// clipText returns data as a string, cut after at most scanTextBytes at a
// paragraph break (or a line break, or a character boundary), so that
// capText still finds a paragraph to end on after cleaning.
func clipText(data []byte) string {
	if len(data) <= scanTextBytes {
		return string(data)
	}
	head := string(data[:cutUTF8(string(data[:scanTextBytes+1]), scanTextBytes)])
	for _, sep := range []string{"\n\n", "\n"} {
		if i := strings.LastIndex(head, sep); i > scanTextBytes/2 {
			return head[:i]
		}
	}
	return head
}
