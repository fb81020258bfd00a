package coder

import (
	"strings"

	"github.com/sitrep/sitrep"
)

// coded is an event on its way out of the coder, with what the coder
// knows about it and every statement of it in the document.
type coded struct {
	ev       sitrep.Event
	meta     eventMeta
	mentions []mention
}

// mention is one statement of an event: a sentence (-1 for the title) and
// its byte offsets.
type mention struct {
	sentence, start, end int
	text                 string
}

func newCoded(ev sitrep.Event, m eventMeta) *coded {
	return &coded{ev: ev, meta: m, mentions: []mention{{ev.Sentence, ev.Start, ev.End, ev.Evidence}}}
}

// merge folds restatements into the event they restate, in document order
// (the title last): the headline and the body, "the strike" after "an
// Israeli airstrike", a casualty sentence after the attack. The first
// statement in the body stays the event's evidence; a restatement fills
// what it left open (a side, the date, the place).
func merge(all []*coded) []*coded {
	var out []*coded
next:
	for _, e := range all {
		for _, o := range out {
			if restates(o, e) {
				o.absorb(e)
				continue next
			}
		}
		out = append(out, e)
	}
	return out
}

// restates reports whether e states the same event as o: same type, sides
// that agree where both are known and share at least one country, dates
// and places that do not conflict, and, for aid, the same kind of goods.
func restates(o, e *coded) bool {
	if o.ev.Type != e.ev.Type {
		return false
	}
	// Statements are many: an accusation repeated in another sentence is
	// usually another accusation. Only the headline or the same sentence
	// restates one. Meetings and agreements between the same parties are
	// the exception: "the talks", "the agreement" later in a story are the
	// ones it told.
	if verbal[e.ev.Type] && o.ev.Sentence >= 0 && e.ev.Sentence >= 0 && o.ev.Sentence != e.ev.Sentence &&
		(!meetings[e.ev.Type] || !sameParties(o.ev, e.ev)) {
		return false
	}
	if e.ev.Type == "AID" && e.meta.goods != "" && o.meta.goods != "" && !overlaps(e.meta.goods, o.meta.goods) {
		return false
	}
	sides := func(a1, r1, a2, r2 []sitrep.Actor) bool {
		okA, sharedA := sidesAgree(a1, a2)
		okR, sharedR := sidesAgree(r1, r2)
		return okA && okR && (sharedA || sharedR)
	}
	if !sides(o.ev.Actor, o.ev.Recipient, e.ev.Actor, e.ev.Recipient) &&
		!((o.ev.Symmetric || e.ev.Symmetric) && sides(o.ev.Actor, o.ev.Recipient, e.ev.Recipient, e.ev.Actor)) {
		return false
	}
	if !datesAgree(o.ev.Date, e.ev.Date) {
		return false
	}
	if l1, l2 := o.ev.Location, e.ev.Location; l1 != nil && l2 != nil {
		if l1.Lat != nil && l2.Lat != nil {
			if distanceKm(*l1.Lat, *l1.Lon, *l2.Lat, *l2.Lon) > 50 {
				return false
			}
		} else if l1.Name != l2.Name {
			return false
		}
	}
	return true
}

// meetings are the verbal types that a story restates across sentences.
var meetings = map[string]bool{"CONSULT": true, "AGREE": true}

// verbal types are statements rather than acts.
var verbal = map[string]bool{"ACCUSE": true, "REJECT": true, "THREATEN": true, "REQUEST": true,
	"SUPPORT": true, "AGREE": true, "CONSULT": true}

// sidesAgree compares one side of two events: they agree when either is
// unknown or they share a country; shared says they are both known.
func sidesAgree(a, b []sitrep.Actor) (ok, shared bool) {
	ka, kb := countryKey(known(a)), countryKey(known(b))
	if ka == "" || kb == "" {
		return true, false
	}
	for _, x := range strings.Split(ka, ",") {
		for _, y := range strings.Split(kb, ",") {
			if x == y {
				return true, true
			}
		}
	}
	return false, false
}

// known drops the sides the coder guessed ("unidentified" attackers of
// the country where violence happened): they agree with any other.
func known(side []sitrep.Actor) []sitrep.Actor {
	for _, a := range side {
		if a.Name != "unidentified" {
			return side
		}
	}
	return nil
}

// datesAgree reports whether two dates (YYYY, YYYY-MM or YYYY-MM-DD) can
// be the same day.
func datesAgree(a, b string) bool {
	if a == "" || b == "" {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	return strings.HasPrefix(b, a)
}

// absorb adds restatement e to o.
func (o *coded) absorb(e *coded) {
	// A headline restated in the body: the body is the evidence.
	if o.ev.Sentence < 0 && e.ev.Sentence >= 0 {
		o.ev, e.ev = e.ev, o.ev
		o.meta, e.meta = e.meta, o.meta
		o.mentions = append(e.mentions, o.mentions...)
	} else {
		o.mentions = append(o.mentions, e.mentions...)
	}
	ev := &o.ev
	if countryKey(known(ev.Actor)) == "" && countryKey(known(e.ev.Actor)) != "" {
		ev.Actor = e.ev.Actor
	}
	if countryKey(ev.Recipient) == "" && countryKey(e.ev.Recipient) != "" {
		ev.Recipient = e.ev.Recipient
	}
	if len(e.ev.Date) > len(ev.Date) && datesAgree(ev.Date, e.ev.Date) {
		ev.Date = e.ev.Date
	}
	if ev.Location == nil || ev.Location.Lat == nil && e.ev.Location != nil && e.ev.Location.Lat != nil {
		if e.ev.Location != nil {
			ev.Location = e.ev.Location
		}
	}
	if ev.Mode == "" {
		ev.Mode = e.ev.Mode
	}
	ev.Symmetric = ev.Symmetric || e.ev.Symmetric
}

// foldNested drops an act of violence or coercion told in a clause that
// modifies another of the same type in the sentence: "strikes that killed
// six members", "an attack killing 20", "raids in which dozens were
// detained" tell one event, not two. The clause's recipient fills the
// outer event's when it has none.
func (s *sentence) foldNested() {
	t := s.dep
	for _, cd := range s.cands {
		if !cd.accept || (cd.ev.Type != "ASSAULT" && cd.ev.Type != "COERCE") {
			continue
		}
		x := cd.triggerHead()
		for n := 0; n < 2; n++ {
			r := t.toks[x].Rel
			if r != "acl" && r != "acl:relcl" && r != "advcl" {
				break
			}
			x = t.head[x]
			if x < 0 {
				break
			}
			if o := s.acceptedAt(x, cd); o != nil && o.ev.Type == cd.ev.Type {
				cd.accept = false
				if len(o.ev.Recipient) == 0 && len(cd.ev.Recipient) > 0 && !shareCountry(o.ev.Actor, cd.ev.Recipient) {
					o.ev.Recipient = cd.ev.Recipient
				}
				break
			}
		}
	}
}

// acceptedAt returns the accepted candidate other than not whose trigger
// is headed at token x.
func (s *sentence) acceptedAt(x int, not *candidate) *candidate {
	for _, o := range s.cands {
		if o != not && o.accept && o.triggerHead() == x {
			return o
		}
	}
	return nil
}

// sameParties reports whether two events have the same countries on
// their sides, in either order.
func sameParties(a, b sitrep.Event) bool {
	a1, a2 := countryKey(a.Actor), countryKey(a.Recipient)
	b1, b2 := countryKey(b.Actor), countryKey(b.Recipient)
	return a1 == b1 && a2 == b2 || a1 == b2 && a2 == b1
}
