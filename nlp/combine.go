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
	// The Eisner chart, one N×N array per kind of span (see eisner),
	// and the split points behind each span.
	cRow, iRow, cCol, iCol []float64
	aRow, aCol             []float64
	back                   []int32
	out                    []int
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
//
// Spans s..t come in four kinds: complete with head t (a), complete with
// head s (c), incomplete with head t (i2) and incomplete with head s (i).
// Each inner loop walks a split point r and reads one span that starts at
// s (a row: [s][r]) and one that ends at t (a column: [r][t]). So each
// kind is kept in the orientation its loops read — rows in *Row arrays
// indexed [s*N+t], columns in *Col arrays indexed [t*N+s] — and both
// loops run over consecutive memory. The sums, comparisons and their
// order are those of the textbook loops, so ties break the same way.
func (cs *combineScratch) eisner(n int) []int {
	N := n + 1
	size := N * N
	if cap(cs.cRow) < size {
		cs.cRow, cs.iRow, cs.cCol = make([]float64, size), make([]float64, size), make([]float64, size)
		cs.iCol, cs.aRow, cs.aCol = make([]float64, size), make([]float64, size), make([]float64, size)
		cs.back = make([]int32, 4*size)
	}
	// a: complete, head t; c: complete, head s; i2: incomplete, head t
	// (only read as columns); i: incomplete, head s (only read as rows).
	aRow, aCol := cs.aRow[:size], cs.aCol[:size]
	cRow, cCol := cs.cRow[:size], cs.cCol[:size]
	i2Col, iRow := cs.iCol[:size], cs.iRow[:size]
	back := cs.back[:4*size]
	for s := range N {
		k := s*N + s
		aRow[k], aCol[k], cRow[k], cCol[k], i2Col[k], iRow[k] = 0, 0, 0, 0, 0, 0
	}
	v := cs.votes
	negInf := math.Inf(-1)
	for span := 1; span < N; span++ {
		for s := 0; s+span < N; s++ {
			t := s + span
			st, ts := s*N+t, t*N+s
			// Incomplete spans: c[s][r] + a[r+1][t], r in s..t-1.
			best, br := negInf, s
			row, col := cRow[s*N+s:s*N+t], aCol[t*N+s+1:t*N+t+1]
			col = col[:len(row)]
			for k, x := range row {
				if x += col[k]; x > best {
					best, br = x, s+k
				}
			}
			if s == 0 {
				i2Col[ts] = negInf
			} else {
				i2Col[ts] = best + v[t*N+s]
			}
			back[4*st+2] = int32(br)
			iRow[st] = best + v[s*N+t]
			back[4*st+3] = int32(br)
			// Complete, head t: a[s][r] + i2[r][t], r in s..t-1.
			best, br = negInf, s
			row, col = aRow[s*N+s:s*N+t], i2Col[t*N+s:t*N+t]
			col = col[:len(row)]
			for k, x := range row {
				if x += col[k]; x > best {
					best, br = x, s+k
				}
			}
			aRow[st], aCol[ts] = best, best
			back[4*st] = int32(br)
			// Complete, head s: i[s][r] + c[r][t], r in s+1..t.
			best, br = negInf, s+1
			row, col = iRow[s*N+s+1:s*N+t+1], cCol[t*N+s+1:t*N+t+1]
			col = col[:len(row)]
			for k, x := range row {
				if x += col[k]; x > best {
					best, br = x, s+1+k
				}
			}
			cRow[st], cCol[ts] = best, best
			back[4*st+1] = int32(br)
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
		r := int(back[4*(s*N+t)+k])
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
