package nlp

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestEisnerRecoversProjectiveTrees(t *testing.T) {
	tests := []struct {
		name  string
		heads []int // heads of words 1..n
	}{
		{"single", []int{0}},
		{"chain", []int{2, 3, 0}},
		{"flat", []int{0, 1, 1, 1}},
		{"nested", []int{2, 0, 4, 2, 2}},
		{"right branching", []int{0, 1, 2, 3, 4}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var cs combineScratch
			n := len(tc.heads)
			size := n + 1
			cs.votes = make([]float64, size*size)
			for d, h := range tc.heads {
				cs.votes[h*size+d+1] = 1
			}
			got := cs.eisner(n)[1:]
			if !slices.Equal(got, tc.heads) {
				t.Errorf("eisner = %v, want %v", got, tc.heads)
			}
		})
	}
}

func TestReverseSentences(t *testing.T) {
	in := []TreebankSentence{{Tokens: []Token{{Text: "a", Head: 2}, {Text: "b", Head: 0}, {Text: "c", Head: 2}}}}
	out := reverseSentences(in)
	var texts []string
	var heads []int
	for _, tk := range out[0].Tokens {
		texts = append(texts, tk.Text)
		heads = append(heads, tk.Head)
	}
	if !slices.Equal(texts, []string{"c", "b", "a"}) || !slices.Equal(heads, []int{2, 0, 2}) {
		t.Errorf("reversed = %v %v", texts, heads)
	}
	if in[0].Tokens[0].Text != "a" {
		t.Error("input modified")
	}
}

// TestEisnerMatchesReference compares eisner with the textbook layout on
// random vote matrices, with few distinct values so that ties are common
// and their breaking is checked too.
func TestEisnerMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var cs combineScratch
	for trial := range 2000 {
		n := 1 + rng.IntN(40)
		size := n + 1
		cs.votes = make([]float64, size*size)
		for i := range cs.votes {
			if rng.IntN(3) == 0 {
				cs.votes[i] = []float64{0.3, 0.8, 1, 0.24, 1.001}[rng.IntN(5)]
			}
		}
		want := slices.Clone(eisnerReference(cs.votes, n))
		if got := cs.eisner(n); !slices.Equal(got, want) {
			t.Fatalf("trial %d, n=%d: eisner = %v, want %v", trial, n, got, want)
		}
	}
}

// eisnerReference is the textbook layout of eisner (one chart of 4-cell
// spans), kept to check that the faster layout decodes the same trees.
func eisnerReference(votes []float64, n int) []int {
	var cs struct {
		chart []float64
		back  []int32
		out   []int
	}
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
	v := votes
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
