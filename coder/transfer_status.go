package coder

import (
	"strings"

	"github.com/sitrep/sitrep"
)

// The status and date of a transfer.

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
		// A clause of its own, or a conjunct, has its own status; so has a
		// participle ("the use of vehicles donated by Washington").
		if r == "acl:relcl" || r == "parataxis" || r == "root" || r == "nsubj" || r == "csubj" || r == "conj" && x == i && !noun ||
			r == "acl" && strings.HasSuffix(t.toks[x].XPOS, "VBN") {
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

// trDate is the date of a transfer's clause: the date nearest its trigger
// in the trigger's clause, else in the clauses it hangs on ("On 3 March,
// Egypt signed a deal to buy": the signing's), else in the phrase of the
// goods ("tanks to Ukraine on Friday", however parsed).
func (s *sentence) trDate(trig int, items []trItem) string {
	if d := s.dateFor(trig); d != "" {
		return d
	}
	t := s.dep
	x := trig
	for steps := 0; steps < 5; steps++ {
		r := t.toks[x].Rel
		h := t.head[x]
		if h < 0 || r == "ccomp" || r == "parataxis" || r == "acl:relcl" || r == "root" {
			break
		}
		x = h
		if d := s.dateFor(x); d != "" {
			return d
		}
	}
	for _, it := range items {
		if d := s.dateFor(s.mentionHead(it.e)); d != "" {
			return d
		}
	}
	return ""
}
