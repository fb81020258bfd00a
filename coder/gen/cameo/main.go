// Command cameo converts the PETRARCH2 CAMEO verb-pattern dictionary
// (CAMEO.2.0.txt, MIT, © 2015 Open Event Data Alliance) into coder/cameo.tsv,
// a trigger lexicon in the format of coder/triggers.tsv with the CAMEO code
// in a fifth column. See README.md beside this file.
//
// Usage (from coder/, as go generate runs it):
//
//	go run ./gen/cameo [-in CAMEO.2.0.txt|petrarch2-git-dir | -fetch] [-out cameo.tsv]
//
// -in defaults to $CAMEO_DICT, else ../../shared/data/cameo/CAMEO.2.0.txt.
// A git directory is read at the pinned commit (pinnedCommit) with git
// itself; -fetch downloads the file at that commit (the network is needed
// only then). Any input must have the pinned checksum.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
)

const dictPath = "petrarch2/data/dictionaries/CAMEO.2.0.txt"

// mitLicence is the dictionary's licence, from its header.
const mitLicence = `The MIT License (MIT)

Copyright (c) 2015 Open Event Data Alliance

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
the Software, and to permit persons to whom the Software is furnished to do so,
subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.`

func main() {
	in := flag.String("in", "", "CAMEO.2.0.txt, or the git directory of a petrarch2 snapshot (default $CAMEO_DICT, else ../../shared/data/cameo/CAMEO.2.0.txt)")
	out := flag.String("out", "cameo.tsv", "output lexicon")
	o := defaults
	flag.StringVar(&o.bare, "bare", o.bare, "verbs that are triggers on their own: none, specific, violent or all")
	flag.StringVar(&o.byVerb, "byverb", o.byVerb, "verbs of its block a pattern applies to: particles, named or all")
	verbose := flag.Bool("v", false, "print what was left out")
	fetch := flag.Bool("fetch", false, "download the dictionary at the pinned petrarch2 commit (needs the network)")
	flag.Parse()
	src, err := readDict(*in, *fetch)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cameo:", err)
		os.Exit(1)
	}
	var st stats
	tsv, err := convert(src, o, &st)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cameo:", err)
		os.Exit(1)
	}
	if *verbose {
		fmt.Fprintf(os.Stderr, "cameo: left out %d patterns with more than %d elements after the verb, %d with more than %d expansions\n",
			st.long, maxElements, st.wide, maxExpand)
	}
	if err := os.WriteFile(*out, tsv, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "cameo:", err)
		os.Exit(1)
	}
}

// readDict reads the dictionary from a file or a git directory.
// pinnedCommit is the openeventdata/petrarch2 commit the dictionary is
// read at, and pinnedSHA256 the dictionary's checksum there: cameo.tsv is
// built from this file and no other.
const (
	pinnedCommit = "676801cd9cb2924bbbad09f86d15c9323e7097bf"
	pinnedSHA256 = "4a442ee42f7574651ec1c594f127353cdffbf18fa97b207ad5d8298a3cfaa08f"
)

// pinnedURL is where -fetch downloads the pinned dictionary from.
const pinnedURL = "https://raw.githubusercontent.com/openeventdata/petrarch2/" + pinnedCommit + "/" + dictPath

// readDict returns the pinned dictionary: downloaded (fetch), read at the
// pinned commit of a petrarch2 git directory, or read from a file; in each
// case its checksum must be the pinned one.
func readDict(in string, fetch bool) ([]byte, error) {
	src, err := readAny(in, fetch)
	if err != nil {
		return nil, err
	}
	if sum := fmt.Sprintf("%x", sha256.Sum256(src)); sum != pinnedSHA256 {
		return nil, fmt.Errorf("the dictionary has sha256 %s, not that of petrarch2 commit %s (%s); see gen/cameo/README.md", sum, pinnedCommit, pinnedSHA256)
	}
	return src, nil
}

func readAny(in string, fetch bool) ([]byte, error) {
	if fetch {
		// The only step that needs the network.
		resp, err := http.Get(pinnedURL)
		if err != nil {
			return nil, fmt.Errorf("-fetch needs the network: %v", err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("-fetch %s: %s", pinnedURL, resp.Status)
		}
		return io.ReadAll(resp.Body)
	}
	if in == "" {
		in = os.Getenv("CAMEO_DICT")
	}
	if in == "" {
		in = filepath.Join("..", "..", "shared", "data", "cameo", "CAMEO.2.0.txt")
	}
	st, err := os.Stat(in)
	if err != nil {
		return nil, fmt.Errorf("%v (give -in CAMEO.2.0.txt or a petrarch2 git directory, or -fetch to download it; see gen/cameo/README.md)", err)
	}
	if st.IsDir() {
		b, err := exec.Command("git", "--git-dir", in, "show", pinnedCommit+":"+dictPath).Output()
		if err != nil {
			return nil, fmt.Errorf("git directory %s lacks commit %s: %v", in, pinnedCommit, err)
		}
		return b, nil
	}
	return os.ReadFile(in)
}

// line is one output pattern.
type line struct {
	words    []string // lower-case words and "*" gaps
	typ      string
	mode     string
	flags    []string
	code     string
	explicit bool // the code was written on the pattern or the verb, not the block's default
	order    int  // position in the dictionary, for ties
}

func (l *line) pattern() string { return strings.Join(l.words, " ") }

// convert turns the dictionary text into the lexicon TSV.
func convert(src []byte, o options, st *stats) ([]byte, error) {
	d, err := parse(src)
	if err != nil {
		return nil, err
	}
	lines := d.lines(o, st)
	// A first word that lists all the verbs of a block is written as a
	// set named after the block.
	sets := d.verbSets()
	used := map[string]string{}
	for _, l := range lines {
		if n, ok := sets[l.words[0]]; ok {
			used[n] = l.words[0]
			l.words[0] = "&" + n
		}
	}
	sortLines(lines)
	var names []string
	for n := range used {
		names = append(names, n)
	}
	sort.Strings(names)
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Generated by coder/gen/cameo from the PETRARCH2 CAMEO verb dictionary\n")
	fmt.Fprintf(&b, "# (CAMEO.2.0.txt, sha256 %x). DO NOT EDIT: see coder/gen/cameo/README.md.\n", sha256.Sum256(src))
	fmt.Fprintf(&b, "#\n# It is derived from that dictionary, which is under this licence:\n#\n")
	for _, l := range strings.Split(mitLicence, "\n") {
		fmt.Fprintf(&b, "%s\n", strings.TrimRight("#   "+l, " "))
	}
	fmt.Fprintf(&b, "#\n# cameo.tsv has the columns of triggers.tsv (see its header), and the CAMEO code\n")
	fmt.Fprintf(&b, "# of the line in a fifth; every line is flagged cameo. A word may list\n")
	fmt.Fprintf(&b, "# alternatives, a|b|c, or name a set of them defined below.\n#\n")
	fmt.Fprintf(&b, "# Word sets, &name<TAB>word|word|...: the verbs of the dictionary's block of that name.\n")
	for _, n := range names {
		fmt.Fprintf(&b, "&%s\t%s\n", n, used[n])
	}
	fmt.Fprintf(&b, "#\n# pattern\ttype\tmode\tflags\tCAMEO code\n")
	for _, l := range lines {
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\n", l.pattern(), l.typ, l.mode, strings.Join(l.flags, ","), l.code)
	}
	return b.Bytes(), nil
}

// dict is the parsed dictionary.
type dict struct {
	sets   map[string][][]string
	blocks []*block
}

type block struct {
	name     string
	code     string
	verbs    []*verb
	patterns []*vpattern
}

type verb struct {
	forms [][]string // base form first, then irregular forms; lower-case words
	code  string     // its own code, or ""
	order int
}

type vpattern struct {
	post  [][][]string // elements after the verb, each a list of alternative word sequences
	code  string
	order int
	// of are the words of the comment, which names the verbs the pattern
	// was written for ("[046] # KICK", "# CONFIRM , REAFFIRM").
	of [][]string
}

var (
	codeRE    = regexp.MustCompile(`\[([^\]]*)\]`)
	headerRE  = regexp.MustCompile(`^---\s+(\S+)\s+\[([^\]]*)\]`)
	commentRE = regexp.MustCompile(`[#;].*$`)
)

func parse(src []byte) (*dict, error) {
	d := &dict{sets: map[string][][]string{}}
	sc := bufio.NewScanner(bytes.NewReader(src))
	section := ""
	var set string
	var cur *block
	n := 0
	for sc.Scan() {
		n++
		raw := sc.Text()
		t := strings.TrimSpace(raw)
		switch {
		case strings.HasPrefix(t, "####### SYNONYM SETS"):
			section = "sets"
			continue
		case strings.HasPrefix(t, "####### VERB PATTERNS"):
			section = "verbs"
			continue
		case strings.HasPrefix(t, "######## TRANSFORMATIONS"):
			section = "done"
			continue
		}
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		switch section {
		case "sets":
			t = strings.TrimSpace(commentRE.ReplaceAllString(t, ""))
			switch {
			case strings.HasPrefix(t, "&"):
				set = strings.TrimSuffix(t, "_")
			case strings.HasPrefix(t, "+") && set != "":
				d.sets[set] = append(d.sets[set], words(t[1:]))
			}
		case "verbs":
			if strings.HasPrefix(t, "---") {
				m := headerRE.FindStringSubmatch(t)
				if m == nil {
					return nil, fmt.Errorf("line %d: bad block header %q", n, t)
				}
				cur = &block{name: m[1], code: m[2]}
				d.blocks = append(d.blocks, cur)
				continue
			}
			if cur == nil {
				return nil, fmt.Errorf("line %d: %q before the first block", n, t)
			}
			if strings.HasPrefix(t, "-") {
				p, err := d.parsePattern(t[1:])
				if err != nil {
					return nil, fmt.Errorf("line %d: %v", n, err)
				}
				p.order = n
				cur.patterns = append(cur.patterns, p)
				continue
			}
			cur.verbs = append(cur.verbs, parseVerb(t, n))
		}
	}
	return d, sc.Err()
}

// words splits a dictionary phrase ("PRIME_MINISTER", "+ASK_FOR",
// "WIRE_+TAP") into lower-case words.
func words(s string) []string {
	var out []string
	for _, w := range strings.Split(s, "_") {
		w = strings.ToLower(strings.Trim(w, "+"))
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// parseVerb reads "HURRY {HURRIES HURRYING HURRIED } [020] # comment".
func parseVerb(t string, order int) *verb {
	t = commentRE.ReplaceAllString(t, "")
	v := &verb{order: order}
	if m := codeRE.FindStringSubmatch(t); m != nil {
		v.code = strings.TrimSpace(m[1])
		t = codeRE.ReplaceAllString(t, "")
	}
	var irregular []string
	if i := strings.Index(t, "{"); i >= 0 {
		j := strings.Index(t, "}")
		if j < i {
			j = len(t)
		}
		irregular = strings.FieldsFunc(t[i+1:j], func(r rune) bool { return r == ' ' || r == ',' || r == '\t' })
		t = t[:i]
	}
	for _, f := range strings.Fields(t) {
		v.forms = append(v.forms, words(f))
	}
	for _, f := range irregular {
		v.forms = append(v.forms, words(f))
	}
	return v
}

// parsePattern reads " PRE * POST [code] # comment". What stands before the
// verb (subjects) and the $ + ^ % slots are dropped; what follows the verb becomes a
// list of elements: words, {phrases} (consecutive words) and (PREP OBJ)
// phrases (the preposition and its object as two elements).
func (d *dict) parsePattern(t string) (*vpattern, error) {
	p := &vpattern{}
	if i := strings.Index(t, "#"); i >= 0 {
		// "# CONFIRM , REAFFIRM", "# KICK", not "# OY 14 Mar 2006".
		for _, item := range strings.Split(t[i+1:], ",") {
			if f := strings.Fields(item); len(f) > 0 {
				p.of = append(p.of, words(f[0]))
			}
		}
	}
	t = commentRE.ReplaceAllString(t, "")
	m := codeRE.FindStringSubmatch(t)
	if m == nil {
		return nil, fmt.Errorf("pattern without code: %q", t)
	}
	p.code = strings.TrimSpace(m[1])
	t = codeRE.ReplaceAllString(t, "")
	star := strings.Index(t, "*")
	if star < 0 {
		return nil, fmt.Errorf("pattern without verb: %q", t)
	}
	// Tokens: words, "{...}" groups; parentheses only delimit.
	rest := t[star+1:]
	rest = strings.NewReplacer("(", " ", ")", " ").Replace(rest)
	for len(rest) > 0 {
		rest = strings.TrimLeft(rest, " \t")
		if rest == "" {
			break
		}
		var tok string
		if rest[0] == '{' {
			j := strings.Index(rest, "}")
			if j < 0 {
				j = len(rest) - 1
			}
			tok, rest = rest[1:j], rest[j+1:]
			alts := [][]string{nil}
			for _, w := range strings.Fields(tok) {
				el := d.element(w)
				if el == nil {
					continue
				}
				var next [][]string
				for _, a := range alts {
					for _, e := range el {
						next = append(next, append(append([]string(nil), a...), e...))
					}
				}
				alts = next
			}
			if len(alts) > 0 && len(alts[0]) > 0 {
				p.post = append(p.post, alts)
			}
			continue
		}
		j := strings.IndexAny(rest, " \t{")
		if j < 0 {
			j = len(rest)
		}
		tok, rest = rest[:j], rest[j:]
		if el := d.element(tok); el != nil {
			p.post = append(p.post, el)
		}
	}
	return p, nil
}

// element returns the alternatives of one token: a word, an underscore
// phrase, words separated by "/" or a &SET; nil for the $ + ^ % slots and unknown sets.
func (d *dict) element(tok string) [][]string {
	tok = strings.Trim(tok, "$+^%")
	if tok == "" {
		return nil
	}
	if strings.HasPrefix(tok, "&") {
		return d.sets[strings.TrimSuffix(tok, "_")]
	}
	// "BY/WITH": alternatives.
	var out [][]string
	for _, alt := range strings.Split(tok, "/") {
		if w := words(alt); len(w) > 0 && w[0] != "," {
			out = append(out, w)
		}
	}
	return out
}

// Limits on what one dictionary pattern may become.
const (
	maxElements = 4    // words or phrases after the verb, each after a gap of up to three words
	maxExpand   = 2000 // word sequences from one pattern after expanding &SETs
)

// options are the conversion's choices (see README.md for why).
type options struct {
	// bare says which verbs are triggers on their own: "none" (only
	// patterns are: the verbs of a block are loose synonyms), "specific" (a
	// code written on the verb, or a block default below the category
	// level: "0874", "112", not "060"), "violent" (those of ASSAULT) or
	// "all".
	bare string
	// byVerb says which verbs of its block a pattern applies to: "all";
	// "named": the verbs its comment names, if it names any of the block
	// (the patterns come from TABARI's per-verb lists, and the comment
	// keeps the verbs they were written for: "kick off" is no "fight off");
	// "particles": the named verbs for a pattern of prepositions and
	// particles only (a phrasal verb), all for one with a noun.
	byVerb string
}

var defaults = options{bare: "none", byVerb: "particles"}

// stats counts what the conversion left out.
type stats struct {
	long, wide int // patterns with too many elements; too many expansions
}

// lines derives the lexicon lines: each verb form of a block with its code
// (flagged needrecip: a verb on its own is ambiguous), and each pattern of
// the block after each of the verb forms it applies to, unless the bare
// verb already says the same. Of two lines with the same words, one with a
// code of its own beats one with a block's default, then the earlier one
// wins. Lines that differ in one word only are then merged into one with
// alternatives ("a|b|c").
func (d *dict) lines(o options, st *stats) []*line {
	best := map[string]*line{}
	add := func(l *line) {
		k := l.pattern()
		if o, ok := best[k]; ok && (o.explicit && !l.explicit || o.explicit == l.explicit && o.order < l.order) {
			return
		}
		best[k] = l
	}
	for _, b := range d.blocks {
		var patterns []*vpattern
		for _, p := range b.patterns {
			n := 1
			for _, el := range p.post {
				n *= len(el)
			}
			switch {
			case len(p.post) == 0:
			case len(p.post) > maxElements:
				st.long++
			case n > maxExpand:
				st.wide++
			default:
				patterns = append(patterns, p)
			}
		}
		for _, v := range b.verbs {
			code, explicit := v.code, v.code != ""
			if !explicit {
				code = b.code
			}
			vt, vm, vf, vok := ploverOf(code)
			bare := vok && !(len(v.forms[0]) == 1 && generic[v.forms[0][0]]) && bareOK(o.bare, code, explicit)
			// Every form the dictionary lists, regular ones too: the
			// lexicon's stemmer misses some ("expelled" → "expell").
			for _, f := range v.forms {
				if bare {
					add(&line{words: f, typ: vt, mode: vm, flags: append(withCameo(vf), "needrecip"), code: plain(code), explicit: explicit, order: v.order})
				}
				for _, p := range patterns {
					if !d.appliesTo(o.byVerb, b, p, v) {
						continue
					}
					pt, pm, pf, ok := ploverOf(p.code)
					if !ok || bare && pt == vt && pm == vm {
						continue
					}
					for _, ws := range expand(f, p.post) {
						add(&line{words: ws, typ: pt, mode: pm, flags: withCameo(pf), code: plain(p.code), explicit: true, order: p.order})
					}
				}
			}
		}
	}
	out := make([]*line, 0, len(best))
	for _, l := range best {
		out = append(out, l)
	}
	return merge(out)
}

// bareOK says whether a verb with this code is a trigger on its own.
func bareOK(mode, code string, explicit bool) bool {
	switch mode {
	case "none":
		return false
	case "specific":
		c := plain(code)
		return explicit || len(c) > 3 || len(c) == 3 && c[2] != '0'
	case "violent":
		t, _, _, _ := ploverOf(code)
		return t == "ASSAULT"
	}
	return true
}

// merge joins lines that agree in everything but one word into one line
// with alternatives at that position ("fire * missile|rocket"), position by
// position from the last, and sorts the result.
func merge(ls []*line) []*line {
	maxLen := 0
	for _, l := range ls {
		maxLen = max(maxLen, len(l.words))
	}
	for k := maxLen - 1; k >= 0; k-- {
		groups := map[string]*line{}
		alts := map[string]map[string]bool{}
		var keys []string
		var kept []*line
		for _, l := range ls {
			if k >= len(l.words) || l.words[k] == "*" {
				kept = append(kept, l)
				continue
			}
			ws := append([]string(nil), l.words...)
			ws[k] = "\x00"
			key := strings.Join(ws, " ") + "\t" + l.typ + "\t" + l.mode + "\t" + strings.Join(l.flags, ",") + "\t" + l.code
			if groups[key] == nil {
				groups[key] = l
				alts[key] = map[string]bool{}
				keys = append(keys, key)
			}
			for _, a := range strings.Split(l.words[k], "|") {
				alts[key][a] = true
			}
		}
		for _, key := range keys {
			l := groups[key]
			var as []string
			for a := range alts[key] {
				as = append(as, a)
			}
			sort.Strings(as)
			ws := append([]string(nil), l.words...)
			ws[k] = strings.Join(as, "|")
			kept = append(kept, &line{words: ws, typ: l.typ, mode: l.mode, flags: l.flags, code: l.code})
		}
		ls = kept
	}
	sortLines(ls)
	return ls
}

func sortLines(ls []*line) {
	sort.Slice(ls, func(i, j int) bool {
		if a, b := ls[i].pattern(), ls[j].pattern(); a != b {
			return a < b
		}
		return ls[i].typ+ls[i].mode+ls[i].code < ls[j].typ+ls[j].mode+ls[j].code
	})
}

// verbSets maps the alternatives "a|b|c" of the one-word verbs of each block
// (of two or more) to the block's name, lower-case.
func (d *dict) verbSets() map[string]string {
	out := map[string]string{}
	for _, b := range d.blocks {
		seen := map[string]bool{}
		var ws []string
		for _, v := range b.verbs {
			for _, f := range v.forms {
				if len(f) == 1 && !seen[f[0]] {
					seen[f[0]] = true
					ws = append(ws, f[0])
				}
			}
		}
		if len(ws) < 2 {
			continue
		}
		sort.Strings(ws)
		k := strings.Join(ws, "|")
		if _, ok := out[k]; !ok {
			out[k] = strings.ToLower(b.name)
		}
	}
	return out
}

// particles are the closed-class words of patterns.
var particles = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`about above across after against ahead along apart around as aside at away back
		before behind below between beyond by down for forth forward from in into near of off on onto out over past
		through to together toward towards under up upon with within without`) {
		particles[w] = true
	}
}

// appliesTo reports whether pattern p of block b applies to verb v (see
// options.byVerb). A pattern whose comment names a verb of another block
// but none of its own was misplaced ("[190] # JOIN" among the verbs of
// saying) and applies to none.
func (d *dict) appliesTo(byVerb string, b *block, p *vpattern, v *verb) bool {
	if byVerb == "all" {
		return true
	}
	named := func(v *verb) bool {
		for _, f := range v.forms {
			for _, o := range p.of {
				if regularForm(o, f) {
					return true
				}
			}
		}
		return false
	}
	if named(v) {
		return true
	}
	if slices.ContainsFunc(b.verbs, named) {
		return byVerb == "particles" && !phrasal(p)
	}
	for _, o := range d.blocks {
		if slices.ContainsFunc(o.verbs, named) {
			return false
		}
	}
	return true
}

// phrasal reports whether a pattern holds only prepositions and particles.
func phrasal(p *vpattern) bool {
	for _, el := range p.post {
		for _, alt := range el {
			for _, w := range alt {
				if !particles[w] {
					return false
				}
			}
		}
	}
	return true
}

// expand returns the word sequences of verb followed by the elements, each
// after a "*" gap, one per combination of the elements' alternatives.
func expand(verb []string, post [][][]string) [][]string {
	seqs := [][]string{verb}
	for _, el := range post {
		var next [][]string
		for _, s := range seqs {
			for _, alt := range el {
				w := append(append(append([]string(nil), s...), "*"), alt...)
				next = append(next, w)
			}
		}
		seqs = next
	}
	return seqs
}

func withCameo(flags []string) []string {
	return append([]string{"cameo"}, flags...)
}

// plain is the code before any colon, without "!".
func plain(code string) string {
	code = strings.TrimRight(code, "!")
	if i := strings.Index(code, ":"); i >= 0 {
		code = code[:i]
	}
	return code
}

// regularForm reports whether form is base or a regular inflection of it
// (-s, -es, -ed, -d, -ing, with a final e dropped, a consonant doubled or
// y turned to i): "STEPPED_UP" names the verb "STEP_UP".
func regularForm(form, base []string) bool {
	if len(form) != len(base) {
		return false
	}
	diff := -1
	for i := range form {
		if form[i] != base[i] {
			if diff >= 0 {
				return false
			}
			diff = i
		}
	}
	if diff < 0 {
		return true
	}
	f, b := form[diff], base[diff]
	stems := []string{b, strings.TrimSuffix(b, "e")}
	if n := len(b); n > 0 {
		stems = append(stems, b+b[n-1:])
		if b[n-1] == 'y' {
			stems = append(stems, b[:n-1]+"i")
		}
	}
	for _, s := range stems {
		for _, suf := range []string{"s", "es", "ed", "d", "ing"} {
			if f == s+suf {
				return true
			}
		}
	}
	return false
}
