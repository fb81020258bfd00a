package nlp

import (
	"math/rand/v2"
	"sort"
	"strings"
)

// The parser is a greedy arc-eager transition parser (Nivre 2003) with the
// root at the front of the stack and a single-root constraint. An averaged
// perceptron scores the four transitions over the feature templates of
// Zhang and Nivre (2011); a second perceptron, over the same features
// specialised by arc direction, labels each arc as it is made. Training
// uses the dynamic oracle of Goldberg and Nivre (2012) with error
// exploration, on tags predicted by a jackknifed tagger.

const (
	trShift = iota
	trReduce
	trLeft
	trRight
	nTrans
)

const (
	transBits = 21
	labelBits = 19
)

type parser struct {
	labels []string
	trans  *linear
	label  *linear
}

// parseState is the configuration of the transition system plus the
// bookkeeping the features need. Token 0 is the root; 1..n are words;
// n+1 is "none".
type parseState struct {
	n      int
	stack  []int
	b      int
	heads  []int
	labels []int // label index + 1; 0 = none
	lc1    []int
	lc2    []int
	rc1    []int
	rc2    []int
	nl, nr []int
	ls, rs []uint64 // label sets of left and right children
	w, p   []uint64 // word and tag hashes, indexed like tokens
}

func (s *parseState) reset(n int) {
	s.n = n
	size := n + 2
	grow := func(a []int) []int {
		if cap(a) < size {
			return make([]int, size)
		}
		return a[:size]
	}
	s.heads, s.labels = grow(s.heads), grow(s.labels)
	s.lc1, s.lc2, s.rc1, s.rc2 = grow(s.lc1), grow(s.lc2), grow(s.rc1), grow(s.rc2)
	s.nl, s.nr = grow(s.nl), grow(s.nr)
	if cap(s.ls) < size {
		s.ls, s.rs = make([]uint64, size), make([]uint64, size)
		s.w, s.p = make([]uint64, size), make([]uint64, size)
	}
	s.ls, s.rs, s.w, s.p = s.ls[:size], s.rs[:size], s.w[:size], s.p[:size]
	none := n + 1
	for i := range size {
		s.heads[i] = -1
		s.labels[i] = 0
		s.lc1[i], s.lc2[i], s.rc1[i], s.rc2[i] = none, none, none, none
		s.nl[i], s.nr[i] = 0, 0
		s.ls[i], s.rs[i] = 0, 0
	}
	s.stack = append(s.stack[:0], 0)
	s.b = 1
}

var (
	hRoot = hashString("\x00<root>")
	hNone = hashString("\x00<none>")
)

// load fills word and tag hashes from tagged tokens.
func (s *parseState) load(toks []Token) {
	s.reset(len(toks))
	s.w[0], s.p[0] = hRoot, hRoot
	s.w[s.n+1], s.p[s.n+1] = hNone, hNone
	for i, t := range toks {
		s.w[i+1] = hashString(strings.ToLower(t.Text))
		s.p[i+1] = hashString(t.XPOS)
	}
}

func (s *parseState) s0() int { return s.stack[len(s.stack)-1] }

func (s *parseState) done() bool { return s.b > s.n }

func (s *parseState) legal(t int) bool {
	switch t {
	case trShift:
		return s.b <= s.n
	case trReduce:
		s0 := s.s0()
		return s0 != 0 && s.heads[s0] >= 0
	case trLeft:
		s0 := s.s0()
		return s.b <= s.n && s0 != 0 && s.heads[s0] < 0
	case trRight:
		return s.b <= s.n && (s.s0() != 0 || s.nr[0] == 0)
	}
	return false
}

func (s *parseState) addArc(h, d, label int) {
	s.heads[d] = h
	s.labels[d] = label + 1
	bit := uint64(1) << (uint(label) & 63)
	if d < h {
		if s.lc1[h] > s.n || d < s.lc1[h] {
			s.lc2[h], s.lc1[h] = s.lc1[h], d
		} else if s.lc2[h] > s.n || d < s.lc2[h] {
			s.lc2[h] = d
		}
		s.nl[h]++
		s.ls[h] |= bit
	} else {
		if s.rc1[h] > s.n || d > s.rc1[h] {
			s.rc2[h], s.rc1[h] = s.rc1[h], d
		} else if s.rc2[h] > s.n || d > s.rc2[h] {
			s.rc2[h] = d
		}
		s.nr[h]++
		s.rs[h] |= bit
	}
}

// apply performs transition t; label is used by arcs.
func (s *parseState) apply(t, label int) {
	switch t {
	case trShift:
		s.stack = append(s.stack, s.b)
		s.b++
	case trReduce:
		s.stack = s.stack[:len(s.stack)-1]
	case trLeft:
		s0 := s.s0()
		s.addArc(s.b, s0, label)
		s.stack = s.stack[:len(s.stack)-1]
	case trRight:
		s.addArc(s.s0(), s.b, label)
		s.stack = append(s.stack, s.b)
		s.b++
	}
}

// features appends the feature hashes of the configuration.
func (s *parseState) features(f []uint64) []uint64 {
	none := s.n + 1
	s0 := s.s0()
	s1 := none
	if len(s.stack) > 1 {
		s1 = s.stack[len(s.stack)-2]
	}
	n0, n1, n2 := none, none, none
	if s.b <= s.n {
		n0 = s.b
	}
	if s.b+1 <= s.n {
		n1 = s.b + 1
	}
	if s.b+2 <= s.n {
		n2 = s.b + 2
	}
	s0h, s0h2 := none, none
	if h := s.heads[s0]; h >= 0 {
		s0h = h
		if h2 := s.heads[h]; h2 >= 0 {
			s0h2 = h2
		}
	}
	s0l, s0l2, s0r, s0r2 := s.lc1[s0], s.lc2[s0], s.rc1[s0], s.rc2[s0]
	n0l, n0l2 := s.lc1[n0], s.lc2[n0]
	w, p, L := s.w, s.p, s.labels
	s0w, s0p, n0w, n0p := w[s0], p[s0], w[n0], p[n0]
	s0wp := hc(s0w, s0p)
	n0wp := hc(n0w, n0p)
	d := uint64(0)
	if n0 != none {
		d = uint64(min(n0-s0, 10))
	}
	vl, vr, nvl := uint64(s.nl[s0]), uint64(s.nr[s0]), uint64(s.nl[n0])
	lab := func(k int) uint64 { return uint64(L[k]) }
	f = append(f,
		hc(1, s0wp), hc(2, s0w), hc(3, s0p), hc(4, n0wp), hc(5, n0w), hc(6, n0p),
		hc(7, hc(w[n1], p[n1])), hc(8, w[n1]), hc(9, p[n1]),
		hc(10, hc(w[n2], p[n2])), hc(11, w[n2]), hc(12, p[n2]),
		hc(hc(13, s0wp), n0wp), hc(hc(14, s0wp), n0w), hc(hc(15, s0w), n0wp),
		hc(hc(16, s0wp), n0p), hc(hc(17, s0p), n0wp), hc(hc(18, s0w), n0w),
		hc(hc(19, s0p), n0p), hc(hc(20, n0p), p[n1]),
		hc(hc(hc(21, n0p), p[n1]), p[n2]), hc(hc(hc(22, s0p), n0p), p[n1]),
		hc(hc(hc(23, p[s0h]), s0p), n0p), hc(hc(hc(24, s0p), p[s0l]), n0p),
		hc(hc(hc(25, s0p), p[s0r]), n0p), hc(hc(hc(26, s0p), n0p), p[n0l]),
		hc(hc(27, s0w), d), hc(hc(28, s0p), d), hc(hc(29, n0w), d), hc(hc(30, n0p), d),
		hc(hc(hc(31, s0w), n0w), d), hc(hc(hc(32, s0p), n0p), d),
		hc(hc(33, s0w), vr), hc(hc(34, s0p), vr), hc(hc(35, s0w), vl), hc(hc(36, s0p), vl),
		hc(hc(37, n0w), nvl), hc(hc(38, n0p), nvl),
		hc(39, w[s0h]), hc(40, p[s0h]), hc(41, lab(s0)),
		hc(42, w[s0l]), hc(43, p[s0l]), hc(44, lab(s0l)),
		hc(45, w[s0r]), hc(46, p[s0r]), hc(47, lab(s0r)),
		hc(48, w[n0l]), hc(49, p[n0l]), hc(50, lab(n0l)),
		hc(51, w[s0h2]), hc(52, p[s0h2]), hc(53, lab(s0h)),
		hc(54, w[s0l2]), hc(55, p[s0l2]), hc(56, lab(s0l2)),
		hc(57, w[s0r2]), hc(58, p[s0r2]), hc(59, lab(s0r2)),
		hc(60, w[n0l2]), hc(61, p[n0l2]), hc(62, lab(n0l2)),
		hc(hc(hc(63, s0p), p[s0l]), p[s0l2]), hc(hc(hc(64, s0p), p[s0r]), p[s0r2]),
		hc(hc(hc(65, s0p), p[s0h]), p[s0h2]), hc(hc(hc(66, n0p), p[n0l]), p[n0l2]),
		hc(hc(67, s0w), s.rs[s0]), hc(hc(68, s0p), s.rs[s0]),
		hc(hc(69, s0w), s.ls[s0]), hc(hc(70, s0p), s.ls[s0]),
		hc(hc(71, n0w), s.ls[n0]), hc(hc(72, n0p), s.ls[n0]),
		hc(hc(hc(73, p[s1]), s0p), n0p), hc(hc(74, n0w), w[n1]),
		hc(hc(hc(75, lab(s0)), s0p), n0p), hc(hc(76, w[s1]), s0p),
	)
	return f
}

// labelFeatures specialises parser features by arc direction.
func labelFeatures(dst, feats []uint64, t int) []uint64 {
	salt := uint64(t) * 0x51ED27
	for _, f := range feats {
		dst = append(dst, hc(f, salt))
	}
	return dst
}

// parseScratch is reusable memory for parsing one sentence.
type parseScratch struct {
	st     parseState
	feats  []uint64
	lfeats []uint64
	scores []int32
	lscore []int32
}

// parse sets Head and Rel of tagged toks.
func (ps *parser) parse(toks []Token, sc *parseScratch) {
	if len(toks) == 0 {
		return
	}
	st := &sc.st
	st.load(toks)
	if cap(sc.scores) < nTrans {
		sc.scores = make([]int32, nTrans)
	}
	if cap(sc.lscore) < len(ps.labels) {
		sc.lscore = make([]int32, len(ps.labels))
	}
	for !st.done() {
		sc.feats = st.features(sc.feats[:0])
		ps.trans.score(sc.feats, sc.scores)
		best := -1
		for t := range nTrans {
			if st.legal(t) && (best < 0 || sc.scores[t] > sc.scores[best]) {
				best = t
			}
		}
		label := 0
		if best == trLeft || best == trRight {
			sc.lfeats = labelFeatures(sc.lfeats[:0], sc.feats, best)
			ps.label.score(sc.lfeats, sc.lscore)
			label = argmaxInt(sc.lscore[:len(ps.labels)])
		}
		st.apply(best, label)
	}
	ps.finish(toks, st)
}

// finish copies the arcs to toks, attaching words left without a head to
// the root word (or making the first the root when there is none).
func (ps *parser) finish(toks []Token, st *parseState) {
	root := 0
	for i := 1; i <= st.n; i++ {
		if st.heads[i] == 0 {
			root = i
			break
		}
	}
	rootLabel := ps.labelIndex("root")
	for i := 1; i <= st.n; i++ {
		h, l := st.heads[i], st.labels[i]-1
		if h < 0 {
			if root == 0 {
				root, h, l = i, 0, rootLabel
			} else {
				h = root
				l = ps.labelIndex("dep")
				if toks[i-1].UPOS == "PUNCT" {
					l = ps.labelIndex("punct")
				}
			}
		}
		if h == 0 {
			l = rootLabel
		}
		toks[i-1].Head = h
		if l >= 0 && l < len(ps.labels) {
			toks[i-1].Rel = ps.labels[l]
		} else {
			toks[i-1].Rel = "dep"
		}
	}
}

func (ps *parser) labelIndex(name string) int {
	for i, l := range ps.labels {
		if l == name {
			return i
		}
	}
	return -1
}

// costs computes the dynamic-oracle cost of each legal transition: the
// number of gold arcs it makes unreachable.
func (s *parseState) costs(gold []int, c *[nTrans]int) {
	for t := range nTrans {
		c[t] = -1
		if !s.legal(t) {
			continue
		}
		s0, b := s.s0(), s.b
		cost := 0
		switch t {
		case trShift:
			for _, k := range s.stack {
				if s.heads[k] < 0 && gold[k] == b {
					cost++
				}
				if gold[b] == k {
					cost++
				}
			}
		case trReduce:
			for k := b; k <= s.n; k++ {
				if gold[k] == s0 {
					cost++
				}
			}
		case trLeft:
			if gold[s0] > b {
				cost++
			}
			for k := b; k <= s.n; k++ {
				if gold[k] == s0 {
					cost++
				}
			}
		case trRight:
			if gb := gold[b]; gb != s0 && (gb > b || s.inStack(gb)) {
				cost++
			}
			for _, k := range s.stack {
				if s.heads[k] < 0 && gold[k] == b {
					cost++
				}
			}
		}
		c[t] = cost
	}
}

func (s *parseState) inStack(k int) bool {
	for _, x := range s.stack {
		if x == k {
			return true
		}
	}
	return false
}

// parserTrainer holds what parser training needs.
type parserTrainer struct {
	labelID map[string]int
	trans   *trainer
	label   *trainer
}

// trainParser trains on sentences whose XPOS are the (predicted) tags to
// parse with and whose Head/Rel are gold.
func trainParser(sents []TreebankSentence, iters int, seed uint64, logf func(string, ...any)) *parser {
	labelSet := map[string]bool{}
	for _, s := range sents {
		for _, t := range s.Tokens {
			labelSet[t.Rel] = true
		}
	}
	ps := &parser{}
	for l := range labelSet {
		ps.labels = append(ps.labels, l)
	}
	sort.Strings(ps.labels)
	labelID := map[string]int{}
	for i, l := range ps.labels {
		labelID[l] = i
	}
	trans := newTrainer(transBits, nTrans)
	lab := newTrainer(labelBits, len(ps.labels))
	rng := rand.New(rand.NewPCG(seed, 0x9a55))
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	var (
		st     parseState
		feats  []uint64
		lfeats []uint64
		gold   []int
		glab   []int
		scores = make([]float32, nTrans)
		lsc    = make([]float32, len(ps.labels))
		cost   [nTrans]int
	)
	for it := range iters {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		var correct, total, lcorrect, ltotal int
		for _, si := range order {
			toks := sents[si].Tokens
			st.load(toks)
			gold = append(gold[:0], -1)
			glab = append(glab[:0], 0)
			for _, t := range toks {
				gold = append(gold, t.Head)
				glab = append(glab, labelID[t.Rel])
			}
			gold = append(gold, -1)
			glab = append(glab, 0)
			for !st.done() {
				feats = st.features(feats[:0])
				trans.score(feats, scores)
				st.costs(gold, &cost)
				pred, best, minCost := -1, -1, 1<<30
				for t := range nTrans {
					if cost[t] < 0 {
						continue
					}
					if pred < 0 || scores[t] > scores[pred] {
						pred = t
					}
					minCost = min(minCost, cost[t])
				}
				for t := range nTrans {
					if cost[t] == minCost && (best < 0 || scores[t] > scores[best]) {
						best = t
					}
				}
				if cost[pred] > minCost {
					trans.update(feats, best, pred)
				} else {
					correct++
				}
				total++
				trans.tick()
				next := best
				if it > 0 && rng.Float64() < 0.9 {
					next = pred
				}
				label := 0
				if next == trLeft || next == trRight {
					h, d := st.b, st.s0()
					if next == trRight {
						h, d = st.s0(), st.b
					}
					lfeats = labelFeatures(lfeats[:0], feats, next)
					lab.score(lfeats, lsc)
					label = argmaxFloat(lsc)
					if gold[d] == h {
						g := glab[d]
						if label == g {
							lcorrect++
						}
						ltotal++
						lab.update(lfeats, g, label)
						lab.tick()
						label = g
					}
				}
				st.apply(next, label)
			}
		}
		if logf != nil {
			logf("parser iteration %d: transition accuracy %.4f, label accuracy %.4f",
				it+1, float64(correct)/float64(total), float64(lcorrect)/float64(max(ltotal, 1)))
		}
	}
	ps.trans = quantise(transBits, nTrans, trans.averaged(), 1)
	ps.label = quantise(labelBits, len(ps.labels), lab.averaged(), 1)
	return ps
}

func (ps *parser) write(w *modelWriter) {
	w.strs(ps.labels)
	w.table(ps.trans)
	w.table(ps.label)
}

func readParser(r *modelReader) *parser {
	ps := &parser{labels: r.strs()}
	ps.trans = r.table()
	ps.label = r.table()
	if r.err == nil && (ps.trans.nclass != nTrans || ps.label.nclass != len(ps.labels)) {
		r.fail(errBadClass)
	}
	return ps
}
