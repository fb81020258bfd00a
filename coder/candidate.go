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
}

// object records an objection to coding the candidate.
func (c *candidate) object(why string) { c.why = append(c.why, why) }

// ok reports whether the rules accept the candidate.
func (c *candidate) ok() bool { return len(c.why) == 0 }
