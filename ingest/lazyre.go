package ingest

import (
	"regexp"
	"sync"
)

// lazyRegexp is a regular expression compiled on first use. ingest's
// patterns are many and large; compiled at package initialisation they
// cost every sitrep command's start-up, 'sitrep events' included, which
// never reads an article. It has the methods of *regexp.Regexp that
// ingest uses.
type lazyRegexp struct {
	once sync.Once
	expr string
	re   *regexp.Regexp
}

// allLazy lists every pattern, for the test that compiles them all.
var allLazy []*lazyRegexp

// lazyRE returns expr, to be compiled on first use. Like
// regexp.MustCompile, it panics (then) when expr is not valid.
func lazyRE(expr string) *lazyRegexp {
	l := &lazyRegexp{expr: expr}
	allLazy = append(allLazy, l)
	return l
}

func (l *lazyRegexp) get() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.expr) })
	return l.re
}

func (l *lazyRegexp) MatchString(s string) bool              { return l.get().MatchString(s) }
func (l *lazyRegexp) FindAllString(s string, n int) []string { return l.get().FindAllString(s, n) }
func (l *lazyRegexp) FindAllStringIndex(s string, n int) [][]int {
	return l.get().FindAllStringIndex(s, n)
}
func (l *lazyRegexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return l.get().FindAllStringSubmatchIndex(s, n)
}
func (l *lazyRegexp) FindStringIndex(s string) []int       { return l.get().FindStringIndex(s) }
func (l *lazyRegexp) FindStringSubmatch(s string) []string { return l.get().FindStringSubmatch(s) }
func (l *lazyRegexp) FindSubmatch(b []byte) [][]byte       { return l.get().FindSubmatch(b) }
func (l *lazyRegexp) ReplaceAllString(src, repl string) string {
	return l.get().ReplaceAllString(src, repl)
}
