package coder

import (
	"strings"

	"github.com/sitrep/sitrep"
)

// Attribution: who says an event happened, and how firmly. An event told
// inside a speech report ("Kyiv said Russian jets struck ...") has the
// speaker as its source and the report's certainty (said: reported;
// claimed, accused: alleged; denied: denied). An event the text tells
// itself is the outlet's, asserted, unless an adverb hedges it
// ("reportedly", "allegedly"). A speech act is itself the outlet's: that
// Iran accused Israel is what the text asserts.

// hedges are adverbs that make the text relay a claim.
var hedges = map[string]string{
	"reportedly": sitrep.CertaintyReported, "allegedly": sitrep.CertaintyAlleged,
	"purportedly": sitrep.CertaintyAlleged, "apparently": sitrep.CertaintyReported,
	"supposedly": sitrep.CertaintyAlleged, "ostensibly": sitrep.CertaintyAlleged,
}

// attribute sets the source and certainty of candidate c's event.
func (s *sentence) attribute(c *candidate, outlet string) {
	ev := &c.ev
	ev.Source = &sitrep.Source{Name: outlet, Kind: sitrep.SourceDocument}
	ev.Certainty = sitrep.CertaintyAsserted
	th := c.triggerHead()
	sp := c.speech // an implied act is the speaker's own
	if sp == nil {
		sp = s.speechOf(th)
	}
	if sp != nil && c.speech == nil {
		ev.Certainty = sp.certainty
		if len(sp.speaker) > 0 {
			p := sp.speaker[0]
			name := p.m.Name
			if name == "" || p.ref {
				name = p.m.Text
			}
			if p.ref && p.m.Name != "" {
				name = p.m.Name
			}
			ev.Source = &sitrep.Source{Name: name, Country: p.m.Country, Sector: sectorOf(p), Kind: sitrep.SourceSpeaker}
		}
	}
	// "reportedly", "allegedly" in the trigger's clause.
	t := s.dep
	for x := th; x >= 0; x = t.head[x] {
		for _, ch := range t.children[x] {
			if h, ok := hedges[s.lower[ch]]; ok && t.toks[ch].Rel == "advmod" {
				if ev.Certainty == sitrep.CertaintyAsserted || h == sitrep.CertaintyAlleged {
					ev.Certainty = h
				}
			}
		}
		if r := t.toks[x].Rel; r == "ccomp" || r == "parataxis" || r == "root" || t.head[x] < 0 {
			break
		}
	}
}

// sectorOf returns a participant's sector as an actor would carry it.
func sectorOf(p participant) string {
	as := actors([]participant{p})
	if len(as) == 0 {
		return ""
	}
	return as[0].Sector
}

// denials links the events that a document's denials contradict: an event
// told inside what someone denies ("Iran denied supplying drones") is
// contradicted by the denial, and so is an accusation or claimed act whose
// accused side later rejects it. It sets ContradictedBy to local event
// IDs; evs are the document's final events, in order.
func denials(evs []sitrep.Event, in []*coded) {
	for i := range evs {
		r := &evs[i]
		if r.Type != "REJECT" || len(r.Actor) == 0 {
			continue
		}
		for j := range evs {
			if i == j {
				continue
			}
			o := &evs[j]
			switch {
			// Told inside the denial's own sentence, under a denial.
			case o.Certainty == sitrep.CertaintyDenied && o.Sentence == r.Sentence:
			// An accusation of the side that rejects it.
			case o.Type == "ACCUSE" && shareCountry(o.Recipient, r.Actor) && j < i+3:
			// An act claimed of the side that rejects it, reported by
			// another side.
			case o.Certainty == sitrep.CertaintyAlleged && shareCountry(o.Actor, r.Actor) && !shareCountry(o.Actor, sourceSide(o)):
			default:
				continue
			}
			id := sitrep.LocalEventID(i + 1)
			if !containsString(o.ContradictedBy, id) {
				o.ContradictedBy = append(o.ContradictedBy, id)
			}
		}
	}
	_ = in
}

func shareCountry(a, b []sitrep.Actor) bool {
	for _, x := range a {
		for _, y := range b {
			if x.Country != "" && x.Country == y.Country {
				return true
			}
		}
	}
	return false
}

func sourceSide(ev *sitrep.Event) []sitrep.Actor {
	if ev.Source == nil || ev.Source.Country == "" {
		return nil
	}
	return []sitrep.Actor{{Country: ev.Source.Country}}
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

var _ = strings.ToLower
