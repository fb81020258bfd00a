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
	// displayVerbs show goods a force has: foreign-made ones it was
	// supplied ("the Serbian military displayed the Russian Panzir").
	displayVerbs = wordSet("display", "present", "unveil", "parade", "showcase", "exhibit", "induct", "commission", "field")
	// dealNouns are deals whose goods a "for" phrase or a clause names ("a
	// deal with a Russian firm to manufacture rifles", "a contract for 36
	// jets").
	dealNouns = wordSet("deal", "contract", "agreement", "accord", "pact")
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
	add(trVerbs, "seek request want need ask", roleSeek, sitrep.StatusSought)
	add(trNouns, "supply supplies delivery shipment sale export re-export transfer donation consignment provision", roleGive, sitrep.StatusDelivered)
	add(trNouns, "package tranche", roleGive, sitrep.StatusPlanned)
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
	govSupply   = wordSet("approve", "announce", "sign", "agree", "finalize", "finalise", "conclude", "complete", "make", "begin", "start", "resume", "halt", "suspend", "pause", "freeze", "delay", "cancel", "stop", "authorize", "authorise", "clear", "confirm", "offer", "promise", "pledge", "plan", "launch", "ink", "seal", "unveil", "expedite", "speed", "step", "continue", "maintain", "increase", "expand", "boost", "allow", "permit", "put", "defend", "deny", "reject", "dismiss", "finish")
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
		if includeVerbs[lemma] && t.toks[i].UPOS == "VERB" && t.toks[i].Rel != "case" && t.toks[i].Rel != "mark" {
			return s.includeTransfers(i)
		}
		if arriveVerbs[lemma] && t.toks[i].UPOS == "VERB" {
			return s.arrivalTransfers(i)
		}
		if displayVerbs[lemma] && t.toks[i].UPOS == "VERB" {
			return s.displayTransfers(i)
		}
		if lemma == "bound" || lemma == "destined" || lemma == "headed" {
			return s.boundTransfers(i)
		}
		if dealNouns[lemma] && (t.toks[i].UPOS == "NOUN" || t.toks[i].UPOS == "PROPN") {
			return s.dealTransfers(i)
		}
		return nil
	}
	rel := t.toks[i].Rel
	// "a photo provided by the ministry" names no goods; "in order to" is
	// no order.
	if lemma == "order" && i > 0 && s.lower[i-1] == "in" {
		return nil
	}
	if s.prohibited(i) || s.conditional(i) {
		return nil
	}
	// "give up", "give in", "hand back" what one holds is no supply.
	for _, c := range t.children[i] {
		if t.toks[c].Rel == "compound:prt" && (s.lower[c] == "up" || s.lower[c] == "in" || s.lower[c] == "out") && lemma != "hand" {
			return nil
		}
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
			// Goods neither supply nor buy: "drones delivered from Iran",
			// "the system recently procured from China" as subject and
			// verb is a participle misread.
			t.child(i, "obj") < 0 && len(s.itemsAt(t.child(i, "nsubj"), i)) > 0 && t.child(i, "aux") < 0 ||
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
		if s.sideCountry(rec) == "" || country(sup) == s.sideCountry(rec) || s.ownGoods(items, sup) || s.exerciseWords(i) {
			return nil
		}
	}
	sup, rec = s.distinctSides(sup, rec)
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

// exerciseWords reports a clause about drills or patrols, where sending
// ships and aircraft deploys them.
func (s *sentence) exerciseWords(v int) bool {
	t := s.dep
	in := make([]bool, len(s.toks))
	for _, c := range t.children[v] {
		if r := t.toks[c].Rel; r == "obj" || r == "obl" || r == "advcl" && s.hasMark(c, "for", "to") {
			t.subtree(c, in)
		}
	}
	for i := range s.toks {
		if !in[i] {
			continue
		}
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
		for j := it.e.start - 1; j >= 0 && j >= it.e.start-3; j-- {
			if ownWords[s.lower[j]] {
				return true
			}
		}
	}
	return false
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
	// Goods named as known ("the two jets", "the weapons ... include")
	// with no side stated: the deal stated before.
	if sup == nil && rec == nil && len(items) > 0 && !strings.HasPrefix(rule, "transfer:ref:") && s.definiteAt(items[0].e.start) {
		rule = "transfer:ref:" + strings.TrimPrefix(rule, "transfer:")
	}
	items = s.mergeItems(dropContainers(s.goodsOnly(items)))
	// Coordinated sides each take part: "Germany and Norway will deliver
	// tanks to Ukraine" is two transfers. Parties of a deal with no
	// recipient named are left to the first.
	sups, recs := countries(sup), []string{s.sideCountry(rec)}
	if len(countries(rec)) > 1 {
		recs = countries(rec)
	}
	if len(sups) == 0 || recs[0] == "" {
		sups = []string{country(sup)}
	}
	date := s.trDate(trig, items)
	var out []trRec
	seen := map[int]bool{}
	for _, it := range items {
		if seen[it.e.start] {
			continue
		}
		seen[it.e.start] = true
		for _, sc := range sups {
			for _, rc := range recs {
				if t, ok := s.oneTransfer(date, it.e, sc, rc, rec, status, rule); ok {
					out = append(out, trRec{t, it.e.start})
				}
			}
		}
	}
	if len(out) == 0 {
		return ctx
	}
	return out
}

// countries lists the distinct countries of a side, organisations left
// out.
func countries(ps []participant) []string {
	var out []string
	for _, p := range ps {
		if c := p.m.Country; c != "" && c != "IGO" && !containsString(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// oneTransfer is the transfer of item e from sc to rc.
func (s *sentence) oneTransfer(date string, e participant, sc, rc string, rec []participant, status, rule string) (sitrep.Transfer, bool) {
	t := sitrep.Transfer{
		Supplier: sc, Recipient: rc,
		Item: trimBrackets(s.doc[s.toks[e.start].Start:s.toks[e.end-1].End]), Category: e.m.Category,
		Quantity: s.quantityBefore(e.start), Status: status,
		Sentence: s.index, Start: s.span.Start, End: s.span.End, Evidence: s.span.Text,
		Date: date, Rule: rule + "/" + e.m.ID,
	}
	if t.Supplier != "" && t.Supplier == t.Recipient {
		return t, false
	}
	// Arms handed to the UN or another organisation are given up, not
	// traded.
	if t.Recipient == "" && len(rec) > 0 && rec[0].m.Country == "IGO" {
		return t, false
	}
	if t.Category == "" {
		t.Category = "other"
	}
	return t, true
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
		list := strings.HasPrefix(t.Rule, "transfer:ref:include")
		for k, o := range have {
			if o.Category != t.Category || !sideMatch(o.Supplier, t.Supplier) || !sideMatch(o.Recipient, t.Recipient) {
				continue
			}
			if fresh[k] {
				if o.Item != t.Item {
					continue
				}
				continue next
			}
			// A generic class stated before gives way to the systems a
			// later sentence names for the same sides ("combat drones" …
			// "the TB2 and the Akinci"), or to the items of a list of the
			// deal ("munitions" … "the package includes ammunition for
			// HIMARS; 155mm artillery ammunition"): the first takes its
			// place, the rest follow as new items.
			if strings.Contains(o.Rule, "/class:") && (list || !strings.Contains(t.Rule, "/class:")) && t.Supplier == o.Supplier && t.Recipient == o.Recipient {
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

// finishTransfers leaves out the records that only set the sides of a
// document's deal ("military aid to Ukraine"), and transfers that a
// fuller statement later in the document restates.
func finishTransfers(ts []sitrep.Transfer) []sitrep.Transfer {
	out := ts[:0]
	for k, t := range ts {
		if strings.HasPrefix(t.Rule, "transfer:ctx:") {
			continue
		}
		// A transfer with a side left open that a later statement tells in
		// full ("the weapons were bound for the Houthis" … "Iranian arms
		// bound for the Houthis") is that statement.
		if t.Supplier == "" || t.Recipient == "" {
			told := false
			for j, o := range ts {
				if j != k && o.Category == t.Category && o.Supplier != "" && o.Recipient != "" && sideMatch(o.Supplier, t.Supplier) && sideMatch(o.Recipient, t.Recipient) && !strings.HasPrefix(o.Rule, "transfer:ctx:") {
					told = true
					break
				}
			}
			if told {
				continue
			}
		}
		out = append(out, t)
	}
	return out
}

// conditional reports a trigger in a clause introduced by "if" or
// "unless": a hypothetical, not a transfer.
func (s *sentence) conditional(i int) bool {
	t := s.dep
	x := i
	for steps := 0; x >= 0 && steps < 5; steps++ {
		for _, c := range t.children[x] {
			if r := t.toks[c].Rel; (r == "mark" || r == "advmod") && (s.lower[c] == "if" || s.lower[c] == "unless" || s.lower[c] == "whether") {
				return true
			}
		}
		switch t.toks[x].Rel {
		case "root", "ccomp", "parataxis", "acl:relcl":
			return false
		}
		x = t.head[x]
	}
	return false
}
