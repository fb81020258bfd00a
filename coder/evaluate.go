package coder

import (
	"strings"

	"github.com/sitrep/sitrep"
)

// Criticism often comes as a judgement in reported speech rather than a
// verb of accusing: "Russia's recent behaviour has been provocative, Kurilla
// said", "the official described the strike as an escalation". A sentence
// with a speech verb, a speaker and a condemning word about another side is
// an ACCUSE by the speaker of that side.

// condemning words, stemmed.
var condemning = map[string]bool{}

// speechVerbs report what someone said, stemmed.
var speechVerbs = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`provocative provocation provocations escalatory
		aggressive aggressiveness aggression illegal illegitimate unprofessional unsafe reckless
		irresponsible destabilizing destabilising unacceptable crimes crime criminal violation
		violations terrorist terrorism atrocities atrocity occupation hostile barbaric brutal
		dangerous outrageous unlawful`) {
		condemning[stem(w)] = true
	}
	for _, w := range strings.Fields(`said says say told tell described describes called calls stated
		declared added noted insisted asserted explained claimed`) {
		speechVerbs[stem(w)] = true
	}
}

// findEvaluations adds an ACCUSE for a condemning judgement in reported
// speech, unless the sentence already holds an accusation.
func (s *sentence) findEvaluations() {
	for _, ev := range s.events {
		if ev.Type == "ACCUSE" || ev.Type == "THREATEN" || ev.Type == "REJECT" {
			return
		}
	}
	say, judge := -1, -1
	for i, st := range s.stems {
		if speechVerbs[st] && say < 0 {
			say = i
		}
		if condemning[st] && judge < 0 && !s.negatedAt(i) {
			judge = i
		}
	}
	if say < 0 || judge < 0 {
		return
	}
	// The speaker: the subject of the speech verb, or the name right after
	// it in "..., the official said".
	speaker := s.leftGroup(say, false)
	if say > judge && saidVerbs[s.lower[say]] {
		if after := s.rightAfter(say); after != nil {
			speaker = after
		}
	}
	// An unplaced speaker ("the official") cannot be attributed.
	if speaker == nil || countryKey(actors(speaker)) == "" {
		return
	}
	target := s.nearestOther(judge, speaker)
	if target == nil {
		return
	}
	ev := sitrep.Event{Type: "ACCUSE", Actor: actors(speaker), Recipient: actors([]participant{*target}),
		Sentence: s.index, Start: s.span.Start, End: s.span.End, Evidence: s.span.Text,
		Rule: "judgement accuse:" + s.lower[judge]}
	if countryKey(ev.Actor) == countryKey(ev.Recipient) {
		return
	}
	ev.Trigger = sitrep.Span{Start: s.toks[judge].Start, End: s.toks[judge].End, Text: s.toks[judge].Text}
	ev.CAMEO, ev.Quad, ev.Goldstein = sitrep.Classify(ev.Type, "")
	ev.Date = s.dateFor(say)
	s.events = append(s.events, ev)
}

// saidVerbs may follow their speaker's words: "..., the official said".
var saidVerbs = map[string]bool{"said": true, "says": true, "added": true, "stated": true, "insisted": true, "noted": true}

// negatedAt reports a negation just before token i ("not provocative").
func (s *sentence) negatedAt(i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if negators[s.lower[j]] {
			return true
		}
	}
	return false
}

// rightAfter returns the participant group starting within three tokens
// after token i ("said Kurilla", "said the official").
func (s *sentence) rightAfter(i int) []participant {
	for k, p := range s.parts {
		if p.start > i && p.start-i <= 3 {
			return s.coordinated(k)
		}
	}
	return nil
}

// nearestOther returns the participant nearest to token i that is not
// among the speakers, preferring one before i (what is judged usually
// comes first: "Russia's behaviour has been provocative").
func (s *sentence) nearestOther(i int, speakers []participant) *participant {
	var best *participant
	bestDist := 1 << 30
	for k := range s.parts {
		p := &s.parts[k]
		skip := p.locative
		for _, sp := range speakers {
			if sp.start == p.start || sp.m.Country != "" && sp.m.Country == p.m.Country {
				skip = true
			}
		}
		if skip {
			continue
		}
		d := i - p.end
		if p.start > i {
			d = 2 * (p.start - i) // after the word: weaker
		}
		if d < 0 {
			d = -d
		}
		if d < bestDist && d <= 12 {
			best, bestDist = p, d
		}
	}
	return best
}
