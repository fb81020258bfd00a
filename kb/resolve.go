package kb

import (
	"math"
	"strings"

	"github.com/sitrep/sitrep"
)

// PlaceIn resolves a place name as the text it comes from would: among
// its namesakes (in countryHint's country when it has any there), one
// inside a first-level region the text names comes first, then the one
// nearest the other places the text names; without such clues it is
// Place's choice. Names such as "Rio de Janeiro-West Zone" or "Beirut-Port"
// resolve to their first part when the whole is unknown.
func (k *KB) PlaceIn(name, countryHint, text string) (sitrep.Location, bool) {
	hint := strings.ToUpper(strings.TrimSpace(countryHint))
	var regions map[string]bool
	var anchors, home []float64
	for _, m := range k.Recognize(text, "") {
		if m.Kind != sitrep.KindPlace || m.Lat == nil || m.Lon == nil {
			continue
		}
		if nameKey(m.Text) == nameKey(name) {
			continue // the name itself is no clue to where it is
		}
		if m.Category == "admin1" {
			if regions == nil {
				regions = map[string]bool{}
			}
			regions[regionKey(m.Name)] = true
		}
		anchors = append(anchors, *m.Lat, *m.Lon)
		if m.Country == hint {
			home = append(home, *m.Lat, *m.Lon)
		}
	}
	if len(home) > 0 {
		// Places in the name's own country are the clues; others are
		// more likely misread ("La Candelaria" is not Colombian).
		anchors = home
	}
	for _, n := range nameForms(name) {
		cands := k.namesakes(n, hint, false)
		if len(cands) == 0 || hint != "" && k.entry(cands[0]).Country != hint {
			// Only then the looser spelling skeletons: they gather many
			// unrelated names.
			if loose := k.namesakes(n, hint, true); len(loose) > 0 && (len(cands) == 0 || k.entry(loose[0]).Country == hint) {
				cands = loose
			}
		}
		if len(cands) == 0 {
			continue
		}
		// Namesakes spelt like the name come before those that only list
		// it among their variants ("Bahawalpur" is not Bahawalnagar).
		skel := skeleton(n)
		var spelt []int
		for _, i := range cands {
			if skeleton(k.entry(i).Name) == skel {
				spelt = append(spelt, i)
			}
		}
		if len(spelt) > 0 {
			cands = spelt
		}
		best, bestIn, bestKm := -1, false, math.Inf(1)
		for _, i := range cands {
			e := k.entry(i)
			in := e.Admin1 != "" && e.Category != "admin1" && regions[regionKey(e.Admin1)]
			km := math.Inf(1)
			for a := 0; a+1 < len(anchors); a += 2 {
				km = math.Min(km, distKm(*e.Lat, *e.Lon, anchors[a], anchors[a+1]))
			}
			switch {
			case best < 0,
				in && !bestIn,
				in == bestIn && km < bestKm,
				in == bestIn && km == bestKm && k.cityOver(i, best),
				in == bestIn && km == bestKm && !k.cityOver(best, i) && k.placeBetter(i, best, hint, nil):
				best, bestIn, bestKm = i, in, km
			}
		}
		e := k.entry(best)
		return sitrep.Location{Name: e.Name, Country: e.Country, Lat: e.Lat, Lon: e.Lon}, true
	}
	return k.Place(name, hint)
}

// cityOver reports whether place a is a city and b the first-level region
// of the same name and country: a bare "Rio de Janeiro" or "Aleppo" is the
// city.
func (k *KB) cityOver(a, b int) bool {
	ea, eb := k.entry(a), k.entry(b)
	if eb.Category != "admin1" || ea.Country != eb.Country || nameKey(ea.Name) != nameKey(eb.Name) {
		return false
	}
	switch ea.Category {
	case "city", "capital", "town":
		return true
	}
	return false
}

// nameForms returns the name, then its first part when it joins a place
// and a part of it with a hyphen ("Sanaa-Sanaa International Airport").
func nameForms(name string) []string {
	forms := []string{name}
	if i := strings.Index(name, "-"); i > 0 && i+1 < len(name) && name[i+1] >= 'A' && name[i+1] <= 'Z' {
		forms = append(forms, strings.TrimSpace(name[:i]))
	}
	return forms
}

// namesakes returns the entry indexes of the places with coordinates named
// name, in the main gazetteer and the village layer (whose key folds the
// usual transliteration variants), or with skel the places whose spelling
// skeleton is name's; only those in hint's country when there are any.
func (k *KB) namesakes(name, hint string, skel bool) []int {
	seen := map[int]bool{}
	var all []int
	add := func(i int) {
		if seen[i] {
			return
		}
		if e := k.entry(i); e.Kind == sitrep.KindPlace && e.Lat != nil && e.Lon != nil {
			seen[i] = true
			all = append(all, i)
		}
	}
	v := k.villages()
	if skel {
		k.skelOnce.Do(k.buildSkeletons)
		for _, i := range k.skel[skeleton(name)] {
			add(int(i))
		}
		if len(v.name) > 0 {
			for _, id := range v.skeletons()[skeleton(name)] {
				add(villageBase + int(id))
			}
		}
	} else {
		for _, i := range k.named(name) {
			add(i)
		}
		if toks := tokenize(name, nil); len(toks) > 0 && len(v.name) > 0 {
			ids, _ := v.lookup(toks, nil)
			for _, id := range ids {
				add(villageBase + int(id))
			}
		}
	}
	if hint == "" {
		return all
	}
	var in []int
	for _, i := range all {
		if k.entry(i).Country == hint {
			in = append(in, i)
		}
	}
	if len(in) > 0 {
		return in
	}
	return all
}
