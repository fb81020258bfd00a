package coder

import (
	"strconv"
	"strings"

	"github.com/sitrep/sitrep"
)

// eventFeatures describes a candidate for the event model, which decides
// whether the trigger states an event of the candidate's type. The features
// are general — the trigger, its syntax, what governs it, the rules'
// objections and what they found — so that what is learned carries over to
// texts no rule was written for.
func (s *sentence) eventFeatures(c *candidate, f *feats) {
	t := s.dep
	typ := c.ev.Type
	if typ == "" {
		typ = c.m.p.typ
	}
	head := c.m.start
	if c.m.p.flags["noun"] {
		head = c.m.end
	}
	tok := t.toks[head]
	f.add("bias", "")
	f.add("type", typ)
	f.add("rule", c.m.p.rule)
	f.cross(typ, "stem", s.stems[head])
	f.cross(typ, "pos", tok.XPOS)
	f.cross(typ, "rel", tok.Rel)
	kind := "verb"
	if c.m.p.flags["noun"] {
		kind = "noun"
	}
	f.cross(typ, "kind", kind)
	for fl := range c.m.p.flags {
		f.add("flag", fl)
	}
	for _, why := range c.why {
		f.cross(typ, "why", why)
	}
	f.addIf(len(c.why) == 0, "rules-accept")
	f.addIf(c.intent, "intent")
	f.addIf(c.passive, "passive")
	// What governs the trigger: "condemned the attack", "plans to visit".
	if h := t.head[head]; h >= 0 {
		f.cross(typ, "gov", strings.ToLower(t.toks[h].Lemma)+"/"+tok.Rel)
		f.add("govpos", t.toks[h].UPOS+"/"+tok.Rel)
		if _, ok := speechLemmas[strings.ToLower(t.toks[h].Lemma)]; ok {
			f.add("gov-speech", tok.Rel)
		}
	} else {
		f.add("gov", "root")
	}
	// An event noun is an event when a light verb carries it ("held
	// talks", "signed an agreement") or it is a clause's subject ("talks
	// began"); after a preposition ("after talks", "under the agreement")
	// or as another verb's object ("secure a truce") it names one told
	// elsewhere, planned or hoped for.
	if tok.UPOS == "NOUN" {
		h := t.head[head]
		switch {
		case h >= 0 && lightVerbs[stem(t.toks[h].Lemma)] && (tok.Rel == "obj" || tok.Rel == "nsubj:pass"):
			f.cross(typ, "noun-role", "light")
		case tok.Rel == "nsubj" || tok.Rel == "nsubj:pass" || tok.Rel == "root":
			f.cross(typ, "noun-role", "subject")
		case tok.Rel == "obl" || tok.Rel == "nmod" || tok.Rel == "obl:tmod":
			f.cross(typ, "noun-role", "adjunct/"+s.caseOf(head))
		case tok.Rel == "obj":
			f.cross(typ, "noun-role", "object")
		default:
			f.cross(typ, "noun-role", tok.Rel)
		}
	}
	// "called the junta illegitimate", "what NATO called the biggest
	// build-up": naming, not calling someone.
	if t.child(head, "xcomp") >= 0 {
		f.cross(typ, "has-xcomp", "")
	}
	// An act told inside another ("accused Rwanda of backing the rebels",
	// "warned that attacks would bring chaos", "summoned the ambassador
	// to protest"): the nearest trigger above it in the parse, and its type.
	nested := "none"
	for x, n := t.head[head], 0; x >= 0 && n < 8; x, n = t.head[x], n+1 {
		for _, o := range s.cands {
			if o != c && o.triggerHead() == x && o.m.p.typ != noEvent {
				nested = o.ev.Type
				if nested == "" {
					nested = o.m.p.typ
				}
				break
			}
		}
		if nested != "none" {
			break
		}
		if _, ok := speechLemmas[strings.ToLower(t.toks[x].Lemma)]; ok {
			nested = "speech"
			break
		}
	}
	f.cross(typ, "nested", nested)
	// Its own dependents: auxiliaries, negation, marks.
	for _, ch := range t.children[head] {
		r := t.toks[ch].Rel
		switch r {
		case "aux", "aux:pass", "mark", "advmod", "det", "case", "nmod:poss", "amod":
			f.cross(typ, "dep", r+"/"+strings.ToLower(t.toks[ch].Lemma))
		case "nsubj", "nsubj:pass", "obj", "iobj", "obl", "obl:agent", "ccomp", "xcomp":
			f.add("has", r)
		}
	}
	// Words around the trigger.
	if c.m.start > 0 {
		f.cross(typ, "w-1", s.lower[c.m.start-1])
	} else {
		f.add("w-1", "<s>")
	}
	if c.m.start > 1 {
		f.add("w-2", s.lower[c.m.start-2])
	}
	if c.m.end+1 < len(s.lower) {
		f.cross(typ, "w+1", s.lower[c.m.end+1])
	}
	// Where in the text.
	switch {
	case s.index < 0:
		f.add("sent", "title")
	case s.index < 3:
		f.add("sent", strconv.Itoa(s.index))
	default:
		f.add("sent", "later")
	}
	f.add("depth", strconv.Itoa(min(s.depth(head), 4)))
	// Speech around it.
	if sp := s.speechOf(head); sp != nil {
		f.cross(typ, "reported", sp.certainty)
		f.addIf(len(sp.speaker) == 0, "reported-unnamed")
		if s.quoted(head) {
			f.cross(typ, "quoted", "")
		}
	}
	if _, ok := speechLemmas[strings.ToLower(tok.Lemma)]; ok {
		f.add("is-speech", "")
	}
	// Modality and negation anywhere in its clause.
	for j := s.clauseStart(head); j < head; j++ {
		w := s.lower[j]
		switch {
		case negators[w]:
			f.cross(typ, "clause-neg", "")
		case w == "will" || w == "would" || w == "could" || w == "may" || w == "might" || w == "should" || w == "must" || w == "can":
			f.cross(typ, "clause-modal", w)
		case w == "if" || w == "unless" || w == "whether":
			f.cross(typ, "clause-cond", w)
		}
	}
	// What the rules found as participants.
	f.cross(typ, "actor", sideKind(c.actor))
	f.cross(typ, "recip", sideKind(c.recip))
	// The rules' sides, not the event's: at training no model has chosen
	// them, and the features must mean the same then and now.
	ka, kr := countryKey(actors(c.actor)), countryKey(actors(c.recip))
	f.addIf(ka != "" && ka == kr, "same-country")
	f.addIf(ka == "" && kr == "", "no-country")
	for _, p := range c.actor {
		f.add("actor-sector", p.m.Sector)
		f.addIf(p.ref, "actor-ref")
	}
	for _, p := range c.recip {
		f.add("recip-sector", p.m.Sector)
	}
	// Was this type coded before in the document?
	if s.disc != nil {
		f.addIf(s.disc.seen[typ] > 0, "seen-type")
		f.addIf(s.disc.seen[typ+"|"+ka+"|"+kr] > 0, "seen-same")
	}
	f.add("ncands", strconv.Itoa(min(len(s.cands), 4)))
	if s.typeP != nil {
		p := s.typeP[typeIndex[typ]]
		f.cross(typ, "sentp", strconv.Itoa(int(p*5)))
		best := 0
		for i, q := range s.typeP {
			if q > s.typeP[best] {
				best = i
			}
		}
		f.addIf(ploverTypes[best] == typ, "sentp-top")
	}
	if c.speech != nil {
		f.cross(typ, "implied-certainty", c.speech.certainty)
		f.add("implied-speaker", sideKind(c.speech.speaker))
	}
}

// sideKind summarises one side found by the rules.
func sideKind(ps []participant) string {
	if len(ps) == 0 {
		return "none"
	}
	p := ps[0]
	k := p.m.Kind
	if p.ref {
		k += "-ref"
	}
	if p.m.Country == "" {
		k += "-nocountry"
	}
	return k
}

// quoted reports whether token i lies between quotation marks.
func (s *sentence) quoted(i int) bool {
	open := false
	for j := 0; j < i && j < len(s.toks); j++ {
		switch s.toks[j].Text {
		case "“", "«":
			open = true
		case "”", "»":
			open = false
		case "\"":
			open = !open
		}
	}
	return open
}

// clauseStart returns the first token of the clause holding token i: just
// after the nearest clause break before it, or 0.
func (s *sentence) clauseStart(i int) int {
	for j := i - 1; j >= 0; j-- {
		if clauseBreak[s.lower[j]] {
			return j + 1
		}
	}
	return 0
}

var _ = sitrep.KindState
