package coder

import "github.com/sitrep/sitrep"

// candidate is one trigger match with the event the rules would code from
// it and the rules' objections to coding it at all. The rules accept a
// candidate without objections; a learned model, when present, weighs the
// objections with everything else it knows about the candidate.
type candidate struct {
	m            patternMatch
	ev           sitrep.Event
	why          []string // objections, such as "negated" or "modal"
	intent       bool     // a stated intent recoded as a promise or threat
	passive      bool
	actor, recip []participant
	speech       *speech // for an implied act, the speech that implies it
	accept       bool    // the decision: code it
	p            float64 // the event model's probability, when it decided
}

// hard reports an objection that no model overrules: a phrase listed as
// stating no event, a question, an act that was refused or failed ("refused
// to sign"), no one to code it for, a verb that needs an object used
// without one ("returned to Brazil"), harm done by nature ("an
// earthquake killed eight people"), a call that names ("what he called
// lies"), an event still awaited ("ahead of the summit"), a trigger that is
// part of a name ("Storm Sinlaku"), or what a protest demands or denounces.
func (c *candidate) hard() bool {
	for _, w := range c.why {
		switch w {
		case "no-event phrase", "question", "refused", "no participants", "no protesters", "no object", "disaster", "naming", "upcoming", "name", "protest content":
			return true
		}
	}
	return false
}

// object records an objection to coding the candidate.
func (c *candidate) object(why string) { c.why = append(c.why, why) }

// ok reports whether the rules accept the candidate.
func (c *candidate) ok() bool { return len(c.why) == 0 }
