package coder

import "strings"

// speech is one report of what someone said in a sentence: the speech verb,
// who said it, and which tokens hold what was said. It decides who is the
// source of the events told in it (the speaker, not their actor), how
// certain they are, and whom "we" and "our" stand for inside it.
type speech struct {
	verb      int           // token index of the speech verb or of "according"
	speaker   []participant // empty when the text names no one ("it was reported")
	content   []bool        // per token: part of what was said
	certainty string        // certainty constants of what was said
}

// speechLemmas are the verbs that report speech, with the certainty they
// lend to what they report.
var speechLemmas = map[string]string{
	"say": certReported, "tell": certReported, "state": certReported,
	"announce": certReported, "add": certReported, "report": certReported,
	"declare": certReported, "note": certReported, "stress": certReported,
	"confirm": certReported, "explain": certReported, "write": certReported,
	"tweet": certReported, "post": certReported, "reiterate": certReported,
	"emphasize": certReported, "emphasise": certReported, "insist": certReported,
	"argue": certReported, "assert": certReported, "maintain": certReported,
	"acknowledge": certReported, "admit": certReported, "disclose": certReported,
	"reveal": certReported, "quote": certReported, "cite": certReported,
	"brief": certReported, "inform": certReported, "show": certReported,
	"claim": certAlleged, "allege": certAlleged, "accuse": certAlleged,
	"charge": certAlleged, "suggest": certAlleged, "believe": certAlleged,
	"suspect": certAlleged, "fear": certAlleged,
	"deny": certDenied, "dismiss": certDenied, "reject": certDenied,
	"refute": certDenied,
	// Observers and monitors report what they saw: "the OSCE SMM observed
	// explosions" tells explosions by someone else.
	"observe": certReported, "record": certReported, "document": certReported,
}

// observeLemmas report what their subject saw, stated as their object.
var observeLemmas = map[string]bool{"observe": true, "record": true, "document": true}

// findSpeech finds the speech reports of the sentence from its parse.
func (s *sentence) findSpeech() {
	t := s.dep
	for i, tok := range s.toks {
		if tok.UPOS == "VERB" {
			cert, ok := speechLemmas[strings.ToLower(tok.Lemma)]
			if !ok {
				continue
			}
			sp := speech{verb: i, certainty: cert}
			subj := t.child(i, "nsubj")
			if subj < 0 {
				// "Ghasemi was cited by Iranian media as saying": the
				// speaker of a passive report is its subject.
				subj = t.child(i, "nsubj:pass")
			}
			if subj < 0 && t.toks[i].Rel == "xcomp" || t.toks[i].Rel == "advcl" && subj < 0 {
				if h := t.head[i]; h >= 0 {
					if subj = t.child(h, "nsubj:pass"); subj < 0 {
						subj = t.child(h, "nsubj")
					}
				}
			}
			sp.speaker = s.groupAt(subj)
			sp.content = s.contentOf(i)
			if sp.content != nil {
				s.speech = append(s.speech, sp)
			}
			continue
		}
		// "according to Western officials": the rest of the sentence.
		if s.lower[i] == "according" && i+1 < len(s.toks) && s.lower[i+1] == "to" {
			obj := -1
			for j := i + 2; j < len(s.toks) && j <= i+8; j++ {
				if t.head[j] >= 0 && t.toks[j].Rel != "case" && t.toks[j].Rel != "det" && t.toks[j].Rel != "amod" && t.toks[j].Rel != "compound" {
					obj = j
					break
				}
			}
			sp := speech{verb: i, certainty: certReported, speaker: s.groupAt(obj)}
			sp.content = make([]bool, len(s.toks))
			for j := range sp.content {
				sp.content[j] = true
			}
			// Not the phrase itself.
			for j := i; j < len(s.toks); j++ {
				if j > i+1 && (s.lower[j] == "," || s.lower[j] == ".") {
					break
				}
				sp.content[j] = false
			}
			s.speech = append(s.speech, sp)
		}
	}
}

// contentOf returns the tokens that the speech verb at i reports: its
// clausal complements ("said that Iran ..."), or, when the verb is itself
// a parenthetical ("Iran ..., the ministry said"), the clause it hangs on
// without the verb's own phrase. Nil when it reports nothing.
func (s *sentence) contentOf(i int) []bool {
	t := s.dep
	var content []bool
	mark := func(x int) {
		if content == nil {
			content = make([]bool, len(s.toks))
		}
		t.subtree(x, content)
	}
	observes := observeLemmas[strings.ToLower(t.toks[i].Lemma)]
	denies := strings.ToLower(t.toks[i].Lemma) == "deny"
	for _, c := range t.children[i] {
		switch t.toks[c].Rel {
		case "ccomp", "parataxis", "xcomp":
			mark(c)
		case "obj":
			// What an observer saw: "observed 52 explosions"; what a
			// denial denies: "Moscow denies strike on Odesa", "denied
			// responsibility for the attack".
			if observes || denies {
				mark(c)
			}
		}
	}
	if content != nil {
		return content
	}
	switch t.toks[i].Rel {
	case "parataxis", "ccomp", "advcl", "conj":
		h := t.head[i]
		if h < 0 {
			return nil
		}
		// The whole clause around the parenthetical, without it.
		top := h
		for top >= 0 && t.head[top] >= 0 && t.toks[top].Rel != "root" && (t.toks[top].Rel == "conj" || t.toks[top].Rel == "parataxis") {
			top = t.head[top]
		}
		mark(top)
		own := make([]bool, len(s.toks))
		t.subtree(i, own)
		for j := range content {
			if own[j] {
				content[j] = false
			}
		}
		return content
	}
	return nil
}

// subtree marks x and everything below it.
func (t *depTree) subtree(x int, in []bool) {
	if x < 0 || in[x] {
		return
	}
	in[x] = true
	for _, c := range t.children[x] {
		t.subtree(c, in)
	}
}

// speechOf returns the innermost speech report whose content holds token
// i, or nil.
func (s *sentence) speechOf(i int) *speech {
	var best *speech
	size := 1 << 30
	for k := range s.speech {
		sp := &s.speech[k]
		if i < 0 || i >= len(sp.content) || !sp.content[i] {
			continue
		}
		n := 0
		for _, in := range sp.content {
			if in {
				n++
			}
		}
		if n < size {
			best, size = sp, n
		}
	}
	return best
}

// Certainties of events (the root package's Certainty values).
const (
	certAsserted = "asserted"
	certReported = "reported"
	certAlleged  = "alleged"
	certDenied   = "denied"
)
