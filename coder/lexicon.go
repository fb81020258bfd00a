package coder

import (
	"bufio"
	_ "embed"
	"fmt"
	"strings"

	"github.com/sitrep/sitrep"
)

//go:embed triggers.tsv
var triggersTSV string

// noEvent is the type of patterns that state no event but contain a
// trigger word ("declined to comment"): matching them keeps the trigger
// from firing.
const noEvent = "NONE"

// pattern is one trigger-lexicon entry.
type pattern struct {
	words []string // stemmed words; "*" is a gap of up to three words
	typ   string
	mode  string
	flags map[string]bool
	rule  string // "trigger:<pattern>" for the provenance of events
}

// lexicon indexes patterns by their first stemmed word.
type lexicon struct {
	byFirst map[string][]*pattern
	// nounFirst holds the first words of noun patterns: event nouns.
	nounFirst map[string]bool
}

// parseLexicon reads the trigger TSV; name is used in error messages.
func parseLexicon(name, src string) (*lexicon, error) {
	lx := &lexicon{byFirst: map[string][]*pattern{}, nounFirst: map[string]bool{}}
	sc := bufio.NewScanner(strings.NewReader(src))
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 {
			return nil, fmt.Errorf("%s:%d: want pattern<TAB>type[<TAB>mode<TAB>flags]", name, n)
		}
		p := &pattern{typ: strings.TrimSpace(f[1]), flags: map[string]bool{}}
		if !sitrep.ValidType(p.typ) && p.typ != noEvent {
			return nil, fmt.Errorf("%s:%d: unknown PLOVER type %q", name, n, p.typ)
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
		for _, w := range strings.Fields(f[0]) {
			if w != "*" {
				w = stem(w)
			}
			p.words = append(p.words, w)
		}
		if len(p.words) == 0 || p.words[0] == "*" {
			return nil, fmt.Errorf("%s:%d: empty pattern or pattern starting with *", name, n)
		}
		kind := "verb"
		if p.flags["noun"] {
			kind = "noun"
		}
		p.rule = fmt.Sprintf("%s %s:%s", kind, strings.ToLower(p.typ), strings.TrimSpace(f[0]))
		lx.add(p)
		// The tokeniser splits some hyphenated words ("cease - fire") and
		// not others ("anti-tank"): a hyphenated pattern matches both.
		if split := splitHyphens(p.words); len(split) != len(p.words) {
			q := *p
			q.words = split
			lx.add(&q)
		}
	}
	return lx, sc.Err()
}

func (lx *lexicon) add(p *pattern) {
	lx.byFirst[p.words[0]] = append(lx.byFirst[p.words[0]], p)
	if p.flags["noun"] && p.typ != noEvent {
		lx.nounFirst[p.words[len(p.words)-1]] = true
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
	var out []patternMatch
	for _, p := range lx.byFirst[stems[i]] {
		if end, ok := matchFrom(p.words, stems, i); ok {
			out = append(out, patternMatch{p, i, end})
		}
	}
	return out
}

type patternMatch struct {
	p          *pattern
	start, end int // token indexes, end inclusive
}

func matchFrom(words, stems []string, i int) (int, bool) {
	j := i
	for k := 0; k < len(words); k++ {
		w := words[k]
		if w == "*" {
			k++
			if k == len(words) {
				return j - 1, true
			}
			for gap := 0; gap <= 3 && j < len(stems); gap++ {
				if stems[j] == words[k] {
					goto next
				}
				if stems[j] == "." || stems[j] == ";" {
					break
				}
				j++
			}
			return 0, false
		}
		if j >= len(stems) || stems[j] != w {
			return 0, false
		}
	next:
		j++
	}
	return j - 1, true
}
