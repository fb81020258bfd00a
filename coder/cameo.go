package coder

// cameo.tsv, the lexicon derived from the CAMEO verb dictionary (see
// gen/cameo), is broad and noisy; these rules keep it from overruling the
// hand-written triggers.tsv.

// cameoFits reports whether a match of a cameo.tsv pattern may stand: it
// needs a verb at its head (the dictionary lists verbs, and many of them
// are also nouns, adjectives or auxiliaries that state no act: "aid",
// "armed", "can"), and no triggers.tsv pattern may start inside it ("said
// its forces attacked" is the attack, not the dictionary's "say * attack").
// Hand-written patterns always fit.
func (s *sentence) cameoFits(m patternMatch) bool {
	if m.p.cameo == "" {
		return true
	}
	if t := s.dep; t != nil {
		if d := t.ofMine[m.start]; d >= 0 && t.toks[d].UPOS != "VERB" {
			return false
		}
	}
	for j := m.start + 1; j <= m.end; j++ {
		for _, h := range s.lex.match(s.stems, j) {
			if h.p.cameo == "" && s.posFits(h) {
				return false
			}
		}
	}
	return true
}

// beats reports whether match m wins over match o at the same place: the
// longer one, except that a cameo.tsv pattern never wins over a
// triggers.tsv one, however long ("signed a deal" stays AGREE, not the
// dictionary's economic cooperation); of equal ones the first loaded.
func (m *patternMatch) beats(o *patternMatch) bool {
	if mc, oc := m.p.cameo != "", o.p.cameo != ""; mc != oc {
		return oc
	}
	return m.end-m.start > o.end-o.start
}
