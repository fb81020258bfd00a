package coder

import (
	"sort"
	"strings"
	"unicode"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/kb"
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
		"doctor", "nurse", "driver", "trader", "merchant", "shopkeeper", "worshipper", "worshiper", "locals",
		"citizen", "youth", "family", "families", "laborer", "labourer", "vendor", "passenger", "pilgrim",
		"refugee", "migrant", "inhabitant", "victim", "owner", "businessman", "community", "prisoner",
		"health", "member", "individual", "elder", "pastor", "priest", "imam", "chief", "miner", "lawyer",
		"fisherman", "fishermen", "inmate", "staff", "pensioner", "retiree", "unionist", "activist",
		"supporter", "parent", "mother", "patient", "vendor", "artisan", "labor", "farmworker", "resident")
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
		sortParts(s.parts)
	}
}

// sortParts orders participants by position, stably.
func sortParts(ps []participant) {
	sort.SliceStable(ps, func(a, b int) bool { return ps[a].start < ps[b].start })
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

// notNames are capitalised words that do not start a name.
var notNames = map[string]bool{"I": true, "The": true, "A": true, "An": true, "In": true, "On": true, "At": true,
	"But": true, "And": true, "Or": true, "If": true, "As": true, "It": true, "He": true, "She": true, "They": true,
	"We": true, "You": true, "This": true, "That": true, "These": true, "Those": true, "Its": true, "His": true,
	"Her": true, "Their": true, "Our": true, "Mr": true, "Mr.": true, "Mrs.": true, "Ms.": true, "Dr.": true,
	"President": true, "Prime": true, "Minister": true, "Secretary": true, "General": true, "Gen.": true,
	"Monday": true, "Tuesday": true, "Wednesday": true, "Thursday": true, "Friday": true, "Saturday": true,
	"Sunday": true, "January": true, "February": true, "March": true, "April": true, "May": true, "June": true,
	"July": true, "August": true, "September": true, "October": true, "November": true, "December": true,
	"Jan.": true, "Feb.": true, "Aug.": true, "Sept.": true, "Oct.": true, "Nov.": true, "Dec.": true,
	"After": true, "Before": true, "When": true, "While": true, "Since": true, "During": true, "According": true,
	"Earlier": true, "Later": true, "Meanwhile": true, "However": true, "Also": true, "Both": true, "All": true,
	"Some": true, "Many": true, "Two": true, "Three": true, "One": true, "Officials": true, "Reuters": true,
	"AFP": true, "AP": true, "Photo": true, "Read": true, "News": true, "Sunni": true, "Shia": true, "Muslim": true,
	"Christian": true, "Islamic": true, "Western": true, "Northern": true, "Southern": true, "Eastern": true}

// addProperNames adds a participant for each run of capitalised words that
// the knowledge base does not know ("Maduro", "Los Viagras"): an actor the
// coder cannot place, whose country comes from context. Headlines in title
// case are skipped: there every word is capitalised.
func (s *sentence) addProperNames() {
	caps := 0
	for _, t := range s.toks {
		if isCapitalised(t.Text) {
			caps++
		}
	}
	if len(s.toks) == 0 || caps*2 > len(s.toks) {
		return
	}
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
	for _, pl := range s.places {
		for i := pl.start; i < pl.end; i++ {
			taken[i] = true
		}
	}
	added := false
	for i := 0; i < len(s.toks); {
		t := s.toks[i].Text
		if taken[i] || !isCapitalised(t) || notNames[t] || s.monthBesideNumber(i) ||
			(i == 0 && (i+1 >= len(s.toks) || !isCapitalised(s.toks[i+1].Text))) {
			i++
			continue
		}
		j := i + 1
		for j < len(s.toks) && !taken[j] && (isCapitalised(s.toks[j].Text) && !notNames[s.toks[j].Text] ||
			(s.lower[j] == "al" || s.lower[j] == "de" || s.lower[j] == "bin") && j+1 < len(s.toks) && isCapitalised(s.toks[j+1].Text)) {
			j++
		}
		// A first name before a known person ("Bill Clinton") is theirs.
		if j < len(s.toks) && s.personAt(j) {
			i = j
			continue
		}
		// "the US dollar exchange rate": money, not a side.
		if j < len(s.toks) && kb.IsCurrencyNoun(s.lower[j]) {
			i = j
			continue
		}
		// "shelled IS groups in Mutaibijah": an unknown name after a
		// locative preposition is a place the gazetteer lacks, no side.
		if i > 0 && s.isLocativeBefore(i) {
			i = j
			continue
		}
		m := sitrep.Mention{Start: s.toks[i].Start, End: s.toks[j-1].End, Kind: sitrep.KindAgent, ID: "unknown"}
		m.Text = s.doc[m.Start:m.End]
		// "British Defence Secretary Tom King", "Pakistan President Zia":
		// a name after a titled or national modifier takes its side.
		if k := s.modifierOf(i); k >= 0 {
			m.Country, m.Sector = s.parts[k].m.Country, s.parts[k].m.Sector
			if m.Sector == "" || titleWords[s.lower[i-1]] {
				m.Sector = "GOV"
			}
		}
		s.parts = append(s.parts, participant{m: m, start: i, end: j})
		added = true
		i = j
	}
	if added {
		sortParts(s.parts)
	}
}

func isCapitalised(w string) bool {
	if w == "" {
		return false
	}
	r := []rune(w)
	return unicode.IsUpper(r[0]) && (len(r) == 1 || !unicode.IsUpper(r[1]) || len(r) <= 5)
}

// titleWords are titles of office that may stand between a country and a
// name.
var titleWords = map[string]bool{"president": true, "minister": true, "leader": true, "secretary": true,
	"premier": true, "chancellor": true, "king": true, "emir": true, "prince": true, "general": true, "gen.": true,
	"commander": true, "chief": true, "ambassador": true, "envoy": true, "spokesman": true, "spokeswoman": true,
	"official": true, "diplomat": true, "senator": true, "governor": true, "mayor": true, "foreign": true,
	"defence": true, "defense": true, "prime": true, "vice": true, "deputy": true, "army": true, "sheikh": true}

// modifierOf returns the participant that ends just before token i,
// perhaps with titles between ("Pakistan President"), or -1.
func (s *sentence) modifierOf(i int) int {
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		for k, p := range s.parts {
			if p.end-1 == j && p.m.Country != "" && p.m.ID != "unknown" {
				return k
			}
		}
		if !titleWords[s.lower[j]] {
			return -1
		}
	}
	return -1
}

func (s *sentence) personAt(j int) bool {
	for _, p := range s.parts {
		if p.start == j && p.m.Kind == sitrep.KindPerson {
			return true
		}
	}
	return false
}

// ofCountry gives an agent without a country the state named right after
// it with "of": "military forces of Armenia", "the government of Syria".
// The state then stands for the agent, not for a participant of its own.
func (s *sentence) ofCountry() {
	var drop []int
	for k := range s.parts {
		p := &s.parts[k]
		if p.m.Country != "" || p.m.Kind != sitrep.KindAgent || p.end >= len(s.toks) || s.lower[p.end] != "of" {
			continue
		}
		j := p.end + 1
		if j < len(s.toks) && s.lower[j] == "the" {
			j++
		}
		for q := range s.parts {
			if st := s.parts[q]; st.start == j && st.m.Kind == sitrep.KindState {
				p.m.Country = st.m.Country
				// Coordinated agents before it share it: "military forces".
				for r := k - 1; r >= 0 && s.parts[r].end == s.parts[r+1].start && s.parts[r].m.Country == ""; r-- {
					s.parts[r].m.Country = st.m.Country
				}
				drop = append(drop, q)
			}
		}
	}
	for i := len(drop) - 1; i >= 0; i-- {
		q := drop[i]
		s.parts = append(s.parts[:q], s.parts[q+1:]...)
	}
}

// possessed gives an agent introduced by "its" or "their" the country of
// the nearest named side before it: "Russia said its planes", "Iran and its
// proxies".
func (s *sentence) possessed() {
	for k := range s.parts {
		p := &s.parts[k]
		if p.m.Country != "" || p.m.Kind != sitrep.KindAgent || p.start == 0 {
			continue
		}
		if w := s.lower[p.start-1]; w != "its" && w != "their" {
			continue
		}
		for q := k - 1; q >= 0; q-- {
			if c := s.parts[q].m.Country; c != "" && c != "IGO" {
				p.m.Country = c
				break
			}
		}
	}
}

// monthAbbreviations are the short month names datelines and notes use
// ("28 Apr 2020", "Sep 11"), without their full stop.
var monthAbbreviations = map[string]bool{"Jan": true, "Feb": true, "Mar": true, "Apr": true, "Jun": true,
	"Jul": true, "Aug": true, "Sep": true, "Sept": true, "Oct": true, "Nov": true, "Dec": true}

// monthBesideNumber reports whether token i is a short month name next to
// a number: a date, not a name ("On 28 Apr 2020").
func (s *sentence) monthBesideNumber(i int) bool {
	if !monthAbbreviations[strings.TrimSuffix(s.toks[i].Text, ".")] {
		return false
	}
	digit := func(j int) bool {
		return j >= 0 && j < len(s.toks) && s.toks[j].Text != "" && unicode.IsDigit(rune(s.toks[j].Text[0]))
	}
	return digit(i-1) || digit(i+1)
}
