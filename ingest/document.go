package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/RadhiFadlillah/whatlanggo"
	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/regular"
)

// meta is a document's metadata from one source.
type meta struct {
	title, outlet, url, published, from, language string
}

// over fills the fields of m that o has, and returns m.
func (m meta) over(o meta) meta {
	if o.title != "" {
		m.title = o.title
	}
	if o.outlet != "" {
		m.outlet = o.outlet
	}
	if o.url != "" {
		m.url = o.url
	}
	if o.published != "" {
		m.published, m.from = o.published, o.from
	}
	if o.language != "" {
		m.language = o.language
	}
	return m
}

// buildDocument turns a prepared text or HTML source into a Document.
// feed, if not nil, is metadata from the feed entry that linked to it; it
// beats what the page says about itself.
func buildDocument(src *source, opts Options, feed *meta) (*sitrep.Document, error) {
	var text string
	var m meta
	switch src.kind {
	case kindHTML:
		p, err := extractHTML(src.data, src.url)
		if err != nil {
			return nil, err
		}
		text = p.text
		m = meta{title: p.meta.title, outlet: p.meta.outlet, url: p.meta.url, language: p.meta.language}
		if p.meta.published != "" {
			m.published, m.from = p.meta.published, "meta"
		}
	default:
		// No article runs past MaxTextBytes, and cleaning and coding take
		// time in proportion to the text: a longer file is read up to a
		// paragraph break past the cap and cut there.
		c := cleanText(normalizeText(clipText(src.data)), true)
		text = capText(c.text)
		m = meta{title: c.title, outlet: c.outlet}
		if c.dateline != "" {
			m.published, m.from = c.dateline, "text"
		}
	}
	if strings.TrimSpace(text) == "" {
		return nil, errorf(ErrNoText, "no article text found")
	}
	if src.url != "" && m.url == "" {
		m.url = src.url
	}
	if feed != nil {
		// The feed's entry title and date beat the page's; its name is
		// only a fallback for the page's own site name.
		f := *feed
		if m.outlet != "" {
			f.outlet = ""
		}
		m = m.over(f)
	}
	now := opts.now()
	if m.published != "" && sitrep.CheckDateRange(m.published, now) != nil {
		// A page, feed or dateline that gives 0001-01-01 or 2999-12-31
		// carries a CMS placeholder, not news: the date is inferred
		// instead. (Dates the user gives are refused instead.)
		m.published, m.from = "", ""
	}
	if src.path != "" {
		side, err := readSidecar(src.path, now)
		if err != nil {
			return nil, err
		}
		m = m.over(side)
	}
	if opts.Published != "" {
		if err := sitrep.CheckDateRange(opts.Published, now); err != nil {
			return nil, fmt.Errorf("published date %w", err)
		}
		m.published, m.from = opts.Published, "flag"
	}
	if m.published == "" {
		if d := inferDate(text, now); d != "" {
			m.published, m.from = d, "inferred"
		}
	}
	if m.title == "" {
		m.title = fallbackTitle(text)
	}
	if m.outlet == "" {
		m.outlet = hostOutlet(m.url)
	}
	m.title = trimSiteName(m.title, m.outlet)
	lang := normalizeLang(m.language)
	if lang == "" {
		lang = detectLanguage(text)
	}
	doc := &sitrep.Document{
		Hash:          Hash(text),
		SimHash:       SimHash(text),
		Title:         oneLine(m.title),
		Outlet:        oneLine(m.outlet),
		URL:           RedactURL(strings.TrimSpace(m.url)),
		Source:        src.input,
		Published:     m.published,
		PublishedFrom: m.from,
		Language:      lang,
		Text:          text,
		IngestedAt:    now.UTC(),
	}
	return doc, nil
}

// trimSiteName removes the site's name from the end of a page title:
// "Talks resume | Alpine Wire" → "Talks resume".
func trimSiteName(title, outlet string) string {
	if outlet == "" {
		return title
	}
	lt, lo := strings.ToLower(title), strings.ToLower(outlet)
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: ", " · "} {
		if strings.HasSuffix(lt, sep+lo) && len(title) > len(sep+outlet) {
			return strings.TrimSpace(title[:len(title)-len(sep+outlet)])
		}
	}
	return title
}

// oneLine collapses white space and repairs invalid UTF-8 in a metadata
// string.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
}

// fallbackTitle makes a title for a text without a headline: a
// title-cased line among its first three (a headline left in the body),
// else its first line when that is short, else its first words.
func fallbackTitle(text string) string {
	n := 0
	for _, l := range strings.Split(text, "\n") {
		if l == "" {
			continue
		}
		if n++; n > 3 {
			break
		}
		if c := classify(l); headlineLike(c) && c.words <= 20 && titleCased(l) {
			return l
		}
	}
	first, _, _ := strings.Cut(text, "\n")
	if l := classify(first); headlineLike(l) && l.words <= 20 {
		return first
	}
	w := strings.Fields(first)
	if len(w) <= 12 {
		return first
	}
	return strings.Join(w[:12], " ") + "…"
}

// titleCased reports whether most words of four or more letters start
// with a capital, as in "Iran Has Been Supplying Components to Russia".
func titleCased(s string) bool {
	long, upper := 0, 0
	for _, w := range strings.Fields(s) {
		r := []rune(strings.Trim(w, `"'“‘(`))
		if len(r) < 4 {
			continue
		}
		long++
		if unicode.IsUpper(r[0]) {
			upper++
		}
	}
	return long >= 2 && upper*10 >= long*8
}

// hostOutlet names a site by its host: "https://www.example.com/x" →
// "example.com".
func hostOutlet(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// sidecar is the NAME.meta.json file next to an input file.
type sidecar struct {
	Title     string `json:"title"`
	Outlet    string `json:"outlet"`
	URL       string `json:"url"`
	Published string `json:"published"`
	Language  string `json:"language"`
}

// sidecarPaths lists where the sidecar of a file may be: "a.txt.meta.json"
// and "a.meta.json" (a ".gz" suffix is looked through).
func sidecarPaths(path string) []string {
	p := strings.TrimSuffix(path, ".gz")
	paths := []string{p + ".meta.json"}
	if ext := filepath.Ext(p); ext != "" {
		paths = append(paths, strings.TrimSuffix(p, ext)+".meta.json")
	}
	if p != path {
		paths = append(paths, path+".meta.json")
	}
	return paths
}

// readSidecar reads the metadata sidecar of the file at path, if any. Its
// date must be in the range sitrep.CheckDateRange accepts at now.
func readSidecar(path string, now time.Time) (meta, error) {
	for _, sp := range sidecarPaths(path) {
		data, err := regular.ReadFile(sp) // a FIFO there must not block
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return meta{}, fmt.Errorf("sidecar %s: %v", sp, pathErr(err))
		}
		var s sidecar
		if err := json.Unmarshal(data, &s); err != nil {
			return meta{}, fmt.Errorf("sidecar %s: invalid JSON: %v", sp, err)
		}
		m := meta{title: s.Title, outlet: s.Outlet, url: s.URL, language: s.Language}
		if s.Published != "" {
			d := metaDate(s.Published)
			if d == "" {
				return meta{}, fmt.Errorf("sidecar %s: published %q is not a date (want YYYY-MM-DD)", sp, s.Published)
			}
			if err := sitrep.CheckDateRange(d, now); err != nil {
				return meta{}, fmt.Errorf("sidecar %s: published %w", sp, err)
			}
			m.published, m.from = d, "sidecar"
		}
		return m, nil
	}
	return meta{}, nil
}

// normalizeLang reduces a language tag to its primary subtag: "en-GB",
// "en_US" → "en".
func normalizeLang(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i >= 0 {
		s = s[:i]
	}
	if len(s) < 2 || len(s) > 3 {
		return ""
	}
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return ""
		}
	}
	return s
}

// englishStop are frequent English function words; their share of a
// text's words tells English apart from other languages.
var englishStop = map[string]bool{"the": true, "of": true, "and": true, "to": true, "in": true, "a": true,
	"is": true, "that": true, "for": true, "on": true, "was": true, "with": true, "said": true, "by": true,
	"as": true, "it": true, "at": true, "from": true, "his": true, "has": true, "have": true, "are": true,
	"were": true, "be": true, "an": true, "its": true, "their": true, "which": true, "this": true, "had": true}

// detectLanguage returns the ISO 639-1 code of the text's language, or ""
// when unsure. English is recognised by its function words, which is
// reliable even for short texts; other languages by whatlanggo's trigram
// profiles.
func detectLanguage(text string) string {
	if len(text) > 20000 {
		cut := 20000
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	w := words(text)
	if len(w) == 0 {
		return ""
	}
	stop := 0
	for _, x := range w {
		if englishStop[x] {
			stop++
		}
	}
	if len(w) >= 5 && stop*100 >= len(w)*15 {
		return "en"
	}
	info := whatlanggo.Detect(text)
	if info.IsReliable() {
		return info.Lang.Iso6391()
	}
	return ""
}

// blank reports whether b holds only white space, without copying it.
func blank(b []byte) bool {
	return len(bytes.TrimFunc(b, unicode.IsSpace)) == 0
}
