package coder

import (
	"strings"

	"github.com/sitrep/sitrep"
)

// discourse is what the coder remembers of a document while it reads it,
// sentence by sentence: the actors named so far, for the pronouns and
// descriptions that refer back to them ("it", "he", "the ministry", "the
// two countries").
type discourse struct {
	refs   []referent // oldest first
	groups int        // the last group id handed out
	// events are the latest events coded, for speech acts that refer to
	// them ("condemned the attack").
	events []sitrep.Event
	// seen counts the events the rules coded so far, by type and by
	// type|actor countries|recipient countries.
	seen map[string]int
}

// referent is one actor named in the text.
type referent struct {
	m       sitrep.Mention
	sent    int  // sentence index
	subject bool // named as a clause's subject: the likelier antecedent
	person  bool
	plural  bool
}

// personNouns are agent nouns for one person, which "he" or "she" may take
// up.
var personNouns = map[string]bool{"president": true, "minister": true, "leader": true, "spokesman": true,
	"spokeswoman": true, "spokesperson": true, "premier": true, "ambassador": true, "envoy": true,
	"chancellor": true, "king": true, "emir": true, "prince": true, "commander": true, "general": true,
	"governor": true, "mayor": true, "senator": true, "lawmaker": true, "diplomat": true, "official": true,
	"secretary": true, "chief": true, "head": true, "counterpart": true, "monarch": true, "sultan": true}

// remember adds the actors of a finished sentence to the discourse.
func (d *discourse) remember(s *sentence) {
	for _, p := range s.parts {
		if p.m.Country == "" || p.locative || p.m.Kind == sitrep.KindEquipment {
			continue
		}
		r := referent{m: p.m, sent: s.index}
		if h := s.headOf(p); h >= 0 {
			rel := s.toks[h].Rel
			r.subject = rel == "nsubj" || rel == "nsubj:pass"
		}
		last := strings.ToLower(s.toks[p.end-1].Text)
		switch {
		case p.m.Kind == sitrep.KindPerson:
			r.person = true
		case p.m.Kind == sitrep.KindAgent && personNouns[last]:
			r.person = true
		case p.m.Kind == sitrep.KindAgent && p.m.ID == "unknown":
			r.person = true // most unknown proper names in news are people
		case p.m.Kind == sitrep.KindAgent || p.m.Kind == sitrep.KindArmedGroup:
			r.plural = strings.HasSuffix(last, "s") && !strings.HasSuffix(last, "ss")
		}
		if p.group == 0 {
			k := indexOfPart(s.parts, p)
			if k >= 0 && len(s.coordinated(k)) > 1 {
				r.plural = true
			}
		}
		d.refs = append(d.refs, r)
	}
	// No one looks further back than maxLookBack sentences (find,
	// distinctCountries): what is older goes, so that a long text does not
	// keep a referent for every name in it. Moved down only when more
	// than half has gone, to copy each referent a bounded number of times.
	old := 0
	for old < len(d.refs) && d.refs[old].sent < s.index-maxLookBack {
		old++
	}
	if old > len(d.refs)/2 {
		d.refs = append(d.refs[:0], d.refs[old:]...)
	}
}

// maxLookBack is the most sentences back that a referent is looked for.
const maxLookBack = 3

func indexOfPart(ps []participant, p participant) int {
	for k := range ps {
		if ps[k].start == p.start && ps[k].end == p.end && ps[k].m.Start == p.m.Start && ps[k].m.ID == p.m.ID {
			return k
		}
	}
	return -1
}

// find returns the most recent referent within back (at most maxLookBack)
// sentences of sentence now that ok accepts, preferring the subjects of the
// latest sentence that has any acceptable referent.
func (d *discourse) find(now, back int, ok func(referent) bool) *referent {
	for k := len(d.refs) - 1; k >= 0; k-- {
		r := &d.refs[k]
		if now >= 0 && r.sent < now-back {
			break
		}
		if !ok(*r) {
			continue
		}
		// A subject of the same sentence beats a later non-subject.
		for j := k - 1; j >= 0 && d.refs[j].sent == r.sent; j-- {
			if d.refs[j].subject && !r.subject && ok(d.refs[j]) {
				return &d.refs[j]
			}
		}
		return r
	}
	return nil
}

// distinctCountries returns the last n distinct countries of state-like
// referents, most recent last, for "the two countries".
func (d *discourse) distinctCountries(now, n int) []referent {
	var out []referent
	seen := map[string]bool{}
	for k := len(d.refs) - 1; k >= 0 && len(out) < n; k-- {
		r := d.refs[k]
		if r.sent < now-maxLookBack || r.m.Country == "IGO" || seen[r.m.Country] {
			continue
		}
		if r.m.Kind != sitrep.KindState && r.m.Kind != sitrep.KindPerson && r.m.Kind != sitrep.KindInstitution {
			continue
		}
		seen[r.m.Country] = true
		out = append(out, r)
	}
	if len(out) < n {
		return nil
	}
	return out
}

// pronoun classes.
const (
	proPerson = iota + 1
	proThing
	proPlural
	proSpeaker
)

var pronouns = map[string]int{
	"he": proPerson, "him": proPerson, "his": proPerson, "she": proPerson, "her": proPerson,
	"it": proThing, "its": proThing,
	"they": proPlural, "them": proPlural, "their": proPlural,
	"we": proSpeaker, "us": proSpeaker, "our": proSpeaker, "i": proSpeaker, "my": proSpeaker, "me": proSpeaker,
}

// groupNouns head descriptions that refer back to an armed group or
// movement named before ("the group", "the militants").
var groupNouns = map[string]bool{"group": true, "movement": true, "militia": true, "organisation": true,
	"organization": true, "outfit": true, "militants": true, "rebels": true, "insurgents": true,
	"fighters": true, "jihadists": true, "faction": true}

// stateNouns head descriptions that refer back to a state.
var stateNouns = map[string]bool{"country": true, "kingdom": true, "nation": true, "republic": true,
	"emirate": true, "island": true, "state": true}

// pairNouns follow "the two" or "both" for the two states last named.
var pairNouns = map[string]bool{"countries": true, "nations": true, "sides": true, "neighbours": true,
	"neighbors": true, "leaders": true, "governments": true, "presidents": true, "states": true,
	"militaries": true, "armies": true, "powers": true, "rivals": true, "allies": true, "capitals": true,
	"parties": true, "delegations": true, "ministers": true}

// resolve adds a participant for each pronoun and description that refers
// back to an actor, and gives generic agents introduced by "the" the
// country of the actor they take up. Speakers must be known ("we").
func (s *sentence) resolve(d *discourse) {
	if d == nil {
		return
	}
	taken := make([]bool, len(s.toks))
	for _, p := range s.parts {
		for i := p.start; i < p.end; i++ {
			taken[i] = true
		}
	}
	var added []participant
	add := func(i, j int, rs ...referent) {
		g := 0
		if len(rs) > 1 {
			d.groups++
			g = d.groups
		}
		for _, r := range rs {
			m := r.m
			m.Start, m.End, m.Text = s.toks[i].Start, s.toks[j-1].End, s.doc[s.toks[i].Start:s.toks[j-1].End]
			added = append(added, participant{m: m, start: i, end: j, ref: true, group: g, locative: i > 0 && s.isLocativeBefore(i)})
		}
		for k := i; k < j; k++ {
			taken[k] = true
		}
	}
	for i, tok := range s.toks {
		if taken[i] {
			continue
		}
		w := s.lower[i]
		// "the two countries", "both sides".
		if (w == "two" && i > 0 && s.lower[i-1] == "the" || w == "both") && i+1 < len(s.toks) && pairNouns[s.lower[i+1]] {
			if rs := d.distinctCountries(s.index, 2); rs != nil {
				add(i, i+2, rs[1], rs[0])
			}
			continue
		}
		cls := pronouns[w]
		if cls == 0 || (tok.UPOS != "PRON" && tok.UPOS != "DET") || tok.Rel == "expl" {
			if i > 0 && (s.lower[i-1] == "the" || s.lower[i-1] == "this") && tok.UPOS == "NOUN" {
				s.resolveDescription(d, i, add)
			}
			continue
		}
		// A possessive before an agent noun gives it the country instead:
		// "its troops", "their forces".
		if (w == "its" || w == "their" || w == "his" || w == "her" || w == "our") && i+1 < len(s.toks) {
			if k := s.partStartingAt(i + 1); k >= 0 && s.parts[k].m.Kind == sitrep.KindAgent && s.parts[k].m.Country == "" {
				if r := s.antecedent(d, i, cls); r != nil {
					s.parts[k].m.Country = r.m.Country
				}
				continue
			}
		}
		// Other possessives count only before an event noun: "its attack
		// on", not "its ally, Russia".
		if tok.Rel == "nmod:poss" || tok.XPOS == "PRP$" {
			h := s.dep.head[i]
			if h < 0 || s.lex == nil || !s.lex.nounFirst[s.stems[h]] {
				continue
			}
		}
		if r := s.antecedent(d, i, cls); r != nil {
			add(i, i+1, *r)
		}
	}
	if len(added) > 0 {
		s.parts = append(s.parts, added...)
		sortParts(s.parts)
	}
}

// resolveDescription handles "the ministry", "the group", "the country"
// at noun i.
func (s *sentence) resolveDescription(d *discourse, i int, add func(int, int, ...referent)) {
	w := s.lower[i]
	switch {
	case groupNouns[w]:
		if r := d.find(s.index, 3, func(r referent) bool {
			return r.m.Kind == sitrep.KindArmedGroup || r.m.Sector == "REB"
		}); r != nil {
			add(i-1, i+1, *r)
		}
	case stateNouns[w]:
		if r := d.find(s.index, 2, func(r referent) bool { return r.m.Kind == sitrep.KindState }); r != nil {
			add(i-1, i+1, *r)
		}
	}
}

// partStartingAt returns the participant that starts at token i, or -1.
func (s *sentence) partStartingAt(i int) int {
	for k, p := range s.parts {
		if p.start == i {
			return k
		}
	}
	return -1
}

// antecedent finds what the pronoun at token i of class cls stands for:
// the speaker for "we" and, inside what someone said, for a pronoun that
// fits them ("Russia said it struck"); else the latest fitting actor of
// this sentence or the three before.
func (s *sentence) antecedent(d *discourse, i, cls int) *referent {
	fits := func(r referent) bool {
		switch cls {
		case proPerson:
			return r.person
		case proThing:
			// "sanctions on China's military for its purchase": a body
			// of one owns things as an it.
			return !r.person && !r.plural && (r.m.Kind != sitrep.KindAgent || s.lower[i] == "its")
		case proPlural:
			return r.plural || r.m.Kind == sitrep.KindArmedGroup
		}
		return false
	}
	if sp := s.speechOf(i); sp != nil && len(sp.speaker) > 0 && sp.speaker[0].start > i || sp != nil && len(sp.speaker) > 0 && sp.speaker[0].end <= i {
		r := referent{m: sp.speaker[0].m, person: sp.speaker[0].m.Kind == sitrep.KindPerson}
		if k := sp.speaker[0].m.Kind; k == sitrep.KindAgent || k == sitrep.KindArmedGroup {
			r.person = k == sitrep.KindAgent && personNouns[strings.ToLower(s.toks[sp.speaker[0].end-1].Text)]
			r.plural = !r.person && s.pluralPart(sp.speaker[0])
		}
		if r.m.Country != "" && (cls == proSpeaker || fits(r) || cls == proPlural && len(sp.speaker) > 1) {
			return &r
		}
	}
	if cls == proSpeaker {
		return nil
	}
	// Earlier in this sentence: "Iran said it would".
	for k := len(s.parts) - 1; k >= 0; k-- {
		p := s.parts[k]
		if p.end > i || p.m.Country == "" || p.locative || p.m.Kind == sitrep.KindEquipment {
			continue
		}
		r := referent{m: p.m, person: p.m.Kind == sitrep.KindPerson || p.m.Kind == sitrep.KindAgent && personNouns[strings.ToLower(s.toks[p.end-1].Text)]}
		if p.m.Kind == sitrep.KindAgent || p.m.Kind == sitrep.KindArmedGroup {
			r.plural = s.pluralPart(p)
		}
		if fits(r) {
			return &r
		}
	}
	return d.find(s.index, 3, fits)
}

// pluralPart reports whether participant p, an agent or group, names
// many: its last word is plural, or it modifies a plural noun ("Thai
// military sources").
func (s *sentence) pluralPart(p participant) bool {
	plural := func(w string) bool { return strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") }
	if s.dep != nil && p.end < len(s.dep.head) {
		if h := s.dep.head[p.end-1]; h == p.end && s.toks[h].UPOS == "NOUN" {
			return plural(s.lower[h])
		}
	}
	return plural(s.lower[p.end-1])
}

// headOf returns the token that heads participant p in the parse: the
// token of p whose head lies outside p.
func (s *sentence) headOf(p participant) int {
	t := s.dep
	for i := p.start; i < p.end && i < len(t.head); i++ {
		if h := t.head[i]; h < p.start || h >= p.end {
			return i
		}
	}
	return -1
}

// fillDescriptions gives an agent named with "the" and no country ("the
// ministry", "the army", "the president") the country of the actor it most
// likely takes up.
func (s *sentence) fillDescriptions(d *discourse) {
	if d == nil {
		return
	}
	for k := range s.parts {
		p := &s.parts[k]
		if p.m.Country != "" || p.ref || (p.m.Kind != sitrep.KindAgent && p.m.Kind != sitrep.KindInstitution) || p.start == 0 {
			continue
		}
		if w := s.lower[p.start-1]; w != "the" && w != "this" {
			continue
		}
		sector := p.m.Sector
		r := d.find(s.index, 2, func(r referent) bool {
			if r.m.Country == "IGO" {
				return false
			}
			switch sector {
			case "REB":
				return r.m.Kind == sitrep.KindArmedGroup || r.m.Sector == "REB"
			case "CVL", "MED", "BUS", "NGO":
				return false
			}
			return r.m.Kind == sitrep.KindState || r.m.Sector == "GOV" || r.m.Sector == "MIL" || r.m.Sector == "POL"
		})
		if r != nil {
			p.m.Country = r.m.Country
		}
	}
}
