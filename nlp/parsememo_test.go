package nlp

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestFeatureGroups checks that the groups the memo scores separately are
// exactly parseState.features, as multisets, on configurations reached by
// random legal transitions over the dev slice's sentences.
func TestFeatureGroups(t *testing.T) {
	p := defaultPipeline(t)
	sents := goldTokens(t)
	rng := rand.New(rand.NewPCG(1, 2))
	var st parseState
	var want, got []uint64
	checked := 0
	for _, s := range sents[:100] {
		p.ParseSentence(&s)
		st.load(s.Tokens, p.parser.amb)
		for !st.done() {
			want = slices.Sorted(slices.Values(st.features(want[:0])))
			got = st.bFeatures(got[:0])
			got = st.sbFeatures(got)
			got = st.restFeatures(got)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("feature groups differ from features: %d features, want %d", len(got), len(want))
			}
			checked++
			var legal []int
			for tr := range nTrans {
				if st.legal(tr) {
					legal = append(legal, tr)
				}
			}
			st.apply(legal[rng.IntN(len(legal))])
		}
	}
	t.Logf("%d configurations", checked)
}

// TestScoreMemo checks that memoised scores equal full scores, with the
// memo kept across configurations of one sentence as search keeps it.
func TestScoreMemo(t *testing.T) {
	p := defaultPipeline(t)
	sents := goldTokens(t)
	rng := rand.New(rand.NewPCG(3, 4))
	var (
		st        parseState
		memo      parseMemo
		feats     []uint64
		got, want = make([]int32, nTrans), make([]int32, nTrans)
	)
	for _, m := range []*linear{p.parser.trans, p.parser.rev.trans} {
		for _, s := range sents[:100] {
			p.ParseSentence(&s)
			st.load(s.Tokens, p.parser.amb)
			if !memo.reset(len(s.Tokens)) {
				continue
			}
			for !st.done() {
				feats = st.scoreMemo(m, &memo, feats, got)
				m.score(st.features(nil), want)
				if !slices.Equal(got, want) {
					t.Fatalf("memoised scores %v, want %v", got, want)
				}
				var legal []int
				for tr := range nTrans {
					if st.legal(tr) {
						legal = append(legal, tr)
					}
				}
				st.apply(legal[rng.IntN(len(legal))])
			}
		}
	}
}

// TestSingleWordSkipsSearch checks the shortcut for one-word sentences:
// the search would make the word the root too.
func TestSingleWordSkipsSearch(t *testing.T) {
	p := defaultPipeline(t)
	var sc parseScratch
	for _, w := range []string{"Thanks", "Hello", ".", "Russia", "attacked", "the", "2023", "?", "Su-35", "no"} {
		toks := []Token{{Text: w}}
		p.tagger.tag(toks, &tagState{})
		toks[0].Head = -1
		p.parser.heads(toks, &sc)
		if toks[0].Head != 0 {
			t.Errorf("%q: search gives head %d, the shortcut 0", w, toks[0].Head)
		}
	}
}
