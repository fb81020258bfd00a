package nlp

import "math"

// Two parsers that read the sentence in opposite directions make different
// mistakes: the left-to-right one attaches late words well and the
// right-to-left one early words. When a right-to-left model is present,
// the parser runs both, lets every finished item of both final beams vote
// for its arcs (weighted by rank), and decodes the best projective tree
// over the votes with Eisner's algorithm (Sagae and Lavie 2006).

// Vote weights, tuned on EWT dev: the i-th item of a final beam gives its
// arcs rankDecay^i, the right-to-left beam's items count revWeight times as
// much (that parser is the weaker one for English), and the left-to-right
// parser's best tree gets a small bonus to break ties. Weighting by beam
// scores instead of ranks did no better.
var (
	rankDecay = 0.3
	revWeight = 0.8
	tieBonus  = 1e-3
)

// confidentMargin is the lead of the left-to-right parser's best item over
// the runner-up (in the quantised score units of the committed models)
// beyond which the right-to-left parser is not consulted. It skips about
// half of EWT dev's sentences, mostly long ones, at no cost in accuracy.
const confidentMargin = 20000

type combineScratch struct {
	votes  []float64 // (n+1)×(n+1), votes[h*(n+1)+d]
	heads  []int     // the left-to-right parser's best tree
	rheads []int     // the right-to-left parser's best tree
	rtoks  []Token
	chart  []float64
	back   []int32
	out    []int
}

// vote adds weight w to every arc of st's tree (finished as in finish),
// with rev mapping positions of a reversed sentence back, and stores the
// tree's heads in heads[1..n] if heads is not nil.
func (cs *combineScratch) vote(st *parseState, w float64, rev bool, heads []int) {
	n := st.n
	size := n + 1
	root := 0
	for i := 1; i <= n; i++ {
		if st.heads[i] == 0 {
			root = i
			break
		}
	}
	for i := 1; i <= n; i++ {
		h := st.heads[i]
		if h < 0 {
			if root == 0 {
				root, h = i, 0
			} else {
				h = root
			}
		}
		d := i
		if rev {
			d = n + 1 - i
			if h > 0 {
				h = n + 1 - h
			}
		}
		cs.votes[h*size+d] += w
		if heads != nil {
			heads[d] = h
		}
	}
}

// eisner sets cs.out[1..n] to the heads of the highest-scoring projective
// tree over cs.votes.
func (cs *combineScratch) eisner(n int) []int {
	N := n + 1
	size := N * N * 4
	if cap(cs.chart) < size {
		cs.chart = make([]float64, size)
		cs.back = make([]int32, size)
	}
	chart, back := cs.chart[:size], cs.back[:size]
	// Index: ((s*N+t)*4 + kind), kind 0: complete, head t; 1: complete,
	// head s; 2: incomplete, head t; 3: incomplete, head s.
	idx := func(s, t, k int) int { return (s*N+t)*4 + k }
	for s := 0; s < N; s++ {
		for k := 0; k < 4; k++ {
			chart[idx(s, s, k)] = 0
		}
	}
	v := cs.votes
	for span := 1; span < N; span++ {
		for s := 0; s+span < N; s++ {
			t := s + span
			best, br := math.Inf(-1), s
			for r := s; r < t; r++ {
				if x := chart[idx(s, r, 1)] + chart[idx(r+1, t, 0)]; x > best {
					best, br = x, r
				}
			}
			if s == 0 {
				chart[idx(s, t, 2)] = math.Inf(-1)
			} else {
				chart[idx(s, t, 2)] = best + v[t*N+s]
			}
			back[idx(s, t, 2)] = int32(br)
			chart[idx(s, t, 3)] = best + v[s*N+t]
			back[idx(s, t, 3)] = int32(br)
			best, br = math.Inf(-1), s
			for r := s; r < t; r++ {
				if x := chart[idx(s, r, 0)] + chart[idx(r, t, 2)]; x > best {
					best, br = x, r
				}
			}
			chart[idx(s, t, 0)] = best
			back[idx(s, t, 0)] = int32(br)
			best, br = math.Inf(-1), s+1
			for r := s + 1; r <= t; r++ {
				if x := chart[idx(s, r, 3)] + chart[idx(r, t, 1)]; x > best {
					best, br = x, r
				}
			}
			chart[idx(s, t, 1)] = best
			back[idx(s, t, 1)] = int32(br)
		}
	}
	if cap(cs.out) < N {
		cs.out = make([]int, N)
	}
	out := cs.out[:N]
	var walk func(s, t, k int)
	walk = func(s, t, k int) {
		if s == t {
			return
		}
		r := int(back[idx(s, t, k)])
		switch k {
		case 0:
			walk(s, r, 0)
			walk(r, t, 2)
		case 1:
			walk(s, r, 3)
			walk(r, t, 1)
		case 2:
			out[s] = t
			walk(s, r, 1)
			walk(r+1, t, 0)
		case 3:
			out[t] = s
			walk(s, r, 1)
			walk(r+1, t, 0)
		}
	}
	walk(0, n, 1)
	return out
}
