package incident

import "github.com/sitrep/sitrep"

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

// typeGroup is the group of types that may match one another; the index
// files reports under it. A type in several close pairs takes the group
// of all of them.
func typeGroup(t string) string {
	switch t {
	case "ASSAULT", "COERCE", "PROTEST", "THREATEN", "MOBILIZE", "SANCTION":
		return "force"
	case "ACCUSE", "REJECT":
		return "claim"
	case "CONSULT", "AGREE":
		return "talk"
	}
	return t
}

// groups returns the groups to look in for reports that r may match.
func (r *Report) groups() []string { return []string{typeGroup(r.Type)} }

func typeScore(a, b string) float64 {
	switch {
	case a == b:
		return 1
	case closeTypes[[2]string{a, b}] || closeTypes[[2]string{b, a}]:
		return 0.7
	}
	return 0
}

// sideScore compares the countries of one side: -1 when both are known
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
	return -1
}

// participants scores the two sides in order and, for a symmetric event,
// swapped; shared reports whether a known country matched.
func participants(a, b *Report) (score float64, shared bool) {
	score = -1
	try := func(x, y []string) {
		s1, s2 := sideScore(a.actors, x), sideScore(a.recipients, y)
		if s1 < 0 || s2 < 0 {
			return
		}
		if s := (s1 + s2) / 2; s > score {
			score, shared = s, s1 == 1 || s2 == 1
		} else if s == score && (s1 == 1 || s2 == 1) {
			shared = true
		}
	}
	try(b.actors, b.recipients)
	if a.symmetric || b.symmetric {
		try(b.recipients, b.actors)
	}
	return score, shared
}

// dateScore: 1 for one day, falling by a third a day to DayWindow; 0.5
// when a coarse date (a month, a year, the days before publication)
// contains the other; -1 when they cannot be the same day; 0.3 when
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
		if gap > DayWindow {
			return -1
		}
		return 0.3
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
	p, shared := participants(a, b)
	if p < 0 {
		return 0, false
	}
	d := dateScore(a, b)
	if d < 0 {
		return 0, false
	}
	pl := placeScore(a, b)
	if pl < 0 {
		return 0, false
	}
	ev := evidence(a, b)
	e := min(1, float64(ev)/3)
	return (t + p + d + pl + e) / 5, shared || ev >= 2
}

// Linked reports whether a and b are linked: their score reaches
// Threshold and they share a participant or evidence.
func Linked(a, b *Report) bool {
	s, ok := score(a, b)
	return ok && s >= Threshold
}
