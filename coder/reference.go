package coder

import (
	"strings"

	"github.com/sitrep/sitrep"
)

// A speech act aimed at an event takes that event's participants: who
// "condemned the attack" accuses whoever made the attack; who "denied the
// accusations" rejects whoever made them; who "welcomed the deal" supports
// its parties. The event is one the sentence itself tells (its trigger is
// the object) or one told earlier in the document.

// referringTypes are the speech acts whose object may be an event.
var referringTypes = map[string]bool{"ACCUSE": true, "REJECT": true, "SUPPORT": true, "REQUEST": false,
	"THREATEN": false}

// claimNouns are what a denial rejects: the claim, whose maker receives it.
var claimNouns = map[string]bool{"accusation": true, "accusations": true, "allegation": true,
	"allegations": true, "claim": true, "claims": true, "report": true, "reports": true, "charge": true,
	"charges": true, "assertion": true, "assertions": true, "suggestion": true, "suggestions": true,
	// What is rejected may also be a proposal: its maker receives it.
	"offer": true, "offers": true, "proposal": true, "proposals": true, "plan": true, "demand": true,
	"demands": true, "request": true, "requests": true, "bid": true, "initiative": true, "call": true,
	"calls": true, "appeal": true, "appeals": true, "ultimatum": true}

// eventNouns refer to an act without naming its type ("the move", "the
// incident") besides the lexicon's event nouns.
var eventNouns = map[string]bool{"move": true, "incident": true, "action": true, "actions": true,
	"decision": true, "step": true, "operation": true, "act": true, "acts": true}

// referent returns the participants of the event that the object of the
// speech act at token i refers to, to be its recipient; nil when the
// object is no event.
func (s *sentence) eventReferent(i int, typ string) []participant {
	if !referringTypes[typ] {
		return nil
	}
	t := s.dep
	obj := t.child(i, "obj")
	if obj < 0 {
		obj = t.oblWith(i, "of", "over", "for", "against")
	}
	// The tagger sometimes reads "rejecting accusations" as a preposition
	// and its object.
	if obj < 0 && (t.toks[i].Rel == "case" || t.toks[i].Rel == "mark") {
		obj = t.head[i]
	}
	if obj < 0 || t.toks[obj].UPOS != "NOUN" {
		return nil
	}
	w := s.lower[obj]
	if typ == "REJECT" && claimNouns[w] {
		// "rejecting accusations made by the US ambassador": the maker.
		if acl := t.child(obj, "acl"); acl >= 0 {
			if by := s.groupAt(t.oblWith(acl, "by")); by != nil {
				return by
			}
		}
		if by := s.groupAt(t.oblWith(obj, "by", "from")); by != nil {
			return by
		}
		if g := s.groupAt(t.child(obj, "nmod:poss")); g != nil {
			return g
		}
		if s.disc != nil {
			if ev := s.disc.lastEvent(func(ev sitrep.Event) bool { return ev.Type == "ACCUSE" }); ev != nil {
				return referenceParts(ev.Actor, s, obj)
			}
		}
		return nil
	}
	return s.nounReferent(obj)
}

// nounReferent returns the doers of the event that noun obj names ("the
// attack", "Russia's invasion", "the move"): its owner if named, else an
// event of this sentence or the latest fitting one of the document; nil
// when obj names no event.
func (s *sentence) nounReferent(obj int) []participant {
	if obj < 0 || s.dep.toks[obj].UPOS != "NOUN" {
		return nil
	}
	if !s.lex.nounFirst[s.stems[obj]] && !eventNouns[s.lower[obj]] {
		return nil
	}
	// The owner of the event noun, if named: "Russia's invasion".
	if g := s.ownerOf(obj); g != nil {
		return g
	}
	// An event of this sentence whose trigger is the object.
	for _, c := range s.cands {
		if c.triggerHead() == obj && len(c.actor) > 0 {
			return c.actor
		}
	}
	// The latest event of the document it can be.
	if s.disc == nil {
		return nil
	}
	nounType := ""
	for _, p := range s.lex.byFirst[s.stems[obj]] {
		if p.flags["noun"] && p.typ != noEvent {
			nounType = p.typ
			break
		}
	}
	ev := s.disc.lastEvent(func(ev sitrep.Event) bool {
		if nounType != "" {
			return ev.Type == nounType
		}
		return sitrep.QuadOf(ev.Type) == sitrep.QuadMaterialConflict || ev.Type == "SANCTION"
	})
	if ev == nil {
		return nil
	}
	return referenceParts(ev.Actor, s, obj)
}

// referenceParts turns an earlier event's side into participants standing
// at token at, where the sentence refers to the event.
func referenceParts(side []sitrep.Actor, s *sentence, at int) []participant {
	var out []participant
	for _, a := range side {
		if a.Country == "" {
			continue
		}
		m := sitrep.Mention{Kind: sitrep.KindState, ID: a.Country, Country: a.Country, Sector: a.Sector,
			Name: a.Name, Start: s.toks[at].Start, End: s.toks[at].End, Text: s.toks[at].Text}
		out = append(out, participant{m: m, start: at, end: at + 1, ref: true})
	}
	return out
}

// lastEvent returns the latest event coded so far that ok accepts, within
// the last three sentences.
func (d *discourse) lastEvent(ok func(sitrep.Event) bool) *sitrep.Event {
	for k := len(d.events) - 1; k >= 0; k-- {
		if ok(d.events[k]) {
			return &d.events[k]
		}
	}
	return nil
}

var _ = strings.ToLower
