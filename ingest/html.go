package ingest

import (
	"bytes"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta is the metadata an HTML page declares about itself.
type pageMeta struct {
	title, outlet, url, published, language string
}

// page is what extractHTML gets out of an HTML document.
type page struct {
	text string
	meta pageMeta
}

// minExtracted is trafilatura's default MinExtractedSize: shorter results
// come from its page-wide baseline.
const minExtracted = 250

// extractHTML extracts the article text and metadata of an HTML page.
// pageURL, when known, resolves relative links and names the host. Pages
// of up to treeMaxBytes and treeMaxElements are parsed into a tree for
// go-trafilatura; larger ones are read in one streaming pass (scanHTML),
// so that memory and time stay in proportion to the page. Pages of more
// than MaxElements elements are refused. The text is at most MaxTextBytes.
func extractHTML(data []byte, pageURL string) (page, error) {
	s := scanHTML(data)
	if s.elements > MaxElements {
		return page{}, errorf(ErrTooLarge, "HTML page with more than %d elements: not an article", MaxElements)
	}
	if len(data) > treeMaxBytes || s.elements > treeMaxElements {
		p := page{meta: s.meta, text: cleanText(normalizeText(s.text), true).text}
		if p.meta.title == "" {
			p.meta.title = s.h1
		}
		p.text = capText(p.text)
		return p, nil
	}
	p := extractTree(data, pageURL)
	p.text = capText(p.text)
	return p, nil
}

// extractTree extracts a page through its parsed tree and go-trafilatura.
func extractTree(data []byte, pageURL string) page {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		// html.Parse only fails on read errors, which a byte slice has
		// none of; keep going with an empty document anyway.
		doc = &html.Node{Type: html.DocumentNode}
	}
	var p page
	p.meta = readMeta(doc)

	opts := trafilatura.Options{
		EnableFallback:  true,
		ExcludeComments: true,
		Focus:           trafilatura.Balanced,
		MaxTreeSize:     0,
	}
	if p.meta.published != "" {
		// Only scan the page for a date when its metadata has none.
		opts.HtmlDateMode = trafilatura.Disabled
	} else {
		opts.HtmlDateMode = trafilatura.Fast
	}
	base := pageURL
	if base == "" {
		base = p.meta.url
	}
	if u, err := url.Parse(base); err == nil && u.IsAbs() {
		opts.OriginalURL = u
	}
	res, err := trafilatura.ExtractDocument(doc, opts)
	if err == nil && res != nil {
		// Below minExtracted characters trafilatura falls back to the
		// whole page's text run together (menus, title and all); our own
		// fallback below does better on such short pages.
		if utf8.RuneCountInString(res.ContentText) >= minExtracted {
			p.text = cleanText(normalizeText(renderText(res.ContentNode)), false).text
		}
		m := res.Metadata
		p.meta.title = firstNonEmpty(p.meta.title, m.Title)
		p.meta.outlet = firstNonEmpty(p.meta.outlet, m.Sitename)
		p.meta.url = firstNonEmpty(p.meta.url, m.URL)
		if p.meta.published == "" && !m.Date.IsZero() {
			p.meta.published = m.Date.UTC().Format(time.DateOnly)
		}
	}
	if p.text == "" {
		// Trafilatura found nothing (a short or unusual page): take the
		// page's text without its scripts, navigation, forms and footers
		// and clean it like a text dump.
		body := findFirst(doc, atom.Body)
		if body == nil {
			body = doc
		}
		p.text = cleanText(normalizeText(renderText(body)), true).text
	}
	if p.meta.title == "" {
		if h1 := findFirst(doc, atom.H1); h1 != nil {
			p.meta.title = strings.Join(strings.Fields(nodeText(h1)), " ")
		}
	}
	return p
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x = strings.TrimSpace(x); x != "" {
			return x
		}
	}
	return ""
}

// skipTags are never article text.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Iframe: true,
	atom.Svg: true, atom.Math: true, atom.Nav: true, atom.Header: true, atom.Footer: true, atom.Aside: true,
	atom.Form: true, atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Input: true,
	atom.Object: true, atom.Embed: true, atom.Canvas: true, atom.Head: true,
}

// blockTags start a new paragraph.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Blockquote: true, atom.Pre: true, atom.Table: true, atom.Tr: true, atom.Section: true,
	atom.Article: true, atom.Main: true, atom.Figure: true, atom.Figcaption: true, atom.Hr: true,
	atom.Address: true, atom.Details: true, atom.Summary: true, atom.Body: true, atom.Caption: true,
}

// renderText turns an HTML subtree into text with one paragraph per block
// element, paragraphs separated by blank lines and list items by single
// line breaks.
func renderText(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.CommentNode, html.DoctypeNode:
			return
		case html.ElementNode:
			a := n.DataAtom
			if a == 0 {
				// Trafilatura's output uses custom tags; treat unknown
				// tags by name.
				a = atom.Lookup([]byte(strings.ToLower(n.Data)))
			}
			if skipTags[a] {
				return
			}
			switch {
			case a == atom.Br:
				b.WriteString("\n")
				return
			case a == atom.Li || a == atom.Tr || a == atom.Dt || a == atom.Dd:
				b.WriteString("\n")
				defer b.WriteString("\n")
			case a == atom.Td || a == atom.Th:
				defer b.WriteString(" ")
			case blockTags[a] || isTrafilaturaBlock(n.Data):
				b.WriteString("\n\n")
				defer b.WriteString("\n\n")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// isTrafilaturaBlock reports whether a tag name of trafilatura's output
// tree (head, list, item, quote, ...) is a block.
func isTrafilaturaBlock(name string) bool {
	switch strings.ToLower(name) {
	case "head", "list", "item", "quote", "code", "row", "cell", "lb":
		return true
	}
	return false
}

func findFirst(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findFirst(c, a); f != nil {
			return f
		}
	}
	return nil
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return strings.TrimSpace(a.Val)
		}
	}
	return ""
}

// Meta names, in order of preference.
var (
	titleMeta  = []string{"og:title", "twitter:title", "dc.title", "dcterms.title", "headline", "title"}
	outletMeta = []string{"og:site_name", "application-name", "publisher", "dc.publisher", "dcterms.publisher", "twitter:site"}
	dateMeta   = []string{"article:published_time", "og:published_time", "og:article:published_time", "datepublished",
		"publishdate", "publish-date", "publish_date", "pubdate", "publication_date", "sailthru.date", "parsely-pub-date",
		"dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created", "date", "article.published",
		"citation_publication_date", "datecreated"}
	urlMeta  = []string{"og:url", "twitter:url"}
	langMeta = []string{"content-language", "dc.language", "og:locale", "language", "inlanguage"}
)

// readMeta collects <meta>, <title>, <html lang>, canonical link and
// JSON-LD metadata from a parsed page.
func readMeta(doc *html.Node) pageMeta {
	mc := newMetaCollector()
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			mc.element(n.DataAtom, func(k string) string { return attr(n, k) })
			switch n.DataAtom {
			case atom.Title:
				mc.title(nodeText(n))
			case atom.Script:
				if strings.EqualFold(attr(n, "type"), "application/ld+json") {
					mc.jsonLD(nodeText(n))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return mc.result()
}

// jsonLD fills empty fields of m from a schema.org JSON-LD object.
func jsonLD(v any, m *pageMeta) {
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			jsonLD(x, m)
		}
	case map[string]any:
		if g, ok := v["@graph"]; ok {
			jsonLD(g, m)
		}
		if s, ok := v["datePublished"].(string); ok && m.published == "" {
			m.published = metaDate(s)
		}
		if s, ok := v["headline"].(string); ok && m.title == "" {
			m.title = strings.TrimSpace(s)
		}
		if p, ok := v["publisher"].(map[string]any); ok && m.outlet == "" {
			if s, ok := p["name"].(string); ok {
				m.outlet = strings.TrimSpace(s)
			}
		}
		if s, ok := v["inLanguage"].(string); ok && m.language == "" {
			m.language = s
		}
	}
}

// metaDate reduces a date from metadata (ISO 8601, RFC 1123, a written
// date) to YYYY-MM-DD, or "" if it cannot be read.
func metaDate(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04", time.DateOnly,
		time.RFC1123, time.RFC1123Z, time.RFC822, time.RFC822Z, "2006/01/02", "20060102"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(time.DateOnly)
		}
	}
	if len(s) >= 10 {
		if t, err := time.Parse(time.DateOnly, s[:10]); err == nil {
			return t.Format(time.DateOnly)
		}
	}
	return firstDate(s)
}
