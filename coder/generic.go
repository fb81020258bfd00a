package coder

import (
	"sort"
	"strings"

	"github.com/sitrep/sitrep"
)

// genericAgents are nouns for people and groups that the knowledge base
// does not name: their country comes from the event's place. Keys are
// stems; values are sectors.
var genericAgents = map[string]string{}

// victimNouns are the generic agents that, after an ASSAULT or COERCE
// trigger, are its recipient ("gunmen killed a doctor").
var victimNouns = map[string]bool{}

func init() {
	add := func(sector string, victim bool, words ...string) {
		for _, w := range words {
			for _, f := range []string{w, plural(w)} {
				genericAgents[f] = sector
				if victim {
					victimNouns[f] = true
				}
			}
		}
	}
	add("CVL", true, "people", "person", "man", "men", "woman", "women", "child", "children", "boy", "girl",
		"civilian", "resident", "villager", "worker", "employee", "farmer", "herder", "student", "teacher",
		"doctor", "nurse", "driver", "trader", "merchant", "shopkeeper", "worshipper", "worshiper", "local",
		"citizen", "youth", "family", "families", "laborer", "labourer", "vendor", "passenger", "pilgrim",
		"refugee", "migrant", "inhabitant", "victim", "owner", "businessman", "community", "prisoner",
		"health", "member", "individual", "elder", "pastor", "priest", "imam", "chief")
	add("MED", true, "journalist", "reporter")
	add("REB", false, "gunmen", "gunman", "assailant", "attacker", "bandit", "kidnapper", "robber",
		"criminal", "gang", "pirate", "suspect", "perpetrator", "raider")
	add("POL", true, "policeman", "policemen", "officer", "guard")
	add("MIL", true, "soldier", "serviceman", "servicemen", "troop")
}

// addGenericAgents adds a participant for each generic person noun that no
// knowledge-base mention covers, with the country left empty.
func (s *sentence) addGenericAgents() {
	taken := make([]bool, len(s.toks))
	for _, p := range s.parts {
		for i := p.start; i < p.end; i++ {
			taken[i] = true
		}
	}
	for _, r := range s.covered {
		for i := r[0]; i < r[1]; i++ {
			taken[i] = true
		}
	}
	added := false
	for i, st := range s.lower {
		sector, ok := genericAgents[st]
		if !ok || taken[i] {
			continue
		}
		// "armed men", "unknown gunmen": the noun is the head; a preceding
		// "armed" makes ordinary people into an armed group.
		if i > 0 && (s.lower[i-1] == "armed" || s.lower[i-1] == "masked") {
			sector = "REB"
		}
		m := sitrep.Mention{Start: s.toks[i].Start, End: s.toks[i].End, Text: s.toks[i].Text, Kind: sitrep.KindAgent,
			ID: "agent:" + st, Sector: sector}
		s.parts = append(s.parts, participant{m: m, start: i, end: i + 1, locative: false})
		added = true
	}
	if added {
		sort.Slice(s.parts, func(a, b int) bool { return s.parts[a].start < s.parts[b].start })
	}
}

// victimAfter returns a generic victim noun after the trigger ending at
// token i in the same clause, as recipient.
func (s *sentence) victimAfter(i int) []participant {
	for _, p := range s.parts {
		if p.start <= i || p.start-i > 6 || s.breakBetween(i+1, p.start) {
			continue
		}
		if p.m.ID == "agent:"+s.lower[p.start] && victimNouns[s.lower[p.start]] {
			return []participant{p}
		}
	}
	return nil
}

// plural forms a regular English plural; irregular ones are listed as words.
func plural(w string) string {
	switch {
	case strings.HasSuffix(w, "man"):
		return w[:len(w)-3] + "men"
	case strings.HasSuffix(w, "y") && !strings.HasSuffix(w, "ey"):
		return w[:len(w)-1] + "ies"
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "sh"), strings.HasSuffix(w, "ch"):
		return w + "es"
	}
	return w + "s"
}
