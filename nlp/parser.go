package nlp

import (
	"errors"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
)

// The parser is an arc-eager transition parser (Nivre 2003) with the root
// at the front of the stack, a single-root constraint and beam search. An
// averaged perceptron scores the four unlabelled transitions over the
// feature templates of Zhang and Nivre (2011), plus the tagger's ambiguity
// classes so that the parser knows which tags are doubtful; it is trained
// globally with max-violation updates (Huang, Fayong and Guo 2012) towards
// the sequence found by the dynamic oracle's costs (Goldberg and Nivre
// 2012), on tags predicted by a jackknifed tagger. A second model, trained
// the same way on reversed sentences, parses right to left, and the two
// final beams vote for the tree (combine.go). Relations are assigned
// afterwards by the labeler (labeler.go), which sees the whole tree.

const (
	trShift = iota
	trReduce
	trLeft
	trRight
	nTrans
)

// transBits sizes the transition table: 2^20 rows of 4 int16 weights.
const transBits = 20

type parser struct {
	// beam is the beam width; 1 is greedy.
	beam    int
	trans   *linear
	labeler *labeler
	// rev, if not nil, is a right-to-left model whose votes are combined
	// with this one's (combine.go).
	rev *parser
	// amb is the tagger's ambiguity-class table (not stored with the
	// parser): it tells the parser which words could take other tags.
	amb map[string]uint64
}

// parseState is the configuration of the transition system plus the
// bookkeeping the features need. Token 0 is the root; 1..n are words;
// n+1 is "none".
type parseState struct {
	n     int
	stack []int
	b     int
	// arr backs the per-token arrays below, so a state copies with one
	// copy call.
	arr                       []int
	heads, lc1, lc2, rc1, rc2 []int
	nl, nr                    []int
	w, p, a, u                []uint64 // word, XPOS, ambiguity and UPOS hashes; shared by copies
}

// slice points the per-token arrays into arr.
func (s *parseState) slice(size int) {
	if cap(s.arr) < 7*size {
		s.arr = make([]int, 7*size)
	}
	s.arr = s.arr[:7*size]
	a := s.arr
	s.heads, s.lc1, s.lc2, s.rc1 = a[:size], a[size:2*size], a[2*size:3*size], a[3*size:4*size]
	s.rc2, s.nl, s.nr = a[4*size:5*size], a[5*size:6*size], a[6*size:]
}

func (s *parseState) reset(n int) {
	s.n = n
	size := n + 2
	s.slice(size)
	none := n + 1
	for i := range size {
		s.heads[i] = -1
		s.lc1[i], s.lc2[i], s.rc1[i], s.rc2[i] = none, none, none, none
		s.nl[i], s.nr[i] = 0, 0
	}
	s.stack = append(s.stack[:0], 0)
	s.b = 1
}

// copyFrom makes s a copy of o.
func (s *parseState) copyFrom(o *parseState) {
	s.n = o.n
	s.slice(o.n + 2)
	copy(s.arr, o.arr)
	s.stack = append(s.stack[:0], o.stack...)
	s.b = o.b
	s.w, s.p, s.a, s.u = o.w, o.p, o.a, o.u
}

var (
	hRoot = hashString("\x00<root>")
	hNone = hashString("\x00<none>")
)

// load fills word and tag hashes from tagged tokens.
func (s *parseState) load(toks []Token, amb map[string]uint64) {
	s.reset(len(toks))
	size := len(toks) + 2
	if cap(s.w) < size || cap(s.a) < size || cap(s.u) < size {
		s.w, s.p, s.a, s.u = make([]uint64, size), make([]uint64, size), make([]uint64, size), make([]uint64, size)
	}
	s.w, s.p, s.a, s.u = s.w[:size], s.p[:size], s.a[:size], s.u[:size]
	s.w[0], s.p[0], s.a[0], s.u[0] = hRoot, hRoot, hRoot, hRoot
	s.w[s.n+1], s.p[s.n+1], s.a[s.n+1], s.u[s.n+1] = hNone, hNone, hNone, hNone
	for i, t := range toks {
		lower := strings.ToLower(t.Text)
		s.w[i+1] = hashString(lower)
		s.p[i+1] = hashString(t.XPOS)
		s.a[i+1] = amb[lower]
		s.u[i+1] = hashString(t.UPOS)
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

func (s *parseState) addArc(h, d int) {
	s.heads[d] = h
	if d < h {
		if s.lc1[h] > s.n || d < s.lc1[h] {
			s.lc2[h], s.lc1[h] = s.lc1[h], d
		} else if s.lc2[h] > s.n || d < s.lc2[h] {
			s.lc2[h] = d
		}
		s.nl[h]++
	} else {
		if s.rc1[h] > s.n || d > s.rc1[h] {
			s.rc2[h], s.rc1[h] = s.rc1[h], d
		} else if s.rc2[h] > s.n || d > s.rc2[h] {
			s.rc2[h] = d
		}
		s.nr[h]++
	}
}

// apply performs transition t.
func (s *parseState) apply(t int) {
	switch t {
	case trShift:
		s.stack = append(s.stack, s.b)
		s.b++
	case trReduce:
		s.stack = s.stack[:len(s.stack)-1]
	case trLeft:
		s0 := s.s0()
		s.addArc(s.b, s0)
		s.stack = s.stack[:len(s.stack)-1]
	case trRight:
		s.addArc(s.s0(), s.b)
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
	w, p := s.w, s.p
	hasHead := uint64(0)
	if s.heads[s0] >= 0 {
		hasHead = 1
	}
	s0w, s0p, n0w, n0p := w[s0], p[s0], w[n0], p[n0]
	s0wp := hc(s0w, s0p)
	n0wp := hc(n0w, n0p)
	d := uint64(0)
	if n0 != none {
		d = uint64(min(n0-s0, 10))
	}
	vl, vr, nvl := uint64(s.nl[s0]), uint64(s.nr[s0]), uint64(s.nl[n0])
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
		hc(39, w[s0h]), hc(40, p[s0h]),
		hc(42, w[s0l]), hc(43, p[s0l]),
		hc(45, w[s0r]), hc(46, p[s0r]),
		hc(48, w[n0l]), hc(49, p[n0l]),
		hc(51, w[s0h2]), hc(52, p[s0h2]),
		hc(54, w[s0l2]), hc(55, p[s0l2]),
		hc(57, w[s0r2]), hc(58, p[s0r2]),
		hc(60, w[n0l2]), hc(61, p[n0l2]),
		hc(hc(hc(63, s0p), p[s0l]), p[s0l2]), hc(hc(hc(64, s0p), p[s0r]), p[s0r2]),
		hc(hc(hc(65, s0p), p[s0h]), p[s0h2]), hc(hc(hc(66, n0p), p[n0l]), p[n0l2]),
		hc(hc(hc(73, p[s1]), s0p), n0p), hc(hc(74, n0w), w[n1]),
		hc(hc(hc(75, hasHead), s0p), n0p), hc(hc(76, w[s1]), s0p),
		hc(hc(hc(77, s0p), n0p), p[s0h]), hc(hc(hc(78, hasHead), s0w), n0p),
		hc(hc(80, s.a[s0]), s0p), hc(hc(81, s.a[n0]), n0p), hc(hc(hc(82, s.a[s0]), s.a[n0]), n0p),
		hc(hc(hc(83, s.a[n1]), n0p), s0p), hc(hc(hc(84, s.a[s0]), s0p), n0p),
		hc(hc(85, s.u[s0]), s.u[n0]), hc(hc(hc(86, s.u[s0]), s.u[n0]), s.u[n1]),
		hc(hc(hc(87, s.u[s0h]), s.u[s0]), s.u[n0]), hc(hc(88, s.u[n0]), n0w), hc(hc(89, s.u[s0]), s0w),
		hc(hc(hc(90, s.u[s1]), s.u[s0]), s.u[n0]),
	)
	return f
}

// candidate is one expansion of a beam item.
type candidate struct {
	item  int
	trans int
	score float64
}

// sortCandidates orders by score, then by item and transition, so ties
// break the same way on every run.
func sortCandidates(c []candidate) {
	sort.Slice(c, func(i, j int) bool {
		if c[i].score != c[j].score {
			return c[i].score > c[j].score
		}
		if c[i].item != c[j].item {
			return c[i].item < c[j].item
		}
		return c[i].trans < c[j].trans
	})
}

// topK moves the k best candidates, in sortCandidates order, to the front
// of c by selection: beams are small, so this beats sorting.
func topK(c []candidate, k int) {
	less := func(a, b *candidate) bool { // a ranks before b
		if a.score != b.score {
			return a.score > b.score
		}
		if a.item != b.item {
			return a.item < b.item
		}
		return a.trans < b.trans
	}
	for i := 0; i < k && i < len(c); i++ {
		best := i
		for j := i + 1; j < len(c); j++ {
			if less(&c[j], &c[best]) {
				best = j
			}
		}
		c[i], c[best] = c[best], c[i]
	}
}

// parseScratch is reusable memory for parsing one sentence.
type parseScratch struct {
	beam, next []*parseState
	scores     []float64
	nextScores []float64
	free       []*parseState
	feats      []uint64
	iscores    []int32
	cands      []candidate
	lab        labelScratch
	comb       combineScratch
	memo       parseMemo
}

func (sc *parseScratch) get() *parseState {
	if n := len(sc.free); n > 0 {
		s := sc.free[n-1]
		sc.free = sc.free[:n-1]
		return s
	}
	return &parseState{}
}

// parse sets Head and Rel of tagged toks with a beam of width ps.beam.
func (ps *parser) parse(toks []Token, sc *parseScratch) {
	if len(toks) == 0 {
		return
	}
	if len(toks) == 1 {
		// One word has one tree: whatever the beams do, finish and
		// combine make it the root.
		toks[0].Head = 0
		ps.labeler.label(toks, &sc.lab)
		return
	}
	ps.heads(toks, sc)
	ps.labeler.label(toks, &sc.lab)
}

// heads sets the Head of toks by beam search (and the right-to-left
// parser's vote, if there is one).
func (ps *parser) heads(toks []Token, sc *parseScratch) {
	ps.search(toks, sc)
	if ps.rev == nil {
		ps.finish(toks, sc.beam[0])
	} else {
		ps.combine(toks, sc)
	}
	sc.free = append(sc.free, sc.beam...)
	sc.beam = sc.beam[:0]
}

// search runs the beam over toks, leaving the final beam, best first, in
// sc.beam.
func (ps *parser) search(toks []Token, sc *parseScratch) {
	k := max(ps.beam, 1)
	first := sc.get()
	first.load(toks, ps.amb)
	sc.beam = append(sc.beam[:0], first)
	sc.scores = append(sc.scores[:0], 0)
	if cap(sc.iscores) < nTrans {
		sc.iscores = make([]int32, nTrans)
	}
	memo := sc.memo.reset(len(toks)) && ps.trans.start == nil
	for !sc.beam[0].done() {
		sc.cands = sc.cands[:0]
		for i, st := range sc.beam {
			if st.done() {
				sc.cands = append(sc.cands, candidate{i, -1, sc.scores[i]})
				continue
			}
			if memo {
				sc.feats = st.scoreMemo(ps.trans, &sc.memo, sc.feats, sc.iscores)
			} else {
				sc.feats = st.features(sc.feats[:0])
				ps.trans.score(sc.feats, sc.iscores)
			}
			for t := range nTrans {
				if st.legal(t) {
					sc.cands = append(sc.cands, candidate{i, t, sc.scores[i] + float64(sc.iscores[t])})
				}
			}
		}
		topK(sc.cands, k)
		sc.next = sc.next[:0]
		nextScores := sc.nextScores[:0]
		for _, c := range sc.cands[:min(k, len(sc.cands))] {
			var st *parseState
			if k == 1 {
				st = sc.beam[0]
			} else {
				st = sc.get()
				st.copyFrom(sc.beam[c.item])
			}
			if c.trans >= 0 {
				st.apply(c.trans)
			}
			sc.next = append(sc.next, st)
			nextScores = append(nextScores, c.score)
		}
		if k > 1 {
			sc.free = append(sc.free, sc.beam...)
		}
		sc.beam, sc.next = sc.next, sc.beam
		sc.scores, sc.nextScores = nextScores, sc.scores
	}
	// The first item is done and best; the others may be unfinished.
}

// combine sets the heads of toks from the left-to-right final beam in
// sc.beam: its best tree if it leads the runner-up by confidentMargin,
// else the best projective tree over the votes of both parsers' beams.
func (ps *parser) combine(toks []Token, sc *parseScratch) {
	cs := &sc.comb
	n := len(toks)
	size := n + 1
	if cap(cs.votes) < size*size {
		cs.votes = make([]float64, size*size)
	}
	cs.votes = cs.votes[:size*size]
	clear(cs.votes)
	if cap(cs.heads) < size {
		cs.heads, cs.rheads = make([]int, size), make([]int, size)
	}
	cs.heads, cs.rheads = cs.heads[:size], cs.rheads[:size]
	if len(sc.beam) < 2 || sc.scores[0]-sc.scores[1] > confidentMargin {
		ps.finish(toks, sc.beam[0])
		return
	}
	w := 1.0
	for i, st := range sc.beam {
		if i == 0 {
			cs.vote(st, w+tieBonus, false, cs.heads)
		} else if st.done() {
			cs.vote(st, w, false, nil)
		}
		w *= rankDecay
	}
	sc.free = append(sc.free, sc.beam...)
	sc.beam = sc.beam[:0]
	cs.rtoks = cs.rtoks[:0]
	for i := n - 1; i >= 0; i-- {
		cs.rtoks = append(cs.rtoks, toks[i])
	}
	ps.rev.search(cs.rtoks, sc)
	w = revWeight
	for i, st := range sc.beam {
		if i == 0 {
			cs.vote(st, w, true, cs.rheads)
		} else if st.done() {
			cs.vote(st, w, true, nil)
		}
		w *= rankDecay
	}
	// When both best trees agree, no mix of the other items outvotes them.
	heads := cs.heads
	if !slices.Equal(cs.heads[1:], cs.rheads[1:]) {
		heads = cs.eisner(n)
	}
	// One root: the root child with the most votes keeps it.
	root, best := 0, -1.0
	for i := 1; i <= n; i++ {
		if heads[i] == 0 && cs.votes[i] > best {
			root, best = i, cs.votes[i]
		}
	}
	for i := 1; i <= n; i++ {
		h := heads[i]
		if h == 0 && i != root {
			h = root
		}
		toks[i-1].Head = h
	}
}

// finish copies the heads to toks, attaching words left without a head to
// the root word (or making the first the root when there is none).
func (ps *parser) finish(toks []Token, st *parseState) {
	root := 0
	for i := 1; i <= st.n; i++ {
		if st.heads[i] == 0 {
			root = i
			break
		}
	}
	for i := 1; i <= st.n; i++ {
		h := st.heads[i]
		if h < 0 {
			if root == 0 {
				root, h = i, 0
			} else {
				h = root
			}
		}
		toks[i-1].Head = h
	}
}

// costs computes the dynamic-oracle cost of each legal transition: the
// number of gold arcs it makes unreachable (Goldberg and Nivre 2012).
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

// oracleSequence returns a best reachable transition sequence for gold
// heads, preferring arcs, then shift, then reduce.
func oracleSequence(toks []Token, gold []int) []int {
	var st parseState
	st.load(toks, nil)
	var seq []int
	var cost [nTrans]int
	for !st.done() {
		st.costs(gold, &cost)
		best, bc := -1, 1<<30
		for _, t := range [...]int{trLeft, trRight, trShift, trReduce} {
			if cost[t] >= 0 && cost[t] < bc {
				best, bc = t, cost[t]
			}
		}
		seq = append(seq, best)
		st.apply(best)
	}
	return seq
}

// step is one transition taken with the features it was scored on.
type step struct {
	feats []uint64
	trans int
	prev  *step
}

// trainParser trains the transition model with beam search and
// max-violation updates (Huang et al. 2012) on sentences whose XPOS are
// the (predicted) tags to parse with and whose heads are gold. If goldTags
// is not nil (the same sentences with gold tags), one sentence visit in
// goldShareDiv uses the gold tags instead: the mix parses EWT dev slightly
// better than predicted tags alone. The result has no labeler.
func trainParser(sents, goldTags []TreebankSentence, amb map[string]uint64, iters, beam int, seed uint64, logf func(string, ...any)) *parser {
	ps := &parser{beam: beam, amb: amb}
	trans := newTrainer(transBits, nTrans)
	rng := rand.New(rand.NewPCG(seed, 0x9a55))
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	golds := make([][]int, len(sents))
	seqs := make([][]int, len(sents))
	for i, s := range sents {
		g := []int{-1}
		for _, t := range s.Tokens {
			g = append(g, t.Head)
		}
		golds[i] = append(g, -1)
		seqs[i] = oracleSequence(s.Tokens, golds[i])
	}
	type item struct {
		st    *parseState
		score float64
		last  *step
		gold  bool
	}
	var (
		scores = make([]float32, nTrans)
		pool   []*parseState
		cands  []candidate
	)
	getState := func() *parseState {
		if n := len(pool); n > 0 {
			s := pool[n-1]
			pool = pool[:n-1]
			return s
		}
		return &parseState{}
	}
	for it := range iters {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		var updates, exact int
		for _, si := range order {
			toks, seq := sents[si].Tokens, seqs[si]
			if goldTags != nil && goldShare(si, it) {
				toks = goldTags[si].Tokens
			}
			first := getState()
			first.load(toks, amb)
			beamItems := []item{{st: first, gold: true}}
			// The gold sequence's own state, score and steps.
			var gst parseState
			gst.load(toks, amb)
			gscore := 0.0
			var glast *step
			maxViol, violStep := 0.0, -1
			var violBest, violGold *step
			for t := 0; !beamItems[0].st.done() || t < len(seq); t++ {
				// Advance the gold sequence.
				if t < len(seq) {
					f := gst.features(nil)
					trans.score(f, scores)
					gscore += float64(scores[seq[t]])
					glast = &step{feats: f, trans: seq[t], prev: glast}
					gst.apply(seq[t])
				}
				cands = cands[:0]
				feats := make([][]uint64, len(beamItems))
				for i, bi := range beamItems {
					if bi.st.done() {
						cands = append(cands, candidate{i, -1, bi.score})
						continue
					}
					f := bi.st.features(nil)
					feats[i] = f
					trans.score(f, scores)
					for tr := range nTrans {
						if bi.st.legal(tr) {
							cands = append(cands, candidate{i, tr, bi.score + float64(scores[tr])})
						}
					}
				}
				sortCandidates(cands)
				next := make([]item, 0, beam)
				goldIn := false
				for _, c := range cands[:min(beam, len(cands))] {
					parent := beamItems[c.item]
					st := getState()
					st.copyFrom(parent.st)
					last := parent.last
					isGold := parent.gold && (c.trans < 0 && t >= len(seq) || t < len(seq) && c.trans == seq[t])
					if c.trans >= 0 {
						st.apply(c.trans)
						last = &step{feats: feats[c.item], trans: c.trans, prev: parent.last}
					}
					if isGold {
						goldIn = true
					}
					next = append(next, item{st: st, score: c.score, last: last, gold: isGold})
				}
				for _, bi := range beamItems {
					pool = append(pool, bi.st)
				}
				beamItems = next
				if v := beamItems[0].score - gscore; !beamItems[0].gold && v >= maxViol {
					maxViol, violStep = v, t
					violBest, violGold = beamItems[0].last, glast
				}
				if !goldIn && t >= len(seq)-1 {
					break
				}
				if !goldIn && t > 2*len(seq) {
					break
				}
			}
			for _, bi := range beamItems {
				pool = append(pool, bi.st)
			}
			if violStep < 0 {
				exact++
				trans.tick()
				continue
			}
			updates++
			for s := violGold; s != nil; s = s.prev {
				trans.add(s.feats, s.trans, 1)
			}
			for s := violBest; s != nil; s = s.prev {
				trans.add(s.feats, s.trans, -1)
			}
			trans.tick()
		}
		if logf != nil {
			logf("parser iteration %d: %d updates, %d sentences parsed exactly", it+1, updates, exact)
		}
	}
	ps.trans = quantise(transBits, nTrans, trans.averaged(), 1)
	return ps
}

// goldShareDiv sets how often the parser trains on gold rather than
// jackknifed tags: one sentence visit in goldShareDiv.
const goldShareDiv = 2

// goldShare reports whether visit it of sentence si uses gold tags; the
// choice varies with the epoch, so each sentence is seen both ways.
func goldShare(si, it int) bool {
	return hc(uint64(si)+1, uint64(it)+0x51)%goldShareDiv == 0
}

func (ps *parser) write(w *modelWriter) {
	w.uvarint(uint64(ps.beam))
	w.table(ps.trans)
	ps.labeler.write(w)
	if ps.rev == nil {
		w.uvarint(0)
		return
	}
	w.uvarint(1)
	w.uvarint(uint64(ps.rev.beam))
	w.table(ps.rev.trans)
}

func readParser(r *modelReader) *parser {
	ps := &parser{beam: int(r.uvarint())}
	if ps.beam < 1 || ps.beam > 64 {
		r.fail(errors.New("bad beam width"))
		return ps
	}
	ps.trans = r.table()
	ps.labeler = readLabeler(r)
	if r.err == nil && ps.trans.nclass != nTrans {
		r.fail(errBadClass)
	}
	if r.err != nil {
		return ps
	}
	// Models without a right-to-left part end here.
	if _, ok := r.peek(); !ok || r.uvarint() == 0 {
		return ps
	}
	ps.rev = &parser{beam: int(r.uvarint()), labeler: ps.labeler}
	if ps.rev.beam < 1 || ps.rev.beam > 64 {
		r.fail(errors.New("bad beam width"))
		return ps
	}
	ps.rev.trans = r.table()
	if r.err == nil && ps.rev.trans.nclass != nTrans {
		r.fail(errBadClass)
	}
	return ps
}
