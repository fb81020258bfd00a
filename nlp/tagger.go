package nlp

import (
	"errors"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The tagger is a greedy left-to-right averaged perceptron over joint
// "UPOS XPOS" classes, so the two tag sets never disagree. Frequent words
// that always take one tag skip the model (the tag dictionary).

const tagBits = 18

// tagger is a trained tagger.
type tagger struct {
	classes []string // "UPOS XPOS"
	upos    []string
	xpos    []string
	model   *linear
	// second, when set, re-tags the sentence with features of the first
	// pass's tags to the right (a cheap form of bidirectional tagging).
	second *linear
	// dict maps a word to the class it always takes.
	dict map[string]int
	// amb maps a lower-cased word to a hash of the set of classes it was
	// seen with, used as a look-ahead feature.
	amb map[string]uint64
}

// wordInfo holds the per-token string hashes features are built from.
type wordInfo struct {
	word, norm, shape, amb uint64
	suf1, suf2, suf3, suf4 uint64
	pre1, pre2, pre3       uint64
	// first is the first pass's class + 2 for the second pass; 0 before.
	first uint64
}

var (
	hBOS = hashString("\x00<s>")
	hEOS = hashString("\x00</s>")
)

// shape maps a word to a compressed character-class pattern: "Su-35" →
// "Xx-d", "Tuesday" → "Xx", "1.5bn" → "d.dx".
func shape(w string) string {
	var b strings.Builder
	var last rune = -1
	n := 0
	for _, r := range w {
		c := r
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		}
		if c == last {
			continue
		}
		last = c
		b.WriteRune(c)
		if n++; n > 8 {
			break
		}
	}
	return b.String()
}

func hasDigit(w string) bool {
	for i := 0; i < len(w); i++ {
		if isDigitByte(w[i]) {
			return true
		}
	}
	return false
}

// suffix returns the last n runes of s.
func suffix(s string, n int) string {
	i := len(s)
	for k := 0; k < n && i > 0; k++ {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}

func prefix(s string, n int) string {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

// wordInfos computes the per-token hashes for a sentence, reusing buf.
func (t *tagger) wordInfos(toks []Token, buf []wordInfo) []wordInfo {
	buf = buf[:0]
	for _, tok := range toks {
		w := tok.Text
		lower := strings.ToLower(w)
		sh := shape(w)
		norm := lower
		if hasDigit(w) {
			norm = "\x01" + sh
		}
		wi := wordInfo{
			word:  hashString(w),
			norm:  hashString(norm),
			shape: hashString(sh),
			suf1:  hashString(suffix(lower, 1)),
			suf2:  hashString(suffix(lower, 2)),
			suf3:  hashString(suffix(lower, 3)),
			suf4:  hashString(suffix(lower, 4)),
			pre1:  hashString(prefix(w, 1)),
			pre2:  hashString(prefix(lower, 2)),
			pre3:  hashString(prefix(lower, 3)),
		}
		if a, ok := t.amb[lower]; ok {
			wi.amb = a
		}
		buf = append(buf, wi)
	}
	return buf
}

// tagFeatures appends the features of token i given the two previous
// classes (-1 before the sentence start).
func tagFeatures(feats []uint64, ws []wordInfo, i int, p1, p2 int, ahead bool) []uint64 {
	w := &ws[i]
	get := func(k int) *wordInfo {
		if k < 0 || k >= len(ws) {
			return nil
		}
		return &ws[k]
	}
	norm := func(k int) uint64 {
		if x := get(k); x != nil {
			return x.norm
		}
		if k < 0 {
			return hBOS
		}
		return hEOS
	}
	suf3 := func(k int) uint64 {
		if x := get(k); x != nil {
			return x.suf3
		}
		return hEOS
	}
	shp := func(k int) uint64 {
		if x := get(k); x != nil {
			return x.shape
		}
		return hEOS
	}
	amb := func(k int) uint64 {
		if x := get(k); x != nil {
			return x.amb
		}
		if k < 0 {
			return hBOS
		}
		return hEOS
	}
	t1, t2 := uint64(p1+2), uint64(p2+2)
	first := uint64(0)
	if i == 0 {
		first = 1
	}
	feats = append(feats,
		1,
		hc(2, w.norm),
		hc(3, w.word),
		hc(4, w.suf1),
		hc(5, w.suf2),
		hc(6, w.suf3),
		hc(7, w.suf4),
		hc(8, w.pre1),
		hc(9, w.pre2),
		hc(10, w.pre3),
		hc(11, w.shape),
		hc(12, t1),
		hc(13, t2),
		hc(hc(14, t1), t2),
		hc(hc(15, t1), w.norm),
		hc(16, norm(i-1)),
		hc(17, suf3(i-1)),
		hc(18, norm(i-2)),
		hc(19, norm(i+1)),
		hc(20, suf3(i+1)),
		hc(21, norm(i+2)),
		hc(22, shp(i+1)),
		hc(hc(23, norm(i-1)), w.norm),
		hc(hc(24, w.norm), norm(i+1)),
		hc(hc(25, t1), norm(i+1)),
		hc(hc(26, first), w.shape),
		hc(hc(27, t1), w.suf3),
		hc(28, shp(i-1)),
		hc(hc(29, norm(i+1)), norm(i+2)),
		hc(30, amb(i+1)),
		hc(31, amb(i+2)),
		hc(32, w.amb),
		hc(hc(33, w.amb), t1),
		hc(hc(34, w.amb), amb(i+1)),
		hc(hc(35, first), w.word),
		hc(hc(36, t1), amb(i+1)),
		hc(hc(37, w.suf2), shp(i+1)),
		hc(hc(hc(38, shp(i-1)), w.shape), shp(i+1)),
		hc(hc(39, norm(i-1)), w.shape),
		hc(hc(40, w.shape), norm(i+1)),
		hc(hc(hc(41, t1), t2), w.norm),
		hc(hc(42, w.suf3), norm(i+1)),
		hc(hc(43, t1), w.shape),
		hc(hc(44, amb(i-1)), w.norm),
	)
	if !ahead {
		return feats
	}
	r := func(k int) uint64 {
		if x := get(k); x != nil {
			return x.first
		}
		return 1
	}
	feats = append(feats,
		hc(50, r(i+1)), hc(51, r(i+2)), hc(hc(52, r(i+1)), r(i+2)),
		hc(hc(53, w.norm), r(i+1)), hc(hc(54, t1), r(i+1)), hc(55, w.first),
		hc(hc(56, w.first), r(i+1)), hc(hc(57, w.first), w.norm), hc(hc(hc(58, t1), w.first), r(i+1)),
		hc(hc(59, w.suf3), r(i+1)),
	)
	return feats
}

// tagState is scratch space for tagging one sentence.
type tagState struct {
	ws     []wordInfo
	feats  []uint64
	scores []int32
	margin []int32 // first pass's lead over its runner-up, per token
}

// tag sets UPOS and XPOS of toks.
func (t *tagger) tag(toks []Token, st *tagState) {
	st.ws = t.wordInfos(toks, st.ws)
	if cap(st.scores) < len(t.classes) {
		st.scores = make([]int32, len(t.classes))
	}
	t.pass(toks, st, t.model, false)
	if t.second != nil {
		t.pass(toks, st, t.second, true)
	}
}

func (t *tagger) pass(toks []Token, st *tagState, m *linear, ahead bool) {
	p1, p2 := -1, -1
	if !ahead {
		st.margin = slices.Grow(st.margin[:0], len(toks))[:len(toks)]
	}
	for i := range toks {
		c, ok := t.dict[toks[i].Text]
		switch {
		case ok:
		case ahead && st.margin[i] > tagKeepMargin:
			// The first pass was sure: the second pass, which adds the
			// tags on the right, would keep its tag.
			c = int(st.ws[i].first) - 2
		default:
			st.feats = tagFeatures(st.feats[:0], st.ws, i, p1, p2, ahead)
			m.score(st.feats, st.scores)
			var margin int32
			c, margin = argmaxMargin(st.scores[:len(t.classes)])
			if !ahead {
				st.margin[i] = margin
			}
		}
		st.ws[i].first = uint64(c + 2)
		toks[i].UPOS, toks[i].XPOS = t.upos[c], t.xpos[c]
		if t.xpos[c] != "NNP" && (toks[i].Name || isHyphenatedName(toks[i].Text)) {
			// EWT splits hyphenated words, so the model has not seen
			// designations like Su-35 or names like Al-Tanf whole.
			toks[i].UPOS, toks[i].XPOS = "PROPN", "NNP"
		}
		p1, p2 = c, p1
	}
}

// tagKeepMargin is the first tagging pass's lead over its runner-up (in
// quantised weight units) above which the second pass is skipped. On the
// held-out EWT dev slice skipping at this margin loses no accuracy (UPOS
// 0.9608 -> 0.9621), and it makes tokenise+tag+parse about 12% faster.
const tagKeepMargin = 3000

// isHyphenatedName reports tokens the tokeniser keeps whole as hyphenated
// names or designations: Al-Tanf, Su-35, MQ-9, COVID-19.
func isHyphenatedName(w string) bool {
	i := strings.IndexByte(w, '-')
	if i <= 0 || i == len(w)-1 || !startsUpper(w) {
		return false
	}
	first, rest := w[:i], w[i+1:]
	if arabicArticles[strings.ToLower(first)] {
		return startsUpper(rest)
	}
	return isDigitByte(rest[0]) || hasDigit(rest) && startsUpper(rest)
}

func argmaxFloat(s []float32) int {
	best := 0
	for c, v := range s {
		if v > s[best] {
			best = c
		}
	}
	return best
}

// tagClass is the joint class label of a gold token.
func tagClass(t *Token) string { return t.UPOS + " " + t.XPOS }

// trainTagger trains a tagger on sents for iters epochs with a fixed seed.
// If first is not nil it holds first-pass predictions for sents, and the
// result's model is a second-pass model.
func trainTagger(sents []TreebankSentence, first []TreebankSentence, iters int, seed uint64, logf func(string, ...any)) *tagger {
	// Classes, counts and the tag dictionary, in sorted order.
	classCount := map[string]int{}
	wordTags := map[string]map[string]int{}
	lowerTags := map[string]map[string]int{}
	for _, s := range sents {
		for i := range s.Tokens {
			tok := &s.Tokens[i]
			c := tagClass(tok)
			classCount[c]++
			add := func(m map[string]map[string]int, k string) {
				if m[k] == nil {
					m[k] = map[string]int{}
				}
				m[k][c]++
			}
			add(wordTags, tok.Text)
			add(lowerTags, strings.ToLower(tok.Text))
		}
	}
	t := &tagger{dict: map[string]int{}, amb: map[string]uint64{}}
	for c := range classCount {
		t.classes = append(t.classes, c)
	}
	sort.Strings(t.classes)
	classID := map[string]int{}
	for i, c := range t.classes {
		classID[c] = i
		u, x, _ := strings.Cut(c, " ")
		t.upos = append(t.upos, u)
		t.xpos = append(t.xpos, x)
	}
	for w, tags := range wordTags {
		total, best, bestC := 0, 0, ""
		for c, n := range tags {
			total += n
			if n > best || n == best && c < bestC {
				best, bestC = n, c
			}
		}
		if total >= 20 && float64(best)/float64(total) >= 0.995 {
			t.dict[w] = classID[bestC]
		}
	}
	t.amb = ambiguityClasses(lowerTags)

	tr := newTrainer(tagBits, len(t.classes))
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(seed, 0x7a66))
	scores := make([]float32, len(t.classes))
	var ws []wordInfo
	var feats []uint64
	for it := range iters {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		correct, total := 0, 0
		for _, si := range order {
			toks := sents[si].Tokens
			ws = t.wordInfos(toks, ws)
			if first != nil {
				for i := range ws {
					ws[i].first = uint64(classID[tagClass(&first[si].Tokens[i])] + 2)
				}
			}
			p1, p2 := -1, -1
			for i := range toks {
				gold := classID[tagClass(&toks[i])]
				guess, ok := t.dict[toks[i].Text]
				if !ok {
					feats = tagFeatures(feats[:0], ws, i, p1, p2, first != nil)
					tr.score(feats, scores)
					guess = argmaxFloat(scores)
					tr.update(feats, gold, guess)
					tr.tick()
				}
				if guess == gold {
					correct++
				}
				total++
				p1, p2 = guess, p1
			}
		}
		if logf != nil {
			logf("tagger iteration %d: train accuracy %.4f", it+1, float64(correct)/float64(total))
		}
	}
	t.model = quantise(tagBits, len(t.classes), tr.averaged(), 1)
	return t
}

// writeTagger encodes the tagger.
func (t *tagger) write(w *modelWriter) {
	w.strs(t.classes)
	words := make([]string, 0, len(t.dict))
	for word := range t.dict {
		words = append(words, word)
	}
	sort.Strings(words)
	w.uvarint(uint64(len(words)))
	for _, word := range words {
		w.str(word)
		w.uvarint(uint64(t.dict[word]))
	}
	words = words[:0]
	for word := range t.amb {
		words = append(words, word)
	}
	sort.Strings(words)
	w.uvarint(uint64(len(words)))
	for _, word := range words {
		w.str(word)
		w.uvarint(t.amb[word])
	}
	w.table(t.model)
	if t.second != nil {
		w.uvarint(1)
		w.table(t.second)
	} else {
		w.uvarint(0)
	}
}

func readTagger(r *modelReader) *tagger {
	t := &tagger{dict: map[string]int{}, amb: map[string]uint64{}}
	t.classes = r.strs()
	for _, c := range t.classes {
		u, x, _ := strings.Cut(c, " ")
		t.upos = append(t.upos, u)
		t.xpos = append(t.xpos, x)
	}
	n := r.uvarint()
	for i := uint64(0); i < n && r.err == nil; i++ {
		word := r.str()
		c := int(r.uvarint())
		if c >= len(t.classes) {
			r.fail(errBadClass)
			break
		}
		t.dict[word] = c
	}
	n = r.uvarint()
	for i := uint64(0); i < n && r.err == nil; i++ {
		word := r.str()
		t.amb[word] = r.uvarint()
	}
	t.model = r.table()
	if r.uvarint() == 1 {
		t.second = r.table()
	}
	if r.err == nil && (t.model.nclass != len(t.classes) || t.second != nil && t.second.nclass != len(t.classes)) {
		r.fail(errBadClass)
	}
	return t
}

var errBadClass = errors.New("class index out of range")

// ambiguityClasses maps each lower-cased word seen at least 3 times to a
// hash of the set of tag classes it takes at least 2% of the time.
func ambiguityClasses(lowerTags map[string]map[string]int) map[string]uint64 {
	amb := map[string]uint64{}
	for w, tags := range lowerTags {
		total := 0
		for _, n := range tags {
			total += n
		}
		if total < 3 {
			continue
		}
		var set []string
		for c, n := range tags {
			if float64(n)/float64(total) >= 0.02 {
				set = append(set, c)
			}
		}
		sort.Strings(set)
		amb[w] = hashString(strings.Join(set, "|"))
	}
	return amb
}

// treebankAmbiguity computes ambiguityClasses for sents.
func treebankAmbiguity(sents []TreebankSentence) map[string]uint64 {
	lowerTags := map[string]map[string]int{}
	for _, s := range sents {
		for i := range s.Tokens {
			k := strings.ToLower(s.Tokens[i].Text)
			if lowerTags[k] == nil {
				lowerTags[k] = map[string]int{}
			}
			lowerTags[k][tagClass(&s.Tokens[i])]++
		}
	}
	return ambiguityClasses(lowerTags)
}
