package coder

import (
	"strings"

	"github.com/sitrep/sitrep"
)

// Transfers stated without a transfer word: a package's contents, goods
// arriving, foreign-made goods on display, shipments bound for someone,
// deals that name their goods.

// includeTransfers codes "the package includes A, B and C" when the
// container is no transfer noun itself: its sides are those of the
// document's deal, filled in later.
func (s *sentence) includeTransfers(v int) []trRec {
	t := s.dep
	subj := t.child(v, "nsubj")
	if subj >= 0 && t.toks[subj].UPOS == "PRON" || subj < 0 {
		// "a deal that includes", "the contract, which is worth $320
		// million, also includes": the noun the clause hangs on.
		subj = -1
		for x, steps := t.head[v], 0; x >= 0 && steps < 3; x, steps = t.head[x], steps+1 {
			if t.toks[x].UPOS == "NOUN" {
				subj = x
				break
			}
		}
	}
	if subj < 0 {
		return nil
	}
	// The container: "the package", "the capabilities in the package",
	// "the contract".
	container := false
	for x := subj; x >= 0; {
		l := s.trLemma(x)
		if trContainers[l] {
			container = true
			break
		}
		if _, n, ok := s.trWordAt(x); ok && n {
			return nil // the transfer noun codes its own contents
		}
		next := -1
		for _, c := range t.children[x] {
			if r := t.toks[c].Rel; r == "nmod" || r == "compound" {
				if trContainers[s.trLemma(c)] {
					next = c
					break
				}
			}
		}
		x = next
	}
	if !container {
		return nil
	}
	items := s.itemsAt(t.child(v, "obj"), v)
	items = append(items, s.itemsAt(t.oblWith(v, "of"), v)...)
	items = append(items, s.listItems(v)...)
	if len(items) == 0 {
		// "include, according to the Pentagon, are A; B": the parser may
		// hang the list elsewhere. Take the equipment after the verb.
		platformEnd := -1
		for _, e := range s.equipment {
			if e.start <= v {
				continue
			}
			// "ammunition for the HIMARS" and its apposition ", HIMARS".
			if s.platformOf(e) || platformEnd >= 0 && e.start-platformEnd <= 1 && s.lower[platformEnd] == "," {
				platformEnd = e.end
				continue
			}
			platformEnd = -1
			items = append(items, trItem{e: e})
		}
	}
	if len(items) == 0 {
		return nil
	}
	status := s.trStatus(v, trWord{roleGive, sitrep.StatusUnknown}, false)
	if status == sitrep.StatusUnknown {
		status = s.containerStatus(subj)
	}
	return s.makeTransfers(v, items, nil, nil, status, "transfer:ref:include")
}

// containerStatus is the status of the goods a container noun lists: a
// contract's are ordered, a package's planned.
func (s *sentence) containerStatus(n int) string {
	switch s.trLemma(n) {
	case "contract", "deal", "agreement", "order", "accord", "pact":
		return sitrep.StatusOrdered
	case "package", "tranche", "capability", "aid", "assistance":
		return sitrep.StatusPlanned
	}
	return sitrep.StatusUnknown
}

// arrivalTransfers codes goods said to arrive somewhere: "the first
// A-29s arrived in Kano", "instructors arrived in Niger with an air
// defence system", "Chinese-donated trucks arrive in Cambodia".
func (s *sentence) arrivalTransfers(v int) []trRec {
	t := s.dep
	items := s.itemsAt(t.child(v, "nsubj"), v)
	var carrier []participant
	if len(items) == 0 {
		items = s.itemsAt(t.oblWith(v, "with"), v)
		carrier = s.trGroup(t.child(v, "nsubj"))
	}
	var kept []trItem
	for _, it := range items {
		// The plane that brings them is no transfer.
		if l := strings.ToLower(it.e.m.Text); strings.Contains(l, "transport") || strings.Contains(l, "cargo") {
			continue
		}
		kept = append(kept, it)
	}
	if len(kept) == 0 {
		return nil
	}
	rec := s.arrivalPlace(v)
	if rec == "" {
		return nil
	}
	var sup []participant
	if c := country(carrier); c != "" && c != rec {
		sup = carrier
	}
	if sup == nil {
		for _, p := range s.parts {
			if p.m.Country != "" && p.m.Country != rec && s.isSupplyAdj(p) {
				sup = []participant{p}
			}
		}
	}
	if sup == nil {
		sup = s.makerOf(kept, nil)
		if country(sup) == rec {
			sup = nil
		}
	}
	status := sitrep.StatusDelivered
	if st := s.trStatus(v, trWord{roleGive, sitrep.StatusDelivered}, false); st != sitrep.StatusDelivered {
		status = st
	}
	ts := s.makeTransfers(v, kept, sup, nil, status, "transfer:"+s.lower[v])
	for k := range ts {
		ts[k].t.Recipient = rec
	}
	return ts
}

// arrivalPlace returns the country of the place goods arrive in or at.
func (s *sentence) arrivalPlace(v int) string {
	t := s.dep
	for _, c := range t.children[v] {
		if t.toks[c].Rel != "obl" {
			continue
		}
		switch s.caseWord(c) {
		case "in", "at", "to":
		default:
			continue
		}
		in := make([]bool, len(s.toks))
		t.subtree(c, in)
		for _, p := range s.places {
			if p.start < len(in) && in[p.start] && p.loc.Country != "" {
				return p.loc.Country
			}
		}
		for _, p := range s.parts {
			if p.start < len(in) && in[p.start] && p.m.Kind == sitrep.KindState {
				return p.m.Country
			}
		}
	}
	return ""
}

// displayTransfers codes foreign-made goods that a state's forces show or
// put into service: "the Serbian military displayed the Russian Panzir air
// defence system" is a Russian supply to Serbia. The maker must be named
// by an adjective on the goods, and the one showing them must be a state or
// its forces, not an official holding up evidence.
func (s *sentence) displayTransfers(v int) []trRec {
	t := s.dep
	subj := s.subjectOf(v)
	if subj == nil {
		subj = s.inheritedSubject(v)
	}
	if len(subj) == 0 || subj[0].m.Kind != sitrep.KindState && subj[0].m.Sector != "MIL" {
		return nil
	}
	rc := country(subj)
	if rc == "" {
		return nil
	}
	items := s.itemsAt(t.child(v, "obj"), v)
	var out []trRec
	for j := range s.toks {
		switch s.trLemma(j) {
		case "capture", "seize", "abandon", "destroy", "trophy", "wreckage", "downed", "shoot":
			return nil // goods taken from an enemy
		}
	}
	for _, it := range items {
		maker := s.makerOf([]trItem{it}, subj)
		if mc := country(maker); mc == "" || mc == rc {
			continue
		}
		out = append(out, s.makeTransfers(v, []trItem{it}, maker, subj, sitrep.StatusDelivered, "transfer:"+s.lower[v])...)
	}
	return out
}

// boundTransfers codes goods "bound for" someone, as intercepted
// shipments are told ("seized Iranian arms bound for the Houthis"): the
// maker supplies, the status is unknown.
func (s *sentence) boundTransfers(v int) []trRec {
	t := s.dep
	if v+1 >= len(s.toks) || s.lower[v+1] != "for" && s.lower[v+1] != "to" {
		return nil
	}
	rec := s.trGroup(t.oblWith(v, "for", "to"))
	if rec == nil {
		for _, c := range t.children[v] {
			if r := t.toks[c].Rel; (r == "nmod" || r == "obl") && c > v {
				rec = s.trGroup(c)
				break
			}
		}
	}
	if rec == nil {
		return nil
	}
	// "the weapons were bound for", "arms likely bound for": the parser
	// reads "bound" as it may.
	items := s.itemsAt(t.child(v, "nsubj"), v)
	if len(items) == 0 {
		items = s.itemsBefore(v)
	}
	if len(items) == 0 {
		return nil
	}
	sup := s.makerOf(items, rec)
	return s.makeTransfers(v, items, sup, rec, sitrep.StatusUnknown, "transfer:"+s.lower[v])
}

// dealTransfers codes a deal that names its goods without a transfer word:
// "India signed a deal with a Russian firm to manufacture rifles" (the
// partner supplies the signer), "a $8bn contract for 36 Rafale jets". A
// clause with a transfer word of its own ("a deal to buy") codes itself.
func (s *sentence) dealTransfers(n int) []trRec {
	t := s.dep
	var items []trItem
	for _, c := range t.children[n] {
		r := t.toks[c].Rel
		if (r == "nmod" || r == "obl") && s.caseWord(c) == "for" {
			items = append(items, s.itemsAt(c, n)...)
		}
		if r == "acl" && t.toks[c].UPOS == "VERB" {
			if _, _, ok := s.trWordAt(c); ok {
				return nil
			}
			items = append(items, s.itemsAt(t.child(c, "obj"), c)...)
		}
	}
	if len(items) == 0 {
		return nil
	}
	partner := s.trGroup(t.oblWith(n, "with"))
	var signer []participant
	if h := t.head[n]; h >= 0 && (t.toks[n].Rel == "obj" || t.toks[n].Rel == "nsubj:pass") {
		signer = s.subjectOf(h)
		if signer == nil {
			signer = s.inheritedSubject(h)
		}
	}
	if partner == nil || signer == nil {
		return nil
	}
	sup, rec := s.distinctSides(partner, signer)
	return s.makeTransfers(n, items, sup, rec, sitrep.StatusOrdered, "transfer:"+s.lower[n])
}
