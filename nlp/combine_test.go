package nlp

import (
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
