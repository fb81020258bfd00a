package nlp

import (
	"sort"
	"strconv"
	"strings"
)

// The lemmatiser applies suffix rewrite rules learnt from the treebank
// ("strip 3, add y" for VBZ words ending in "ies"), chosen by the longest
// matching suffix under the word's XPOS, and keeps a table of the words
// whose lemma the rules get wrong (irregulars such as "flew" → "fly").

const maxLemmaSuffix = 5

type lemmaRule struct {
	strip int
	add   string
}

type lemmatizer struct {
	// rules maps "XPOS\tsuffix" to the rule for words with that suffix.
	rules map[string]lemmaRule
	// exceptions maps a lemma key (see lemmaKey) to its lemma.
	exceptions map[string]string
}

// properTag reports XPOS tags whose lemmas keep the word's case.
func properTag(xpos string) bool { return xpos == "NNP" || xpos == "NNPS" }

// lemmaKey is the exception-table key of a word: proper nouns by exact
// form, everything else lower-cased.
func lemmaKey(form, xpos string) string {
	if !properTag(xpos) {
		form = strings.ToLower(form)
	}
	return form + "\t" + xpos
}

// ruleFor derives the rule that turns form into lemma, comparing in lower
// case unless the tag is a proper-noun tag.
func ruleFor(form, lemma, xpos string) lemmaRule {
	if !properTag(xpos) {
		form, lemma = strings.ToLower(form), strings.ToLower(lemma)
	}
	p := 0
	for p < len(form) && p < len(lemma) && form[p] == lemma[p] {
		p++
	}
	return lemmaRule{strip: len(form) - p, add: lemma[p:]}
}

// lemma returns the lemma of form tagged xpos.
func (l *lemmatizer) lemma(form, xpos string) string {
	if lem, ok := l.exceptions[lemmaKey(form, xpos)]; ok {
		return lem
	}
	w := form
	if !properTag(xpos) {
		w = strings.ToLower(form)
	}
	lower := strings.ToLower(form)
	for k := min(maxLemmaSuffix, len(lower)); k >= 0; k-- {
		r, ok := l.rules[xpos+"\t"+lower[len(lower)-k:]]
		if !ok {
			continue
		}
		if r.strip >= len(w) {
			return w
		}
		return w[:len(w)-r.strip] + r.add
	}
	return w
}

// irregulars are English irregular forms with their XPOS tags and lemmas,
// for words the treebank may not contain.
const irregulars = `
arose arisen arise|awoke awoken awake|was were been be|bore borne bear|beat beaten beat|became become become|
began begun begin|bent bend|bet bet|bound bind|bit bitten bite|bled bleed|blew blown blow|broke broken break|
bred breed|brought bring|built build|burnt burn|burst burst|bought buy|caught catch|chose chosen choose|
clung cling|came come|cost cost|crept creep|dealt deal|dug dig|did done do|drew drawn draw|dreamt dream|
drank drunk drink|drove driven drive|ate eaten eat|fell fallen fall|fed feed|felt feel|fought fight|found find|
fled flee|flung fling|flew flown fly|forbade forbidden forbid|forecast forecast|foresaw foreseen foresee|
forgot forgotten forget|forgave forgiven forgive|froze frozen freeze|got gotten get|gave given give|went gone go|
ground grind|grew grown grow|hung hang|had have|heard hear|hid hidden hide|hit hit|held hold|hurt hurt|
kept keep|knelt kneel|knew known know|laid lay|led lead|leapt leap|learnt learn|left leave|lent lend|let let|
lay lain lie|lit light|lost lose|made make|meant mean|met meet|mistook mistaken mistake|overcame overcome overcome|
overran overrun overrun|overtook overtaken overtake|overthrew overthrown overthrow|paid pay|put put|quit quit|
read read|rode ridden ride|rang rung ring|rose risen rise|ran run run|said say|saw seen see|sought seek|sold sell|
sent send|set set|shook shaken shake|shed shed|shone shine|shot shoot|showed shown show|shrank shrunk shrink|
shut shut|sang sung sing|sank sunk sink|sat sit|slept sleep|slid slide|spoke spoken speak|sped speed|spent spend|
spun spin|spread spread|sprang sprung spring|stood stand|stole stolen steal|stuck stick|stung sting|struck strike|
strove striven strive|swore sworn swear|swept sweep|swam swum swim|swung swing|took taken take|taught teach|
tore torn tear|told tell|thought think|threw thrown throw|thrust thrust|trod trodden tread|understood understand|
undertook undertaken undertake|upheld uphold|upset upset|woke woken wake|wore worn wear|wove woven weave|wept weep|
won win|wound wind|withdrew withdrawn withdraw|withheld withhold|withstood withstand|wrote written write|
shelled shell|launched launch|forces force|`

// addIrregulars puts the irregular list into the exception table where
// the treebank did not already decide.
func (l *lemmatizer) addIrregulars() {
	for _, entry := range strings.Split(irregulars, "|") {
		f := strings.Fields(entry)
		if len(f) < 2 {
			continue
		}
		lemma := f[len(f)-1]
		for _, form := range f[:len(f)-1] {
			tags := []string{"VBD", "VBN"}
			if strings.HasSuffix(form, "s") && form != lemma && !strings.HasSuffix(form, "ss") {
				tags = []string{"VBZ", "NNS"}
			}
			if form == "was" || form == "were" {
				tags = []string{"VBD"}
			}
			for _, t := range tags {
				k := lemmaKey(form, t)
				if _, ok := l.exceptions[k]; !ok && l.lemma(form, t) != lemma {
					l.exceptions[k] = lemma
				}
			}
		}
	}
}

// trainLemmatizer learns rules and exceptions from sents.
func trainLemmatizer(sents []TreebankSentence) *lemmatizer {
	type key struct{ form, xpos string }
	counts := map[key]map[string]int{}
	for _, s := range sents {
		for _, t := range s.Tokens {
			if t.Lemma == "" || t.Lemma == "_" {
				continue
			}
			k := key{t.Text, t.XPOS}
			if counts[k] == nil {
				counts[k] = map[string]int{}
			}
			counts[k][t.Lemma]++
		}
	}
	// Majority lemma per exception key.
	type pick struct {
		lemma string
		n     int
	}
	major := map[string]map[string]int{}
	forms := map[string]key{}
	for k, lemmas := range counts {
		ek := lemmaKey(k.form, k.xpos)
		if major[ek] == nil {
			major[ek] = map[string]int{}
			forms[ek] = k
		} else if k.form < forms[ek].form {
			forms[ek] = k
		}
		for lem, n := range lemmas {
			major[ek][lem] += n
		}
	}
	best := map[string]string{}
	for ek, lemmas := range major {
		var p pick
		for lem, n := range lemmas {
			if n > p.n || n == p.n && lem < p.lemma {
				p = pick{lem, n}
			}
		}
		best[ek] = p.lemma
	}
	// Rule statistics over word types.
	ruleCount := map[string]map[lemmaRule]int{}
	for ek, lem := range best {
		k := forms[ek]
		r := ruleFor(k.form, lem, k.xpos)
		lower := strings.ToLower(k.form)
		for n := 0; n <= min(maxLemmaSuffix, len(lower)); n++ {
			rk := k.xpos + "\t" + lower[len(lower)-n:]
			if ruleCount[rk] == nil {
				ruleCount[rk] = map[lemmaRule]int{}
			}
			ruleCount[rk][r]++
		}
	}
	bestRule := func(rk string) (lemmaRule, bool) {
		rs, ok := ruleCount[rk]
		if !ok {
			return lemmaRule{}, false
		}
		var br lemmaRule
		bn := -1
		for r, n := range rs {
			if n > bn || n == bn && (r.strip < br.strip || r.strip == br.strip && r.add < br.add) {
				br, bn = r, n
			}
		}
		return br, true
	}
	l := &lemmatizer{rules: map[string]lemmaRule{}, exceptions: map[string]string{}}
	keys := make([]string, 0, len(ruleCount))
	for rk := range ruleCount {
		keys = append(keys, rk)
	}
	// Shorter suffixes first so parents are decided before children.
	sort.Slice(keys, func(i, j int) bool {
		if len(keys[i]) != len(keys[j]) {
			return len(keys[i]) < len(keys[j])
		}
		return keys[i] < keys[j]
	})
	effective := func(rk string) (lemmaRule, bool) {
		tag, suf, _ := strings.Cut(rk, "\t")
		for n := len(suf); n >= 0; n-- {
			if r, ok := l.rules[tag+"\t"+suf[len(suf)-n:]]; ok {
				return r, true
			}
		}
		return lemmaRule{}, false
	}
	for _, rk := range keys {
		r, _ := bestRule(rk)
		tag, suf, _ := strings.Cut(rk, "\t")
		if suf != "" {
			if parent, ok := effective(tag + "\t" + suf[1:]); ok && parent == r {
				continue
			}
		}
		if suf == "" || ruleCount[rk][r] >= 2 {
			l.rules[rk] = r
		}
	}
	for ek, lem := range best {
		k := forms[ek]
		if l.lemma(k.form, k.xpos) != lem {
			l.exceptions[ek] = lem
		}
	}
	l.addIrregulars()
	return l
}

func (l *lemmatizer) write(w *modelWriter) {
	keys := make([]string, 0, len(l.rules))
	for k := range l.rules {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	w.uvarint(uint64(len(keys)))
	for _, k := range keys {
		w.str(k)
		w.uvarint(uint64(l.rules[k].strip))
		w.str(l.rules[k].add)
	}
	keys = keys[:0]
	for k := range l.exceptions {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	w.uvarint(uint64(len(keys)))
	for _, k := range keys {
		w.str(k)
		w.str(l.exceptions[k])
	}
}

func readLemmatizer(r *modelReader) *lemmatizer {
	l := &lemmatizer{rules: map[string]lemmaRule{}, exceptions: map[string]string{}}
	n := r.uvarint()
	for i := uint64(0); i < n && r.err == nil; i++ {
		k := r.str()
		strip := r.uvarint()
		if strip > 64 {
			r.fail(errorString("bad lemma rule " + strconv.Quote(k)))
			break
		}
		l.rules[k] = lemmaRule{strip: int(strip), add: r.str()}
	}
	n = r.uvarint()
	for i := uint64(0); i < n && r.err == nil; i++ {
		k := r.str()
		l.exceptions[k] = r.str()
	}
	return l
}

type errorString string

func (e errorString) Error() string { return string(e) }
