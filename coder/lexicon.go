package coder

import (
	"bufio"
	_ "embed"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/sitrep/sitrep"
)

//go:embed triggers.tsv
var triggersTSV string

// cameoTSV is the lexicon derived from the PETRARCH2 CAMEO verb dictionary
// by gen/cameo: broader and noisier than triggers.tsv, which it never
// overrules (see cameo.go).
//
//go:generate go run ./gen/cameo -out cameo.tsv
//go:embed cameo.tsv
var cameoTSV string

// noEvent is the type of patterns that state no event but contain a
// trigger word ("declined to comment"): matching them keeps the trigger
// from firing.
const noEvent = "NONE"

// pattern is one trigger-lexicon entry.
type pattern struct {
	words []string // stemmed words; "*" is a gap of up to three words
	// alts holds the stems of a word written with alternatives ("a|b|c"),
	// nil for the others; words then holds the first.
	alts  []map[string]bool
	typ   string
	mode  string
	flags map[string]bool
	rule  string // "verb accuse:<pattern>" or "cameo 112:<pattern>", the provenance of events
	cameo string // the CAMEO code of a cameo.tsv line
}

// lexicon indexes patterns by their first stemmed word.
type lexicon struct {
	byFirst map[string][]*pattern
	// next indexes the same patterns by first word and then by the word
	// that must follow it (after a gap, for "a * b"), so that match tries
	// only the patterns whose next word is near: the CAMEO lexicon starts
	// hundreds of patterns with words as common as "make" or "take".
	next map[string]*nextIndex
	// passive and modified list, by first word, the patterns that the
	// parse may find in another order or with words between (passive.go).
	passive, modified map[string][]*pattern
	// nounFirst holds the first words of noun patterns: event nouns.
	nounFirst map[string]bool
}

// loadLexicon reads the hand-written triggers.tsv, then cameo.tsv. At one
// place the longest match wins and, of equal ones, the first loaded; a
// cameo.tsv match never wins over a triggers.tsv one (patternMatch.beats).
func loadLexicon() (*lexicon, error) {
	lx, err := parseLexicon("triggers.tsv", triggersTSV)
	if err != nil {
		return nil, err
	}
	return lx, lx.parse("cameo.tsv", cameoTSV)
}

// parseLexicon reads a trigger TSV; name is used in error messages.
func parseLexicon(name, src string) (*lexicon, error) {
	lx := &lexicon{byFirst: map[string][]*pattern{}, next: map[string]*nextIndex{},
		passive: map[string][]*pattern{}, modified: map[string][]*pattern{}, nounFirst: map[string]bool{}}
	return lx, lx.parse(name, src)
}

// parse adds the patterns of a trigger TSV to lx: lines of
// pattern<TAB>type[<TAB>mode<TAB>flags<TAB>CAMEO code] (triggers.tsv's
// header describes them). A word may list alternatives, "fire * rocket|shell",
// or name a set of them defined above by a line "&name<TAB>word|word|...";
// a CAMEO code marks a line derived from the CAMEO dictionary.
func (lx *lexicon) parse(name, src string) error {
	sc := bufio.NewScanner(strings.NewReader(src))
	sc.Buffer(nil, 1<<20)
	sets := map[string]string{}
	altStems := map[string]map[string]bool{}
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		// "&name<TAB>a|b|c" defines a word set for the patterns below.
		if strings.HasPrefix(line, "&") && len(f) == 2 {
			sets[f[0]] = strings.TrimSpace(f[1])
			continue
		}
		if len(f) < 2 {
			return fmt.Errorf("%s:%d: want pattern<TAB>type[<TAB>mode<TAB>flags<TAB>CAMEO code]", name, n)
		}
		p := &pattern{typ: strings.TrimSpace(f[1]), flags: map[string]bool{}}
		if !sitrep.ValidType(p.typ) && p.typ != noEvent {
			return fmt.Errorf("%s:%d: unknown PLOVER type %q", name, n, p.typ)
		}
		if len(f) > 2 {
			p.mode = strings.TrimSpace(f[2])
		}
		if len(f) > 3 {
			for _, fl := range strings.Split(f[3], ",") {
				if fl = strings.TrimSpace(fl); fl != "" {
					p.flags[fl] = true
				}
			}
		}
		if len(f) > 4 {
			p.cameo = strings.TrimSpace(f[4])
		}
		for _, w := range strings.Fields(f[0]) {
			var alts map[string]bool
			if strings.HasPrefix(w, "&") {
				set, ok := sets[w]
				if !ok {
					return fmt.Errorf("%s:%d: undefined word set %s", name, n, w)
				}
				w = set
			}
			if w != "*" && !strings.Contains(w, "|") {
				w = stem(w)
			} else if w != "*" {
				// Sets of alternatives recur: stem each once and share it.
				raw := w
				if alts = altStems[raw]; alts == nil {
					alts = map[string]bool{}
					for _, a := range strings.Split(raw, "|") {
						if a == "" || a == "*" {
							return fmt.Errorf("%s:%d: empty alternative in %q", name, n, raw)
						}
						alts[stem(a)] = true
					}
					altStems[raw] = alts
				}
				w = stem(raw[:strings.Index(raw, "|")])
			}
			p.words = append(p.words, w)
			p.alts = append(p.alts, alts)
		}
		if len(p.words) == 0 || p.words[0] == "*" {
			return fmt.Errorf("%s:%d: empty pattern or pattern starting with *", name, n)
		}
		kind := "verb"
		if p.flags["noun"] {
			kind = "noun"
		}
		p.rule = fmt.Sprintf("%s %s:%s", kind, strings.ToLower(p.typ), strings.TrimSpace(f[0]))
		if p.cameo != "" {
			p.rule = fmt.Sprintf("cameo %s:%s", p.cameo, strings.TrimSpace(f[0]))
		}
		lx.add(p)
		// The tokeniser splits some hyphenated words ("cease - fire") and
		// not others ("anti-tank"): a hyphenated pattern matches both.
		if split := splitHyphens(p.words); len(split) != len(p.words) && !hasAlts(p) {
			q := *p
			q.words = split
			q.alts = make([]map[string]bool, len(split))
			lx.add(&q)
		}
	}
	return sc.Err()
}

// hasAlts reports whether a word of p lists alternatives.
func hasAlts(p *pattern) bool {
	for _, a := range p.alts {
		if a != nil {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// add indexes p by its first word, or each of its alternatives.
func (lx *lexicon) add(p *pattern) {
	if p.alts[0] == nil {
		lx.index(p.words[0], p)
	} else {
		for _, a := range sortedKeys(p.alts[0]) {
			lx.index(a, p)
		}
	}
	if p.flags["noun"] && p.typ != noEvent {
		lx.nounFirst[p.words[len(p.words)-1]] = true
	}
}

// nextIndex holds the patterns of one first word: those that need no
// further word, and the others by the word that must come next. Each
// entry keeps its place in byFirst, the order in which match returns them.
type nextIndex struct {
	alone []indexed
	by    map[string][]indexed
}

type indexed struct {
	p   *pattern
	seq int
}

// maxNext is how far after the first word a pattern's next word may be:
// just after it, or after a gap of up to three words.
const maxNext = 4

// index adds p under first word w.
func (lx *lexicon) index(w string, p *pattern) {
	e := indexed{p, len(lx.byFirst[w])}
	lx.byFirst[w] = append(lx.byFirst[w], p)
	if p.objectFirst() {
		lx.passive[w] = append(lx.passive[w], p)
	}
	if p.modifiedNoun() {
		lx.modified[w] = append(lx.modified[w], p)
	}
	ix := lx.next[w]
	if ix == nil {
		ix = &nextIndex{by: map[string][]indexed{}}
		lx.next[w] = ix
	}
	k := 1
	if k < len(p.words) && p.words[k] == "*" {
		k++
	}
	switch {
	case k >= len(p.words):
		ix.alone = append(ix.alone, e)
	case p.alts[k] == nil:
		ix.by[p.words[k]] = append(ix.by[p.words[k]], e)
	default:
		for _, a := range sortedKeys(p.alts[k]) {
			ix.by[a] = append(ix.by[a], e)
		}
	}
}

// splitHyphens splits stemmed words at hyphens into words and "-" tokens,
// stemming the parts as the sentence's tokens would be.
func splitHyphens(words []string) []string {
	var out []string
	for _, w := range words {
		if w == "*" || !strings.Contains(w, "-") || strings.Trim(w, "-") == "" {
			out = append(out, w)
			continue
		}
		for i, part := range strings.Split(w, "-") {
			if i > 0 {
				out = append(out, "-")
			}
			if part != "" {
				out = append(out, stem(part))
			}
		}
	}
	return out
}

// match returns the patterns that match at token i of the stems, each with
// the index of its last matched token. stems[j] == "" never matches.
func (lx *lexicon) match(stems []string, i int) []patternMatch {
	ix := lx.next[stems[i]]
	if ix == nil {
		return nil
	}
	type hit struct {
		seq int
		m   patternMatch
	}
	var found []hit
	try := func(es []indexed) {
		for _, e := range es {
			if end, ok := matchFrom(e.p, stems, i); ok {
				found = append(found, hit{e.seq, patternMatch{e.p, i, end}})
			}
		}
	}
	try(ix.alone)
	for j := i + 1; j < len(stems) && j <= i+maxNext; j++ {
		if es := ix.by[stems[j]]; es != nil && !slices.Contains(stems[i+1:j], stems[j]) {
			try(es)
		}
	}
	if len(found) == 0 {
		return nil
	}
	// In byFirst's order, once each: a pattern whose next word has
	// alternatives is listed under each.
	slices.SortFunc(found, func(a, b hit) int { return a.seq - b.seq })
	out := make([]patternMatch, 0, len(found))
	for k, h := range found {
		if k == 0 || found[k-1].seq != h.seq {
			out = append(out, h.m)
		}
	}
	return out
}

type patternMatch struct {
	p          *pattern
	start, end int // token indexes, end inclusive
}

// is reports whether stem s is word k of p or one of its alternatives.
func (p *pattern) is(k int, s string) bool {
	return s == p.words[k] || p.alts[k] != nil && p.alts[k][s]
}

func matchFrom(p *pattern, stems []string, i int) (int, bool) {
	words := p.words
	j := i
	for k := 0; k < len(words); k++ {
		w := words[k]
		if w == "*" {
			k++
			if k == len(words) {
				return j - 1, true
			}
			for gap := 0; gap <= 3 && j < len(stems); gap++ {
				if p.is(k, stems[j]) {
					goto next
				}
				if stems[j] == "." || stems[j] == ";" {
					break
				}
				j++
			}
			return 0, false
		}
		if j >= len(stems) || !p.is(k, stems[j]) {
			return 0, false
		}
	next:
		j++
	}
	return j - 1, true
}
