package coder

import (
	"strings"
)

// The goods of a transfer: the equipment a trigger names, with the members
// of lists, and the items a sentence restates or only modifies left out.

var quantityWords = map[string]bool{"hundreds": true, "thousands": true, "dozens": true, "tens": true, "millions": true,
	"several": true, "two": true, "three": true, "four": true, "five": true, "six": true, "seven": true, "eight": true,
	"nine": true, "ten": true, "dozen": true, "a": false, "some": true, "more": true, "additional": false}

// trItem is one item of a transfer: an equipment mention, and whether it
// stands for a list that names its members ("armoured vehicles including
// tanks and trucks").
type trItem struct {
	e         participant
	container bool
}

// verbItems returns the goods of a transfer verb: its object, a "with"
// phrase ("supplied Russia with drones", "armed them with missiles"), a
// passive subject, or the noun a participle modifies ("drones delivered by
// Turkey").
func (s *sentence) verbItems(v int, w trWord, passive bool) ([]trItem, bool) {
	t := s.dep
	rel := t.toks[v].Rel
	obj := s.objOf(v)
	with := t.oblWith(v, "with")
	lemma := s.trLemma(v)
	if (lemma == "arm" || lemma == "equip") && !passive {
		if it := s.itemsAt(with, v); len(it) > 0 {
			return it, false
		}
		return nil, false
	}
	if it := s.itemsAt(obj, v); len(it) > 0 {
		return withList(it, s.listItems(v)), false
	}
	if it := s.itemsAt(with, v); len(it) > 0 && (obj >= 0 || passive) {
		return it, true
	}
	// "asked the United States for Tomahawks"
	if w.role == roleSeek {
		if it := s.itemsAt(t.oblWith(v, "for"), v); len(it) > 0 {
			return it, false
		}
	}
	if passive {
		if it := s.itemsAt(t.child(v, "nsubj:pass"), v); len(it) > 0 {
			return withList(it, s.listItems(v)), false
		}
		if it := s.itemsAt(t.child(v, "nsubj"), v); len(it) > 0 {
			return it, false
		}
		// "drones reportedly delivered from Iran", with the participle
		// hung elsewhere: the goods just before it.
		if it := s.itemsBefore(v); len(it) > 0 {
			return it, false
		}
	}
	if (rel == "acl" || rel == "acl:relcl" || rel == "amod") && t.head[v] >= 0 {
		h := t.head[v]
		if o := t.child(v, "obj"); rel == "acl:relcl" && o >= 0 && t.toks[o].UPOS != "PRON" {
			return nil, false
		}
		if it := s.itemsAt(h, v); len(it) > 0 {
			return it, false
		}
	}
	// "will provide Ukraine additional capabilities ..., including A, B":
	// the list of what a general object stands for.
	if obj >= 0 && s.equipmentAt(obj) < 0 {
		if it := s.listAfter(obj); len(it) > 0 {
			return it, false
		}
	}
	// "received, on Monday, a dozen drones": a misparsed object.
	if obj < 0 && !passive {
		for _, c := range t.children[v] {
			if r := t.toks[c].Rel; (r == "parataxis" || r == "conj" || r == "dep") && (t.toks[c].UPOS == "NOUN" || t.toks[c].UPOS == "PROPN") {
				if it := s.itemsAt(c, v); len(it) > 0 {
					return it, false
				}
			}
		}
	}
	if obj < 0 {
		if it := s.itemsAt(t.oblWith(v, "of"), v); len(it) > 0 && lemma == "take" {
			return it, false
		}
	}
	// A parse that finds no object for an active verb: the goods named
	// right after it in its clause ("agreed to sell to Nigeria 12 A-29s").
	if obj < 0 && !passive && (t.child(v, "ccomp") < 0 || s.objOf(v) >= 0) {
		if it := s.itemsAfter(v); len(it) > 0 {
			return it, s.partBetween(v, it[0].e.start)
		}
	}
	return nil, false
}

// itemsAfter returns the equipment named after token v in its clause: the
// first list of goods, before any clause break.
func (s *sentence) itemsAfter(v int) []trItem {
	var out []trItem
	last, platformEnd := -1, -1
	for _, e := range s.equipment {
		if e.start <= v || last < 0 && e.start-v > 12 || s.breakBetween(v+1, e.start) {
			continue
		}
		// "munitions for rocket systems and artillery": what the goods
		// are for is no item.
		if s.platformOf(e) || platformEnd >= 0 && e.start == platformEnd+1 && (s.lower[platformEnd] == "and" || s.lower[platformEnd] == "or") {
			last, platformEnd = e.end, e.end
			continue
		}
		platformEnd = -1
		if last >= 0 && !s.listGap(last, e.start) {
			break
		}
		out = append(out, trItem{e: e})
		last = e.end
	}
	return out
}

// listGap reports whether only list punctuation and modifiers lie between
// two items.
func (s *sentence) listGap(from, to int) bool {
	if to-from > 6 {
		return false
	}
	sep := false
	for j := from; j < to; j++ {
		switch s.toks[j].UPOS {
		case "PUNCT", "CCONJ":
			sep = true
		case "ADJ", "NUM", "DET", "NOUN":
		default:
			return false
		}
	}
	return sep || to == from
}

// partBetween reports a side participant between tokens a and b ("supply
// the armed forces with ammunition").
func (s *sentence) partBetween(a, b int) bool {
	for _, p := range s.parts {
		if p.start > a && p.end <= b && s.sideParticipant(p) {
			return true
		}
	}
	return false
}

// listItems returns the items of "including A, B" or "such as A, B"
// phrases hung on the trigger itself.
func (s *sentence) listItems(d int) []trItem {
	t := s.dep
	var out []trItem
	for _, c := range t.children[d] {
		if r := t.toks[c].Rel; (r == "obl" || r == "nmod" || r == "advcl") && s.listCase(c) {
			out = append(out, s.itemsAt(c, d)...)
		}
		// "the weapons that were transferred include drones": the parser
		// may hang "include" on the trigger.
		if r := t.toks[c].Rel; (r == "xcomp" || r == "conj") && includeVerbs[s.trLemma(c)] {
			out = append(out, s.itemsAt(t.child(c, "obj"), c)...)
		}
	}
	return out
}

// listCase reports a dependent introduced by "including", "such as",
// "like" or "among them".
func (s *sentence) listCase(c int) bool {
	t := s.dep
	for _, cc := range t.children[c] {
		if r := t.toks[cc].Rel; r != "case" && r != "mark" {
			continue
		}
		switch s.lower[cc] {
		case "including", "such", "like", "includes", "included", "notably", "especially", "namely", "plus":
			return true
		}
	}
	if c > 0 && (s.lower[c-1] == "including" || s.lower[c-1] == "as" && c > 1 && s.lower[c-2] == "such") {
		return true
	}
	return false
}

// nounItems returns the goods of a transfer noun: its "of" phrase ("the
// sale of F-16s"), a compound ("arms sales", "missile sale"), a "for"
// phrase of a request ("a request for Patriots"), and whatever a clause
// says it includes ("the shipment includes ...").
func (s *sentence) nounItems(n int, w trWord) []trItem {
	t := s.dep
	var out, modifiers []trItem
	for _, c := range t.children[n] {
		r := t.toks[c].Rel
		switch {
		case r == "compound" || r == "amod" && s.isEquipmentHead(c):
			modifiers = append(modifiers, s.itemsAt(c, n)...)
		case r == "nmod" || r == "obl":
			switch s.caseWord(c) {
			case "of":
				out = append(out, s.itemsAt(c, n)...)
			case "for":
				if w.role == roleSeek || s.trLemma(n) == "order" {
					out = append(out, s.itemsAt(c, n)...)
				}
			}
			if s.listCase(c) {
				out = append(out, s.itemsAt(c, n)...)
			}
		case r == "appos" || r == "acl" && s.listCase(c):
			out = append(out, s.itemsAt(c, n)...)
		}
	}
	// "the sale is for three NASAMS": the predicate names the goods.
	if h := t.head[n]; h >= 0 && t.toks[n].Rel == "nsubj" && t.child(h, "cop") >= 0 && s.caseWord(h) == "for" {
		out = append(out, s.itemsAt(h, n)...)
	}
	// "has taken delivery of two jets": the parser may hang the goods on
	// the verb.
	if h := t.head[n]; h >= 0 && t.toks[n].Rel == "obj" && govTake[s.trLemma(h)] {
		out = append(out, s.itemsAt(t.oblWith(h, "of"), h)...)
	}
	out = append(out, s.includedBy(n)...)
	// "the missile system sale is for three NASAMS": the modifier only
	// names the kind of goods the phrase lists.
	if len(out) > 0 {
		for k := range modifiers {
			modifiers[k].container = true
		}
	}
	return append(modifiers, out...)
}

// includedBy returns the items a clause lists as the contents of noun n:
// "the shipment includes A and B", "a package that includes A".
func (s *sentence) includedBy(n int) []trItem {
	t := s.dep
	var out []trItem
	if h := t.head[n]; h >= 0 && t.toks[n].Rel == "nsubj" && includeVerbs[s.trLemma(h)] {
		out = append(out, s.itemsAt(t.child(h, "obj"), h)...)
		out = append(out, s.itemsAt(t.oblWith(h, "of"), h)...)
		out = append(out, s.listItems(h)...)
	}
	for _, c := range t.children[n] {
		if r := t.toks[c].Rel; (r == "acl:relcl" || r == "acl") && includeVerbs[s.trLemma(c)] {
			out = append(out, s.itemsAt(t.child(c, "obj"), c)...)
		}
	}
	return out
}

func (s *sentence) caseWord(c int) string {
	t := s.dep
	for _, cc := range t.children[c] {
		if t.toks[cc].Rel == "case" {
			return s.lower[cc]
		}
	}
	return ""
}

// isEquipmentHead reports whether token d lies in an equipment mention.
func (s *sentence) isEquipmentHead(d int) bool {
	return s.equipmentAt(d) >= 0
}

func (s *sentence) equipmentAt(d int) int {
	for k, e := range s.equipment {
		if e.start <= d && d < e.end {
			return k
		}
	}
	return -1
}

// itemsAt returns the equipment that dependency d stands for: d's own
// mention, those coordinated or in apposition with it, those listed after
// "including" or "such as", and the goods of a quantity or part ("hundreds
// of drones", "a batch of small arms", "missile parts"). It does not enter
// clauses or other phrases: "ammunition for the Gepard tank" is ammunition.
// from is the trigger, never an item.
func (s *sentence) itemsAt(d, from int) []trItem {
	if d < 0 {
		return nil
	}
	t := s.dep
	seen := map[int]bool{}
	var nodes []int
	containers := map[int]bool{}
	var walk func(x, depth int)
	walk = func(x, depth int) {
		if x < 0 || seen[x] || x == from || depth > 12 {
			return
		}
		if _, noun, ok := s.trWordAt(x); ok && !noun && x != d {
			return // another trigger's clause
		}
		seen[x] = true
		nodes = append(nodes, x)
		isEq := s.equipmentAt(x) >= 0
		// A mention is one unit, however the parser splits it
		// ("Marder infantry fighting vehicles and IRIS-T systems").
		if k := s.equipmentAt(x); k >= 0 {
			for y := s.equipment[k].start; y < s.equipment[k].end; y++ {
				if !seen[y] && y != from {
					walk(y, depth+1)
				}
			}
		}
		for _, c := range t.children[x] {
			r := t.toks[c].Rel
			switch {
			case r == "appos" && isEq && !s.classAt(x):
				// "AK-203 rifles, the latest derivative of the AK-47": a
				// system's apposition renames it.
			case r == "appos":
				// "these drones – the TB2 and the Akinci –": the members.
				if isEq {
					containers[x] = true
				}
				walk(c, depth+1)
			case r == "conj" || r == "flat" || r == "list":
				walk(c, depth+1)
			case r == "compound" && !isEq:
				// "missile parts", "NASAMS air defence solutions"; a
				// compound naming an activity ("electronic warfare
				// operations") is left out by goodsOnly.
				walk(c, depth+1)
			case (r == "nmod" || r == "obl" || r == "acl" || r == "advcl") && s.listCase(c):
				// "pods and armaments, such as AIM-9X": the list names
				// the members of the conjunct just before it.
				owner := x
				for _, cc := range t.children[x] {
					if t.toks[cc].Rel == "conj" && cc < c {
						owner = cc
					}
				}
				containers[owner] = true
				walk(c, depth+1)
			case r == "nmod" && s.caseWord(c) == "of" && (!isEq || quantityNoun(s.lower[x])):
				walk(c, depth+1)
			case r == "nmod" && s.caseWord(c) == "as" && !isEq:
				walk(c, depth+1)
			case r == "nmod" && s.caseWord(c) == "with" && aidNoun(s.lower[x]):
				// "assistance with missile development"
				walk(c, depth+1)
			case r == "dep" && t.toks[c].UPOS != "VERB":
				walk(c, depth+1)
			}
		}
		// "the weapons that were transferred include drones and missiles"
		if h := t.head[x]; h >= 0 && t.toks[x].Rel == "nsubj" && includeVerbs[s.trLemma(h)] && h != from {
			containers[x] = true
			walk(t.child(h, "obj"), depth+1)
		}
	}
	walk(d, 0)
	var out []trItem
	used := map[int]bool{}
	for _, x := range nodes {
		k := s.equipmentAt(x)
		if k < 0 || used[k] {
			continue
		}
		// The head of the mention must be walked, not only a modifier
		// inside it; a mention is walked once.
		used[k] = true
		out = append(out, trItem{e: s.equipment[k], container: containers[x] || s.containsContainer(k, containers)})
	}
	sortItems(out)
	return out
}

func (s *sentence) containsContainer(k int, containers map[int]bool) bool {
	e := s.equipment[k]
	for x := e.start; x < e.end; x++ {
		if containers[x] {
			return true
		}
	}
	return false
}

func quantityNoun(w string) bool {
	switch w {
	case "batch", "batches", "shipment", "shipments", "consignment", "number", "numbers", "set", "sets", "lot", "lots",
		"units", "unit", "rounds", "round", "pieces", "piece", "types", "type", "tranche", "supply", "supplies",
		"hundreds", "thousands", "dozens", "tens", "millions", "components", "parts", "kinds", "kind", "systems", "system":
		return true
	}
	return false
}

func sortItems(items []trItem) {
	for i := 1; i < len(items); i++ {
		for j := i; j > 0 && items[j].e.start < items[j-1].e.start; j-- {
			items[j], items[j-1] = items[j-1], items[j]
		}
	}
}

// definiteAt reports goods named with a definite determiner.
func (s *sentence) definiteAt(i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		switch s.lower[j] {
		case "the", "these", "those", "this", "that":
			return true
		}
		if s.toks[j].UPOS != "NUM" && s.toks[j].UPOS != "ADJ" {
			return false
		}
	}
	return false
}

// aidItem reports goods named as aid ("military aid", "assistance").
func (s *sentence) aidItem(e participant) bool {
	last := s.lower[e.end-1]
	return last == "aid" || last == "assistance" || last == "support"
}

// dropContainers leaves out the generic class that a list names the
// members of, and a generic "other" item beside specific ones.
func dropContainers(items []trItem) []trItem {
	members := 0
	for _, it := range items {
		if !it.container {
			members++
		}
	}
	var out []trItem
	for _, it := range items {
		if it.container && members > 0 && strings.HasPrefix(it.e.m.ID, "class:") {
			continue
		}
		out = append(out, it)
	}
	specific := false
	for _, it := range out {
		if it.e.m.Category != "other" && it.e.m.Category != "" {
			specific = true
		}
	}
	if !specific {
		return out
	}
	kept := out[:0]
	for _, it := range out {
		if it.e.m.Category != "other" && it.e.m.Category != "" || !strings.HasPrefix(it.e.m.ID, "class:") {
			kept = append(kept, it)
		}
	}
	return kept
}

func (s *sentence) quantityBefore(i int) string {
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		w := s.lower[j]
		if quantityWords[w] || isNumber(w) {
			return s.toks[j].Text
		}
		switch w {
		case "of", "lethal", "new", "advanced", "the", "more":
			continue
		}
		if s.toks[j].Text != "" && s.toks[j].Text[0] >= 'A' && s.toks[j].Text[0] <= 'Z' {
			continue
		}
		break
	}
	return ""
}

func isNumber(w string) bool {
	if w == "" || w[0] < '0' || w[0] > '9' {
		return false
	}
	for _, r := range w {
		if (r < '0' || r > '9') && r != ',' && r != '.' {
			return false
		}
	}
	return true
}

// goodsOnly leaves out what is no goods: aid and assistance ("military
// aid"), and weapons of mass destruction, whose programmes are no arms
// trade ("denied seeking nuclear arms").
func (s *sentence) goodsOnly(items []trItem) []trItem {
	var out []trItem
	for _, it := range items {
		e := it.e
		if last := s.lower[e.end-1]; s.aidItem(e) || last == "cooperation" || last == "help" {
			continue
		}
		if e.start > 0 {
			switch s.lower[e.start-1] {
			case "nuclear", "chemical", "biological", "atomic", "alleged", "suspected", "suicide":
				continue
			}
		}
		// "technical assistance", "missile trajectory": the goods' name
		// modifies another noun.
		if e.end < len(s.toks) {
			switch s.lower[e.end] {
			case "assistance", "aid", "support", "cooperation", "training", "expertise", "trajectory", "programme", "program",
				"industry", "factory", "plant", "production", "technology", "operations", "attack", "attacks", "strike", "strikes":
				continue
			}
		}
		switch s.lower[e.start] {
		case "nuclear", "chemical", "biological", "atomic":
			continue
		}
		out = append(out, it)
	}
	return out
}

// mergeItems joins coordinated designations that share one head noun
// ("AIM-9X and AIM-120 missiles", "Javelin and AT-4 anti-armor systems")
// into one item, and drops a generic class named as "other" goods beside
// a system of its kind ("Patriot or other air defence systems").
func (s *sentence) mergeItems(items []trItem) []trItem {
	var out []trItem
	for _, it := range items {
		n := len(out)
		if n > 0 {
			prev := out[n-1]
			between := it.e.start - prev.e.end
			// "air defence missile system": adjacent names of one item.
			if between == 0 {
				prev.e.end = it.e.end
				if prev.e.m.Category == "other" {
					prev.e.m.Category = it.e.m.Category
				}
				out[n-1] = prev
				continue
			}
			if between == 1 && (s.lower[prev.e.end] == "and" || s.lower[prev.e.end] == "or") &&
				designationEnd(s.toks[prev.e.end-1].Text) && !designationEnd(s.toks[it.e.end-1].Text) {
				prev.e.end = it.e.end
				out[n-1] = prev
				continue
			}
			if strings.HasPrefix(it.e.m.ID, "class:") && between <= 5 && prev.e.m.Category == it.e.m.Category && s.otherBefore(it.e.start, prev.e.end) {
				continue
			}
			// "NASAMS medium-range air defence solutions", "BrahMos
			// supersonic cruise missile system": a system and the class
			// that heads its phrase are one item.
			if strings.HasPrefix(it.e.m.ID, "class:") && !strings.HasPrefix(prev.e.m.ID, "class:") && prev.e.m.Category == it.e.m.Category && s.modifiersOnly(prev.e.end, it.e.start) {
				prev.e.end = it.e.end
				out[n-1] = prev
				continue
			}
			// "close-range ballistic missiles (CRBMs)": an abbreviation.
			if between == 1 && (s.lower[prev.e.end] == "(" || s.lower[prev.e.end] == "[") && it.e.end < len(s.toks) && (s.lower[it.e.end] == ")" || s.lower[it.e.end] == "]") && prev.e.m.Category == it.e.m.Category {
				prev.e.end = it.e.end + 1
				out[n-1] = prev
				continue
			}
			// "(TOW) missiles": a designation in brackets before its class.
			if strings.HasPrefix(it.e.m.ID, "class:") && !strings.HasPrefix(prev.e.m.ID, "class:") && prev.e.m.Category == it.e.m.Category && s.onlyBrackets(prev.e.end, it.e.start) {
				prev.e.end = it.e.end
				out[n-1] = prev
				continue
			}
		}
		out = append(out, it)
	}
	return out
}

// designationEnd reports a word that names a system rather than a kind of
// goods: "AIM-9X", "Javelin", "K9".
func designationEnd(w string) bool {
	if w == "" {
		return false
	}
	if strings.ContainsAny(w, "0123456789") {
		return true
	}
	r := w[0]
	return r >= 'A' && r <= 'Z' && !strings.HasSuffix(w, "s")
}

// definite reports a noun with a definite determiner or possessive: it
// refers to something stated before ("the shipment", "this sale").
func (s *sentence) definite(n int) bool {
	t := s.dep
	for _, c := range t.children[n] {
		switch t.toks[c].Rel {
		case "det":
			switch s.lower[c] {
			case "the", "this", "that", "these", "those":
				return true
			}
		case "nmod:poss":
			return t.toks[c].UPOS == "PRON"
		}
	}
	return false
}

// withList adds the members a list names to the goods; the goods then
// stand for the list.
func withList(items, list []trItem) []trItem {
	if len(list) == 0 {
		return items
	}
	for k := range items {
		items[k].container = true
	}
	return append(items, list...)
}

func aidNoun(w string) bool {
	switch w {
	case "assistance", "help", "aid", "support", "cooperation":
		return true
	}
	return false
}

// otherBefore reports "other" between token from and token i ("Patriot or
// other high-end air defence systems").
func (s *sentence) otherBefore(i, from int) bool {
	for j := i - 1; j >= from && j >= i-4; j-- {
		if s.lower[j] == "other" {
			return true
		}
	}
	return false
}

// listAfter returns the goods listed after "including" or "such as" that
// follows token x in its clause.
func (s *sentence) listAfter(x int) []trItem {
	for j := x + 1; j < len(s.toks) && j <= x+12; j++ {
		if s.breakBetween(x+1, j) {
			return nil
		}
		if s.lower[j] == "including" || s.lower[j] == "as" && s.lower[j-1] == "such" {
			// The list must start with goods: "including specialists in
			// missiles" lists people.
			it := s.itemsAfter(j)
			if len(it) == 0 || it[0].e.start-j > 4 {
				return nil
			}
			for k := j + 1; k < it[0].e.start; k++ {
				if p := s.toks[k].UPOS; p != "DET" && p != "ADJ" && p != "NUM" && p != "PUNCT" {
					return nil
				}
			}
			return it
		}
	}
	return nil
}

// platformOf reports equipment named as what other goods are for
// ("ammunition for the HIMARS"): no item itself.
func (s *sentence) platformOf(e participant) bool {
	j := e.start - 1
	if j >= 0 && (s.lower[j] == "the" || s.lower[j] == "its" || s.lower[j] == "their") {
		j--
	}
	return j >= 0 && s.lower[j] == "for"
}

func (s *sentence) onlyBrackets(from, to int) bool {
	for j := from; j < to; j++ {
		if s.lower[j] != ")" && s.lower[j] != "(" {
			return false
		}
	}
	return true
}

// trimBrackets drops an unbalanced bracket from an item's text: "TOW)
// missiles" is "TOW missiles".
func trimBrackets(x string) string {
	if strings.Count(x, "(") != strings.Count(x, ")") {
		x = strings.Join(strings.Fields(strings.NewReplacer("(", " ", ")", " ").Replace(x)), " ")
	}
	return x
}

// itemsBefore returns the equipment that ends just before token v, with at
// most an adverb between ("drones reportedly delivered").
func (s *sentence) itemsBefore(v int) []trItem {
	for k := len(s.equipment) - 1; k >= 0; k-- {
		e := s.equipment[k]
		if e.end > v {
			continue
		}
		for j := e.end; j < v; j++ {
			switch s.lower[j] {
			case "likely", "reportedly", "allegedly", "apparently", "possibly", "probably":
				continue
			}
			if p := s.toks[j].UPOS; p != "ADV" && p != "AUX" && p != "PART" {
				return nil
			}
		}
		return []trItem{{e: e}}
	}
	return nil
}

// modifiersOnly reports at most six modifier words (or brackets) between
// two mentions of one phrase.
func (s *sentence) modifiersOnly(from, to int) bool {
	if to-from > 6 {
		return false
	}
	for j := from; j < to; j++ {
		switch s.toks[j].UPOS {
		case "ADJ", "NOUN", "PROPN", "NUM":
		case "PUNCT":
			if s.lower[j] != "(" && s.lower[j] != ")" && s.lower[j] != "-" {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// classAt reports a generic class ("drones") at token x.
func (s *sentence) classAt(x int) bool {
	k := s.equipmentAt(x)
	return k >= 0 && strings.HasPrefix(s.equipment[k].m.ID, "class:")
}

// objOf returns the object of verb v. "sent German-made tanks" may be
// parsed with "made" as a clause whose object the goods are.
func (s *sentence) objOf(v int) int {
	t := s.dep
	if o := t.child(v, "obj"); o >= 0 {
		return o
	}
	for _, c := range t.children[v] {
		switch t.toks[c].Rel {
		case "ccomp", "xcomp", "dep", "advcl":
		default:
			continue
		}
		if c > 0 && s.lower[c-1] == "-" && makerWords[s.trLemma(c)] {
			return t.child(c, "obj")
		}
		// "delivered Bayraktar TB2 drones", with "drones" read as a verb.
		if s.equipmentAt(c) >= 0 {
			return c
		}
	}
	return -1
}

var makerWords = wordSet("make", "build", "manufacture", "produce", "design", "develop", "donate", "supply", "provide", "deliver")
