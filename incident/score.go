package incident

import (
	"fmt"

	"github.com/sitrep/sitrep"
)

// closeTypes are the pairs of types that two sides report one event as:
// a strike that one calls an assault and another coercion, a crackdown
// that is a protest's other face.
var closeTypes = map[[2]string]bool{
	{"ASSAULT", "COERCE"}:   true,
	{"COERCE", "PROTEST"}:   true,
	{"ACCUSE", "REJECT"}:    true,
	{"THREATEN", "COERCE"}:  true,
	{"MOBILIZE", "ASSAULT"}: true,
	{"CONSULT", "AGREE"}:    true,
	{"SANCTION", "COERCE"}:  true,
}

// typeGroup is the group of types that may match one another, on the
// cooperation or the conflict side of the scale: the index files reports
// under it. Coders, and the sides themselves, name one event by several
// conflictual types (a seizure coded as coercion by one outlet and as an
// accusation by another), so any two types of one side may match, weakly.
func typeGroup(t string) string {
	if conflictual[t] {
		return "conflict"
	}
	return "cooperation"
}

// conflictual holds the types of negative Goldstein score, looked up once:
// sitrep.LookupType copies a type's modes.
var conflictual = func() map[string]bool {
	m := map[string]bool{}
	for _, et := range sitrep.EventTypes() {
		m[et.Name] = et.Goldstein < 0
	}
	return m
}()

// groups returns the groups to look in for reports that r may match.
func (r *Report) groups() []string { return []string{typeGroup(r.Type)} }

// placeOverride is how many evidence tokens two reports of the same day
// must share to be linked although their places are far apart.
const placeOverride = 4

// weakType is the type score of two types of one side that are not a
// close pair; such a link needs shared evidence.
const weakType = 0.3

func typeScore(a, b string) float64 {
	switch {
	case a == b:
		return 1
	case closeTypes[[2]string{a, b}] || closeTypes[[2]string{b, a}]:
		return 0.7
	case typeGroup(a) == typeGroup(b):
		return weakType
	}
	return 0
}

// sideScore compares the countries of one side: 0 when both are known
// and disjoint, 1 when they overlap, 0.5 when either is unknown.
func sideScore(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0.5
	}
	for _, x := range a {
		if contains(b, x) {
			return 1
		}
	}
	return 0
}

// participants scores the two sides in order and, for a symmetric event,
// swapped. Coders often misplace one side, so a side that disagrees only
// lowers the score; but events whose known countries are all different,
// or whose sides both disagree, are never one incident (-1). shared reports whether the
// events name a country in common.
func participants(a, b *Report) (score float64, shared bool) {
	// Without copying the sides together: this runs for every pair of
	// candidate reports, and the copies were most of its time.
	if len(a.actors)+len(a.recipients) > 0 && len(b.actors)+len(b.recipients) > 0 {
	look:
		for _, side := range [2][]string{a.actors, a.recipients} {
			for _, x := range side {
				if contains(b.actors, x) || contains(b.recipients, x) {
					shared = true
					break look
				}
			}
		}
		if !shared {
			return -1, false
		}
	}
	score = (sideScore(a.actors, b.actors) + sideScore(a.recipients, b.recipients)) / 2
	if a.symmetric || b.symmetric {
		score = max(score, (sideScore(a.actors, b.recipients)+sideScore(a.recipients, b.actors))/2)
	}
	if score == 0 {
		// Both sides disagree: another event, or the same one answered
		// in kind (Russia expels British diplomats after Britain expels
		// Russian ones).
		return -1, false
	}
	return score, shared
}

// dateScore: 1 for one day, falling by a third a day to DayWindow; 0.5
// when a coarse date (a month, a year, the days before publication)
// overlaps the other; -1 when they cannot be the same day; 0.3 when
// neither report has any date.
func dateScore(a, b *Report) float64 {
	if a.undated || b.undated {
		if a.undated && b.undated {
			return 0.3
		}
		return -1
	}
	gap := 0
	switch {
	case a.hi < b.lo:
		gap = b.lo - a.hi
	case b.hi < a.lo:
		gap = a.lo - b.hi
	}
	if a.dayPrecise && b.dayPrecise {
		if gap > DayWindow {
			return -1
		}
		return 1 - float64(gap)/float64(DayWindow+1)
	}
	if gap > 0 {
		return -1
	}
	return 0.5
}

// placeScore compares locations; -1 when they cannot be one place.
func placeScore(a, b *Report) float64 {
	if a.place == "" || b.place == "" {
		return 0.4
	}
	if a.placeCountry != "" && b.placeCountry != "" && a.placeCountry != b.placeCountry {
		return -1
	}
	if a.place == b.place {
		return 1
	}
	if a.hasCoords && b.hasCoords {
		switch d := sitrep.DistanceKm(a.lat, a.lon, b.lat, b.lon); {
		case d <= NearKm:
			return 1
		case d <= RegionKm:
			return 0.5
		default:
			return -1
		}
	}
	// Named differently, one without coordinates: perhaps a region and a
	// place in it.
	return 0.2
}

// evidence counts the names and numbers two reports share, numbers twice.
func evidence(a, b *Report) int {
	n := 0
	for w := range a.names {
		if b.names[w] {
			n++
		}
	}
	for w := range a.numbers {
		if b.numbers[w] {
			n += 2
		}
	}
	return n
}

// Score returns how likely a and b report one incident, in [0, 1]; 0 when
// a cue rules it out. It is symmetric.
func Score(a, b *Report) float64 {
	s, _ := score(a, b)
	return s
}

func score(a, b *Report) (float64, bool) {
	t := typeScore(a.Type, b.Type)
	if t == 0 {
		return 0, false
	}
	// The cheaper test first: most candidate pairs are days apart.
	d := dateScore(a, b)
	if d < 0 {
		return 0, false
	}
	p, shared := participants(a, b)
	if p < 0 {
		return 0, false
	}
	pl := placeScore(a, b)
	ev := evidence(a, b)
	if pl < 0 {
		// Coders take a dateline or a speaker's capital for the place;
		// reports of one day that share many names and figures outweigh
		// that.
		if d < 1 || ev < placeOverride {
			return 0, false
		}
		pl = 0
	}
	e := min(1, float64(ev)/3)
	ok := shared || ev >= 2
	switch {
	case t == weakType:
		ok = ev >= 2
	case t < 1:
		ok = ok && ev >= 1
	}
	if pl < 0.5 && p < 1 && ev < 1 {
		// No place, and the sides agree only in part: on a busy front
		// the same attacker strikes somewhere every day. A shared name
		// or figure must say it is this one.
		ok = false
	}
	return (t + p + d + pl + e) / 5, ok
}

// Linked reports whether a and b are linked: their score reaches
// Threshold and they share a participant or evidence.
func Linked(a, b *Report) bool {
	s, ok := score(a, b)
	return ok && s >= Threshold
}

// Explain returns the cues behind Score(a, b), for tuning and for
// answering "why are these apart": "type 1 actors 0.5 date -1 ...".
func Explain(a, b *Report) string {
	p, shared := participants(a, b)
	return fmt.Sprintf("type %.1f actors %.2f (shared %v) date %.2f place %.2f evidence %d score %.2f",
		typeScore(a.Type, b.Type), p, shared, dateScore(a, b), placeScore(a, b), evidence(a, b), Score(a, b))
}
