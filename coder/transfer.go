package coder

import (
	"strings"

	"github.com/sitrep/sitrep"
)

// A transfer is read off the clause that states it. A trigger (a verb such
// as "supplied", "bought", "requested", or a noun such as "the sale",
// "delivery", "purchase") names the goods in its object, its "of" phrase or
// the noun its participle modifies, with every item listed beside them
// ("X including A, B and C", "the package includes A, B and C"). Its side
// says who the subject is: the supplier of "sell", the recipient of "buy"
// and "request". The other side comes from "to" or "from" phrases, the
// participant the goods are supplied "with", a passive agent, or the
// clause or deal the trigger belongs to. Sides a sentence leaves open are
// taken from the transfers the document has stated before.

// trRole says which side of a transfer the trigger's subject is on.
type trRole int

const (
	roleGive trRole = iota + 1 // the subject supplies: supply, sell, deliver
	roleTake                   // the subject receives: buy, receive, order
	roleSeek                   // the subject asks for it: request, seek
)

type trWord struct {
	role   trRole
	status string
}

var (
	trVerbs = map[string]trWord{}
	trNouns = map[string]trWord{}
	// trContainers are nouns that stand for a deal or package of goods
	// ("the contract includes ...", "a deal with Russia to buy ...").
	trContainers = wordSet("deal", "contract", "agreement", "package", "tranche", "order", "accord", "pact", "memorandum",
		"arrangement", "batch", "consignment", "shipment", "sale", "purchase", "aid", "assistance", "capability",
		"delivery", "transfer", "supply")
	// includeVerbs list the contents of their subject.
	includeVerbs = wordSet("include", "comprise", "consist", "contain", "cover", "feature", "involve")
	// deployVerbs move goods that may stay the sender's own ("China sent a
	// destroyer to the exercise"): a transfer only with a recipient named.
	deployVerbs = wordSet("send", "dispatch", "ship", "move", "airlift")
	// arriveVerbs state a delivery by its arrival ("drones arrived in Mali").
	arriveVerbs = wordSet("arrive", "land", "reach")
	// makerSuffixes after a state name the goods' maker, not a side:
	// "Iranian-made missiles"; supplySuffixes name the supplier:
	// "Chinese-donated trucks".
	makerSuffixes  = []string{"-made", "-built", "-manufactured", "-designed", "-produced", "-developed", "-origin", " made", " built", " manufactured", " designed", " produced"}
	supplySuffixes = []string{"-donated", "-supplied", "-provided", "-delivered", "-gifted", "-sold", " donated", " supplied", " provided", " delivered", " gifted"}
)

func init() {
	add := func(m map[string]trWord, words string, role trRole, status string) {
		for _, w := range strings.Fields(words) {
			m[w] = trWord{role, status}
		}
	}
	add(trVerbs, "supply deliver send provide transfer sell ship give export re-export reexport furnish hand donate gift arm equip smuggle funnel airlift dispatch", roleGive, sitrep.StatusDelivered)
	add(trVerbs, "offer pledge promise", roleGive, sitrep.StatusPlanned)
	add(trVerbs, "buy purchase acquire receive obtain import procure get", roleTake, sitrep.StatusDelivered)
	add(trVerbs, "order", roleTake, sitrep.StatusOrdered)
	add(trVerbs, "seek request want need", roleSeek, sitrep.StatusSought)
	add(trNouns, "supply supplies delivery shipment sale export re-export transfer donation consignment provision", roleGive, sitrep.StatusDelivered)
	add(trNouns, "purchase acquisition procurement import", roleTake, sitrep.StatusDelivered)
	add(trNouns, "order", roleTake, sitrep.StatusOrdered)
	add(trNouns, "request", roleSeek, sitrep.StatusSought)
}

// Verbs whose subject does something to a transfer that they govern, and
// what it does: "approved the sale" (the subject supplies, planned), "vetoed
// the re-export" (denied, the subject is no side), "received the
// shipment" (the subject receives).
var (
	govTake     = wordSet("receive", "take", "get", "accept", "await", "obtain", "welcome")
	govSupply   = wordSet("approve", "announce", "sign", "agree", "finalize", "finalise", "conclude", "complete", "make", "begin", "start", "resume", "halt", "suspend", "pause", "freeze", "delay", "cancel", "stop", "authorize", "authorise", "clear", "confirm", "offer", "promise", "pledge", "plan", "launch", "ink", "seal", "unveil", "expedite", "speed", "step", "continue", "allow", "permit", "put", "defend", "deny", "reject", "dismiss", "finish")
	govAccuse   = wordSet("accuse", "blame", "charge", "suspect", "sanction", "punish", "penalise", "penalize")
	govBlock    = wordSet("veto", "block", "oppose", "condemn", "criticise", "criticize", "protest", "object", "slam", "denounce", "warn", "prevent")
	govProhibit = wordSet("prohibit", "ban", "forbid", "embargo", "bar", "outlaw", "restrict")
	denyWords   = wordSet("deny", "dismiss", "reject", "refute")
	stopWords   = wordSet("suspend", "halt", "pause", "freeze", "veto", "block", "cancel", "stop", "withhold", "delay", "prevent", "scrap", "postpone", "refuse", "decline")
	seekWords   = wordSet("request", "ask", "seek", "appeal", "urge", "want", "need", "call", "demand", "plea", "press", "lobby")
	planWords   = wordSet("will", "would", "shall", "plan", "intend", "expect", "anticipate", "set", "prepare", "aim", "offer", "promise", "pledge", "announce", "decide", "commit", "approve", "authorize", "authorise", "agree", "go", "due", "clear", "notify", "propose", "consider", "pave")
	orderWords  = wordSet("sign", "contract", "deal", "agreement", "order", "finalize", "finalise", "conclude", "ink", "seal", "accord", "memorandum")
	modalWords  = wordSet("will", "would", "shall", "could", "may", "might", "should", "can", "must", "'ll")
)

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

// trRec is a transfer as a sentence codes it, with the token where its
// item's mention starts.
type trRec struct {
	t  sitrep.Transfer
	at int
}

// findTransfers records a transfer for each stated supply, sale, order or
// request of equipment in the sentence.
func findTransfers(s *sentence) {
	if len(s.equipment) == 0 || s.dep == nil {
		return
	}
	var out []trRec
	for i := range s.toks {
		out = append(out, s.transfersAt(i)...)
	}
	for _, r := range consolidate(out) {
		s.transfers = append(s.transfers, r.t)
	}
}

// trLemma is the lower-case lemma of token i.
func (s *sentence) trLemma(i int) string {
	l := strings.ToLower(s.toks[i].Lemma)
	if l == "" || l == "_" {
		l = s.lower[i]
	}
	return l
}

// trWordAt says whether token i is a transfer trigger, and whether as a noun.
func (s *sentence) trWordAt(i int) (trWord, bool, bool) {
	l := s.trLemma(i)
	pos := s.toks[i].UPOS
	if s.insideEquipment(i) || s.insideParticipant(i) {
		return trWord{}, false, false
	}
	if w, ok := trNouns[l]; ok && (pos == "NOUN" || pos == "PROPN" && !isVerbForm(s.lower[i])) {
		return w, true, true
	}
	// A headline's verb may be tagged as a name: "Norinco Delivers Tanks".
	capital := s.toks[i].Text != "" && s.toks[i].Text[0] >= 'A' && s.toks[i].Text[0] <= 'Z' && i > 0
	if w, ok := trVerbs[l]; ok && (pos == "VERB" || pos == "AUX" || (pos == "PROPN" || pos == "NOUN") && capital && trNouns[l] == (trWord{})) {
		return w, false, true
	}
	return trWord{}, false, false
}

func isVerbForm(w string) bool {
	return strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss")
}

// insideParticipant reports a word inside a participant's name ("the
// armed forces").
func (s *sentence) insideParticipant(i int) bool {
	for _, p := range s.parts {
		if p.start <= i && i < p.end && p.end-p.start > 1 && !p.ref {
			return true
		}
	}
	return false
}

func (s *sentence) insideEquipment(i int) bool {
	for _, e := range s.equipment {
		if e.start <= i && i < e.end {
			return true
		}
	}
	return false
}

// transfersAt codes the transfers that token i triggers, if it is a
// trigger.
func (s *sentence) transfersAt(i int) []trRec {
	t := s.dep
	w, noun, ok := s.trWordAt(i)
	lemma := s.trLemma(i)
	if !ok {
		// "the package includes A, B and C": a container without a
		// trigger of its own, its sides those of the document's deal.
		if includeVerbs[lemma] && t.toks[i].UPOS == "VERB" {
			return s.includeTransfers(i)
		}
		if arriveVerbs[lemma] && t.toks[i].UPOS == "VERB" {
			return s.arrivalTransfers(i)
		}
		return nil
	}
	rel := t.toks[i].Rel
	// "a photo provided by the ministry" names no goods; "in order to" is
	// no order.
	if lemma == "order" && i > 0 && s.lower[i-1] == "in" {
		return nil
	}
	if s.prohibited(i) {
		return nil
	}
	var items []trItem
	var sup, rec []participant
	passive := false
	withRecipient := false // "supplied Russia with drones"
	if noun {
		items = s.nounItems(i, w)
		if len(items) == 0 {
			return nil
		}
		sup, rec = s.nounSides(i, w)
		if sup == nil && rec == nil && s.definite(i) {
			// "the shipment includes ...": the deal stated before.
			return s.makeTransfers(i, items, nil, nil, s.trStatus(i, w, noun), "transfer:ref:"+s.lower[i])
		}
	} else {
		passive = t.child(i, "aux:pass") >= 0 || t.child(i, "nsubj:pass") >= 0 ||
			(rel == "acl" || rel == "amod") && strings.HasSuffix(t.toks[i].XPOS, "VBN") ||
			// "drones reportedly delivered from Iran": a bare participle.
			strings.HasSuffix(t.toks[i].XPOS, "VBN") && t.child(i, "aux") < 0 && rel != "root" && rel != "conj" ||
			// Goods do not supply: "drones delivered from Iran" as subject
			// and verb is a participle misread.
			w.role == roleGive && t.child(i, "obj") < 0 && len(s.itemsAt(t.child(i, "nsubj"), i)) > 0 && t.child(i, "aux") < 0 ||
			// A participle tagged as a past tense: "drones reportedly
			// delivered from Iran" hung on the verb before.
			w.role == roleGive && t.child(i, "nsubj") < 0 && t.child(i, "aux") < 0 && (rel == "advcl" || rel == "acl" || rel == "dep") && len(s.itemsBefore(i)) > 0
		// A transfer noun object carries the goods: "received the first
		// shipment of", "approved the sale of". The noun codes it.
		if obj := t.child(i, "obj"); obj >= 0 {
			if _, n, ok := s.trWordAt(obj); ok && n {
				return nil
			}
			if s.trLemma(obj) == "delivery" {
				return nil
			}
		}
		items, withRecipient = s.verbItems(i, w, passive)
		if len(items) == 0 {
			return nil
		}
		sup, rec = s.verbSides(i, w, passive, withRecipient, items)
	}
	if deployVerbs[lemma] && !noun {
		// Deploying one's own forces is no transfer: the goods must go
		// to someone named, not to an exercise or a place.
		if rec == nil || s.ownGoods(items, sup) || s.exerciseWords() {
			return nil
		}
	}
	status := s.trStatus(i, w, noun)
	// Items made by the recipient's enemy, or goods named by maker only:
	// the maker supplies when no one else is said to.
	if sup == nil {
		if m := s.makerOf(items, rec); m != nil && !strings.Contains(lemma, "export") {
			sup = m
		}
	}
	return s.makeTransfers(i, items, sup, rec, status, "transfer:"+s.lower[i])
}

// prohibited reports a trigger governed by a prohibition ("the resolution
// prohibits the supply of", "Tehran is prohibited from supplying", "bans
// the supply of weapons"): a rule, not a transfer.
func (s *sentence) prohibited(i int) bool {
	t := s.dep
	x := i
	for steps := 0; x >= 0 && steps < 4; steps++ {
		if govProhibit[s.trLemma(x)] && x != i {
			return true
		}
		x = t.head[x]
	}
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		if govProhibit[s.trLemma(j)] {
			return true
		}
	}
	return false
}

// exerciseWords reports a sentence about drills or patrols, where sending
// ships and aircraft deploys them.
func (s *sentence) exerciseWords() bool {
	for i := range s.toks {
		switch s.trLemma(i) {
		case "exercise", "drill", "manoeuvre", "maneuver", "patrol", "war-game", "wargame", "mission", "visit", "port", "deployment":
			return true
		}
	}
	return false
}

// ownGoods reports items that carry their sender's own flag ("its
// destroyer", "Chinese warships" sent by China).
func (s *sentence) ownGoods(items []trItem, sup []participant) bool {
	c := country(sup)
	for _, it := range items {
		if c != "" && it.e.m.Country == c {
			return true
		}
		if it.e.start > 0 && ownWords[s.lower[it.e.start-1]] {
			return true
		}
	}
	return false
}

// verbItems returns the goods of a transfer verb: its object, a "with"
// phrase ("supplied Russia with drones", "armed them with missiles"), a
// passive subject, or the noun a participle modifies ("drones delivered by
// Turkey").
func (s *sentence) verbItems(v int, w trWord, passive bool) ([]trItem, bool) {
	t := s.dep
	rel := t.toks[v].Rel
	obj := t.child(v, "obj")
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
	if passive {
		if it := s.itemsAt(t.child(v, "nsubj:pass"), v); len(it) > 0 {
			return withList(it, s.listItems(v)), false
		}
		if it := s.itemsAt(t.child(v, "nsubj"), v); len(it) > 0 {
			return it, false
		}
		// "drones reportedly delivered from Iran", with the participle
		// hung elsewhere: the goods just before it.
		if t.child(v, "nsubj:pass") < 0 && t.child(v, "aux:pass") < 0 {
			if it := s.itemsBefore(v); len(it) > 0 {
				return it, false
			}
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
	if obj < 0 && !passive && t.child(v, "ccomp") < 0 {
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
	last := -1
	for _, e := range s.equipment {
		if e.start <= v || e.start-v > 12 || s.breakBetween(v+1, e.start) {
			continue
		}
		if s.platformOf(e) {
			last = e.end
			continue
		}
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
	if to-from > 4 {
		return false
	}
	for j := from; j < to; j++ {
		switch s.toks[j].UPOS {
		case "PUNCT", "CCONJ", "ADJ", "NUM", "DET":
		default:
			return false
		}
	}
	return true
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
	var out []trItem
	for _, c := range t.children[n] {
		r := t.toks[c].Rel
		switch {
		case r == "compound" || r == "amod" && s.isEquipmentHead(c):
			out = append(out, s.itemsAt(c, n)...)
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
	// "has taken delivery of two jets": the parser may hang the goods on
	// the verb.
	if h := t.head[n]; h >= 0 && t.toks[n].Rel == "obj" && govTake[s.trLemma(h)] {
		out = append(out, s.itemsAt(t.oblWith(h, "of"), h)...)
	}
	out = append(out, s.includedBy(n)...)
	return out
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
		for _, c := range t.children[x] {
			r := t.toks[c].Rel
			switch {
			case r == "conj" || r == "appos" || r == "flat" || r == "list":
				walk(c, depth+1)
			case r == "compound" && !isEq:
				walk(c, depth+1)
			case (r == "nmod" || r == "obl" || r == "acl" || r == "advcl") && s.listCase(c):
				containers[x] = true
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
		if rec == nil && rel == "acl:relcl" {
			rec = nil
		}
	case roleTake, roleSeek:
		rec = subj
		if passive {
			rec = agent
			if rec == nil && (rel == "acl" || rel == "amod") {
				// "the system recently procured from China", presented
				// by Serbia.
				rec = s.goodsOwner(t.head[v])
			}
		}
		sup = from
		if sup == nil && w.role == roleSeek && !passive {
			// "asked Germany for tanks"
			if o := t.child(v, "obj"); o >= 0 && s.equipmentAt(o) < 0 {
				sup = s.trGroup(o)
			}
		}
		if sup == nil {
			sup = s.dealPartner(v, rec)
		}
	}
	return s.distinctSides(sup, rec)
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
	items := s.nounItems(n, w)
	to := s.obliqueSide(n, items, "to", "into")
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

// trStatus decides a transfer's status from its trigger and the clauses
// above it: denied ("is not supplying", "denied sending", "suspended the
// delivery"), sought ("requested", "is seeking"), planned ("will
// deliver", "approved the sale"), ordered ("signed a contract to buy"),
// unknown ("bound for"), else the trigger's own.
func (s *sentence) trStatus(i int, w trWord, noun bool) string {
	t := s.dep
	status := ""
	note := func(st string) {
		if status == "" {
			status = st
		}
	}
	// "the indefinitely paused shipment", "the suspended delivery"
	for _, c := range t.children[i] {
		if r := t.toks[c].Rel; (r == "amod" || r == "compound") && (stopWords[s.trLemma(c)] || denyWords[s.trLemma(c)]) {
			return sitrep.StatusDenied
		}
	}
	x := i
	for steps := 0; x >= 0 && steps < 6; steps++ {
		l := s.trLemma(x)
		for _, c := range t.children[x] {
			cl := s.lower[c]
			switch t.toks[c].Rel {
			case "advmod", "neg":
				if cl == "not" || cl == "n't" || cl == "never" {
					return sitrep.StatusDenied
				}
			case "det":
				if cl == "no" && x == i {
					return sitrep.StatusDenied
				}
			case "aux":
				// "could have been sent" is a hedged past, not a plan.
				if cl == "will" || cl == "would" || cl == "shall" || cl == "'ll" || cl == "going" {
					note(sitrep.StatusPlanned)
				}
			}
		}
		if x != i {
			switch {
			case denyWords[l] || stopWords[l]:
				return sitrep.StatusDenied
			case seekWords[l]:
				note(sitrep.StatusSought)
			case orderWords[l]:
				note(sitrep.StatusOrdered)
			case planWords[l]:
				note(sitrep.StatusPlanned)
			case l == "bound" || l == "destined" || l == "headed":
				note(sitrep.StatusUnknown)
			}
		}
		r := t.toks[x].Rel
		// A clause of its own, or a conjunct, has its own status.
		if r == "acl:relcl" || r == "parataxis" || r == "root" || r == "nsubj" || r == "csubj" || r == "conj" && x == i && !noun {
			break
		}
		x = t.head[x]
	}
	if w.role == roleSeek {
		return sitrep.StatusSought
	}
	if status != "" {
		return status
	}
	if w.status == sitrep.StatusDelivered && !noun {
		// "is sending": under way, not yet delivered.
		if strings.HasSuffix(s.lower[i], "ing") {
			for _, c := range t.children[i] {
				if t.toks[c].Rel == "aux" && (s.lower[c] == "is" || s.lower[c] == "are" || s.lower[c] == "'s" || s.lower[c] == "'re") {
					return sitrep.StatusPlanned
				}
			}
		}
	}
	if w.status == sitrep.StatusDelivered && noun && s.trLemma(i) == "sale" {
		return sitrep.StatusOrdered
	}
	return w.status
}

// makeTransfers turns items and sides into transfers: one per item, a
// list's container left out when its members are named.
func (s *sentence) makeTransfers(trig int, items []trItem, sup, rec []participant, status, rule string) []trRec {
	// Goods that are aid ("military aid") state no item, but set the
	// sides of a deal that later sentences list the goods of.
	var ctx []trRec
	if sup != nil || rec != nil {
		for _, it := range items {
			if s.aidItem(it.e) {
				ctx = append(ctx, trRec{sitrep.Transfer{Supplier: country(sup), Recipient: s.sideCountry(rec), Category: "other",
					Item: it.e.m.Text, Status: status, Sentence: s.index, Start: s.span.Start, End: s.span.End,
					Evidence: s.span.Text, Rule: "transfer:ctx:" + s.lower[trig]}, it.e.start})
			}
		}
	}
	items = s.mergeItems(dropContainers(s.goodsOnly(items)))
	// Goods named as known ("the two jets") with no side stated: the deal
	// stated before.
	if sup == nil && rec == nil && len(items) > 0 && !strings.HasPrefix(rule, "transfer:ref:") && s.definiteAt(items[0].e.start) {
		rule = "transfer:ref:" + strings.TrimPrefix(rule, "transfer:")
	}
	var out []trRec
	seen := map[int]bool{}
	for _, it := range items {
		if seen[it.e.start] {
			continue
		}
		seen[it.e.start] = true
		e := it.e
		t := sitrep.Transfer{
			Supplier: country(sup), Recipient: s.sideCountry(rec),
			Item: trimBrackets(s.doc[s.toks[e.start].Start:s.toks[e.end-1].End]), Category: e.m.Category,
			Quantity: s.quantityBefore(e.start), Status: status,
			Sentence: s.index, Start: s.span.Start, End: s.span.End, Evidence: s.span.Text,
			Date: s.dateFor(trig), Rule: rule + "/" + e.m.ID,
		}
		if t.Supplier != "" && t.Supplier == t.Recipient {
			continue
		}
		if t.Category == "" {
			t.Category = "other"
		}
		out = append(out, trRec{t, e.start})
	}
	if len(out) == 0 {
		return ctx
	}
	return out
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

// consolidate merges the transfers that several triggers of one sentence
// code for the same item ("received drones delivered by Turkey"): the
// sides one leaves open are taken from the other.
func consolidate(rs []trRec) []trRec {
	var out []trRec
next:
	for _, r := range rs {
		t := r.t
		for k := range out {
			o := &out[k].t
			if out[k].at != r.at || o.Category != t.Category {
				continue
			}
			if !sideMatch(o.Supplier, t.Supplier) && !sideMatch(t.Supplier, o.Supplier) ||
				!sideMatch(o.Recipient, t.Recipient) && !sideMatch(t.Recipient, o.Recipient) {
				continue
			}
			if o.Supplier == "" {
				o.Supplier = t.Supplier
			}
			if o.Recipient == "" {
				o.Recipient = t.Recipient
			}
			if o.Date == "" {
				o.Date = t.Date
			}
			if o.Quantity == "" {
				o.Quantity = t.Quantity
			}
			continue next
		}
		out = append(out, r)
	}
	return out
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

func country(ps []participant) string {
	for _, p := range ps {
		if p.m.Country != "" && p.m.Country != "IGO" {
			return p.m.Country
		}
	}
	return ""
}

// addTransfers appends the transfers of one sentence to a document's.
// Sides a transfer leaves open are taken from the last transfer stated
// before it of the same category, else of any ("the package includes ...",
// "Iran denies supplying drones to any of its allies"); a transfer with
// neither side is kept only as part of a list of a deal already stated.
// Restatements of an earlier transfer are dropped: same category and
// sides, where a side the new statement leaves open matches any. Within a
// sentence, distinct items are distinct transfers ("300,000 shells and one
// million rounds"). A generic item is replaced by the specific ones that a
// later list names for the same sides. A transfer with no date of its own
// takes fallback, the date events without one take.
func addTransfers(have, ts []sitrep.Transfer, fallback string) []sitrep.Transfer {
	var added []sitrep.Transfer
	for _, t := range ts {
		prior := append(have[:len(have):len(have)], added...)
		if t.Supplier == "" || t.Recipient == "" {
			if t.Supplier == "" && t.Recipient == "" && !strings.HasPrefix(t.Rule, "transfer:ref:") {
				continue
			}
			t = fillSides(t, prior)
			if t.Supplier == "" && t.Recipient == "" {
				continue
			}
		}
		if t.Date == "" {
			t.Date = fallback
		}
		added = append(added, t)
	}
	// A list of specific goods replaces an earlier generic item of the same
	// deal ("a shipment of weapons" … "the shipment includes bombs").
	for _, t := range added {
		if !strings.HasPrefix(t.Rule, "transfer:ref:") || strings.Contains(t.Rule, "/class:") && t.Category == "other" {
			continue
		}
		for k := 0; k < len(have); k++ {
			o := have[k]
			if o.Supplier == t.Supplier && o.Recipient == t.Recipient && o.Category == "other" && strings.Contains(o.Rule, "/class:") {
				have = append(have[:k], have[k+1:]...)
				k--
			}
		}
	}
	fresh := map[int]bool{} // indexes holding this sentence's transfers
next:
	for _, t := range added {
		for k, o := range have {
			if o.Category != t.Category || !sideMatch(o.Supplier, t.Supplier) || !sideMatch(o.Recipient, t.Recipient) {
				continue
			}
			if fresh[k] && o.Item != t.Item {
				continue
			}
			// A specific system named later replaces an earlier generic
			// class of the same sides ("combat drones" … "the TB2 and
			// the Akinci"): the first takes its place, the rest follow.
			if !fresh[k] && strings.Contains(o.Rule, "/class:") && !strings.Contains(t.Rule, "/class:") && t.Supplier == o.Supplier && t.Recipient == o.Recipient {
				if o.Date != "" {
					t.Date = o.Date
				}
				have[k] = t
				fresh[k] = true
				continue next
			}
			continue next
		}
		fresh[len(have)] = true
		have = append(have, t)
	}
	return have
}

// fillSides fills the sides t leaves open from the last transfer before it
// of the same category, else of any category, that does not put the same
// country on both sides.
func fillSides(t sitrep.Transfer, prior []sitrep.Transfer) sitrep.Transfer {
	for pass := 0; pass < 2; pass++ {
		for k := len(prior) - 1; k >= 0; k-- {
			o := prior[k]
			if pass == 0 && o.Category != t.Category {
				continue
			}
			sup, rec := t.Supplier, t.Recipient
			if sup == "" {
				sup = o.Supplier
			}
			if rec == "" {
				rec = o.Recipient
			}
			if sup == rec || sup == "" && rec == "" {
				continue
			}
			if t.Supplier != "" && t.Recipient == "" && o.Recipient == "" || t.Recipient != "" && t.Supplier == "" && o.Supplier == "" {
				continue
			}
			t.Supplier, t.Recipient = sup, rec
			return t
		}
	}
	return t
}

func sideMatch(have, t string) bool { return t == "" || have == t }

func wordSet(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
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
			case "nuclear", "chemical", "biological", "atomic":
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
			if between == 1 && (s.lower[prev.e.end] == "and" || s.lower[prev.e.end] == "or") &&
				designationEnd(s.toks[prev.e.end-1].Text) && !designationEnd(s.toks[it.e.end-1].Text) {
				prev.e.end = it.e.end
				out[n-1] = prev
				continue
			}
			if strings.HasPrefix(it.e.m.ID, "class:") && between <= 5 && prev.e.m.Category == it.e.m.Category && s.otherBefore(it.e.start, prev.e.end) {
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

// listAfter returns the goods listed after "including" or "such as" that
// follows token x in its clause.
func (s *sentence) listAfter(x int) []trItem {
	for j := x + 1; j < len(s.toks) && j <= x+12; j++ {
		if s.breakBetween(x+1, j) {
			return nil
		}
		if s.lower[j] == "including" || s.lower[j] == "as" && s.lower[j-1] == "such" {
			return s.itemsAfter(j)
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

// finishTransfers leaves out the records that only set the sides of a
// document's deal ("military aid to Ukraine").
func finishTransfers(ts []sitrep.Transfer) []sitrep.Transfer {
	out := ts[:0]
	for _, t := range ts {
		if !strings.HasPrefix(t.Rule, "transfer:ctx:") {
			out = append(out, t)
		}
	}
	return out
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
			if s.toks[j].UPOS != "ADV" {
				return nil
			}
		}
		return []trItem{{e: e}}
	}
	return nil
}
