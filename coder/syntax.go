package coder

import (
	"github.com/sitrep/sitrep"
	"strings"

	"github.com/sitrep/sitrep/nlp"
	"github.com/sitrep/sitrep/text"
)

// Parser produces dependency parses; *nlp.Pipeline is one.
type Parser interface {
	// ParseSentence tags, lemmatises and parses a tokenised sentence in
	// place.
	ParseSentence(s *nlp.Sentence)
}

// depTree is the parse of one sentence in document offsets, flattened:
// head is a 0-based index into toks, -1 for roots.
type depTree struct {
	toks     []nlp.Token
	head     []int
	children [][]int
	ofMine   []int // token index of sentence.toks → dep index, -1 if none
}

// parse tokenises, tags and parses one sentence span: its tokens are the
// only tokens the coder works on, in document offsets. The parser may split
// the span further; the result is then a forest.
//
// Tagging and parsing are most of the coder's time, so a sentence in which
// nothing could start an event (no trigger word of either lexicon, no
// judgement, no modal that could carry a demand or threat, no word of
// transfer) keeps its tokens untagged and unparsed.
func (c *Coder) parse(sp text.Span, ms []sitrep.Mention) *depTree {
	t := &depTree{}
	sents := nlp.SplitSentences(sp.Text)
	if c.mayHoldEvent(sents, ms) {
		markAcronyms(sents, sp.Start, ms)
		for i := range sents {
			c.parser.ParseSentence(&sents[i])
		}
	}
	for _, ps := range sents {
		base := len(t.toks)
		for _, tok := range ps.Tokens {
			tok.Start += sp.Start
			tok.End += sp.Start
			t.toks = append(t.toks, tok)
			h := -1
			if tok.Head > 0 {
				h = base + tok.Head - 1
			}
			t.head = append(t.head, h)
		}
	}
	t.children = make([][]int, len(t.toks))
	for i, h := range t.head {
		if h >= 0 && h < len(t.toks) {
			t.children[h] = append(t.children[h], i)
		}
	}
	t.ofMine = make([]int, len(t.toks))
	for i := range t.ofMine {
		t.ofMine[i] = i
	}
	return t
}

// markAcronyms marks the words in capitals that the knowledge base
// recognised as (part of) a name, so that the tagger reads them as names:
// "IS" in "shelled IS groups" is the Islamic State, not a verb.
func markAcronyms(sents []nlp.Sentence, base int, ms []sitrep.Mention) {
	for i := range sents {
		for j := range sents[i].Tokens {
			tok := &sents[i].Tokens[j]
			if !allCapitals(tok.Text) {
				continue
			}
			start, end := base+tok.Start, base+tok.End
			for _, m := range ms {
				if m.Kind != sitrep.KindAgent && m.Kind != sitrep.KindEquipment && m.Start <= start && end <= m.End {
					tok.Name = true
					break
				}
			}
		}
	}
}

// allCapitals reports whether w is two or more capital letters A-Z.
func allCapitals(w string) bool {
	if len(w) < 2 {
		return false
	}
	for k := 0; k < len(w); k++ {
		if w[k] < 'A' || w[k] > 'Z' {
			return false
		}
	}
	return true
}

// mayHoldEvent reports whether any word of the sentences could start an
// event, a judgement, a demand or threat, or whether they name equipment
// (which a transfer needs).
func (c *Coder) mayHoldEvent(sents []nlp.Sentence, ms []sitrep.Mention) bool {
	for _, m := range ms {
		if m.Kind == sitrep.KindEquipment {
			return true
		}
	}
	for _, ps := range sents {
		stems := make([]string, len(ps.Tokens))
		for i, tok := range ps.Tokens {
			stems[i] = stem(tok.Text)
		}
		for i, tok := range ps.Tokens {
			if condemning[stems[i]] {
				return true
			}
			for _, m := range c.lex.match(stems, i) {
				if m.p.typ != noEvent {
					return true
				}
			}
			if c.lex.mayMatchByParse(stems, i) {
				return true
			}
			switch strings.ToLower(tok.Text) {
			case "must", "should", "will", "would", "'ll", "shall":
				return true
			}
		}
	}
	return false
}

func (t *depTree) child(d int, rels ...string) int {
	for _, c := range t.children[d] {
		for _, r := range rels {
			if t.toks[c].Rel == r {
				return c
			}
		}
	}
	return -1
}

// oblWith returns the oblique or nominal dependent of d introduced by one
// of the prepositions.
func (t *depTree) oblWith(d int, preps ...string) int {
	for _, c := range t.children[d] {
		if r := t.toks[c].Rel; r != "obl" && r != "nmod" && r != "obl:arg" && r != "obl:agent" {
			continue
		}
		for _, cc := range t.children[c] {
			if t.toks[cc].Rel != "case" {
				continue
			}
			w := strings.ToLower(t.toks[cc].Text)
			for _, p := range preps {
				if w == p {
					return c
				}
			}
		}
	}
	return -1
}

// hasObject reports whether the verb at token i has a direct object, or a
// passive subject that is its object ("the sarcophagus was returned").
// Without a parse it gives the verb the benefit of the doubt.
func (s *sentence) hasObject(i int) bool {
	t := s.dep
	if t == nil || t.ofMine[i] < 0 {
		return true
	}
	return t.child(t.ofMine[i], "obj", "nsubj:pass") >= 0
}

// naturalCause reports whether the harm at token i is done by nature or an
// accident, not by anyone: its subject, agent or cause is an earthquake, a
// flood, a storm or a crash ("an earthquake killed eight people", "hit by
// torrential rains", "killed after a quake rocked the island"). Fire is
// not among them: "Russian fire has hit two vessels" is gunfire.
func (s *sentence) naturalCause(i int) bool {
	t := s.dep
	if t == nil || t.ofMine[i] < 0 {
		return false
	}
	d := t.ofMine[i]
	if t.toks[d].UPOS != "VERB" {
		return false
	}
	// "were killed and injured after a quake rocked …": coordinated verbs
	// share the cause.
	verbs := []int{d}
	if t.toks[d].Rel == "conj" && t.head[d] >= 0 {
		verbs = append(verbs, t.head[d])
	}
	for _, c := range t.children[d] {
		if t.toks[c].Rel == "conj" {
			verbs = append(verbs, c)
		}
	}
	for _, v := range verbs {
		if s.causedBy(v) {
			return true
		}
	}
	return false
}

// protestWords, stemmed, name a protest or those who make it.
var protestWords = stemSet("protest protester demonstrate demonstration demonstrator rally march marcher sit-in striker crowd")

// protestContent reports whether the demand or denunciation at token i is
// what a protest says: its subject is the protesters, or it depends on the
// protest ("protested in Beirut, demanding the release of …", "the
// protesters, who are demanding …", "demonstrated to denounce …"). Event
// data codes the protest, not a demand or accusation besides it.
func (s *sentence) protestContent(i int) bool {
	t := s.dep
	if t == nil || t.ofMine[i] < 0 {
		return false
	}
	protest := func(x int) bool { return protestWords[stem(strings.ToLower(t.toks[x].Text))] }
	// A relative pronoun stands for the noun before it ("the protesters,
	// who were demanding"), however the parser attached its clause.
	subject := func(x int) bool {
		c := t.child(x, "nsubj")
		if c >= 0 && strings.EqualFold(t.toks[c].Text, "who") {
			for c--; c >= 0 && t.toks[c].UPOS == "PUNCT"; c-- {
			}
		}
		return c >= 0 && protest(c)
	}
	for x, n := t.ofMine[i], 0; ; n++ {
		if subject(x) {
			return true
		}
		if n == 3 || t.head[x] < 0 {
			return false
		}
		switch t.toks[x].Rel {
		case "advcl", "xcomp", "acl", "acl:relcl", "conj":
		default:
			return false
		}
		if x = t.head[x]; protest(x) {
			return true
		}
	}
}

// causedBy reports whether dependency v has a disaster for its subject,
// agent or cause.
func (s *sentence) causedBy(v int) bool {
	t := s.dep
	for _, c := range t.children[v] {
		switch t.toks[c].Rel {
		case "nsubj", "obl:agent", "obl", "nmod":
		case "advcl":
			if c = t.child(c, "nsubj"); c < 0 {
				continue
			}
		default:
			continue
		}
		if disasters[stem(strings.ToLower(t.toks[c].Text))] {
			return true
		}
	}
	return false
}

// disasters, stemmed, name harm that no one does.
var disasters = stemSet("earthquake quake tremor flood flooding rain rainfall storm cyclone hurricane typhoon tornado " +
	"landslide mudslide avalanche snow drought wildfire blaze heatwave tsunami eruption volcano lightning " +
	"accident crash collision stampede epidemic outbreak disaster")

// declaredByOne reports whether the ceasefire or truce noun matched by m is
// the object of "declare" or "announce" whose subject is one party: "the
// army declared a ceasefire", not "Turkey and Russia announced a ceasefire".
func (s *sentence) declaredByOne(m patternMatch) bool {
	t := s.dep
	if t == nil || t.ofMine[m.end] < 0 || !truceWords[s.stems[m.start]] {
		return false
	}
	d := t.ofMine[m.end]
	h := t.head[d]
	if h < 0 || t.toks[d].Rel != "obj" {
		return false
	}
	switch strings.ToLower(t.toks[h].Lemma) {
	case "declare", "announce":
	default:
		return false
	}
	subj := t.child(h, "nsubj")
	return subj >= 0 && t.child(subj, "conj") < 0
}

// truceWords, stemmed, start the names of a ceasefire ("cease-fire" is
// "cease", "-", "fire").
var truceWords = stemSet("ceasefire cease truce")

// syntaxRoles assigns actor and recipient from the parse: subject and
// agent are the actor; object, passive subject and a "with/against/on"
// oblique are the recipient. A side the parse leaves open is nil.
func (s *sentence) syntaxRoles(m patternMatch) (actor, recip []participant, found bool) {
	t := s.dep
	if t == nil {
		return nil, nil, false
	}
	at := m.start
	if m.p.flags["noun"] {
		at = m.end
	}
	d := t.ofMine[at]
	if d < 0 {
		return nil, nil, false
	}
	if m.p.flags["noun"] {
		a := t.child(d, "nmod:poss")
		if a < 0 {
			a = t.child(d, "amod")
		}
		if b := t.oblWith(d, "by"); b >= 0 {
			a = b
		}
		actor = s.groupAt(a)
		// "employees staged a protest": the subject of the verb whose
		// object the event noun is.
		if actor == nil && t.toks[d].Rel == "obj" && t.head[d] >= 0 {
			actor = s.groupAt(t.child(t.head[d], "nsubj"))
		}
		recip = s.groupAt(t.oblWith(d, "on", "against", "with", "at", "between"))
		return actor, recip, actor != nil || recip != nil
	}
	subj := t.child(d, "nsubj")
	pass := t.child(d, "nsubj:pass")
	agent := t.oblWith(d, "by")
	if a := t.child(d, "obl:agent"); a >= 0 {
		agent = a
	}
	obj := t.child(d, "obj", "iobj")
	// A passive subject needs a passive auxiliary ("was flown"); without
	// one ("had flown") the tagger misread a participle.
	if pass >= 0 && (t.child(d, "aux:pass") < 0 || m.p.flags["stative"]) {
		subj, pass = pass, -1
	}
	// Subjects shared through coordination or control: "Iran met Russia
	// and signed ...", "allowed Russia to use ...".
	h := t.head[d]
	if subj < 0 && pass < 0 && h >= 0 {
		switch t.toks[d].Rel {
		case "conj":
			subj = t.child(h, "nsubj")
			if subj < 0 {
				pass = t.child(h, "nsubj:pass")
			}
		case "xcomp":
			if subj = t.child(h, "obj"); subj < 0 {
				subj = t.child(h, "nsubj")
			}
		case "acl":
			// "groups supported by the US": the modified noun undergoes it.
			// A participle hung on a root noun with no agent is the
			// tagger misreading a headline's verb ("Russian jets struck
			// Al-Tanf").
			if strings.HasSuffix(t.toks[d].XPOS, "VBN") && (agent >= 0 || t.head[h] >= 0 || d != h+1) {
				pass = h
			} else {
				subj = h
			}
		}
	}
	if pass >= 0 {
		actor, recip = s.groupAt(agent), s.groupAt(pass)
		if m.p.typ == "AID" {
			if to := s.groupAt(t.oblWith(d, "to")); to != nil {
				recip = to
			}
		}
	} else {
		actor = s.groupAt(subj)
		if !m.p.flags["norecip"] {
			recip = s.groupAt(obj)
			if recip == nil {
				recip = s.groupAt(t.oblWith(d, "with", "against", "on", "to", "at", "into", "toward", "towards"))
			}
			// "met Russia and signed a deal": a reciprocal act shares the
			// partner of the act it is coordinated with.
			if recip == nil && h >= 0 && t.toks[d].Rel == "conj" && m.p.flags["sym"] {
				recip = s.groupAt(t.child(h, "obj"))
			}
		}
	}
	return actor, recip, actor != nil || recip != nil
}

// groupAt returns the participants that dependency d stands for: one whose
// name covers d, else the one nearest to d in d's subtree, with those
// coordinated with it.
func (s *sentence) groupAt(d int) []participant {
	t := s.dep
	if d < 0 {
		return nil
	}
	in := make(map[int]bool)
	var walk func(int)
	walk = func(x int) {
		in[x] = true
		for _, c := range t.children[x] {
			// Do not descend into clauses: their participants are their own.
			switch t.toks[c].Rel {
			case "acl", "acl:relcl", "advcl", "ccomp", "parataxis", "conj":
				continue
			}
			walk(c)
		}
	}
	walk(d)
	best, bestDist := -1, 1<<30
	for k, p := range s.parts {
		if p.locative {
			continue
		}
		for i := p.start; i < p.end; i++ {
			x := t.ofMine[i]
			if x < 0 || !in[x] {
				continue
			}
			dist := x - d
			if dist < 0 {
				dist = -dist
			}
			if dist < bestDist {
				best, bestDist = k, dist
			}
		}
	}
	if best < 0 {
		return nil
	}
	group := []participant{s.parts[best]}
	// Conjuncts of d that are participants too: "Iran and Russia".
	for _, c := range t.children[d] {
		if t.toks[c].Rel != "conj" {
			continue
		}
		if g := s.groupAt(c); g != nil {
			group = append(group, g...)
		}
	}
	return group
}

// depth returns how many heads lie above token i in the parse (0 for the
// root), or 0 without a parse.
func (s *sentence) depth(i int) int {
	t := s.dep
	if t == nil || t.ofMine[i] < 0 {
		return 0
	}
	n := 0
	for x := t.head[t.ofMine[i]]; x >= 0 && n < 64; x = t.head[x] {
		n++
	}
	return n
}

// nounNotEvent are trigger verbs whose noun readings state no event: "the
// latest sign of", "back in Russia", "press service", "a TV host".
var nounNotEvent = stemSet("sign back press station host fire free call hit train beat target charge deal")

// posFits reports whether a verb pattern on one of those words really has a
// verb (or participle) at its head. Without a parse everything fits.
func (s *sentence) posFits(m patternMatch) bool {
	t := s.dep
	if t == nil || m.p.flags["noun"] || !nounNotEvent[m.p.words[0]] {
		return true
	}
	d := t.ofMine[m.start]
	if d < 0 {
		return true
	}
	pos := t.toks[d].UPOS
	return pos != "NOUN" && pos != "PROPN" && pos != "ADP" && pos != "DET" && pos != "ADV"
}

// clauseHead returns the head of the clause that dependency x belongs to:
// the nearest ancestor (or x itself) that is a root or heads a clause.
func (t *depTree) clauseHead(x int) int {
	for steps := 0; x >= 0 && steps < 64; steps++ {
		r := t.toks[x].Rel
		if t.head[x] < 0 || r == "root" || r == "advcl" || r == "ccomp" || r == "acl" || r == "acl:relcl" ||
			r == "parataxis" || r == "csubj" || r == "xcomp" || (r == "conj" && t.toks[x].UPOS == "VERB") {
			return x
		}
		x = t.head[x]
	}
	return x
}

// sameClauseAt reports whether the word at byte offset off lies in the
// clause of token i. Without a parse, or where the words do not align, it
// is true.
func (s *sentence) sameClauseAt(off, i int) bool {
	t := s.dep
	if t == nil {
		return true
	}
	d := t.ofMine[i]
	x := -1
	for k, tok := range t.toks {
		if tok.Start <= off && off < tok.End || tok.Start >= off {
			x = k
			break
		}
	}
	if d < 0 || x < 0 {
		return true
	}
	// An adverbial date may hang on a verb of the clause ("on Friday" →
	// told); xcomp chains share their date with their head.
	cd, cx := t.clauseHead(d), t.clauseHead(x)
	for cd >= 0 && t.toks[cd].Rel == "xcomp" {
		cd = t.clauseHead(t.head[cd])
	}
	for cx >= 0 && t.toks[cx].Rel == "xcomp" {
		cx = t.clauseHead(t.head[cx])
	}
	return cd == cx
}

// treeDistance counts the arcs between tokens a and b in the parse (64
// when they are not connected).
func (s *sentence) treeDistance(a, b int) int {
	t := s.dep
	up := map[int]int{}
	for x, n := a, 0; x >= 0 && n < 64; x, n = t.head[x], n+1 {
		up[x] = n
	}
	for x, n := b, 0; x >= 0 && n < 64; x, n = t.head[x], n+1 {
		if m, ok := up[x]; ok {
			return m + n
		}
	}
	return 64
}

// nonEventSense names why a trigger word is used in a sense that states
// no event, or returns "": a name ("March", "the Finance Bill"), a noun
// modifying another noun ("a carrier strike group", "attack helicopters"),
// a participle describing a noun ("US-backed forces", "the invading army").
func (s *sentence) nonEventSense(m patternMatch) string {
	t := s.dep
	head := m.start
	if m.p.flags["noun"] {
		head = m.end
	}
	tok := t.toks[head]
	// A capitalised trigger inside a sentence that is not in title case
	// is part of a name, whether the tagger says so or a name follows it
	// ("triggered by Storm Sinlaku").
	if head > 0 && isCapitalised(tok.Text) && !s.titleCase() {
		if tok.UPOS == "PROPN" || head+1 < len(t.toks) && t.toks[head+1].UPOS == "PROPN" && isCapitalised(t.toks[head+1].Text) {
			return "name"
		}
	}
	// "denounced the strikes as an assault on ...": a description of
	// another act, not an act.
	if m.p.flags["noun"] || tok.UPOS == "NOUN" {
		for _, c := range t.children[head] {
			if t.toks[c].Rel == "case" && s.lower[c] == "as" {
				return "description"
			}
		}
	}
	switch tok.Rel {
	case "compound":
		if h := t.head[head]; h >= 0 && t.toks[h].UPOS == "NOUN" {
			return "modifier"
		}
	case "amod":
		// Only where the participle clearly sits inside a noun phrase
		// ("US-backed", "the invading army"): the tagger also reads
		// clause verbs after a comma as participles.
		if strings.HasPrefix(tok.XPOS, "VB") && head > 0 && t.head[head] == head+1 {
			switch s.lower[head-1] {
			case "-", "the", "a", "an", "its", "their", "his", "her":
				return "adjectival"
			}
		}
	}
	return ""
}

// titleCase reports whether most words of the sentence are capitalised,
// as in a headline.
func (s *sentence) titleCase() bool {
	caps, words := 0, 0
	for _, t := range s.toks {
		if t.UPOS == "PUNCT" {
			continue
		}
		words++
		if isCapitalised(t.Text) {
			caps++
		}
	}
	return words > 0 && caps*2 > words
}
