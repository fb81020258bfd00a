package coder

import (
	"strings"

	"github.com/sitrep/sitrep"
)

// transferVerb says which side of a transfer verb's subject is on.
type transferVerb struct {
	buyer  bool   // the subject receives (buy, purchase, receive)
	status string // default status for a plain past statement
}

var transferVerbs = map[string]transferVerb{}

func init() {
	for _, w := range strings.Fields("supply deliver send provide transfer sell ship give export furnish hand") {
		transferVerbs[stem(w)] = transferVerb{false, sitrep.StatusDelivered}
	}
	for _, w := range strings.Fields("supplies delivery deliveries shipment shipments") {
		transferVerbs[stem(w)] = transferVerb{false, sitrep.StatusDelivered}
	}
	for _, w := range strings.Fields("buy purchase acquire receive obtain import get") {
		transferVerbs[stem(w)] = transferVerb{true, sitrep.StatusDelivered}
	}
	for _, w := range strings.Fields("order") {
		transferVerbs[stem(w)] = transferVerb{true, sitrep.StatusOrdered}
	}
	for _, w := range strings.Fields("seek request want") {
		transferVerbs[stem(w)] = transferVerb{true, sitrep.StatusSought}
	}
}

var quantityWords = map[string]bool{"hundreds": true, "thousands": true, "dozens": true, "tens": true, "millions": true,
	"several": true, "two": true, "three": true, "four": true, "five": true, "six": true, "seven": true, "eight": true,
	"nine": true, "ten": true, "dozen": true, "a": false, "some": true, "more": true, "additional": false}

// findTransfers records a transfer for each transfer verb with equipment in
// its clause: supplier and recipient from the participants around the verb,
// status from the verb and its modality.
func findTransfers(s *sentence) {
	if len(s.equipment) == 0 {
		return
	}
	for i, st := range s.stems {
		tv, ok := transferVerbs[st]
		if !ok {
			continue
		}
		// "a photo provided by the ministry" is no transfer, nor is "in
		// order to", nor a transfer that something "prohibits" or "bans".
		if i+1 < len(s.lower) && s.lower[i+1] == "by" || i > 0 && s.lower[i-1] == "in" && s.lower[i] == "order" {
			continue
		}
		if s.forbidden(i) {
			continue
		}
		var subject, other []participant
		items := s.itemsAfter(i)
		if len(items) == 0 {
			// "hundreds of attack drones reportedly delivered from Iran to
			// Russia": the goods precede a participle.
			items = s.itemsBefore(i)
			if len(items) == 0 {
				continue
			}
			subject, other = s.afterPreps(i, "from"), s.afterPreps(i, "to")
			if tv.buyer {
				subject, other = other, subject
			}
		} else {
			subject = s.leftGroup(i, false)
			if tv.buyer {
				other = s.afterPreps(i, "from", "with")
				if other == nil {
					other = s.withBefore(i)
				}
			} else {
				other = s.afterPreps(i, "to")
				if other == nil {
					other = s.rightGroup(i)
				}
			}
		}
		status := s.transferStatus(i, tv)
		supplier, recipient := subject, other
		if tv.buyer {
			supplier, recipient = other, subject
		}
		for _, it := range items {
			t := sitrep.Transfer{
				Supplier: country(supplier), Recipient: country(recipient),
				Item: s.doc[s.toks[it.start].Start:s.toks[it.end-1].End], Category: it.m.Category,
				Quantity: s.quantityBefore(it.start), Status: status,
				Sentence: s.index, Start: s.span.Start, End: s.span.End, Evidence: s.span.Text,
				Date: s.dateFor(i), Rule: "transfer:" + s.lower[i],
			}
			if t.Supplier == "" && t.Recipient == "" {
				continue
			}
			s.transfers = append(s.transfers, t)
		}
	}
}

// itemsAfter returns the equipment named in the clause after token i,
// merging adjacent mentions ("Su-35 fighter jets") into one item. A
// generic class ("armaments") gives way to the systems listed with it
// ("such as assault helicopters, radars, ...").
func (s *sentence) itemsAfter(i int) []participant {
	var out []participant
	for _, e := range s.equipment {
		if e.start <= i || e.start-i > 30 || s.breakBetween(i+1, e.start) {
			continue
		}
		if n := len(out); n > 0 && e.start-out[n-1].end <= 1 {
			out[n-1].end = e.end
			if out[n-1].m.Category == "other" {
				out[n-1].m.Category = e.m.Category
			}
			continue
		}
		out = append(out, e)
	}
	return dropGeneric(out)
}

// itemsBefore returns the equipment just before token i, with at most a
// few adverbs or auxiliaries between ("drones reportedly delivered").
func (s *sentence) itemsBefore(i int) []participant {
	for k := len(s.equipment) - 1; k >= 0; k-- {
		e := s.equipment[k]
		if e.end > i {
			continue
		}
		if i-e.end > 3 {
			return nil
		}
		return []participant{e}
	}
	return nil
}

func dropGeneric(items []participant) []participant {
	specific := false
	for _, it := range items {
		if it.m.Category != "other" && it.m.Category != "" {
			specific = true
		}
	}
	if !specific {
		return items
	}
	out := items[:0]
	for _, it := range items {
		if it.m.Category != "other" && it.m.Category != "" {
			out = append(out, it)
		}
	}
	return out
}

// forbidden reports a transfer verb governed by a prohibition ("prohibits
// the supply of").
func (s *sentence) forbidden(i int) bool {
	for j := i - 1; j >= 0 && j >= i-6; j-- {
		switch s.stems[j] {
		case stem("prohibit"), stem("ban"), stem("bar"), stem("forbid"), stem("embargo"), stem("block"):
			return true
		}
	}
	return false
}

// withBefore finds "an agreement with Russia to purchase": a participant
// after "with" earlier in the clause.
func (s *sentence) withBefore(i int) []participant {
	for k := len(s.parts) - 1; k >= 0; k-- {
		p := s.parts[k]
		if p.end > i {
			continue
		}
		if p.start > 0 && s.lower[p.start-1] == "with" {
			return s.coordinated(k)
		}
	}
	return nil
}

func (s *sentence) transferStatus(i int, tv transferVerb) string {
	for j := i - 1; j >= 0 && j >= i-6; j-- {
		switch s.lower[j] {
		case "not", "n't", "never", "denied", "deny", "denies":
			return sitrep.StatusDenied
		case "will", "plans", "plan", "planned", "expected", "anticipated", "would", "could", "may", "might", "intends", "set", "soon":
			return sitrep.StatusPlanned
		case "seeking", "seeks", "sought", "wants", "asked", "requested":
			return sitrep.StatusSought
		case "agreement", "deal", "contract", "agreed", "ordered", "signed":
			return sitrep.StatusOrdered
		}
	}
	if tv.status == sitrep.StatusDelivered && strings.HasSuffix(s.lower[i], "ing") && !(i > 0 && beForms[s.lower[i-1]]) {
		return sitrep.StatusUnknown
	}
	return tv.status
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

// addTransfers appends the transfers of one sentence, dropping
// restatements of a transfer recorded from an earlier sentence: same
// category and sides, where a side the new statement leaves open matches
// any. Within a sentence, distinct items are distinct transfers ("300,000
// shells and one million rounds").
func addTransfers(have, ts []sitrep.Transfer) []sitrep.Transfer {
	earlier := len(have)
next:
	for _, t := range ts {
		for k, o := range have {
			if o.Category != t.Category || !sideMatch(o.Supplier, t.Supplier) || !sideMatch(o.Recipient, t.Recipient) {
				continue
			}
			if k >= earlier && o.Item != t.Item {
				continue
			}
			continue next
		}
		have = append(have, t)
	}
	return have
}

func sideMatch(have, t string) bool { return t == "" || have == t }
