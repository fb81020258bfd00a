package coder

import (
	"strings"

	"github.com/sitrep/sitrep"
)

// Speech often states an act by what it says rather than by a verb of
// accusing, demanding or threatening:
//
//   - an accusation: a judgement ("the landing was utterly unacceptable",
//     "called the junta illegitimate");
//   - a demand: "Libya must hand over the suspects", "X should stop";
//   - a threat: "we will respond by all means", "Pyongyang would face
//     consequences".
//
// impliedActs adds such candidates; like every candidate they are weighed
// by the event model. Their sides come from the speech: the speaker acts,
// the side judged, told what to do or threatened receives.

// Implied-act patterns: their rule names say which reading fired.
var (
	impliedJudgement = &pattern{typ: "ACCUSE", rule: "implied accuse:judgement", flags: map[string]bool{"implied": true}}
	impliedDemand    = &pattern{typ: "REQUEST", mode: "demand", rule: "implied request:must", flags: map[string]bool{"implied": true}}
	impliedThreat    = &pattern{typ: "THREATEN", rule: "implied threaten:will respond", flags: map[string]bool{"implied": true}}
)

// condemning words, stemmed: judgements that accuse whom they are about.
var condemning = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`provocative provocation provocations escalatory
		aggressive aggressiveness aggression illegal illegitimate unlawful unacceptable outrageous
		irresponsible reckless dangerous destabilizing destabilising hostile barbaric brutal
		criminal crime crimes atrocity atrocities terrorist terrorism violation violations
		infringement infringements interference meddling occupation genocide unprofessional unsafe
		baseless groundless fabricated absurd ridiculous shameful disgraceful heinous cowardly
		unjustified unjustifiable nefarious assassin assassins hypocrisy hypocritical blackmail
		extortion sabotage piracy smear slander propaganda lies lie false betrayal reprehensible
		deplorable despicable abhorrent inhumane irrational arrogant arrogance aggressor aggressors
		invaders invader bandit bandits thugs thug puppet puppets regime warmongers warmonger
		belligerent belligerence intimidation bullying coercion coercive expansionism expansionist
		imperialist imperialism colonial colonialism unwarranted unprovoked flagrant blatant
		egregious brazen shameless treacherous appalling`) {
		condemning[stem(w)] = true
	}
}

// namingVerbs call something what a judgement says it is: "called the
// drills a provocation", "described the strike as a violation".
var namingVerbs = map[string]bool{"call": true, "describe": true, "brand": true, "label": true,
	"term": true, "deem": true, "consider": true, "denounce": true, "dub": true, "characterize": true,
	"characterise": true, "regard": true, "view": true, "see": true}

// responseVerbs promise harm when their subject will do them.
var responseVerbs = map[string]bool{"respond": true, "retaliate": true, "hit": true, "strike": true,
	"punish": true, "act": true, "destroy": true, "crush": true, "defend": true, "avenge": true,
	"revenge": true, "fight": true, "attack": true, "use": true, "take": true, "impose": true,
	"target": true, "annihilate": true, "eliminate": true, "react": true, "counter": true}

// consequenceNouns are what someone "will face" or "will pay" when threatened.
var consequenceNouns = map[string]bool{"consequence": true, "consequences": true, "response": true,
	"retaliation": true, "retribution": true, "reprisal": true, "reprisals": true, "vengeance": true,
	"price": true, "punishment": true, "action": true, "measures": true, "fire": true, "fury": true,
	"force": true, "means": true, "sanctions": true, "costs": true, "cost": true}

// impliedActs returns candidates for the acts the sentence's speech implies.
// lexical are the sentence's trigger candidates so far.
func (s *sentence) impliedActs(lexical []*candidate) []*candidate {
	var out []*candidate
	t := s.dep
	seen := map[string]bool{}
	var sp *speech
	add := func(p *pattern, at int, actor, recip []participant) {
		if len(actor) == 0 || len(recip) == 0 {
			return
		}
		ka, kr := countryKey(actors(actor)), countryKey(actors(recip))
		if ka != "" && ka == kr {
			return
		}
		key := p.typ + "|" + ka + "|" + kr
		if seen[key] {
			return
		}
		seen[key] = true
		c := &candidate{m: patternMatch{p: p, start: at, end: at}}
		ev := sitrep.Event{Type: p.typ, Mode: p.mode, Rule: p.rule, Sentence: s.index, Start: s.span.Start, End: s.span.End,
			Evidence: s.span.Text}
		ev.Trigger = sitrep.Span{Start: s.toks[at].Start, End: s.toks[at].End, Text: s.toks[at].Text}
		ev.Actor, ev.Recipient = actors(actor), actors(recip)
		ev.CAMEO, ev.Quad, ev.Goldstein = sitrep.Classify(ev.Type, ev.Mode)
		ev.Date = s.dateFor(at)
		ev.Location = s.locationFor(at)
		c.ev, c.actor, c.recip = ev, actor, recip
		c.speech = sp
		if s.negatedAt(at) {
			c.object("negated")
		}
		out = append(out, c)
	}
	// Judgements made by naming, speech or not: "described Pelosi's visit
	// as an egregious provocation", "calling him an assassin".
	for i := range s.toks {
		if !condemning[s.stems[i]] {
			continue
		}
		if actor, target := s.namedJudgement(i); actor != nil && target != nil {
			add(impliedJudgement, i, actor, target)
		}
	}
	for k := range s.speech {
		sp = &s.speech[k]
		if len(sp.speaker) == 0 || sp.certainty == certDenied {
			continue
		}
		speaker := sp.speaker
		// Judgements inside what was said.
		for i := range s.toks {
			if !sp.content[i] || !condemning[s.stems[i]] {
				continue
			}
			if target := s.judged(i, speaker); target != nil {
				add(impliedJudgement, i, speaker, target)
			}
		}
		// Demands and threats: the modal verbs of what was said.
		for i, tok := range s.toks {
			if !sp.content[i] || tok.Rel != "aux" {
				continue
			}
			v := t.head[i]
			if v < 0 {
				continue
			}
			subj := s.groupAt(t.child(v, "nsubj"))
			switch s.lower[i] {
			case "must", "should":
				if subj != nil && !s.sameSide(subj, speaker) {
					add(impliedDemand, i, speaker, subj)
				}
			case "will", "would", "'ll", "shall":
				lemma := strings.ToLower(t.toks[v].Lemma)
				obj := t.child(v, "obj")
				switch {
				case (subj == nil || s.sameSide(subj, speaker)) && responseVerbs[lemma]:
					// "we will respond", "Iran will retaliate against".
					if target := s.threatTarget(v, speaker); target != nil {
						add(impliedThreat, v, speaker, target)
					}
				case subj != nil && !s.sameSide(subj, speaker) && (lemma == "face" || lemma == "pay") &&
					(obj < 0 || consequenceNouns[strings.ToLower(t.toks[obj].Lemma)] || consequenceNouns[s.lower[obj]]):
					// "Pyongyang would face consequences", "they will pay".
					add(impliedThreat, v, speaker, subj)
				}
			}
		}
	}
	return out
}

// judgingNames are the naming verbs that state a judgement of their
// object: "X called Y a provocation" is X's accusation of Y.
var judgingNames = map[string]bool{"call": true, "describe": true, "brand": true, "label": true,
	"term": true, "dub": true, "characterize": true, "characterise": true}

// namedJudgement returns who judges and who is judged when the condemning
// word at token i is what a naming verb calls its object, within three
// steps up the parse: the verb's subject (a participle's, "calling him
// an assassin", is its clause's) and its object, or the doers of the act
// its object names ("described the assassination as heinous").
func (s *sentence) namedJudgement(i int) (actor, target []participant) {
	t := s.dep
	v := -1
	for x, n := t.head[i], 0; x >= 0 && n < 3; x, n = t.head[x], n+1 {
		if judgingNames[strings.ToLower(t.toks[x].Lemma)] && t.toks[x].UPOS == "VERB" {
			v = x
			break
		}
	}
	if v < 0 || s.negatedAt(v) {
		return nil, nil
	}
	actor = s.groupAt(t.child(v, "nsubj"))
	if actor == nil {
		if r := t.toks[v].Rel; (r == "advcl" || r == "xcomp" || r == "conj") && t.head[v] >= 0 {
			actor = s.groupAt(t.child(t.head[v], "nsubj"))
		}
	}
	if actor == nil {
		actor = s.leftGroup(v, false)
	}
	if actor == nil {
		return nil, nil
	}
	other := func(g []participant) []participant {
		if g == nil || s.sameSide(g, actor) {
			return nil
		}
		return g
	}
	// "called the move a provocation by Ukraine": the judgement's owner.
	if g := other(s.ownerOf(i)); g != nil {
		return actor, g
	}
	obj := t.child(v, "obj")
	if obj < 0 || obj == i {
		return actor, nil
	}
	if g := other(s.groupAt(obj)); g != nil {
		return actor, g
	}
	if g := other(s.ownerOf(obj)); g != nil {
		return actor, g
	}
	return actor, other(s.nounReferent(obj))
}

// sameSide reports whether two groups share a country (or are the same
// participants).
func (s *sentence) sameSide(a, b []participant) bool {
	for _, x := range a {
		for _, y := range b {
			if x.start == y.start || x.m.Country != "" && x.m.Country == y.m.Country {
				return true
			}
		}
	}
	return false
}

// sameParts reports whether two groups share a participant (by position).
func (s *sentence) sameParts(a, b []participant) bool {
	for _, x := range a {
		for _, y := range b {
			if x.start == y.start && x.end == y.end {
				return true
			}
		}
	}
	return false
}

// judged returns the side a judgement at token i is about: the subject of
// "X is illegal", the owner or agent of "Russia's aggression", "comments
// by the French authorities", the object of "called the junta
// illegitimate"; failing those, the nearest other side in the clause.
func (s *sentence) judged(i int, speaker []participant) []participant {
	t := s.dep
	other := func(g []participant) []participant {
		if g == nil || s.sameSide(g, speaker) {
			return nil
		}
		return g
	}
	// The naming verb's object: "called the junta illegitimate", or the
	// doer of the act it names ("described the assassination as heinous").
	if h := t.head[i]; h >= 0 && namingVerbs[strings.ToLower(t.toks[h].Lemma)] {
		if g := other(s.groupAt(t.child(h, "obj"))); g != nil {
			return g
		}
		if g := other(s.nounReferent(t.child(h, "obj"))); g != nil {
			return g
		}
	}
	switch s.toks[i].UPOS {
	case "ADJ":
		if g := other(s.groupAt(t.child(i, "nsubj"))); g != nil {
			return g
		}
		// "the forced landing was utterly unacceptable": whoever did it.
		if g := other(s.nounReferent(t.child(i, "nsubj"))); g != nil {
			return g
		}
		if t.toks[i].Rel == "amod" {
			if h := t.head[i]; h >= 0 {
				if g := other(s.ownerOf(h)); g != nil {
					return g
				}
			}
		}
	case "NOUN", "PROPN":
		if g := other(s.ownerOf(i)); g != nil {
			return g
		}
		// "X's move was a provocation": the copula's subject.
		if g := other(s.groupAt(t.child(i, "nsubj"))); g != nil {
			return g
		}
	}
	return nil
}

// ownerOf returns whose a noun is: its possessor, a national adjective or
// name before it, or its agent after "by".
func (s *sentence) ownerOf(n int) []participant {
	t := s.dep
	if g := s.groupAt(t.child(n, "nmod:poss")); g != nil {
		return g
	}
	if b := t.oblWith(n, "by", "from"); b >= 0 {
		if g := s.groupAt(b); g != nil {
			return g
		}
	}
	for _, c := range t.children[n] {
		if r := t.toks[c].Rel; r == "amod" || r == "compound" {
			if g := s.groupAt(c); g != nil {
				return g
			}
		}
	}
	return nil
}

// threatTarget returns whom a promised response at verb v is aimed at: its
// object or "against/on/to" oblique, else another side named in the
// sentence.
func (s *sentence) threatTarget(v int, speaker []participant) []participant {
	t := s.dep
	for _, g := range [][]participant{s.groupAt(t.child(v, "obj")), s.groupAt(t.oblWith(v, "against", "on", "to", "at"))} {
		if g != nil && !s.sameSide(g, speaker) {
			return g
		}
	}
	for k, p := range s.parts {
		if p.locative || p.m.Country == "" || s.sameSide([]participant{p}, speaker) {
			continue
		}
		return s.coordinated(k)
	}
	return nil
}

// negatedAt reports a negation just before token i ("not provocative").
func (s *sentence) negatedAt(i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if negators[s.lower[j]] {
			return true
		}
	}
	return false
}
