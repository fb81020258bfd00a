package kb

import (
	"math"
	"strings"

	"github.com/sitrep/sitrep"
)

// PlaceIn resolves a place name as the text it comes from would. Its
// namesakes (those in countryHint's country when it has any there, spelt
// so or only alike) are scored on the text's clues (rank): lying in a
// first-level region the text names or where an actor it names operates,
// lying near the other places it names, how closely they are spelt like
// the name, and size. When the best is abroad, only alike in spelling and
// far from every clue, one of several that no clue places, or outside
// the region the text puts the name in, the district, town or region the
// text locates the name in is the answer instead ("Wadi X area (Hays, Al
// Hudaydah)" is Hays); so too for a name with no namesake. Names such as
// "Rio de Janeiro-West Zone", "Zolote-5" or "Zamora de Hidalgo" are tried
// by their first part too (nameForms).
//
// Without countryHint, the country is the one the text's places lie in
// (a name given as "Wadi X area (Hays, Al Hudaydah)" is its own text);
// when the text names none, only a place of that very name (or one of its
// names) is an answer: "Vesele" is never Visalia, USA.
func (k *KB) PlaceIn(name, countryHint, text string) (sitrep.Location, bool) {
	hint := strings.ToUpper(strings.TrimSpace(countryHint))
	if hint == "" {
		if strings.TrimSpace(text) == "" {
			text = name
			if core, _, ok := strings.Cut(name, " ("); ok && strings.HasSuffix(name, ")") {
				name = core
			}
		}
		if c := k.textCountry(name, text); c != "" {
			return k.PlaceIn(name, c, text)
		}
	}
	cl := k.placeClues(name, hint, text)
	for _, n := range nameForms(name) {
		cands := k.rankedNamesakes(n, hint) // exact ones only without a hint
		if len(cands) == 0 {
			continue
		}
		best, bestC := -1, namesake{}
		var bestKey rankKey
		for _, c := range cands {
			key := cl.rank(k, c)
			if best < 0 || key.better(bestKey, k, c, best, hint) {
				best, bestKey, bestC = c.entry, key, c
			}
		}
		exact := 0
		for _, c := range cands {
			if c.exact {
				exact++
			}
		}
		e := k.entry(best)
		if hint != "" && (e.Country != hint || !bestC.exact && bestKey.km > 25 || !bestKey.located && !prominent(e) && exact > 1 || cl.outsideStated(e)) {
			// Only a namesake abroad, one alike only in spelling and not
			// next to a place the text names, one of several that no clue
			// places, or one outside the region the note puts the name
			// in: the district, town or region the text locates the name
			// in is the better answer.
			if i, ok := cl.enclosing(); ok {
				e = k.entry(i)
			}
		}
		return sitrep.Location{Name: e.Name, Country: e.Country, Lat: e.Lat, Lon: e.Lon}, true
	}
	if hint == "" {
		return sitrep.Location{}, false
	}
	if i, ok := cl.enclosing(); ok {
		e := k.entry(i)
		return sitrep.Location{Name: e.Name, Country: e.Country, Lat: e.Lat, Lon: e.Lon}, true
	}
	return k.Place(name, hint)
}

// textCountry returns the country most of the places text names (other
// than name) lie in, or "" when it names none or no country leads.
func (k *KB) textCountry(name, text string) string {
	self := nameKey(name)
	count := map[string]int{}
	for _, m := range k.Recognize(text, "") {
		if m.Kind == sitrep.KindPlace && len(m.Country) == 3 && nameKey(m.Text) != self {
			count[m.Country]++
		}
	}
	best, n, tie := "", 0, false
	for c, v := range count {
		switch {
		case v > n:
			best, n, tie = c, v, false
		case v == n:
			tie = true
		}
	}
	if tie {
		return ""
	}
	return best
}

// namesake is a candidate reading of a place name with how closely it
// matches: exact says the name is one of the place's names (up to the
// usual transliteration variants), spelt that its own name has the
// name's spelling skeleton.
type namesake struct {
	entry        int
	exact, spelt bool
}

// rankedNamesakes returns the namesakes of n, exact ones and those only
// alike in spelling, keeping those in hint's country when there are any.
func (k *KB) rankedNamesakes(n, hint string) []namesake {
	skel := skeleton(n)
	var out []namesake
	at := map[int]int{}
	for _, loose := range []bool{false, true} {
		if loose && (len(skel) < 3 || hint == "") {
			// A skeleton of two letters ("Maloli": ml) is alike in too
			// many names to mean anything; and without a country only
			// an exact namesake answers (PlaceIn), so the skeleton index
			// need not be built.
			break
		}
		for _, i := range k.namesakes(n, hint, loose) {
			if _, ok := at[i]; ok {
				continue
			}
			at[i] = len(out)
			out = append(out, namesake{entry: i, exact: !loose, spelt: skeleton(k.entry(i).Name) == skel})
		}
	}
	if hint == "" {
		return out
	}
	var in []namesake
	for _, c := range out {
		if k.entry(c.entry).Country == hint {
			in = append(in, c)
		}
	}
	if len(in) > 0 {
		return in
	}
	// Outside the named country only an exact namesake will do: a loose
	// one abroad is a different name.
	var exact []namesake
	for _, c := range out {
		if c.exact {
			exact = append(exact, c)
		}
	}
	return exact
}

// clues are what a text says about where its places lie: the first-level
// regions it names and the points of the places it names.
type clues struct {
	regions map[string]bool
	// areas are the regions where the actors the text names operate.
	areas  map[string]bool
	points []float64 // lat, lon pairs
	// regionPoints are the points of the named regions' namesake
	// places, for namesakes just outside a region (gazetteers draw
	// borders loosely).
	regionPoints []float64
	// places are the places the text names in the country, in order;
	// selfAt and selfEnd the first and last tokens where it first names
	// the place sought (-1 when it does not).
	places          []placeAt
	selfAt, selfEnd int
	// stated says the note puts the name in a region right after it
	// ("Floresta, Parana"), and statedIn holds that region's keys.
	stated   bool
	statedIn map[string]bool
	// holds are the first-level regions (their keys) of the places in
	// points: a region's reading that holds another place the text names
	// is the one meant ("Okara, Punjab" is Pakistan's Punjab).
	holds map[string]bool
	// countries counts the states the text names (by name, adjective or
	// capital, or by an armed group of one): a namesake in one of them
	// is the likelier. elsewhere are the places the text names in any
	// country (lat, lon pairs) and elsewhereIn their countries: a
	// namesake far from all of them, in a country the text never
	// mentions, comes last.
	countries   map[string]int
	elsewhere   []float64
	elsewhereIn []string
}

// statedReach is how many tokens after a name the region that locates it
// may begin ("Kabizo village (Rutshuru, Nord-Kivu)").
const statedReach = 5

// outsideStated reports whether e lies outside the region the note puts
// the name in.
func (cl clues) outsideStated(e *Entry) bool {
	return cl.stated && e.Category != "admin1" && !cl.statedIn[regionKey(e.Admin1)]
}

// placeAt is a place entry named at a token of a text.
type placeAt struct {
	entry, tok int
	region     bool // named like a first-level region
}

// enclosing returns the place that reports name right after a small place
// to locate it ("Al Jabaliyah area (At Tuhayat, Al Hudaydah)": At
// Tuhayat district): the first place of the country named after the
// sought name, within a few words of it.
func (cl clues) enclosing() (int, bool) {
	if cl.selfAt < 0 {
		return 0, false
	}
	// A district or town first; a region's namesake city only when the
	// text names nothing smaller ("Kibera (Nairobi)").
	for _, region := range []bool{false, true} {
		for _, p := range cl.places {
			if p.region == region && p.tok > cl.selfEnd && p.tok <= cl.selfEnd+enclosingReach {
				return p.entry, true
			}
		}
	}
	return 0, false
}

// prominent reports whether a place is well known enough to be meant
// whatever its namesakes: a capital or a town of 10,000 people.
func prominent(e *Entry) bool {
	return e.Category == "capital" || e.Population >= 10000
}

// enclosingReach is how many tokens after a name the place that locates it
// may come ("Ar Rubat area of Tuban district (Lahij)").
const enclosingReach = 8

// placeClues reads the clues of text for resolving name. With a country,
// every name in the text is read as that country's place where it can be
// (an ACLED note names the region of its country, not a namesake
// abroad); without one, the places Recognize finds are the clues.
func (k *KB) placeClues(name, hint, text string) clues {
	var cl clues
	self := nameKey(name)
	if hint == "" {
		for _, m := range k.Recognize(text, "") {
			if (m.Kind == sitrep.KindState || m.Kind == sitrep.KindArmedGroup) && len(m.Country) == 3 && m.Country != "IGO" {
				if cl.countries == nil {
					cl.countries = map[string]int{}
				}
				cl.countries[m.Country]++
			}
			if m.Kind != sitrep.KindPlace || m.Lat == nil || m.Lon == nil || nameKey(m.Text) == self {
				continue
			}
			if m.Category == "admin1" {
				cl.addRegion(m.Name)
			}
			cl.points = append(cl.points, *m.Lat, *m.Lon)
			cl.elsewhere = append(cl.elsewhere, *m.Lat, *m.Lon)
			cl.elsewhereIn = append(cl.elsewhereIn, m.Country)
		}
		return cl
	}
	toks := tokenize(text, nil)
	cl.selfAt, cl.selfEnd = findName(toks, name)
	cl.statedIn = map[string]bool{}
	k.regionsBySkeleton(text, toks, hint, func(e *Entry) { cl.addRegion(e.Name) })
	for _, c := range k.match(toks) {
		if toks[c.i].cls != caseTitle && toks[c.i].cls != caseUpper {
			continue
		}
		if cl.selfAt >= 0 && c.i <= cl.selfEnd && c.j >= cl.selfAt {
			continue // a part of the sought name ("Zubayrat" of "Wadi Zubayrat")
		}
		span := nameKey(text[toks[c.i].start:toks[c.j].end])
		if span == self || len(span) <= 2 || k.common[span] || calendarWords[span] || notPlaces[span] {
			continue
		}
		best, region := k.matchClue(c.pays, hint, &cl)
		if region && cl.selfAt >= 0 && c.i > cl.selfEnd && c.i <= cl.selfEnd+statedReach &&
			strings.ContainsAny(text[toks[c.i-1].possEnd:toks[c.i].start], ",(") {
			// "Floresta, Parana", "Kabizo village (Rutshuru, Nord-Kivu)":
			// the region the note puts the name in.
			for _, p := range c.pays {
				if e := k.entry(int(p.entry)); e.Kind == sitrep.KindPlace && e.Category == "admin1" && e.Country == hint {
					cl.stated = true
					cl.statedIn[regionKey(e.Name)] = true
				}
			}
		}
		// A region's name ("Juliaca, Puno") is no point, whatever city
		// shares it.
		if best >= 0 {
			e := k.entry(best)
			if region {
				cl.regionPoints = append(cl.regionPoints, *e.Lat, *e.Lon)
			} else {
				cl.addPoint(e)
			}
			cl.places = append(cl.places, placeAt{best, c.i, region})
		}
	}
	return cl
}

// findName returns the first and last tokens at which text (toks) first
// names name, or -1, -1. A name given with a part ("Sanaa-Sanaa Airport")
// is found by its first word, unless that is an article.
func findName(toks []token, name string) (int, int) {
	want := tokenize(name, nil)
	if len(want) == 0 {
		return -1, -1
	}
	at := func(n int) (int, int) {
	next:
		for i := 0; i+n <= len(toks); i++ {
			for j := 0; j < n; j++ {
				if toks[i+j].norm != want[j].norm {
					continue next
				}
			}
			return i, i + n - 1
		}
		return -1, -1
	}
	if i, j := at(len(want)); i >= 0 || len(want) == 1 {
		return i, j
	}
	if arabicArticles[want[0].norm] || len(want[0].norm) < 3 {
		return -1, -1
	}
	return at(1)
}

// matchClue reads one match's readings as a clue for country ctry: the
// areas of the actors it names and the regions of ctry it names go into
// cl. It returns the place of ctry it points to, -1 when none (a village
// is a clue only when it is the one of its name), and whether it names a
// region.
func (k *KB) matchClue(pays []payload, ctry string, cl *clues) (best int, region bool) {
	best, villages := -1, 0
	for _, p := range pays {
		e := k.entry(int(p.entry))
		for _, a := range e.Areas {
			cl.addArea(a)
		}
		if e.Kind != sitrep.KindPlace || e.Country != ctry || e.Lat == nil || e.Lon == nil {
			continue
		}
		if e.Category == "admin1" {
			cl.addRegion(e.Name)
			region = true
		}
		if int(p.entry) >= villageBase {
			villages++
			if best < 0 {
				best = int(p.entry)
			}
			continue
		}
		if best < 0 || best >= villageBase || k.placeBetter(int(p.entry), best, ctry, nil) {
			best = int(p.entry)
		}
	}
	if best >= villageBase && villages != 1 {
		best = -1
	}
	return best, region
}

// addPoint adds place e, named in the text, to the points and its region
// to the regions holding them.
func (cl *clues) addPoint(e *Entry) {
	cl.points = append(cl.points, *e.Lat, *e.Lon)
	if e.Admin1 != "" && e.Category != "admin1" {
		if cl.holds == nil {
			cl.holds = map[string]bool{}
		}
		cl.holds[regionKey(e.Admin1)] = true
	}
}

func (cl *clues) addRegion(name string) {
	if cl.regions == nil {
		cl.regions = map[string]bool{}
	}
	cl.regions[regionKey(name)] = true
}

func (cl *clues) addArea(name string) {
	if cl.areas == nil {
		cl.areas = map[string]bool{}
	}
	cl.areas[regionKey(name)] = true
}

// regionsBySkeleton finds the first-level regions of country hint that
// text names in a spelling the gazetteer lacks ("Dar'a", "Lattakia"): a
// run of up to three capitalised words with a region's spelling skeleton.
// A skeleton of two letters counts only where reports put regions: before
// a region noun or "countryside", or after a comma or bracket.
func (k *KB) regionsBySkeleton(text string, toks []token, hint string, add func(*Entry)) {
	skels := k.countrySkeletons(hint)
	for i := range toks {
		if toks[i].cls != caseTitle && toks[i].cls != caseUpper {
			continue
		}
		for j := i; j < len(toks) && j < i+3; j++ {
			if j > i && (toks[j].gap != gapSoft || toks[j].cls == caseLower) {
				break
			}
			sk := skeleton(text[toks[i].start:toks[j].end])
			if len(sk) < 2 {
				continue
			}
			if len(sk) == 2 {
				next := j+1 < len(toks) && (adminTails[toks[j+1].norm] || toks[j+1].norm == "countryside")
				before := i > 0 && strings.ContainsAny(text[toks[i-1].possEnd:toks[i].start], ",(")
				if !next && !before {
					continue
				}
			}
			for _, x := range skels.lookup(sk) {
				if e := k.entry(int(x)); e.Category == "admin1" {
					add(e)
				}
			}
		}
	}
}

// rankKey is how well a namesake fits the clues.
type rankKey struct {
	score int
	km    float64 // to the nearest place the text names
	// located says a clue places the namesake: a region, an actor's
	// area, nearness, or (for a region) a place it holds.
	located bool
	// far says the namesake lies in a country the text never mentions,
	// far from every place it names: it ranks below every other.
	far bool
}

// Weights of the evidence for a namesake. A region the text names is the
// strongest clue; a big city outweighs a village that only happens to lie
// near another name of the text.
const (
	inRegionWeight = 4
	inAreaWeight   = 2 // a region where an actor the text names operates
	// nearRegionWeight is for a namesake within 50 km of the place named
	// like a region the text names, outside that region.
	nearRegionWeight = 2
	nearWeight       = 1 // per tier: within 80 km, within 25 km
	exactWeight      = 2
	speltWeight      = 1
	bigWeight        = 1 // per tier: 10,000 people, 100,000 or a capital
	// namedCountryWeight is for a namesake in a country the text names.
	namedCountryWeight = 2
)

// farKm is the distance from every place a text names beyond which a
// namesake in a country it never mentions is far.
const farKm = 150

func (cl clues) rank(k *KB, c namesake) rankKey {
	e := k.entry(c.entry)
	key := rankKey{km: math.Inf(1)}
	if e.Admin1 != "" && e.Category != "admin1" {
		switch r := regionKey(e.Admin1); {
		case cl.regions[r]:
			key.score += inRegionWeight
			key.located = true
		case cl.areas[r]:
			key.score += inAreaWeight
			key.located = true
		default:
			for a := 0; a+1 < len(cl.regionPoints); a += 2 {
				if sitrep.DistanceKm(*e.Lat, *e.Lon, cl.regionPoints[a], cl.regionPoints[a+1]) <= 50 {
					key.score += nearRegionWeight
					key.located = true
					break
				}
			}
		}
	}
	if e.Category == "admin1" && cl.holds[regionKey(e.Name)] {
		key.score += inRegionWeight
		key.located = true
	}
	for a := 0; a+1 < len(cl.points); a += 2 {
		key.km = math.Min(key.km, sitrep.DistanceKm(*e.Lat, *e.Lon, cl.points[a], cl.points[a+1]))
	}
	switch {
	case key.km <= 25:
		key.score += 2 * nearWeight
		key.located = true
	case key.km <= 80:
		key.score += nearWeight
		key.located = true
	}
	if c.exact {
		key.score += exactWeight
	}
	if c.spelt {
		key.score += speltWeight
	}
	switch {
	case e.Category == "capital" || e.Population >= 100000:
		key.score += 2 * bigWeight
	case e.Population >= 10000:
		key.score += bigWeight
	}
	if cl.countries[e.Country] > 0 {
		key.score += namedCountryWeight
	} else if !key.located {
		key.far = cl.farFrom(e)
	}
	return key
}

// farFrom reports whether e lies farther than farKm from every place the
// text names elsewhere, none of them in e's country (false when the text
// names none).
func (cl clues) farFrom(e *Entry) bool {
	if len(cl.elsewhere) == 0 {
		return false
	}
	for n, c := range cl.elsewhereIn {
		if c == e.Country {
			return false
		}
		lat, lon := cl.elsewhere[2*n], cl.elsewhere[2*n+1]
		// Most points are far in latitude or longitude alone: skip the
		// great-circle distance for them.
		dlon := math.Abs(lon - *e.Lon)
		if dlon > 180 {
			dlon = 360 - dlon
		}
		if math.Abs(lat-*e.Lat)*111 > farKm || dlon*111*math.Cos(math.Max(math.Abs(lat), math.Abs(*e.Lat))*math.Pi/180) > farKm {
			continue
		}
		if sitrep.DistanceKm(*e.Lat, *e.Lon, lat, lon) <= farKm {
			return false
		}
	}
	return true
}

// better reports whether namesake c, with key a, ranks above namesake
// best, with key b.
func (a rankKey) better(b rankKey, k *KB, c namesake, best int, hint string) bool {
	switch {
	case a.far != b.far:
		return b.far
	case a.score != b.score:
		return a.score > b.score
	case k.cityOver(c.entry, best):
		return true
	case k.cityOver(best, c.entry):
		return false
	case a.km != b.km:
		return a.km < b.km
	}
	return k.placeBetter(c.entry, best, hint, nil)
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
// and a part of it with a hyphen ("Sanaa-Sanaa International Airport"),
// or a numbered part ("Zolote-5"), or when it is a Spanish "X de Y".
func nameForms(name string) []string {
	forms := []string{name}
	if i := strings.Index(name, "-"); i > 0 && i+1 < len(name) && (name[i+1] >= 'A' && name[i+1] <= 'Z' || name[i+1] >= '0' && name[i+1] <= '9') {
		forms = append(forms, strings.TrimSpace(name[:i]))
	}
	if short := shortSpanishName(name); short != "" && !genericPlaceWords[nameKey(short)] {
		forms = append(forms, short) // "Zamora de Hidalgo" is Zamora in the news
	}
	return forms
}

// genericPlaceWords are words that begin Spanish and Portuguese place
// names without naming one ("Ciudad de México", "Villa de Álvarez").
var genericPlaceWords = set("ciudad", "villa", "puerto", "colonia", "barrio", "pueblo", "heroica", "municipio",
	"distrito", "estado", "cerro", "valle", "lago", "ilha", "vila", "cidade", "porto", "santo", "santa", "sao")

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
		for _, i := range k.skel.lookup(skeleton(name)) {
			add(int(i))
		}
		if len(v.name) > 0 {
			for _, id := range v.skeletons().lookup(skeleton(name)) {
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
