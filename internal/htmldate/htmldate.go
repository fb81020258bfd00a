// Package htmldate is sitrep's own small stand-in for the module
// github.com/markusmobius/go-htmldate, which go-trafilatura imports to date
// a page whose metadata gives no date. The go.mod of sitrep replaces that
// module with this one.
//
// Why: the original depends on go-dateparser, whose package initialisation
// builds its locale tables at start-up, about 78 MB allocated and 0.25 s
// of CPU in every run of every sitrep command, 'sitrep events' and
// 'sitrep --version' included (issue 11: read commands must start in
// 0.1 s). sitrep reads meta tags, JSON-LD and <time itemprop> itself
// (ingest.readMeta) and infers a date from the text when a page has none,
// so this package only needs the two plain clues trafilatura's fast mode
// would find first: a date in the page's URL and a <time datetime>.
//
// It is written for sitrep and keeps only the names trafilatura uses.
package htmldate

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Options are the choices trafilatura passes. MinDate and MaxDate bound
// an acceptable date (default: 1995-01-01 to a day after now); the other
// fields are accepted and ignored.
type Options struct {
	ExtractTime         bool
	UseOriginalDate     bool
	URL                 string
	MinDate             time.Time
	MaxDate             time.Time
	EnableLog           bool
	SkipExtensiveSearch bool
	DeferUrlExtractor   bool
}

// Result is a date found, zero when none was.
type Result struct {
	DateTime    time.Time
	HasTime     bool
	HasTimezone bool
	SrcString   string
}

// IsZero reports whether no date was found.
func (r Result) IsZero() bool { return r.DateTime.IsZero() }

// urlDate matches /2023/07/15/, /2023-07-15 and 20230715 in a URL path.
var urlDate = regexp.MustCompile(`(?:^|[/_-])((?:19|20)\d\d)[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?:$|[/_.-])`)

// isoDate matches the date at the start of a datetime attribute.
var isoDate = regexp.MustCompile(`^\s*((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])`)

// FromDocument returns the publication date of doc: the date in
// opts.URL's path, else the first <time datetime> of the page, within the
// bounds of opts. It never fails; a page without a date gives a zero
// Result.
func FromDocument(doc *html.Node, opts Options) (Result, error) {
	lo, hi := opts.MinDate, opts.MaxDate
	if lo.IsZero() {
		lo = time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if hi.IsZero() {
		hi = time.Now().UTC().AddDate(0, 0, 1)
	}
	ok := func(t time.Time) bool { return !t.Before(lo) && !t.After(hi) }
	if path := urlPath(opts.URL); path != "" {
		if m := urlDate.FindStringSubmatch(path); m != nil {
			if t, good := day(m[1], m[2], m[3]); good && ok(t) {
				return Result{DateTime: t, SrcString: m[0]}, nil
			}
		}
	}
	var found Result
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.Time {
			for _, a := range n.Attr {
				if a.Key != "datetime" {
					continue
				}
				if m := isoDate.FindStringSubmatch(a.Val); m != nil {
					if t, good := day(m[1], m[2], m[3]); good && ok(t) {
						found = Result{DateTime: t, SrcString: a.Val}
						return true
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	if doc != nil {
		walk(doc)
	}
	return found, nil
}

// urlPath returns the path of a URL, without scheme, host and query.
func urlPath(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
		if j := strings.IndexByte(u, '/'); j >= 0 {
			u = u[j:]
		} else {
			return ""
		}
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	return u
}

// day returns the UTC date of y-m-d when it exists (not 2023-02-30).
func day(y, m, d string) (time.Time, bool) {
	yi, _ := strconv.Atoi(y)
	mi, _ := strconv.Atoi(m)
	di, _ := strconv.Atoi(d)
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
	return t, t.Day() == di && int(t.Month()) == mi
}
