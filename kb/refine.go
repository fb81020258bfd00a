package kb

import (
	"maps"
	"slices"

	"github.com/sitrep/sitrep"
)

// refinePlaces reconsiders, once every match is resolved, the places
// that have namesakes in their own country: each is weighed against
// the document's clues for that country the way PlaceIn weighs them
// (regions named, regions where named actors operate, nearness to the
// other places named, size), and replaced by a namesake that fits them
// strictly better. Resolving one match at a time sees only the regions
// and the nearness of villages; this pass sees the whole document.
func (r *resolver) refinePlaces() {
	var (
		byCountry map[string]*docClues
		done      map[[2]string]int // name key and country -> the entry chosen
		loose     map[int]bool      // entries chosen by spelling alone
	)
	for ci := range r.cands {
		c := &r.cands[ci]
		if c.kind != sitrep.KindPlace || c.e < 0 || c.lat == nil {
			continue
		}
		cur := r.k.entry(c.e)
		if cur.Category == "admin1" || !bulkPlace(cur) {
			continue
		}
		name := nameKey(r.text[r.toks[c.i].start:r.toks[c.j].end])
		key := [2]string{name, cur.Country}
		if best, ok := done[key]; ok {
			if best != c.e && (r.hasPayload(ci, best) || loose[best]) {
				r.setPlace(c, best)
			}
			continue
		}
		var same []int
		for _, p := range c.pays {
			if e := r.k.entry(int(p.entry)); e.Kind == sitrep.KindPlace && e.Country == cur.Country && e.Lat != nil && e.Category != "admin1" {
				same = append(same, int(p.entry))
			}
		}
		best := c.e
		if len(same) >= 2 {
			if byCountry == nil {
				byCountry = map[string]*docClues{}
			}
			dc := byCountry[cur.Country]
			if dc == nil {
				dc = r.docClues(cur.Country)
				byCountry[cur.Country] = dc
			}
			cl := dc.without(name)
			skel := skeleton(r.text[r.toks[c.i].start:r.toks[c.j].end])
			rank := func(i int) rankKey {
				return cl.rank(r.k, namesake{entry: i, exact: true, spelt: skeleton(r.k.entry(i).Name) == skel})
			}
			bestKey := rank(c.e)
			for _, i := range same {
				if key := rank(i); key.score > bestKey.score {
					best, bestKey = i, key
				}
			}
		}
		if len(r.regions) > 0 && !r.inNamedRegion(r.k.entry(best)) {
			// "Mansura in Ar-Raqqa countryside": no namesake spelt so lies
			// in a region the text names, but one spelt alike does (Al
			// Manşūrah, Raqqa), in the place's country or another.
			span := r.text[r.toks[c.i].start:r.toks[c.j].end]
			found := -1
			self := regionKey(span)
			for _, ctry := range r.regionCountries() {
				regions := r.regionsOf(ctry)
				if regions[self] {
					// The name's own reading as a region ("Tripoli") is no
					// clue to where it is.
					regions = maps.Clone(regions)
					delete(regions, self)
				}
				if i := r.k.spelledInRegion(span, ctry, regions); i >= 0 {
					if found >= 0 {
						found = -1
						break
					}
					found = i
				}
			}
			if found >= 0 {
				best = found
				if loose == nil {
					loose = map[int]bool{}
				}
				loose[found] = true
			}
		}
		if done == nil {
			done = map[[2]string]int{}
		}
		done[key] = best
		if best != c.e {
			r.setPlace(c, best)
		}
	}
}

// regionMap lists, per country, the first-level regions the document
// names (their regionKeys), read once.
func (r *resolver) regionMap() map[string]map[string]bool {
	if r.regionsBy == nil {
		r.regionsBy = map[string]map[string]bool{}
		for ci := range r.cands {
			c := &r.cands[ci]
			if r.toks[c.i].cls != caseTitle && r.toks[c.i].cls != caseUpper {
				continue
			}
			for _, p := range c.pays {
				if e := r.k.entry(int(p.entry)); e.Kind == sitrep.KindPlace && e.Category == "admin1" {
					if r.regionsBy[e.Country] == nil {
						r.regionsBy[e.Country] = map[string]bool{}
					}
					r.regionsBy[e.Country][regionKey(e.Name)] = true
				}
			}
		}
	}
	return r.regionsBy
}

// regionCountries returns the countries whose regions the document
// names, sorted.
func (r *resolver) regionCountries() []string {
	var out []string
	for c := range r.regionMap() {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// regionsOf returns the regions of ctry the document names.
func (r *resolver) regionsOf(ctry string) map[string]bool { return r.regionMap()[ctry] }

// inNamedRegion reports whether e lies in a region of its country that
// the document names.
func (r *resolver) inNamedRegion(e *Entry) bool {
	return e.Admin1 != "" && r.regionMap()[e.Country][regionKey(e.Admin1)]
}

// spelledInRegion returns the one place of the main gazetteer in country
// ctry spelt like name (same spelling skeleton) that lies in one of
// regions, or -1 when there is none or more than one.
func (k *KB) spelledInRegion(name, ctry string, regions map[string]bool) int {
	if len(regions) == 0 {
		return -1
	}
	sk := skeleton(name)
	if len(sk) < 3 {
		return -1
	}
	found := -1
	for _, x := range k.countrySkeletons(ctry)[sk] {
		e := k.entry(int(x))
		if e.Kind != sitrep.KindPlace || e.Country != ctry || e.Category == "admin1" || e.Lat == nil || !regions[regionKey(e.Admin1)] {
			continue
		}
		if found >= 0 {
			return -1
		}
		found = int(x)
	}
	return found
}

// hasPayload reports whether match ci may be read as entry idx.
func (r *resolver) hasPayload(ci, idx int) bool {
	for _, p := range r.cands[ci].pays {
		if int(p.entry) == idx {
			return true
		}
	}
	return false
}

// docClues are the clues of a document for one country, with the name
// each point comes from.
type docClues struct {
	clues
	names []string // the name key of each point pair in points
}

// docClues gathers the clues of the document's matches for country
// ctry, read as placeClues reads a note. Points are kept one per name and
// 0.1-degree cell, at most maxAnchors of them, so that long documents
// stay linear.
func (r *resolver) docClues(ctry string) *docClues {
	dc := &docClues{}
	seen := map[pointKey]bool{}
	for ci := range r.cands {
		c := &r.cands[ci]
		if r.toks[c.i].cls != caseTitle && r.toks[c.i].cls != caseUpper {
			continue
		}
		span := nameKey(r.text[r.toks[c.i].start:r.toks[c.j].end])
		if len(span) <= 2 || r.k.common[span] || calendarWords[span] || notPlaces[span] {
			continue
		}
		best, region := r.k.matchClue(c.pays, ctry, &dc.clues)
		if best < 0 || region || len(dc.names) >= maxAnchors {
			continue
		}
		e := r.k.entry(best)
		pk := pointKey{span, int32(*e.Lat * 10), int32(*e.Lon * 10)}
		if !seen[pk] {
			seen[pk] = true
			dc.points = append(dc.points, *e.Lat, *e.Lon)
			dc.names = append(dc.names, span)
		}
	}
	return dc
}

// pointKey is a clue point's name and 0.1-degree cell.
type pointKey struct {
	name     string
	lat, lon int32
}

// without returns the clues with the points of name left out: a place
// is no clue to where it is itself.
func (dc *docClues) without(name string) clues {
	cl := dc.clues
	cl.selfAt, cl.selfEnd = -1, -1
	cl.points = nil
	for n, from := range dc.names {
		if from != name {
			cl.points = append(cl.points, dc.points[2*n], dc.points[2*n+1])
		}
	}
	return cl
}
