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
		// "a photo provided by the ministry" is no transfer.
		if i+1 < len(s.lower) && s.lower[i+1] == "by" {
			continue
		}
		items := s.itemsAfter(i)
		if len(items) == 0 {
			continue
		}
		var subject, other []participant
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
// merging adjacent mentions ("Su-35 fighter jets") into one item.
func (s *sentence) itemsAfter(i int) []participant {
	var out []participant
	for _, e := range s.equipment {
		if e.start <= i || e.start-i > 12 || s.breakBetween(i+1, e.start) {
			continue
		}
		if n := len(out); n > 0 && e.start-out[n-1].end <= 1 {
			out[n-1].end = e.end
			continue
		}
		out = append(out, e)
	}
	return out
}

// withBefore finds "an agreement with Russia to purchase": a participant
// after "with" earlier in the clause.
func (s *sentence) withBefore(i int) []participant {
	for k := len(s.parts) - 1; k >= 0; k-- {
		p := s.parts[k]
		if p.end > i || i-p.end > 6 {
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

// addTransfers appends ts, dropping restatements of a transfer already
// recorded (same sides and category).
func addTransfers(have, ts []sitrep.Transfer) []sitrep.Transfer {
next:
	for _, t := range ts {
		for _, o := range have {
			if o.Supplier == t.Supplier && o.Recipient == t.Recipient && o.Category == t.Category {
				continue next
			}
		}
		have = append(have, t)
	}
	return have
}
