package nlp

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"
)

// The labeler assigns a relation to every arc of a finished tree, heads
// before their dependents, with an averaged perceptron that sees the whole
// tree: the head and dependent, their distance and direction, the
// dependent's own children (a "by" child suggests obl:agent), the head's
// other children (a "was" auxiliary suggests nsubj:pass), the grandparent,
// the head's relation, commas in between, and the labels already given to
// siblings. A second, stacked pass then relabels every arc seeing the
// first pass's labels of all the siblings and children on both sides (an
// obj to the right makes a first object an iobj). Both passes train on the
// gold trees and on trees parsed by weak jackknifed parsers (train.go),
// where only the right arcs are learnt but the wrong ones are seen.

const labelTableBits = 18

type labeler struct {
	labels []string
	root   int // index of "root"
	model  *linear
	// second, if not nil, relabels every arc seeing the labels of the
	// first pass (model) on all sides (stacked labelling).
	second *linear
}

type labelScratch struct {
	w, p, u []uint64
	up      []uint64 // UPOS hashes
	sh      []uint64 // word shapes
	kids    [][]int
	last    []int // last label given per head and side, +1
	rel     []int // label given per token, +1; 0 until given
	order   []int // the order tokens are labelled in: heads first
	first   []int // the first pass's labels, for the second
	// margin and firstMargin are each label's lead over the runner-up, in
	// this pass and in the first.
	margin, firstMargin []int32
	feats               []uint64
	scores              []int32
	fs                  []float32
}

// prepare fills word and tag hashes and child lists for toks with heads.
func (sc *labelScratch) prepare(toks []Token) {
	n := len(toks)
	size := n + 2
	if cap(sc.w) < size {
		sc.w, sc.p, sc.u = make([]uint64, size), make([]uint64, size), make([]uint64, size)
		sc.up, sc.sh, sc.rel = make([]uint64, size), make([]uint64, size), make([]int, size)
	}
	sc.w, sc.p, sc.u, sc.up = sc.w[:size], sc.p[:size], sc.u[:size], sc.up[:size]
	if cap(sc.margin) < size {
		sc.margin = make([]int32, size)
	}
	sc.sh, sc.rel, sc.margin = sc.sh[:size], sc.rel[:size], sc.margin[:size]
	clear(sc.rel)
	if cap(sc.kids) < size {
		sc.kids = make([][]int, size)
	}
	sc.kids = sc.kids[:size]
	if cap(sc.last) < 2*size {
		sc.last = make([]int, 2*size)
	}
	sc.last = sc.last[:2*size]
	clear(sc.last)
	for i := range sc.kids {
		sc.kids[i] = sc.kids[i][:0]
	}
	sc.w[0], sc.p[0], sc.u[0], sc.up[0] = hRoot, hRoot, hRoot, hRoot
	sc.w[n+1], sc.p[n+1], sc.u[n+1], sc.up[n+1] = hNone, hNone, hNone, hNone
	sc.sh[0], sc.sh[n+1] = hRoot, hNone
	for i, t := range toks {
		sc.w[i+1] = hashString(strings.ToLower(t.Text))
		sc.p[i+1] = hashString(t.XPOS)
		sc.u[i+1] = hashString(suffix(strings.ToLower(t.Text), 3))
		sc.up[i+1] = hashString(t.UPOS)
		sc.sh[i+1] = hashString(shape(t.Text))
		if h := t.Head; h >= 0 && h <= n {
			sc.kids[h] = append(sc.kids[h], i+1)
		}
	}
	// Heads are labelled before their dependents, so that a dependent's
	// features can use its head's relation; a head's children go left to
	// right. Words unreachable from the root (not in a tree) go last.
	sc.order = append(sc.order[:0], sc.kids[0]...)
	for i := 0; i < len(sc.order); i++ {
		sc.order = append(sc.order, sc.kids[sc.order[i]]...)
	}
	if len(sc.order) < n {
		seen := make([]bool, size)
		for _, d := range sc.order {
			seen[d] = true
		}
		for d := 1; d <= n; d++ {
			if !seen[d] {
				sc.order = append(sc.order, d)
			}
		}
	}
	if len(sc.order) > n {
		sc.order = sc.order[:n]
	}
}

// features appends the features of the arc h → d.
func (sc *labelScratch) features(f []uint64, toks []Token, d int) []uint64 {
	n := len(toks)
	h := toks[d-1].Head
	w, p := sc.w, sc.p
	dw, dp, hw, hp := w[d], p[d], w[h], p[h]
	dir := uint64(1)
	side := 0
	if d > h {
		dir, side = 2, 1
	}
	dist := uint64(min(max(d-h, h-d), 6))
	g := n + 1
	if h > 0 {
		if gh := toks[h-1].Head; gh >= 0 && gh <= n {
			g = gh
		}
	}
	prev := uint64(sc.last[2*h+side])
	before, after := n+1, n+1
	if d > 1 {
		before = d - 1
	}
	if d < n {
		after = d + 1
	}
	f = append(f,
		1, hc(2, dw), hc(3, dp), hc(4, hw), hc(5, hp),
		hc(hc(6, dp), hp), hc(hc(7, dw), hp), hc(hc(8, dp), hw), hc(hc(9, dw), hw),
		hc(hc(hc(10, dp), hp), dir), hc(hc(hc(hc(11, dp), hp), dir), dist),
		hc(hc(12, dw), dir), hc(hc(13, hw), dir), hc(hc(hc(14, dw), hp), dir),
		hc(hc(hc(15, p[g]), hp), dp), hc(hc(16, w[g]), dp),
		hc(hc(hc(17, prev), dp), dir), hc(hc(hc(18, prev), hp), dp),
		hc(hc(hc(19, p[before]), dp), hp), hc(hc(hc(20, p[after]), dp), hp),
		hc(hc(21, sc.u[d]), dp), hc(hc(hc(22, sc.u[d]), hp), dir),
		hc(hc(23, uint64(len(sc.kids[d]))), dp),
		hc(hc(hc(24, sc.up[d]), sc.up[h]), dir), hc(hc(hc(25, sc.up[d]), hp), dw),
		hc(hc(hc(26, prev), dw), dir), hc(hc(hc(27, dw), hw), dir),
	)
	hrel := uint64(sc.rel[h])
	if h == 0 {
		hrel = 1 << 20
	}
	same := uint64(0)
	if sc.up[d] == sc.up[h] {
		same = 1
	}
	lo, hi := min(h, d), max(h, d)
	commas := uint64(0)
	for k := lo + 1; k < hi && commas < 2; k++ {
		if toks[k-1].Text == "," {
			commas++
		}
	}
	f = append(f,
		hc(hc(40, hrel), dp), hc(hc(hc(41, hrel), dp), hp), hc(hc(hc(42, hrel), dw), dir),
		hc(hc(hc(44, same), dp), dir), hc(hc(hc(hc(45, commas), dp), hp), dir),
		hc(hc(47, sc.sh[d]), dp), hc(hc(hc(48, uint64(min(d-lo, 1))), sc.sh[d]), dir),
	)
	for _, c := range sc.kids[d] {
		cs := sideOf(c, d)
		f = append(f, hc(hc(hc(30, w[c]), cs), dp), hc(hc(hc(31, p[c]), cs), dp),
			hc(hc(hc(hc(34, w[c]), cs), dp), hp))
	}
	for _, s := range sc.kids[h] {
		if s == d {
			continue
		}
		ss := sideOf(s, d)
		f = append(f, hc(hc(hc(32, w[s]), ss), dp), hc(hc(hc(hc(33, p[s]), ss), dp), hp),
			hc(hc(hc(hc(35, w[s]), ss), dp), hp), hc(hc(hc(36, sc.up[s]), ss), sc.up[d]))
		if r := sc.rel[s]; r > 0 {
			f = append(f, hc(hc(hc(43, uint64(r)), ss), dp), hc(hc(hc(hc(46, uint64(r)), ss), dp), hp))
		}
	}
	return f
}

// label sets Rel of toks whose heads are set.
func (l *labeler) label(toks []Token, sc *labelScratch) {
	sc.prepare(toks)
	if cap(sc.scores) < len(l.labels) {
		sc.scores = make([]int32, len(l.labels))
	}
	l.pass(toks, sc, l.model, false)
	if l.second == nil {
		return
	}
	sc.firstMargin = append(sc.firstMargin[:0], sc.margin...)
	sc.first = append(sc.first[:0], sc.rel...)
	clear(sc.rel)
	clear(sc.last)
	l.pass(toks, sc, l.second, true)
}

// pass labels every arc once with model m; stacked passes see sc.first.
func (l *labeler) pass(toks []Token, sc *labelScratch, m *linear, stacked bool) {
	for _, d := range sc.order {
		h := toks[d-1].Head
		if h == 0 {
			toks[d-1].Rel = "root"
			sc.rel[d] = l.root + 1
			continue
		}
		if stacked && sc.firstMargin[d] > keepMargin {
			// The second pass would agree: keep the first's label.
			c := sc.first[d] - 1
			toks[d-1].Rel = l.labels[c]
			sc.give(h, d, c)
			continue
		}
		sc.feats = sc.features(sc.feats[:0], toks, d)
		if stacked {
			sc.feats = sc.stackedFeatures(sc.feats, toks, d)
		}
		m.score(sc.feats, sc.scores)
		sc.scores[l.root] = math.MinInt32
		c, margin := argmaxMargin(sc.scores[:len(l.labels)])
		toks[d-1].Rel = l.labels[c]
		sc.give(h, d, c)
		sc.margin[d] = margin
	}
}

// keepMargin is the first pass's lead over its runner-up (in quantised
// score units) beyond which the second pass is skipped: on EWT dev the
// second pass changes no such label, and skipping them saves time.
const keepMargin = 15000

// argmaxMargin returns the best class and its lead over the second best.
func argmaxMargin(s []int32) (int, int32) {
	best, second := 0, int32(math.MinInt32)
	for c := 1; c < len(s); c++ {
		if v := s[c]; v > s[best] {
			best, second = c, s[best]
		} else if v > second {
			second = v
		}
	}
	if second == math.MinInt32 {
		return best, math.MaxInt32
	}
	return best, s[best] - second
}

// give records label c for the arc h → d.
func (sc *labelScratch) give(h, d, c int) {
	sc.rel[d] = c + 1
	side := 0
	if d > h {
		side = 1
	}
	sc.last[2*h+side] = c + 1
}

// stackedFeatures appends the features of the arc h → d that look at the
// first pass's labels: the arc's own, its head's, and those of all its
// siblings and children, on both sides.
func (sc *labelScratch) stackedFeatures(f []uint64, toks []Token, d int) []uint64 {
	h := toks[d-1].Head
	p := sc.p
	dp, hp, dw := p[d], p[h], sc.w[d]
	own, hl := uint64(sc.first[d]), uint64(sc.first[h])
	dir := sideOf(d, h)
	f = append(f, hc(100, own), hc(hc(101, own), dp), hc(hc(hc(102, own), hp), dir),
		hc(hc(103, own), dw), hc(hc(hc(104, own), hl), dp))
	for _, s := range sc.kids[h] {
		if s == d {
			continue
		}
		ss := sideOf(s, d)
		sl := uint64(sc.first[s])
		f = append(f, hc(hc(hc(105, sl), ss), own), hc(hc(hc(hc(106, sl), ss), dp), hp))
	}
	for _, c := range sc.kids[d] {
		cs := sideOf(c, d)
		cl := uint64(sc.first[c])
		f = append(f, hc(hc(hc(107, cl), cs), own), hc(hc(hc(108, cl), cs), dp))
	}
	return f
}

// stackFolds is the number of folds over which the first labelling pass
// is jackknifed to give the second pass realistic first-pass labels.
const stackFolds = 2

// trainLabeler trains on the gold trees of sents: a first pass, and a
// second pass that sees the first's labels. The second pass trains on
// first-pass labels from models that did not see the sentence (folds by a
// hash of the sentence ID, so that copies of a sentence with other tags
// fall in the same fold).
func trainLabeler(sents []TreebankSentence, iters int, seed uint64, logf func(string, ...any)) *labeler {
	set := map[string]bool{"root": true}
	for _, s := range sents {
		for _, t := range s.Tokens {
			if t.Rel != "" {
				set[t.Rel] = true
			}
		}
	}
	l := &labeler{}
	for r := range set {
		l.labels = append(l.labels, r)
	}
	sort.Strings(l.labels)
	l.root = slices.Index(l.labels, "root")
	fold := func(s *TreebankSentence) int { return int(hashString(s.ID+"\x00"+s.Text) % stackFolds) }
	firsts := make([][]int, len(sents))
	var wg sync.WaitGroup
	for k := range stackFolds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var in []TreebankSentence
			for i := range sents {
				if fold(&sents[i]) != k {
					in = append(in, sents[i])
				}
			}
			m := l.trainPass(in, nil, iters, seed+uint64(k)+1, nil)
			var sc labelScratch
			sc.scores = make([]int32, len(l.labels))
			toks := []Token(nil)
			for i := range sents {
				if fold(&sents[i]) != k {
					continue
				}
				toks = append(toks[:0], sents[i].Tokens...)
				sc.prepare(toks)
				l.pass(toks, &sc, m, false)
				firsts[i] = append([]int(nil), sc.rel...)
			}
		}()
	}
	wg.Wait()
	wg.Add(1)
	go func() {
		defer wg.Done()
		l.second = l.trainPass(sents, firsts, iters, seed, nil)
	}()
	l.model = l.trainPass(sents, nil, iters, seed, logf)
	wg.Wait()
	return l
}

// trainPass trains one labelling pass; firsts, if not nil, holds the
// first-pass labels (+1, by token position) for a stacked pass.
func (l *labeler) trainPass(sents []TreebankSentence, firsts [][]int, iters int, seed uint64, logf func(string, ...any)) *linear {
	id := map[string]int{}
	for i, r := range l.labels {
		id[r] = i
	}
	tr := newTrainer(labelTableBits, len(l.labels))
	rng := rand.New(rand.NewPCG(seed, 0x1abe1))
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	var sc labelScratch
	fs := make([]float32, len(l.labels))
	for it := range iters {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		right, total := 0, 0
		for _, si := range order {
			toks := sents[si].Tokens
			sc.prepare(toks)
			if firsts != nil {
				sc.first = firsts[si]
			}
			for _, d := range sc.order {
				h := toks[d-1].Head
				if h == 0 {
					sc.rel[d] = l.root + 1
					continue
				}
				sc.feats = sc.features(sc.feats[:0], toks, d)
				if firsts != nil {
					sc.feats = sc.stackedFeatures(sc.feats, toks, d)
				}
				tr.score(sc.feats, fs)
				fs[l.root] = float32(math.Inf(-1))
				guess := argmaxFloat(fs)
				if toks[d-1].Rel == "" {
					// A wrong arc of a parsed tree: context only.
					sc.give(h, d, guess)
					continue
				}
				gold := id[toks[d-1].Rel]
				if guess == gold {
					right++
				}
				total++
				tr.update(sc.feats, gold, guess)
				tr.tick()
				sc.give(h, d, guess)
			}
		}
		if logf != nil {
			logf("labeler iteration %d: train accuracy %.4f", it+1, float64(right)/float64(max(total, 1)))
		}
	}
	return quantise(labelTableBits, len(l.labels), tr.averaged(), 1)
}

func (l *labeler) write(w *modelWriter) {
	w.strs(l.labels)
	w.table(l.model)
	if l.second != nil {
		w.uvarint(stackedMark)
		w.table(l.second)
	}
}

// stackedMark precedes the second pass in the stream. Models without one
// go on with the parser's right-to-left flag (0 or 1), so this differs.
const stackedMark = 2

func readLabeler(r *modelReader) *labeler {
	l := &labeler{labels: r.strs(), root: -1}
	for i, s := range l.labels {
		if s == "root" {
			l.root = i
		}
	}
	l.model = r.table()
	if b, ok := r.peek(); ok && b == stackedMark {
		r.uvarint()
		l.second = r.table()
	}
	if r.err == nil && (l.root < 0 || l.model.nclass != len(l.labels) || l.second != nil && l.second.nclass != len(l.labels)) {
		r.fail(errBadClass)
	}
	return l
}

// sideOf is the feature value of a token's side of another: 1 before it,
// 2 after it.
func sideOf(tok, of int) uint64 {
	if tok > of {
		return 2
	}
	return 1
}
