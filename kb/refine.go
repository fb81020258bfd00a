package kb

import (
	"maps"
	"slices"

	"github.com/sitrep/sitrep"
)

// refinePlaces reconsiders, once every match is resolved, the places read
// on their own merits that have namesakes: each namesake, in whatever
// country, is weighed against the document's clues the way PlaceIn weighs
// a note's (clues.rank: regions named, regions where named actors
// operate, nearness to the other places named, for a region the places
// it holds, spelling, size, the countries the document names; a
// namesake abroad and far from every place named comes last), with the
// document's other names read as places of that namesake's country, and
// the best replaces the reading chosen. Resolving one match at a time
// sees only the regions and the nearness of villages; this pass sees the
// whole document. A name keeps one reading through a document.
func (r *resolver) refinePlaces() {
	var (
		done  map[string]int // name key -> the entry chosen
		loose map[int]bool   // entries chosen by spelling alone
	)
	for ci := range r.cands {
		c := &r.cands[ci]
		if !c.plain || c.kind != sitrep.KindPlace || c.e < 0 || c.lat == nil {
			continue
		}
		cur := r.k.entry(c.e)
		if !bulkPlace(cur) {
			r.dropOutside(ci)
			continue
		}
		span := r.text[r.toks[c.i].start:r.toks[c.j].end]
		name := nameKey(span)
		if best, ok := done[name]; ok {
			if best != c.e && (r.hasPayload(ci, best) || loose[best]) {
				r.setPlace(c, best)
			}
			r.dropOutside(ci)
			continue
		}
		best, found := r.bestNamesake(ci, span, name, cur.Category == "admin1")
		if found {
			if loose == nil {
				loose = map[int]bool{}
			}
			loose[best] = true
		}
		if done == nil {
			done = map[string]int{}
		}
		done[name] = best
		if best != c.e {
			r.setPlace(c, best)
			c.outside = c.outside || r.outsideStatedRegion(ci, r.k.entry(best))
		}
		r.dropOutside(ci)
	}
}

// dropOutside drops the reading of match ci when it lies outside the
// region the text puts the name in: the gazetteer lacks the place.
func (r *resolver) dropOutside(ci int) {
	c := &r.cands[ci]
	if c.outside && (c.e < 0 || r.outsideStatedRegion(ci, r.k.entry(c.e))) {
		r.unset(c)
	}
}

// bestNamesake weighs the namesakes of match ci (span, keyed name): its
// place readings with coordinates, regions only when region is set and
// none else when not; and, in each country whose regions the document
// names, the one place of those regions spelt alike (the gazetteer's
// "Al Manşūrah" for "Mansura in Ar-Raqqa countryside"). It returns the
// best, and whether it is one spelt alike.
func (r *resolver) bestNamesake(ci int, span, name string, region bool) (int, bool) {
	c := &r.cands[ci]
	docs := r.cluesByCountry()
	elsewhere, elsewhereIn := r.placesElsewhere(name)
	byCountry := map[string]*clues{}
	cluesOf := func(ctry string) *clues {
		cl := byCountry[ctry]
		if cl == nil {
			cl = &clues{}
			if dc := docs[ctry]; dc != nil {
				*cl = dc.without(name)
			} else {
				cl.areas = r.areas
			}
			cl.selfAt, cl.selfEnd = -1, -1
			cl.countries = r.countries
			cl.elsewhere, cl.elsewhereIn = elsewhere, elsewhereIn
			byCountry[ctry] = cl
		}
		return cl
	}
	skel := skeleton(span)
	best, bestLoose := c.e, false
	bestNs := namesake{entry: c.e, exact: true, spelt: skeleton(r.k.entry(c.e).Name) == skel}
	bestKey := cluesOf(r.k.entry(c.e).Country).rank(r.k, bestNs)
	try := func(ns namesake) {
		if ns.entry == best {
			return
		}
		key := cluesOf(r.k.entry(ns.entry).Country).rank(r.k, ns)
		if key.better(bestKey, r.k, ns, best, "") {
			best, bestKey, bestNs, bestLoose = ns.entry, key, ns, !ns.exact
		}
	}
	for _, p := range c.pays {
		e := r.k.entry(int(p.entry))
		if e.Kind != sitrep.KindPlace || e.Lat == nil || (e.Category == "admin1") != region {
			continue
		}
		try(namesake{entry: int(p.entry), exact: true, spelt: skeleton(e.Name) == skel})
	}
	if !region {
		self := regionKey(span)
		for _, ctry := range r.regionCountries() {
			regions := cluesOf(ctry).regions
			if regions[self] {
				// The name's own reading as a region ("Tripoli") is no
				// clue to how else it may be spelt.
				regions = maps.Clone(regions)
				delete(regions, self)
			}
			if i := r.k.spelledInRegion(span, ctry, regions); i >= 0 && !r.hasPayload(ci, i) {
				try(namesake{entry: i, spelt: true})
			}
		}
	}
	return best, bestLoose
}

// namesRegion reports whether match ci names, by a city's name, the
// first-level region around it: "in Dar'a countryside", "the
// countryside of Idleb", "Hama province".
func (r *resolver) namesRegion(ci int) bool {
	c := &r.cands[ci]
	if w := r.nextWord(c.j); w == "countryside" || adminTails[w] {
		return true
	}
	return r.prevWord(c.i) == "of" && c.i >= 2 && (r.toks[c.i-2].norm == "countryside" || adminTails[r.toks[c.i-2].norm])
}

// regionOfCity returns the first-level region (its name) of the city or
// town match ci names when it names the region around it (namesRegion)
// and has no reading as a region itself: "Dar'a countryside" is Daraa
// governorate. ctry, when set, asks for that country's city.
func (r *resolver) regionOfCity(ci int, ctry string) string {
	if !r.namesRegion(ci) || r.hasAdmin1(ci) {
		return ""
	}
	best := -1
	for _, p := range r.cands[ci].pays {
		e := r.k.entry(int(p.entry))
		if e.Kind != sitrep.KindPlace || e.Admin1 == "" || ctry != "" && e.Country != ctry {
			continue
		}
		switch e.Category {
		case "city", "town", "capital":
		default:
			continue
		}
		if best < 0 || r.k.placeBetter(int(p.entry), best, "", r.countries) {
			best = int(p.entry)
		}
	}
	if best < 0 {
		return ""
	}
	return r.k.entry(best).Admin1
}

// regionCountries returns the countries whose regions the document
// names, sorted.
func (r *resolver) regionCountries() []string {
	var out []string
	for c, dc := range r.cluesByCountry() {
		if len(dc.regions) > 0 {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out
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
	for _, x := range k.countrySkeletons(ctry).lookup(sk) {
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
// each point and region comes from.
type docClues struct {
	clues
	names []string // the name key of each point pair in points
	holds []string // the region key of each point's region, or ""
}

// cluesByCountry gathers, once, the clues of the document's matches for
// each country their readings lie in, every name read as that country's
// place as placeClues reads a note's. Points are kept one per name and
// 0.1-degree cell, at most maxAnchors of them per country, so that long
// documents stay linear.
func (r *resolver) cluesByCountry() map[string]*docClues {
	if r.byCountry != nil {
		return r.byCountry
	}
	r.byCountry = map[string]*docClues{}
	seen := map[pointKey]bool{}
	var ctrys []string
	for ci := range r.cands {
		c := &r.cands[ci]
		if r.toks[c.i].cls != caseTitle && r.toks[c.i].cls != caseUpper {
			continue
		}
		span := nameKey(r.text[r.toks[c.i].start:r.toks[c.j].end])
		if len(span) <= 2 || r.k.common[span] || calendarWords[span] || notPlaces[span] {
			continue
		}
		ctrys = ctrys[:0]
		for _, p := range c.pays {
			if e := r.k.entry(int(p.entry)); e.Kind == sitrep.KindPlace && e.Lat != nil && e.Country != "" && !slices.Contains(ctrys, e.Country) {
				ctrys = append(ctrys, e.Country)
			}
		}
		for _, ctry := range ctrys {
			dc := r.byCountry[ctry]
			if dc == nil {
				dc = &docClues{}
				dc.areas = r.areas
				r.byCountry[ctry] = dc
			}
			best, region := r.k.matchClue(c.pays, ctry, &dc.clues)
			if a := r.regionOfCity(ci, ctry); a != "" {
				dc.addRegion(a)
			}
			if best < 0 || region || len(dc.names) >= maxAnchors {
				continue
			}
			e := r.k.entry(best)
			pk := pointKey{span, int32(*e.Lat * 10), int32(*e.Lon * 10)}
			if !seen[pk] {
				seen[pk] = true
				dc.points = append(dc.points, *e.Lat, *e.Lon)
				dc.names = append(dc.names, span)
				h := ""
				if e.Admin1 != "" && e.Category != "admin1" {
					h = regionKey(e.Admin1)
				}
				dc.holds = append(dc.holds, h)
			}
		}
	}
	return r.byCountry
}

// placesElsewhere returns the places the document names other than name,
// as they were read (lat, lon pairs), and their countries: at most
// maxAnchors of them, one per 0.1-degree cell.
func (r *resolver) placesElsewhere(name string) ([]float64, []string) {
	var pts []float64
	var in []string
	cells := map[[2]int32]bool{}
	for ci := range r.cands {
		c := &r.cands[ci]
		if c.kind != sitrep.KindPlace || c.e < 0 || c.lat == nil || len(in) >= maxAnchors {
			continue
		}
		cell := [2]int32{int32(*c.lat * 10), int32(*c.lon * 10)}
		if cells[cell] || nameKey(r.text[r.toks[c.i].start:r.toks[c.j].end]) == name {
			continue
		}
		cells[cell] = true
		pts = append(pts, *c.lat, *c.lon)
		in = append(in, c.ctry)
	}
	return pts, in
}

// pointKey is a clue point's name and 0.1-degree cell.
type pointKey struct {
	name     string
	lat, lon int32
}

// without returns the clues with the points of name left out: a place is
// no clue to where it is itself. A region of the same name stays one: a
// city lies in the region named after it (Aleppo, Kerman).
func (dc *docClues) without(name string) clues {
	cl := dc.clues
	cl.selfAt, cl.selfEnd = -1, -1
	cl.points = nil
	cl.holds = nil
	for n, from := range dc.names {
		if from != name {
			cl.points = append(cl.points, dc.points[2*n], dc.points[2*n+1])
			if h := dc.holds[n]; h != "" {
				if cl.holds == nil {
					cl.holds = map[string]bool{}
				}
				cl.holds[h] = true
			}
		}
	}
	return cl
}
