package nlp

import (
	"math"
	"math/rand/v2"
	"sort"
	"strings"
)

// The labeler assigns a relation to every arc of a finished tree, left to
// right, with an averaged perceptron that sees the whole tree: the head
// and dependent, their distance and direction, the dependent's own
// children (a "by" child suggests obl:agent), the head's other children
// (a "was" auxiliary suggests nsubj:pass), the grandparent, and the label
// given to the previous sibling on the same side.

const labelTableBits = 18

type labeler struct {
	labels []string
	root   int // index of "root"
	model  *linear
}

type labelScratch struct {
	w, p, u []uint64
	up      []uint64 // UPOS hashes
	kids    [][]int
	last    []int // last label given per head and side, +1
	feats   []uint64
	scores  []int32
	fs      []float32
}

// prepare fills word and tag hashes and child lists for toks with heads.
func (sc *labelScratch) prepare(toks []Token) {
	n := len(toks)
	size := n + 2
	if cap(sc.w) < size {
		sc.w, sc.p, sc.u = make([]uint64, size), make([]uint64, size), make([]uint64, size)
		sc.up = make([]uint64, size)
	}
	sc.w, sc.p, sc.u, sc.up = sc.w[:size], sc.p[:size], sc.u[:size], sc.up[:size]
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
	for i, t := range toks {
		sc.w[i+1] = hashString(strings.ToLower(t.Text))
		sc.p[i+1] = hashString(t.XPOS)
		sc.u[i+1] = hashString(suffix(strings.ToLower(t.Text), 3))
		sc.up[i+1] = hashString(t.UPOS)
		if h := t.Head; h >= 0 && h <= n {
			sc.kids[h] = append(sc.kids[h], i+1)
		}
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
	for _, c := range sc.kids[d] {
		cs := uint64(1)
		if c > d {
			cs = 2
		}
		f = append(f, hc(hc(hc(30, w[c]), cs), dp), hc(hc(hc(31, p[c]), cs), dp),
			hc(hc(hc(hc(34, w[c]), cs), dp), hp))
	}
	for _, s := range sc.kids[h] {
		if s == d {
			continue
		}
		ss := uint64(1)
		if s > d {
			ss = 2
		}
		f = append(f, hc(hc(hc(32, w[s]), ss), dp), hc(hc(hc(hc(33, p[s]), ss), dp), hp),
			hc(hc(hc(hc(35, w[s]), ss), dp), hp), hc(hc(hc(36, sc.up[s]), ss), sc.up[d]))
	}
	return f
}

// label sets Rel of toks whose heads are set.
func (l *labeler) label(toks []Token, sc *labelScratch) {
	sc.prepare(toks)
	if cap(sc.scores) < len(l.labels) {
		sc.scores = make([]int32, len(l.labels))
	}
	for d := 1; d <= len(toks); d++ {
		h := toks[d-1].Head
		if h == 0 {
			toks[d-1].Rel = "root"
			continue
		}
		sc.feats = sc.features(sc.feats[:0], toks, d)
		l.model.score(sc.feats, sc.scores)
		sc.scores[l.root] = math.MinInt32
		c := argmaxInt(sc.scores[:len(l.labels)])
		toks[d-1].Rel = l.labels[c]
		side := 0
		if d > h {
			side = 1
		}
		sc.last[2*h+side] = c + 1
	}
}

// trainLabeler trains on the gold trees of sents.
func trainLabeler(sents []TreebankSentence, iters int, seed uint64, logf func(string, ...any)) *labeler {
	set := map[string]bool{"root": true}
	for _, s := range sents {
		for _, t := range s.Tokens {
			set[t.Rel] = true
		}
	}
	l := &labeler{}
	for r := range set {
		l.labels = append(l.labels, r)
	}
	sort.Strings(l.labels)
	id := map[string]int{}
	for i, r := range l.labels {
		id[r] = i
	}
	l.root = id["root"]
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
			for d := 1; d <= len(toks); d++ {
				h := toks[d-1].Head
				if h == 0 {
					continue
				}
				sc.feats = sc.features(sc.feats[:0], toks, d)
				tr.score(sc.feats, fs)
				fs[l.root] = float32(math.Inf(-1))
				guess := argmaxFloat(fs)
				gold := id[toks[d-1].Rel]
				if guess == gold {
					right++
				}
				total++
				tr.update(sc.feats, gold, guess)
				tr.tick()
				side := 0
				if d > h {
					side = 1
				}
				sc.last[2*h+side] = guess + 1
			}
		}
		if logf != nil {
			logf("labeler iteration %d: train accuracy %.4f", it+1, float64(right)/float64(max(total, 1)))
		}
	}
	l.model = quantise(labelTableBits, len(l.labels), tr.averaged(), 1)
	return l
}

func (l *labeler) write(w *modelWriter) {
	w.strs(l.labels)
	w.table(l.model)
}

func readLabeler(r *modelReader) *labeler {
	l := &labeler{labels: r.strs(), root: -1}
	for i, s := range l.labels {
		if s == "root" {
			l.root = i
		}
	}
	l.model = r.table()
	if r.err == nil && (l.root < 0 || l.model.nclass != len(l.labels)) {
		r.fail(errBadClass)
	}
	return l
}
