package coder

// Patterns are written as the words of one order, next to each other; the
// parse finds the same events said otherwise. A verb-object pattern ("send
// * shell", "impose * sanction") is written in the active order, verb
// first, and the passive states the event with the object first ("shells
// were sent to Russia by North Korea", "sanctions imposed on Iran"). A
// two-word event noun ("joint exercise") takes more modifiers between its
// words ("their largest-ever joint air exercise").

// objectFirst reports whether p is a verb pattern of the form "verb * noun",
// the form whose noun can come first in the passive. Only the hand-written
// lexicon's: the CAMEO dictionary's verbs take any of long lists of nouns
// and fire on too much when the order is free.
func (p *pattern) objectFirst() bool {
	return len(p.words) == 3 && p.words[1] == "*" && !p.flags["noun"] && p.typ != noEvent && p.cameo == ""
}

// modifiedNoun reports whether p is a two-word event noun ("joint
// exercise") whose first word modifies the second.
func (p *pattern) modifiedNoun() bool {
	return len(p.words) == 2 && p.flags["noun"] && p.typ != noEvent
}

// maxModifiers is the most words between the two of a modified noun.
const maxModifiers = 3

// mayMatchByParse reports whether a pattern starting with stems[i] could
// match in another order or with words between (passiveMatches,
// modifierMatches), so that the sentence is worth parsing to see.
func (lx *lexicon) mayMatchByParse(stems []string, i int) bool {
	for _, p := range lx.passive[stems[i]] {
		for _, s := range stems {
			if p.is(2, s) {
				return true
			}
		}
	}
	for _, p := range lx.modified[stems[i]] {
		for j := i + 2; j < len(stems) && j <= i+1+maxModifiers; j++ {
			if p.is(1, stems[j]) {
				return true
			}
		}
	}
	return false
}

// modifierMatches returns the two-word event nouns whose first word at
// token i modifies their second a few words on, every word between
// modifying it too ("their largest-ever joint air exercise"). The match
// spans them all.
func (s *sentence) modifierMatches(lx *lexicon, i int) []patternMatch {
	t := s.dep
	if t == nil || i >= len(t.toks) || len(lx.modified[s.stems[i]]) == 0 {
		return nil
	}
	h := t.head[i]
	if h < i+2 || h > i+1+maxModifiers || h >= len(s.stems) || t.toks[h].UPOS != "NOUN" {
		return nil
	}
	if r := t.toks[i].Rel; r != "amod" && r != "compound" {
		return nil
	}
	for k := i + 1; k < h; k++ {
		if t.head[k] <= i || t.head[k] > h {
			return nil
		}
	}
	var out []patternMatch
	for _, p := range lx.modified[s.stems[i]] {
		if p.is(1, s.stems[h]) {
			out = append(out, patternMatch{p, i, h})
		}
	}
	return out
}

// passiveMatches returns the verb-object patterns that the verb at token i
// states with the object as its passive subject ("shells were sent") or as
// the noun it modifies as a participle ("drones supplied by Iran"). The
// match spans the verb alone.
func (s *sentence) passiveMatches(lx *lexicon, i int) []patternMatch {
	t := s.dep
	if t == nil || i >= len(t.toks) || t.toks[i].UPOS != "VERB" || len(lx.passive[s.stems[i]]) == 0 {
		return nil
	}
	var objs []int
	if tok := t.toks[i]; tok.Rel == "acl" && tok.XPOS == "VBN" && t.head[i] >= 0 {
		objs = append(objs, t.head[i])
	}
	if o := t.child(i, "nsubj:pass"); o >= 0 {
		objs = append(objs, o)
	}
	if len(objs) == 0 {
		return nil
	}
	// "hundreds of rounds of shells", "drones and missiles": the object's
	// conjuncts and what it counts or is made of.
	for k := 0; k < len(objs) && k < 16; k++ {
		for _, c := range t.children[objs[k]] {
			if r := t.toks[c].Rel; r == "conj" || r == "nmod" && s.caseOf(c) == "of" {
				objs = append(objs, c)
			}
		}
	}
	var out []patternMatch
	for _, p := range lx.passive[s.stems[i]] {
		for _, o := range objs {
			if o < len(s.stems) && p.is(2, s.stems[o]) {
				out = append(out, patternMatch{p, i, i})
				break
			}
		}
	}
	return out
}
