package coder

import (
	"strings"

	"github.com/sitrep/sitrep"
)

// The sides of a transfer: supplier and recipient from the clause of its
// trigger, makers of goods kept apart from both.

// trGroup returns the participants that dependency d stands for as a side
// of a transfer: not equipment, not the maker of goods ("Iranian-made").
func (s *sentence) trGroup(d int) []participant {
	t := s.dep
	if d < 0 {
		return nil
	}
	in := map[int]bool{}
	var walk func(int)
	walk = func(x int) {
		in[x] = true
		for _, c := range t.children[x] {
			switch t.toks[c].Rel {
			case "acl", "acl:relcl", "advcl", "ccomp", "parataxis", "conj", "appos", "nmod", "obl":
				// "the Armament Agency of Poland": an "of" phrase names
				// whose it is.
				if t.toks[c].Rel == "nmod" && s.caseWord(c) == "of" {
					walk(c)
				}
				continue
			}
			walk(c)
		}
	}
	walk(d)
	// The nearest participant, one with a country before one without
	// ("the administration of President Trump").
	best, bestDist := -1, 1<<30
	for k, p := range s.parts {
		if !s.sideParticipant(p) {
			continue
		}
		for i := p.start; i < p.end; i++ {
			if !in[i] {
				continue
			}
			dist := i - d
			if dist < 0 {
				dist = -dist
			}
			if p.m.Country == "" {
				dist += 1000
			}
			if dist < bestDist {
				best, bestDist = k, dist
			}
		}
	}
	var group []participant
	if best >= 0 {
		group = append(group, s.parts[best])
	} else {
		// A capital standing for its state: "Washington's arms sales".
		for _, pl := range s.places {
			if pl.category == "capital" && pl.loc.Country != "" && in[pl.start] && !pl.locative {
				m := sitrep.Mention{Kind: sitrep.KindState, Country: pl.loc.Country, Text: pl.loc.Name}
				group = append(group, participant{m: m, start: pl.start, end: pl.end})
				break
			}
		}
	}
	for _, c := range t.children[d] {
		if r := t.toks[c].Rel; r == "conj" || r == "appos" && best < 0 {
			group = append(group, s.trGroup(c)...)
		}
	}
	return group
}

// sideParticipant reports whether p can be a side of a transfer.
func (s *sentence) sideParticipant(p participant) bool {
	if p.m.Kind == sitrep.KindEquipment {
		return false
	}
	// "US$1.8 billion" names a currency.
	if p.m.End > 0 && p.m.End < len(s.doc) && s.doc[p.m.End] == '$' {
		return false
	}
	return !s.isMaker(p) && !s.isSupplyAdj(p)
}

// isMaker reports a state named as the maker of goods: "Iranian-made",
// "German-built".
func (s *sentence) isMaker(p participant) bool {
	return s.followedBy(p, makerSuffixes)
}

// isSupplyAdj reports a state named as the supplier of goods in an
// adjective: "Chinese-donated trucks", "US-supplied weapons".
func (s *sentence) isSupplyAdj(p participant) bool {
	return s.followedBy(p, supplySuffixes)
}

func (s *sentence) followedBy(p participant, suffixes []string) bool {
	if p.m.Kind != sitrep.KindState && p.m.Kind != sitrep.KindInstitution {
		return false
	}
	end := p.m.End
	if end <= 0 || end > len(s.doc) {
		return false
	}
	rest := strings.ToLower(s.doc[end:min(len(s.doc), end+16)])
	for _, suf := range suffixes {
		if strings.HasPrefix(rest, suf) {
			return true
		}
	}
	return false
}

// makerOf returns the maker named for the items ("Iranian-made missiles",
// "Russian Su-30 jets"), if it is not the recipient.
func (s *sentence) makerOf(items []trItem, rec []participant) []participant {
	rc := country(rec)
	for _, it := range items {
		if c := it.e.m.Country; c != "" && c != rc && c != "IGO" {
			return []participant{it.e}
		}
		for _, p := range s.parts {
			if p.m.Kind == sitrep.KindEquipment || p.m.Country == "" || p.m.Country == rc {
				continue
			}
			if p.end <= it.e.start && it.e.start-p.end <= 3 && (s.isMaker(p) || s.isSupplyAdj(p) || s.adjectiveOf(p, it.e)) {
				return []participant{p}
			}
		}
	}
	return nil
}

// adjectiveOf reports a state adjective that modifies the item ("the
// Chinese air defence system", "Russian Panzir").
func (s *sentence) adjectiveOf(p, e participant) bool {
	if p.m.Kind != sitrep.KindState || p.end-p.start != 1 {
		return false
	}
	tok := s.toks[p.start]
	if tok.UPOS != "ADJ" && !strings.HasSuffix(s.lower[p.start], "n") && !strings.HasSuffix(s.lower[p.start], "sh") && !strings.HasSuffix(s.lower[p.start], "se") {
		return false
	}
	for j := p.end; j < e.start; j++ {
		if s.toks[j].UPOS != "ADJ" && s.toks[j].UPOS != "PUNCT" && s.toks[j].UPOS != "VERB" {
			return false
		}
	}
	return true
}

// verbSides returns supplier and recipient of a transfer verb.
func (s *sentence) verbSides(v int, w trWord, passive, withRecipient bool, items []trItem) (sup, rec []participant) {
	t := s.dep
	rel := t.toks[v].Rel
	var subj, agent, to, from, other []participant
	if passive {
		agent = s.trGroup(t.oblWith(v, "by"))
		if a := t.child(v, "obl:agent"); a >= 0 {
			agent = s.trGroup(a)
		}
		if agent == nil {
			agent = s.obliqueSide(v, items, "by")
		}
		if ps := t.child(v, "nsubj:pass"); ps >= 0 && s.equipmentAt(ps) < 0 {
			other = s.trGroup(ps) // "Ukraine was supplied with tanks"
		}
	} else {
		subj = s.subjectOf(v)
		if subj == nil {
			subj = s.inheritedSubject(v)
		}
		if subj == nil && (rel == "root" || t.child(v, "nsubj") >= 0) {
			subj = s.linearSubject(v)
		}
		if withRecipient {
			other = s.trGroup(t.child(v, "obj"))
			if other == nil {
				other = s.firstPartAfter(v, items)
			}
		} else if io := t.child(v, "iobj"); io >= 0 {
			other = s.trGroup(io)
		}
	}
	to = s.obliqueSide(v, items, "to", "into")
	from = s.obliqueSide(v, items, "from")
	switch w.role {
	case roleGive:
		sup = subj
		if passive {
			sup = agent
		}
		if sup == nil {
			sup = from
		}
		rec = to
		if rec == nil {
			rec = other
		}
		// "will provide Ukraine additional capabilities": a recipient the
		// parser put inside the object.
		if o := t.child(v, "obj"); rec == nil && !passive && o >= 0 && s.equipmentAt(o) < 0 {
			rec = s.trGroup(o)
		}
		if rec == nil && passive && (rel == "acl" || rel == "amod") {
			// "drones delivered by Turkey", received by the army: the
			// subject of the clause the goods are the object of.
			rec = s.goodsOwner(t.head[v])
		}
		if rec == nil && !passive {
			rec = s.dealPartner(v, sup)
		}
	case roleTake, roleSeek:
		rec = subj
		if passive {
			rec = agent
			if rec == nil && (rel == "acl" || rel == "amod" || rel == "acl:relcl") {
				// "the system recently procured from China", presented
				// by Serbia.
				rec = s.goodsOwner(t.head[v])
			}
			if rec == nil && t.child(v, "aux") < 0 {
				rec = s.linearSubject(v)
			}
		}
		sup = from
		if sup == nil && w.role == roleSeek && !passive {
			// "asked Germany for tanks"
			for _, o := range []int{t.child(v, "obj"), t.child(v, "iobj")} {
				if sup == nil && o >= 0 && s.equipmentAt(o) < 0 {
					sup = s.trGroup(o)
				}
			}
		}
		if sup == nil {
			sup = s.dealPartner(v, rec)
		}
	}
	return sup, rec
}

// distinctSides drops a side that repeats the other.
func (s *sentence) distinctSides(sup, rec []participant) ([]participant, []participant) {
	if sup != nil && rec != nil && country(sup) != "" && country(sup) == country(rec) {
		// "supplying the Nigerian army" by Nigeria's own ministry: no
		// transfer between states; keep the recipient named.
		return nil, rec
	}
	return sup, rec
}

// obliqueSide finds the participant after one of the prepositions, on the
// trigger or inside the goods ("the sale of jets to Egypt").
func (s *sentence) obliqueSide(v int, items []trItem, preps ...string) []participant {
	t := s.dep
	if g := s.trGroup(t.oblWith(v, preps...)); g != nil {
		return g
	}
	// An "including" list hangs on the trigger; "to X" may hang on its
	// last member, or on a phrasal particle.
	for _, it := range items {
		for x := it.e.start; x < it.e.end; x++ {
			if g := s.trGroup(t.oblWith(x, preps...)); g != nil {
				return g
			}
		}
		// "bombs ... to Israel": up from the mention through its heads.
		h := s.mentionHead(it.e)
		for steps := 0; h >= 0 && steps < 3 && h != v; steps++ {
			if g := s.trGroup(t.oblWith(h, preps...)); g != nil {
				return g
			}
			h = t.head[h]
		}
	}
	// "delivered from Iran to Russia": one phrase may hang on the other.
	for _, c := range t.children[v] {
		if r := t.toks[c].Rel; r == "obl" || r == "nmod" {
			if g := s.trGroup(t.oblWith(c, preps...)); g != nil {
				return g
			}
		}
	}
	// "handed over to the army": "over" may carry the phrase.
	for _, c := range t.children[v] {
		if t.toks[c].Rel == "compound:prt" {
			if g := s.trGroup(t.oblWith(c, preps...)); g != nil {
				return g
			}
		}
	}
	// Anywhere in the phrase of the goods, for parses that hang it
	// elsewhere ("delivery of weapons components and systems to Russia").
	for _, it := range items {
		if g := s.phraseOblique(s.mentionHead(it.e), v, preps...); g != nil {
			return g
		}
	}
	return nil
}

// phraseOblique finds a participant after one of the prepositions in the
// phrase of x (or of the noun x hangs on), not entering clauses.
func (s *sentence) phraseOblique(x, stop int, preps ...string) []participant {
	t := s.dep
	root := x
	for steps := 0; steps < 3; steps++ {
		h := t.head[root]
		if h < 0 || h == stop || t.toks[h].UPOS == "VERB" {
			break
		}
		root = h
	}
	var found []participant
	var walk func(y int)
	walk = func(y int) {
		if found != nil {
			return
		}
		for _, c := range t.children[y] {
			switch t.toks[c].Rel {
			case "acl", "acl:relcl", "advcl", "ccomp", "parataxis", "xcomp":
				continue
			}
			if c == stop {
				continue
			}
			if r := t.toks[c].Rel; r == "nmod" || r == "obl" {
				w := s.caseWord(c)
				for _, p := range preps {
					if w == p {
						found = s.trGroup(c)
						if found != nil {
							return
						}
					}
				}
			}
			walk(c)
		}
	}
	walk(root)
	return found
}

// mentionHead returns the token of mention e whose head lies outside it.
func (s *sentence) mentionHead(e participant) int {
	t := s.dep
	for x := e.start; x < e.end; x++ {
		if h := t.head[x]; h < e.start || h >= e.end {
			return x
		}
	}
	return e.start
}

// goodsOwner returns the subject of the clause whose object noun n is:
// "the army received drones delivered by Turkey", "Serbia presented the
// system procured from China".
func (s *sentence) goodsOwner(n int) []participant {
	t := s.dep
	if n < 0 {
		return nil
	}
	for steps := 0; steps < 3 && n >= 0; steps++ {
		r := t.toks[n].Rel
		h := t.head[n]
		if h < 0 {
			return nil
		}
		switch r {
		case "obj", "parataxis":
			if g := s.subjectOf(h); g != nil {
				return g
			}
			if g := s.inheritedSubject(h); g != nil {
				return g
			}
			return s.linearSubject(h)
		case "conj", "appos", "nmod":
			n = h
			continue
		}
		return nil
	}
	return nil
}

// inheritedSubject returns the subject a verb without one shares with the
// clause above it: "agreed to sell" (the subject), "asked Germany to
// supply" and "accused Iran of supplying" (the object), "an agreement with
// Russia to purchase" (the subject of the verb governing the noun).
func (s *sentence) inheritedSubject(v int) []participant {
	t := s.dep
	x := v
	for steps := 0; x >= 0 && steps < 8; steps++ {
		if x != v && t.toks[x].UPOS != "NOUN" {
			if govBlock[s.trLemma(x)] || govProhibit[s.trLemma(x)] {
				return nil // "vetoed Germany's request to re-export"
			}
			if g := s.subjectOf(x); g != nil {
				return g
			}
		}
		h := t.head[x]
		if h < 0 {
			return nil
		}
		switch r := t.toks[x].Rel; r {
		case "xcomp", "advcl", "ccomp":
			if r == "ccomp" && !denyWords[s.trLemma(h)] {
				return nil
			}
			if r == "advcl" && !s.hasMark(x, "of", "from", "by", "to", "in", "for") && !strings.HasSuffix(s.lower[x], "ing") {
				return nil
			}
			// The object of the verb above: "asked Germany to supply",
			// "blocked Germany from sending", "accused Iran of supplying".
			if g := s.trGroup(t.child(h, "obj")); g != nil && !govTake[s.trLemma(h)] {
				return g
			}
			if g := s.trGroup(t.child(h, "iobj")); g != nil && !govTake[s.trLemma(h)] {
				return g
			}
			// "it was prepared to deliver", "Germany was asked to supply":
			// the passive subject controls the verb.
			if r == "xcomp" && t.child(h, "nsubj") < 0 {
				ps := t.child(h, "nsubj:pass")
				if g := s.trGroup(ps); g != nil {
					return g
				}
				if g := s.pronounSide(ps); g != nil {
					return g
				}
			}
			x = h
		case "conj":
			x = h
			if g := s.trGroup(t.child(h, "nsubj")); g != nil {
				return g
			}
			if g := s.trGroup(t.child(h, "nsubj:pass")); g != nil && t.child(h, "nsubj") < 0 {
				return nil
			}
		case "acl", "acl:relcl":
			if r == "acl:relcl" {
				return nil
			}
			// "a request from Germany to transfer", "Russia's decision to
			// supply", "a plot by the UAE to back", "the German request
			// to re-export".
			if g := s.trGroup(t.child(h, "nmod:poss")); g != nil {
				return g
			}
			if g := s.stateModifier(h); g != nil {
				return g
			}
			if g := s.trGroup(t.oblWith(h, "from", "by")); g != nil {
				return g
			}
			x = h
		case "obj", "obl", "nmod", "nsubj:pass", "nsubj":
			if t.toks[h].UPOS == "NOUN" || t.toks[h].UPOS == "PROPN" {
				x = h
				continue
			}
			if govAccuse[s.trLemma(h)] {
				return s.trGroup(t.child(h, "obj"))
			}
			if r == "nsubj" || r == "nsubj:pass" {
				return nil
			}
			x = h
		default:
			return nil
		}
	}
	return nil
}

func (s *sentence) hasMark(x int, words ...string) bool {
	t := s.dep
	for _, c := range t.children[x] {
		if r := t.toks[c].Rel; r != "mark" && r != "case" {
			continue
		}
		for _, w := range words {
			if s.lower[c] == w {
				return true
			}
		}
	}
	return false
}

// dealPartner returns the other party of a deal the trigger belongs to:
// "an agreement with Russia to purchase" (Russia), "Germany and Israel
// signed an agreement for Berlin to buy" (Israel, the party that is not
// the buyer), "contracts with Poland to export" (Poland).
func (s *sentence) dealPartner(v int, known []participant) []participant {
	t := s.dep
	kc := country(known)
	x := v
	for steps := 0; x >= 0 && steps < 6; steps++ {
		if g := s.trGroup(t.oblWith(x, "with")); g != nil && (country(g) != kc || kc == "") && x != v {
			return g
		}
		if trContainers[s.trLemma(x)] || orderWords[s.trLemma(x)] {
			if g := s.trGroup(t.oblWith(x, "with")); g != nil && country(g) != kc {
				return g
			}
		}
		// "finalized an agreement with Russia to purchase": the deal is
		// the object of the verb above.
		for _, c := range t.children[x] {
			if r := t.toks[c].Rel; (r == "obj" || r == "nsubj:pass") && c != v && trContainers[s.trLemma(c)] {
				if g := s.trGroup(t.oblWith(c, "with")); g != nil && country(g) != kc {
					return g
				}
			}
		}
		// Signatories of the deal: the one that is not the known side.
		if x != v && (orderWords[s.trLemma(x)] || s.trLemma(x) == "agree") {
			g := s.subjectOf(x)
			if g == nil {
				g = s.linearSubject(x)
			}
			if len(g) > 1 {
				for _, p := range g {
					if p.m.Country != "" && p.m.Country != kc {
						return []participant{p}
					}
				}
			}
		}
		x = t.head[x]
	}
	return nil
}

// nounSides returns supplier and recipient of a transfer noun: its
// possessor or adjective ("Iran's delivery", "Saudi Arabia's purchase",
// "American arms sales"), "to", "from" and "by" phrases, and the verb it is
// the object of ("Washington approved the sale": the supplier; "Russia
// received the shipment": the recipient; "accused Iran of the transfers":
// the supplier).
func (s *sentence) nounSides(n int, w trWord) (sup, rec []participant) {
	t := s.dep
	items := s.nounItems(n, w)
	// "an arms sale package to Taiwan": the phrase is the compound's head.
	if h := t.head[n]; h >= 0 && t.toks[n].Rel == "compound" && t.toks[h].UPOS == "NOUN" {
		n = h
	}
	var own []participant
	if p := t.child(n, "nmod:poss"); p >= 0 {
		own = s.trGroup(p)
		if own == nil {
			own = s.pronounSide(p)
		}
	}
	if own == nil {
		own = s.stateModifier(n)
	}
	to := s.obliqueSide(n, items, "to", "into")
	if to == nil && w.role == roleGive {
		// "a package of weapons for Ukraine": a state the goods are for.
		if g := s.trGroup(t.oblWith(n, "for")); g != nil && g[0].m.Kind == sitrep.KindState {
			to = g
		}
	}
	from := s.obliqueSide(n, items, "from")
	by := s.trGroup(t.oblWith(n, "by"))
	switch w.role {
	case roleGive:
		sup, rec = own, to
		if sup == nil {
			sup = by
		}
		if sup == nil {
			sup = from
		}
		if sup == nil || rec == nil {
			gs, gr := s.governorSides(n, w)
			if sup == nil {
				sup = gs
			}
			if rec == nil {
				rec = gr
			}
		}
	case roleTake, roleSeek:
		rec, sup = own, from
		if rec == nil {
			rec = by
		}
		if sup == nil || rec == nil {
			gs, gr := s.governorSides(n, w)
			if sup == nil {
				sup = gs
			}
			if rec == nil {
				rec = gr
			}
		}
	}
	if sup == nil {
		sup = s.dealPartner(n, rec)
	}
	if rec == nil && w.role == roleGive {
		rec = s.dealPartner(n, sup)
	}
	return s.distinctSides(sup, rec)
}

// governorSides reads the sides of a transfer noun from the verb that
// governs it, through nouns it is an "of" or "for" phrase of ("signed a
// contract for the supply of").
func (s *sentence) governorSides(n int, w trWord) (sup, rec []participant) {
	t := s.dep
	x := n
	var partner []participant // "a contract with Russia for the supply of"
	for steps := 0; steps < 4; steps++ {
		r := t.toks[x].Rel
		h := t.head[x]
		if h < 0 {
			return nil, nil
		}
		switch r {
		case "obj", "obl", "nmod", "nsubj:pass", "conj", "appos", "xcomp":
		default:
			return nil, nil
		}
		// "sanctions over Washington's arms sales": a reason, not a deal.
		switch s.caseWord(x) {
		case "over", "about", "against", "after", "despite", "amid", "because", "following", "before", "since":
			return nil, nil
		}
		if t.toks[h].UPOS == "NOUN" || t.toks[h].UPOS == "PROPN" {
			// "Iran's delivery" above: the noun's owner.
			if p := s.trGroup(t.child(h, "nmod:poss")); p != nil && trContainers[s.trLemma(h)] {
				if w.role == roleGive {
					return p, nil
				}
				return nil, p
			}
			if partner == nil && trContainers[s.trLemma(h)] {
				partner = s.trGroup(t.oblWith(h, "with"))
			}
			x = h
			continue
		}
		l := s.trLemma(h)
		subj := s.subjectOf(h)
		if subj == nil && t.child(h, "nsubj:pass") < 0 {
			subj = s.inheritedSubject(h)
		}
		if subj == nil && t.child(h, "nsubj:pass") < 0 && t.toks[h].Rel == "root" {
			subj = s.linearSubject(h)
		}
		// "Algeria signed a contract with Russia for the supply of": the
		// partner of the deal supplies the one that signs it.
		if partner != nil && (orderWords[l] || l == "agree") && country(partner) != country(subj) {
			return partner, subj
		}
		switch {
		case govTake[l]:
			return s.trGroup(t.oblWith(h, "from")), subj
		case govAccuse[l]:
			if w.role == roleGive {
				return s.trGroup(t.child(h, "obj")), nil
			}
			return nil, s.trGroup(t.child(h, "obj"))
		case govBlock[l] || govProhibit[l]:
			return nil, nil
		case seekWords[l]:
			if w.role == roleGive {
				return nil, subj
			}
			return nil, subj
		case govSupply[l] || includeVerbs[l]:
			if includeVerbs[l] {
				return nil, nil
			}
			if w.role == roleGive {
				return subj, nil
			}
			return nil, subj
		}
		return nil, nil
	}
	return nil, nil
}

// sideCountry is the country of a side; an armed group with none takes the
// country of the place it is "in" ("rebels in Yemen").
func (s *sentence) sideCountry(ps []participant) string {
	if c := country(ps); c != "" || len(ps) == 0 {
		return c
	}
	p := ps[0]
	if p.end+1 < len(s.toks) && s.lower[p.end] == "in" {
		for _, pl := range s.places {
			if pl.start == p.end+1 || pl.start == p.end+2 && s.lower[p.end+1] == "the" {
				return pl.loc.Country
			}
		}
	}
	return ""
}

func country(ps []participant) string {
	for _, p := range ps {
		if p.m.Country != "" && p.m.Country != "IGO" {
			return p.m.Country
		}
	}
	return ""
}

// subjectOf returns the participants of verb v's subject. A pronoun
// subject of reported speech is the speaker ("the administration said it
// paused the shipment"); "for Berlin to buy" names the subject before
// "to".
func (s *sentence) subjectOf(v int) []participant {
	t := s.dep
	if v < 0 {
		return nil
	}
	n := t.child(v, "nsubj")
	var fallback []participant
	for _, c := range t.children[v] {
		if t.toks[c].Rel != "nsubj" {
			continue
		}
		g := s.trGroup(c)
		if g == nil {
			g = s.pronounSide(c)
		}
		if country(g) != "" {
			return g
		}
		if fallback == nil {
			fallback = g
		}
	}
	if fallback != nil {
		return fallback
	}
	if n >= 0 && t.toks[n].UPOS == "PRON" && t.toks[v].Rel == "ccomp" {
		if h := t.head[v]; h >= 0 && speechLemmas[s.trLemma(h)] != "" {
			return s.trGroup(t.child(h, "nsubj"))
		}
	}
	if n < 0 && v >= 2 && s.lower[v-1] == "to" {
		for _, p := range s.parts {
			if p.end == v-1 && p.start > 0 && s.lower[p.start-1] == "for" && s.sideParticipant(p) {
				return []participant{p}
			}
		}
	}
	return nil
}

// linearSubject returns the side named before verb v in its clause, for
// parses that miss the subject ("BERLIN (AP) — Germany and Israel have
// signed").
func (s *sentence) linearSubject(v int) []participant {
	for k := len(s.parts) - 1; k >= 0; k-- {
		p := s.parts[k]
		if p.end > v || !s.sideParticipant(p) {
			continue
		}
		if s.breakBetween(p.end, v) {
			return nil
		}
		if p.start > 0 && isPrep(s.lower[p.start-1]) {
			continue
		}
		var g []participant
		for _, q := range s.coordinated(k) {
			if s.sideParticipant(q) {
				g = append(g, q)
			}
		}
		return g
	}
	return nil
}

// stateModifier returns a state named as an adjective or compound of noun
// n ("the German request", "American arms sales").
func (s *sentence) stateModifier(n int) []participant {
	t := s.dep
	for _, c := range t.children[n] {
		if r := t.toks[c].Rel; (r == "amod" || r == "compound") && s.equipmentAt(c) < 0 {
			if g := s.trGroup(c); g != nil && g[0].m.Kind == sitrep.KindState {
				return g
			}
		}
	}
	return nil
}

// pronounSide resolves a pronoun subject or possessive ("it bought",
// "its supply of weapons") to the participant it stands for.
func (s *sentence) pronounSide(d int) []participant {
	if d < 0 || s.disc == nil || s.dep.toks[d].UPOS != "PRON" && s.dep.toks[d].UPOS != "DET" {
		return nil
	}
	cls := pronouns[s.lower[d]]
	if cls == 0 || cls == proSpeaker {
		return nil
	}
	r := s.antecedent(s.disc, d, cls)
	if r == nil || r.m.Country == "" {
		return nil
	}
	m := r.m
	m.Start, m.End, m.Text = s.toks[d].Start, s.toks[d].End, s.toks[d].Text
	return []participant{{m: m, start: d, end: d + 1, ref: true}}
}

// firstPartAfter returns the side named between token v and the goods.
func (s *sentence) firstPartAfter(v int, items []trItem) []participant {
	if len(items) == 0 {
		return nil
	}
	for k, p := range s.parts {
		if p.start > v && p.end <= items[0].e.start && s.sideParticipant(p) {
			return s.coordinated(k)
		}
	}
	return nil
}
