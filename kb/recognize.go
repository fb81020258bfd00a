package kb

import (
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/sitrep/sitrep"
)

// cand is a match being resolved into a mention.
type cand struct {
	i, j   int // first and last token, inclusive
	pays   []payload
	e      int // chosen entry, -1 when dropped
	form   uint8
	kind   string
	id     string
	name   string
	ctry   string
	sector string
	cat    string
	lat    *float64
	lon    *float64
	// composed is set when a modifier was folded in ("Russian" + "troops").
	composed bool
	// plain is set when the match was read as a place on its own merits,
	// not as a capital or a state's region: refinePlaces may weigh its
	// namesakes again.
	plain bool
	// outside is set when the reading lies outside the region the text
	// puts the name in (outsideStatedRegion).
	outside bool
}

// Words before a place name that make it a location ("in Moscow").
var strongLocatives = set("in", "near", "outside", "around", "inside", "at", "into", "across", "within", "throughout", "nearby", "towards", "toward", "via", "over")

// Weaker locatives that still mark a place but not a capital's government
// ("from Moscow" is usually the government).
var weakLocatives = set("from", "to", "between", "through", "past", "off")

// Nouns that make "X of Y" a place phrase: "countryside of Rumaylan".
var placeHeads = set("city", "town", "village", "districts", "neighbourhoods", "neighborhoods", "villages", "areas", "parts", "streets", "countryside", "outskirts", "province", "region", "governorate", "area",
	"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "centre", "center", "suburbs",
	"suburb", "port", "capital", "district", "west", "southwest", "northeast", "miles", "kilometres", "kilometers", "km")

// Nouns after a name that make it a place: "Hasakeh province".
var placeTails = set("province", "governorate", "region", "city", "district", "oblast", "county", "airfield", "airport",
	"air", "base", "airbase", "port", "town", "village", "area", "countryside", "garrison", "krai", "state", "prefecture",
	"municipality", "border", "crossing", "camp", "valley", "desert")

// IsCurrencyNoun reports whether w (lower case) names money, so that a
// name before it ("the US dollar") names a currency, not a side.
func IsCurrencyNoun(w string) bool { return currencyNouns[w] }

// currencyNouns after a state's name or adjective make it a currency.
// Not "won": "Russia won" is far more common than the Korean currency.
var currencyNouns = set("dollar", "dollars", "euro", "euros", "pound", "pounds", "rial", "rials", "riyal", "riyals",
	"rouble", "roubles", "ruble", "rubles", "rupee", "rupees", "lira", "yuan", "yen", "dinar", "dinars",
	"hryvnia", "peso", "pesos", "franc", "francs", "shilling", "shillings", "naira", "currency", "currencies")

// streetTails follow a place's name as they follow a person's ("the
// Saadnayel highway", "Hamra Street" but "Shaheddan Square" in Kandahar):
// they make a name a place only where the document points nowhere else.
var streetTails = set("highway", "road", "roundabout", "square", "bridge", "junction", "checkpoint")

// Capitalised words that gazetteers list as villages but news uses as
// adjectives.
var notPlaces = set("arab", "arabs", "kurdish", "kurds", "kurd", "african", "european", "western", "eastern", "northern",
	"southern", "muslim", "muslims", "jewish", "christian", "christians", "shiite", "shia", "sunni", "asian", "latin",
	"islamic", "islamist", "alawite", "druze", "yazidi", "turkmen", "baloch", "pashtun", "hazara", "tamil", "sikh",
	"hindu", "catholic", "orthodox", "coalition", "opposition", "regime", "government", "security", "liberty", "union")

// Adjectives that make the next name a place: "central Van".
var placeAdjectives = set("central", "northern", "southern", "eastern", "western", "northeastern", "northwestern",
	"southeastern", "southwestern", "rural", "downtown", "suburban", "coastal", "occupied", "besieged", "nearby")

// Nouns after a name that make it a first-level region.
var adminTails = set("province", "governorate", "region", "oblast", "state", "prefecture", "krai", "republic")

// Words allowed between a modifier and the agent it applies to ("US
// occupation forces", "Iran's highest-ranking officials").
var agentGap = set("special", "occupation", "occupying", "elite", "ground", "regular", "armed", "government", "security",
	"naval", "air", "top", "senior", "high", "ranking", "highest", "long", "range", "short", "medium", "combat",
	"fighter", "cargo", "transport", "led", "pro", "local", "federal", "border", "riot", "regime", "foreign", "defence",
	"defense", "commando", "airborne", "military", "army", "state", "former", "current", "new", "other", "retired",
	"junior", "level", "heavy", "light", "strategic", "tactical", "attack", "main", "own", "top-level", "frontline",
	"deployed", "allied", "warring", "intelligence", "aviation", "navy", "modernized", "modernised", "advanced", "latest",
	"newest", "supersonic", "stealth", "unmanned", "upgraded")

// officeGap words name an office between a state and its holder, often
// capitalised: "Turkish Trade Minister", "South Korea's first vice foreign
// minister".
var officeGap = set("first", "second", "vice", "deputy", "acting", "interim", "chief", "trade", "finance", "economy",
	"economic", "interior", "justice", "energy", "oil", "health", "information", "commerce", "home", "industry",
	"agriculture", "culture", "transport", "labour", "labor", "education", "environment", "development", "planning",
	"petroleum", "communications", "public", "affairs", "external", "national", "prime", "minister", "secretary")

// Words in a gap that make the modifier a sponsor, not the owner
// ("Turkish-backed armed groups").
var sponsorWords = set("backed", "sponsored", "supported", "funded", "trained", "linked", "affiliated", "aligned",
	"inspired", "made", "built", "produced", "manufactured", "designed", "supplied", "provided", "armed")

var functionWords = set("the", "a", "an", "and", "or", "of", "in", "on", "at", "to", "for", "with", "from", "by", "is",
	"are", "was", "were", "has", "have", "had", "be", "been", "says", "said", "will", "would", "may", "can", "as", "but",
	"not", "no", "after", "before", "over", "under", "amid", "into", "against", "its", "their", "his", "her", "this",
	"that", "it", "he", "she", "they", "we", "who", "which")

var calendarWords = set("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
	"february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// Recognize finds the knowledge base's entities in text. Mentions are
// sorted by Start and do not overlap; at each position the longest name
// wins. date (YYYY-MM-DD, or "") chooses which role a person held.
func (k *KB) Recognize(text string, date string) []sitrep.Mention {
	toks := tokenize(text, nil)
	if len(toks) == 0 {
		return nil
	}
	cands := k.match(toks)
	if len(cands) == 0 {
		return nil
	}
	r := resolver{k: k, text: text, toks: toks, date: date, matched: make([]int, len(toks))}
	for i := range r.matched {
		r.matched[i] = -1
	}
	for ci := range cands {
		for t := cands[ci].i; t <= cands[ci].j; t++ {
			r.matched[t] = ci
		}
	}
	r.cands = cands
	r.context()
	for ci := range cands {
		r.resolve(ci)
	}
	r.refinePlaces()
	out := r.compose()
	return out
}

// match finds the leftmost-longest matches whose case rules hold.
func (k *KB) match(toks []token) []cand {
	var cands []cand
	var valid []payload
	var keyBuf []byte
	vill := k.villages()
	if len(vill.name) == 0 {
		vill = nil
	}
	for i := 0; i < len(toks); {
		node := int32(0)
		best := -1
		var bestPays []payload
		for j := i; j < len(toks); j++ {
			if j > i && toks[j].gap != gapSoft {
				break
			}
			c, ok := k.trie.child(node, toks[j].norm)
			if !ok {
				break
			}
			node = c
			terms := k.trie.terms[node]
			if len(terms) == 0 {
				continue
			}
			valid = valid[:0]
			for _, p := range terms {
				if casesHold(toks[i:j+1], p) {
					valid = append(valid, p)
				}
			}
			if len(valid) > 0 {
				best = j
				bestPays = append([]payload(nil), valid...)
			}
		}
		// The village layer: a longer name, or namesakes of a name that
		// is only a place.
		if vill != nil && (toks[i].cls == caseTitle || toks[i].cls == caseUpper) {
			vj, ids := k.villageMatch(vill, toks, i, &keyBuf)
			if vj > best && arabicArticles[toks[i].norm] && i+1 <= vj && k.longestEnd(toks, i+1) == vj {
				// "Ar-Raqqa" is the city the gazetteer knows as Raqqa, not
				// a village spelt with the article.
				i++
				continue
			}
			if vj >= 0 && (vj > best || vj == best && onlyPlaces(k, bestPays)) {
				if vj > best {
					bestPays = nil
				}
				for _, id := range ids {
					bestPays = append(bestPays, payload{entry: villageBase + id, form: formName})
				}
				best = vj
			}
		}
		if best < 0 {
			i++
			continue
		}
		if toks[i].norm == "the" && i+1 < len(toks) && k.longestEnd(toks, i+1) > best {
			// "the Caspian" must not hide "Caspian Sea".
			i++
			continue
		}
		cands = append(cands, cand{i: i, j: best, pays: bestPays, e: -1})
		i = best + 1
	}
	return cands
}

// villageMatch returns the last token of the longest village name
// starting at token i, and the villages of that name; -1 when there is
// none. The name must start and end with a capital.
func (k *KB) villageMatch(v *villageLayer, toks []token, i int, buf *[]byte) (int, []int32) {
	best := -1
	var bestIDs []int32
	for j := i; j < len(toks) && j < i+v.maxToks; j++ {
		if j > i && toks[j].gap != gapSoft {
			break
		}
		if toks[j].cls != caseTitle && toks[j].cls != caseUpper {
			continue
		}
		var ids []int32
		ids, *buf = v.lookup(toks[i:j+1], *buf)
		if len(ids) > 0 {
			best, bestIDs = j, ids
		}
	}
	return best, bestIDs
}

// onlyPlaces reports whether every payload is a place.
func onlyPlaces(k *KB, pays []payload) bool {
	for _, p := range pays {
		if k.entry(int(p.entry)).Kind != sitrep.KindPlace {
			return false
		}
	}
	return true
}

// longestEnd returns the last token of the longest name starting at i,
// or -1.
func (k *KB) longestEnd(toks []token, i int) int {
	node, best := int32(0), -1
	for j := i; j < len(toks); j++ {
		if j > i && toks[j].gap != gapSoft {
			break
		}
		c, ok := k.trie.child(node, toks[j].norm)
		if !ok {
			break
		}
		node = c
		for _, p := range k.trie.terms[node] {
			if casesHold(toks[i:j+1], p) {
				best = j
				break
			}
		}
	}
	return best
}

func casesHold(toks []token, p payload) bool {
	for n := range toks {
		w := ""
		if p.words != nil {
			w = p.words[n]
		}
		if !satisfies(&toks[n], p.reqs[n], w) {
			return false
		}
	}
	return true
}

// resolver holds the state of one Recognize call.
type resolver struct {
	k    *KB
	text string
	// titleLines memoises titleLine by line start: it is asked once per
	// candidate, and rescanning a long line each time costs time and
	// garbage quadratic in the line's length.
	titleLines map[int]bool
	toks       []token
	date       string
	cands      []cand
	matched    []int // token -> cand index, -1 when unmatched
	// countries counts states named in the document; admin1 holds the
	// first-level regions of the places named in it.
	countries map[string]int
	admin1    map[string]bool
	// regions holds the first-level regions named in the document
	// ("Donetsk", "Ghazni province"): a namesake place inside one of them
	// beats the others.
	regions map[string]int
	// stateMentions counts the matches naming each country, and
	// stateSpellings those of each country and spelling (countryMentions).
	stateMentions  map[string]int
	stateSpellings map[[2]string]int
	// byCountry holds the document's clues for each country
	// (cluesByCountry).
	byCountry map[string]*docClues
	// areas are the regions where the armed groups and missions the
	// document names operate: a weaker clue than a named region.
	areas map[string]bool
	// anchors are the positions of the places named in the document that
	// are not villages: namesake villages are told apart by their
	// distance to them.
	anchors []float64
}

// context gathers document-level evidence for disambiguation.
func (r *resolver) context() {
	r.countries = map[string]int{}
	r.admin1 = map[string]bool{}
	r.regions = map[string]int{}
	anchorCells := map[[2]int32]bool{}
	for ci := range r.cands {
		seenKey := ""
		for _, p := range r.cands[ci].pays {
			if e := r.k.entry(int(p.entry)); e.Kind == sitrep.KindPlace && e.Category == "admin1" {
				if key := regionKey(e.Name); key != seenKey {
					r.regions[key]++
					seenKey = key
				}
			}
		}
		seen := ""
		onlyPlaces := true
		for _, p := range r.cands[ci].pays {
			e := r.k.entry(int(p.entry))
			for _, a := range e.Areas {
				if r.areas == nil {
					r.areas = map[string]bool{}
				}
				r.areas[regionKey(a)] = true
			}
			// A state's name, adjective or capital, or an armed group
			// of one country ("Houthi"), says what the text is about.
			if (e.Kind == sitrep.KindState && !currencyNouns[r.nextWord(r.cands[ci].j)] || e.Kind == sitrep.KindArmedGroup && len(e.Country) == 3 && e.Country != "IGO") && seen != e.Country {
				r.countries[e.Country]++
				seen = e.Country
			}
			if e.Kind != sitrep.KindPlace {
				onlyPlaces = false
			}
		}
		if onlyPlaces {
			if b := r.bestPlace(ci, ""); b >= 0 {
				e := r.k.entry(int(b))
				if a := e.Admin1; a != "" {
					r.admin1[nameKey(a)] = true
				}
				if b < villageBase && e.Lat != nil && len(r.cands[ci].pays) <= 3 && len(r.anchors) < 2*maxAnchors && r.plausibleAnchor(ci) {
					// One anchor per 0.1 degree cell, and a bounded number,
					// so that long texts stay linear.
					cell := [2]int32{int32(*e.Lat * 10), int32(*e.Lon * 10)}
					if !anchorCells[cell] {
						anchorCells[cell] = true
						r.anchors = append(r.anchors, *e.Lat, *e.Lon)
					}
				}
			}
		}
	}
	// "in Dar'a countryside": a city's name for the region around it.
	for ci := range r.cands {
		if a := r.regionOfCity(ci, ""); a != "" {
			r.regions[regionKey(a)]++
		}
	}
}

// countryMentions counts the matches other than those spelt like match
// ci that name country ctry (its name, adjective or capital): how much
// the text is about ctry besides the name being resolved.
func (r *resolver) countryMentions(ctry string, ci int) int {
	if r.stateMentions == nil {
		r.stateMentions = map[string]int{}
		r.stateSpellings = map[[2]string]int{}
		for cj := range r.cands {
			for _, p := range r.cands[cj].pays {
				if e := r.k.entry(int(p.entry)); e.Kind == sitrep.KindState {
					r.stateMentions[e.Country]++
					r.stateSpellings[[2]string{e.Country, r.spanKey(cj)}]++
					break
				}
			}
		}
	}
	return r.stateMentions[ctry] - r.stateSpellings[[2]string{ctry, r.spanKey(ci)}]
}

// spanKey is match ci's text, normalised.
func (r *resolver) spanKey(ci int) string {
	c := &r.cands[ci]
	if c.i == c.j {
		return r.toks[c.i].norm
	}
	parts := make([]string, 0, c.j-c.i+1)
	for t := c.i; t <= c.j; t++ {
		parts = append(parts, r.toks[t].norm)
	}
	return strings.Join(parts, " ")
}

// prevWord returns the normalised token before token i when only soft
// space separates them, or "".
func (r *resolver) prevWord(i int) string {
	if i == 0 || r.toks[i].gap == gapHard {
		return ""
	}
	return r.toks[i-1].norm
}

func (r *resolver) nextWord(j int) string {
	if j+1 >= len(r.toks) || r.toks[j+1].gap == gapHard {
		return ""
	}
	return r.toks[j+1].norm
}

// locative reports whether the name at token i follows a locative word;
// strong says whether it is strong enough to make a capital a place.
func (r *resolver) locative(i int) (any, strong bool) {
	w := r.prevWord(i)
	if w == "" || r.toks[i-1].cls != caseLower {
		return false, false // "Near East" is a name, not "near East"
	}
	if strongLocatives[w] {
		return true, true
	}
	if placeAdjectives[w] {
		return true, false
	}
	if weakLocatives[w] {
		return true, false
	}
	if w == "of" && i >= 2 && placeHeads[r.toks[i-2].norm] {
		return true, true
	}
	if (w == "and" || w == "or") && i >= 2 {
		if pc := r.matched[i-2]; pc >= 0 && r.cands[pc].kind == sitrep.KindPlace {
			return true, true
		}
	}
	return false, false
}

// unmatched reports whether token t is outside every match, or inside one
// that can only be a place (gazetteers name villages after common first
// names and words: "Michael", "Post", "Delta").
func (r *resolver) unmatched(t int) bool {
	ci := r.matched[t]
	if ci < 0 {
		return true
	}
	for _, p := range r.cands[ci].pays {
		if r.k.entry(int(p.entry)).Kind != sitrep.KindPlace {
			return false
		}
	}
	return true
}

// properNeighbour reports whether the name [i,j] touches an unmatched
// capitalised word, which makes it part of a longer proper name ("Michael
// Jordan", "Washington Examiner").
func (r *resolver) properNeighbour(i, j int) bool {
	if i > 0 && r.toks[i].gap == gapSoft && r.unmatched(i-1) {
		p := &r.toks[i-1]
		if (p.cls == caseTitle) && !r.k.common[p.norm] && !calendarWords[p.norm] && !p.poss {
			return true
		}
	}
	if j+1 < len(r.toks) && r.toks[j+1].gap == gapSoft && !r.toks[j].poss && r.toks[j+1].cls == caseTitle {
		// A first name before a known surname: "Chad Johnson".
		if nc := r.matched[j+1]; nc >= 0 && r.cands[nc].i == j+1 {
			for _, p := range r.cands[nc].pays {
				if r.k.entry(int(p.entry)).Kind == sitrep.KindPerson {
					return true
				}
			}
		}
	}
	if j+1 < len(r.toks) && r.toks[j+1].gap == gapSoft && r.unmatched(j+1) && !r.toks[j].poss {
		n := &r.toks[j+1]
		if n.cls == caseTitle && !calendarWords[n.norm] {
			if !r.k.common[n.norm] {
				return true
			}
			// A capitalised common word followed by a lower-case one is
			// part of a name ("Washington Post said"); followed by more
			// capitals it is a title-case headline ("Iran Has Been").
			if (j+2 >= len(r.toks) || r.toks[j+2].gap == gapHard || r.toks[j+2].cls == caseLower) && !functionWords[n.norm] && !r.titleLine(n.start) {
				return true
			}
		}
	}
	return false
}

// vouches reports whether the one region keyed key named in the document
// supports a place of country ctry in match ci: it does unless that
// region is a reading of ci itself in another country.
func (r *resolver) vouches(ci int, key, ctry string) bool {
	own, same := false, false
	for _, p := range r.cands[ci].pays {
		if e := r.k.entry(int(p.entry)); e.Kind == sitrep.KindPlace && e.Category == "admin1" && regionKey(e.Name) == key {
			own = true
			same = same || e.Country == ctry
		}
	}
	return !own || same
}

// outsideStatedRegion reports whether the text places the name inside a
// first-level region of its own country ("Pisky, Donetsk", "Orikhove
// (Popasna, Luhansk)") that the chosen place e is not in: the gazetteer
// lacks the right namesake, and the region is the better answer.
func (r *resolver) outsideStatedRegion(ci int, e *Entry) bool {
	if e.Category == "admin1" || !bulkPlace(e) || e.Lat == nil || e.Lon == nil {
		return false
	}
	c := &r.cands[ci]
	end := c.j
	// "Sarobi district, Paktika", "Zari district center, Balkh": place
	// nouns may come before the comma.
	for end+1 < len(r.toks) && end < c.j+3 && r.toks[end+1].gap == gapSoft && (placeTails[r.toks[end+1].norm] || end > c.j && seatNouns[r.toks[end+1].norm]) {
		end++
	}
	t := end + 1
	if t >= len(r.toks) {
		return false
	}
	g := strings.TrimSpace(r.text[r.toks[end].possEnd:r.toks[t].start])
	if g == "" && end > c.j && t+1 < len(r.toks) && (r.toks[t].norm == "of" || r.toks[t].norm == "in") && r.toks[t].cls == caseLower && r.toks[t+1].gap == gapSoft {
		// "Zari district of Balkh province": the region after a place
		// noun, as after a comma.
		end, t, g = t, t+1, ","
	}
	if g != "," && g != "(" {
		return false
	}
	// After a comma the region is the very next name ("Pisky, Donetsk",
	// not "Tikrit, Samarra and the city of Kirkuk"); in brackets it may
	// close a list ("Orikhove (Popasna, Luhansk)").
	for n := 0; t < len(r.toks) && n < 8; t, n = t+1, n+1 {
		if t > end+1 && (g == "," || strings.ContainsAny(r.text[r.toks[t-1].possEnd:r.toks[t].start], ").;")) {
			break
		}
		rc := r.matched[t]
		if rc < 0 || rc == ci || r.cands[rc].i != t {
			if g == "," {
				break
			}
			continue
		}
		if g == "," {
			t = r.cands[rc].j // one name only
			// "Caracoli, Malambo, Atlantico department": a chain of
			// places, each inside the next, ends with the region.
			if !r.hasAdmin1(rc) && t+1 < len(r.toks) && strings.TrimSpace(r.text[r.toks[t].possEnd:r.toks[t+1].start]) == "," {
				n = 0
				t++
				for t < len(r.toks) && r.matched[t] < 0 && n < 3 {
					t, n = t+1, n+1 // "Tulunan" unknown to the gazetteer
				}
				if t < len(r.toks) && r.matched[t] >= 0 && r.cands[r.matched[t]].i == t && r.hasAdmin1(r.matched[t]) {
					rc = r.matched[t]
				} else {
					break
				}
			}
		}
		outside := false
		for _, p := range r.cands[rc].pays {
			reg := r.k.entry(int(p.entry))
			if reg.Kind != sitrep.KindPlace || reg.Category != "admin1" || reg.Lat == nil || reg.Lon == nil {
				continue
			}
			if reg.Country != e.Country {
				// A region of another country may be a wrong reading of
				// the region's name ("Nord-Ouest" of Cameroon as Haiti's):
				// trust it only when the document speaks of its country
				// and not of the place's ("Azov, Donetsk" in a report of
				// Ukrainian forces is not Russia's Azov).
				if r.countries[reg.Country] > 0 && r.countries[e.Country] == 0 {
					outside = true
				}
				continue
			}
			if regionKey(reg.Name) == regionKey(e.Admin1) {
				return false
			}
			// Region names are spelt many ways: nearness stands in for
			// membership unless e's own region is a known other one.
			if !r.knownRegion(e) && sitrep.DistanceKm(*reg.Lat, *reg.Lon, *e.Lat, *e.Lon) < 250 {
				return false
			}
			outside = true
		}
		if outside {
			return true
		}
	}
	return false
}

// seatNouns may follow a place noun to name the seat of a district or
// town ("Zari district center").
var seatNouns = set("center", "centre", "headquarters", "hq", "seat", "capital")

// honorifics are words that put a name right after them among people.
var honorifics = set("mr", "mrs", "ms", "dr", "pope", "saint", "st", "sheikh", "shaikh", "king", "queen", "prince",
	"princess", "emir", "sultan", "senator", "sen", "rep", "gov", "governor", "mayor", "general", "gen", "colonel",
	"col", "captain", "capt", "lieutenant", "lt", "sergeant", "sgt", "ayatollah", "imam", "rabbi", "bishop", "father",
	"brother", "sister", "judge", "justice", "president", "premier", "chancellor", "minister", "secretary", "lord", "sir", "lady")

// afterTitle reports whether the name at match ci follows a title or an
// honorific ("President Bush", "Pope Francis", "Mr Williams"): a person,
// whatever villages are called.
func (r *resolver) afterTitle(ci int) bool {
	c := &r.cands[ci]
	if c.i == 0 || r.toks[c.i].gap != gapSoft {
		return false
	}
	if honorifics[strings.TrimSuffix(r.toks[c.i-1].norm, ".")] {
		return true
	}
	if pc := r.matched[c.i-1]; pc >= 0 && pc != ci && r.cands[pc].j == c.i-1 && r.isTitle(&r.cands[pc]) {
		return true
	}
	return false
}

// knownRegion reports whether the gazetteer has e's first-level region as
// a region of e's country.
func (r *resolver) knownRegion(e *Entry) bool {
	if e.Admin1 == "" {
		return false
	}
	key := regionKey(e.Admin1)
	for _, idx := range r.k.named(e.Admin1) {
		if x := r.k.entry(idx); x.Kind == sitrep.KindPlace && x.Category == "admin1" && x.Country == e.Country && regionKey(x.Name) == key {
			return true
		}
	}
	return false
}

// inPlacePhrase reports whether the name [i,j] stands where reports put
// places rather than governments: in brackets ("districts of Bamako
// (Bamako)") or after a comma closing a place after a locative ("in
// Tondo, Manila").
func (r *resolver) inPlacePhrase(i, j int) bool {
	if i == 0 {
		return false
	}
	before := strings.TrimSpace(r.text[r.toks[i-1].possEnd:r.toks[i].start])
	closes := j+1 >= len(r.toks) && strings.HasPrefix(strings.TrimSpace(r.text[r.toks[j].possEnd:]), ")") ||
		j+1 < len(r.toks) && strings.HasPrefix(strings.TrimSpace(r.text[r.toks[j].possEnd:r.toks[j+1].start]), ")")
	if (before == "(" || before == ",") && closes {
		// "(Bamako)", "(Kibra, Nairobi)".
		return true
	}
	if before != "," {
		return false
	}
	// Walk back over the capitalised words of the place before the comma.
	k := i - 1
	for n := 0; k >= 0 && n < 4 && r.toks[k].cls == caseTitle && !r.toks[k].poss; n++ {
		if k == 0 || r.toks[k].gap == gapHard {
			return false
		}
		if strongLocatives[r.toks[k-1].norm] && r.toks[k-1].cls == caseLower {
			return true
		}
		k--
	}
	return false
}

// bracketPeer reports whether match ci is an element of a bracketed,
// comma-separated list ("(Razih, Sadah)", "(Kibra, Nairobi)") in which a
// neighbouring element has a reading in country ctry.
func (r *resolver) bracketPeer(ci int, ctry string) bool {
	c := &r.cands[ci]
	gapBefore := func(t int) string {
		if t == 0 {
			return "("
		}
		return strings.TrimSpace(r.text[r.toks[t-1].possEnd:r.toks[t].start])
	}
	gapAfter := func(t int) string {
		if t+1 >= len(r.toks) {
			return ")"
		}
		return strings.TrimSpace(r.text[r.toks[t].possEnd:r.toks[t+1].start])
	}
	b, a := gapBefore(c.i), gapAfter(c.j)
	if !(b == "(" && a == ",") && !(b == "," && a == ")") {
		return false
	}
	peer := -1
	if a == "," && c.j+1 < len(r.toks) {
		peer = r.matched[c.j+1]
	} else if b == "," && c.i > 0 {
		peer = r.matched[c.i-1]
	}
	if peer < 0 || peer == ci {
		return false
	}
	for _, p := range r.cands[peer].pays {
		if e := r.k.entry(int(p.entry)); (e.Kind == sitrep.KindPlace || e.Kind == sitrep.KindState) && e.Country == ctry {
			return true
		}
	}
	return false
}

// inLocationBrackets reports whether match ci is inside brackets that
// follow a capitalised name or a place noun which a strong locative
// introduces within a few words ("in Logobou (Logobou, Tapoa)", "in
// Kabizo village (Rutshuru, Nord-Kivu)").
func (r *resolver) inLocationBrackets(ci int) bool {
	open := r.bracketOpen(ci)
	if open < 1 || !r.placeLikeHead(open-1) {
		return false
	}
	for t, n := open-2, 0; t >= 0 && n < 5; t, n = t-1, n+1 {
		if strongLocatives[r.toks[t].norm] && r.toks[t].cls == caseLower {
			return true
		}
		if r.toks[t+1].gap == gapHard && !strings.Contains(r.text[r.toks[t].possEnd:r.toks[t+1].start], " ") {
			break
		}
	}
	return false
}

// bracketOpen returns the first token inside the brackets that hold
// match ci, itself or after comma-separated names before it; -1 when it
// is not in brackets.
func (r *resolver) bracketOpen(ci int) int {
	c := &r.cands[ci]
	for t, n := c.i, 0; t > 0 && n < 4; t, n = t-1, n+1 {
		g := strings.TrimSpace(r.text[r.toks[t-1].possEnd:r.toks[t].start])
		if g == "(" {
			return t
		}
		if g != "," && g != "" {
			return -1
		}
	}
	return -1
}

// placeLikeHead reports whether token t can be what a bracketed location
// locates: a capitalised name or a place noun.
func (r *resolver) placeLikeHead(t int) bool {
	head := r.toks[t]
	return head.cls == caseTitle || head.cls == caseUpper || placeTails[head.norm] || placeHeads[head.norm] || locationHeads[head.norm]
}

// locationHeads are more nouns that reports locate with a bracketed
// place ("the Qaniyah frontline (Mahliyah, Marib)", "Al Udayn junction
// (Hays, Al Hudaydah)").
var locationHeads = set("front", "fronts", "frontline", "frontlines", "road", "roads", "highway", "junction", "checkpoint",
	"checkpoints", "crossing", "bridge", "market", "camp", "base", "hill", "hills", "mountain", "mountains", "valley",
	"sector", "township", "municipality", "commune", "subdivision", "chieftaincy", "locality", "quarter", "neighbourhood",
	"neighborhood", "county", "lga", "barangay", "villages", "towns", "positions", "farms", "houses")

// properBefore reports whether an unmatched capitalised word that is not
// a common word comes right before token i, inside the sentence.
func (r *resolver) properBefore(i int) bool {
	if i < 2 || r.toks[i].gap != gapSoft || !r.unmatched(i-1) || r.toks[i-1].gap == gapHard {
		return false
	}
	p := &r.toks[i-1]
	return p.cls == caseTitle && !r.k.common[p.norm] && !calendarWords[p.norm] && !p.poss && !arabicArticles[p.norm] && !r.titleLine(p.start)
}

// titleLine reports whether the line around byte offset at is written in
// title case (a headline), where capitals say nothing about names.
func (r *resolver) titleLine(at int) bool {
	lo := strings.LastIndexByte(r.text[:at], '\n') + 1
	hi := strings.IndexByte(r.text[at:], '\n')
	if hi < 0 {
		hi = len(r.text)
	} else {
		hi += at
	}
	if v, ok := r.titleLines[lo]; ok {
		return v
	}
	caps, words := 0, 0
	for w := range strings.FieldsSeq(r.text[lo:hi]) {
		if len(w) <= 3 {
			continue
		}
		words++
		if c := w[0]; c >= 'A' && c <= 'Z' {
			caps++
		}
	}
	v := words >= 3 && caps*10 >= words*7
	if r.titleLines == nil {
		r.titleLines = map[int]bool{}
	}
	r.titleLines[lo] = v
	return v
}

// titleNeighbour is a looser properNeighbour for generic words written
// with a capital: any capitalised unmatched neighbour not starting a
// sentence makes them part of a name ("International Army Games").
func (r *resolver) titleNeighbour(i, j int) bool {
	if i > 0 && r.toks[i].gap == gapSoft && r.matched[i-1] < 0 && r.toks[i-1].cls == caseTitle && r.toks[i-1].gap != gapHard && !r.toks[i-1].poss {
		return true
	}
	if j+1 < len(r.toks) && r.toks[j+1].gap == gapSoft && r.matched[j+1] < 0 && r.toks[j+1].cls == caseTitle && !calendarWords[r.toks[j+1].norm] {
		return true
	}
	return false
}

// officeBefore reports whether what precedes token i lets a title start
// there: nothing capitalised, or an office word ("Trade", "Deputy").
func (r *resolver) officeBefore(i int) bool {
	if i == 0 || r.toks[i].gap != gapSoft {
		return true
	}
	p := &r.toks[i-1]
	return p.cls != caseTitle || officeGap[p.norm] || r.matched[i-1] >= 0
}

// nextProper reports whether an unknown capitalised word (not a place
// noun) follows token j: the name goes on beyond the match.
func (r *resolver) nextProper(j int) bool {
	if j+1 >= len(r.toks) || r.toks[j+1].gap != gapSoft || r.toks[j].poss || !r.unmatched(j+1) {
		return false
	}
	n := &r.toks[j+1]
	return n.cls == caseTitle && !r.k.common[n.norm] && !calendarWords[n.norm] && !placeTails[n.norm] && !r.titleLine(n.start)
}

// countryHint returns the state named right after the name, as in
// "Amirabad, Iran".
func (r *resolver) countryHint(j int) string {
	if j+1 >= len(r.toks) {
		return ""
	}
	g := r.text[r.toks[j].possEnd:r.toks[j+1].start]
	if strings.TrimSpace(g) != "," {
		return ""
	}
	ci := r.matched[j+1]
	if ci < 0 || r.cands[ci].i != j+1 {
		return ""
	}
	for _, p := range r.cands[ci].pays {
		if e := r.k.entry(int(p.entry)); e.Kind == sitrep.KindState && p.form == formName {
			return e.Country
		}
	}
	return ""
}

// bestPlace returns the best place entry among a candidate's payloads.
// Places inside a region the document names come first ("Oleksandrivka,
// Donetsk" is the one in Donetsk oblast).
func (r *resolver) bestPlace(ci int, hint string) int {
	best, bestIn := -1, 0
	for _, p := range r.cands[ci].pays {
		e := r.k.entry(int(p.entry))
		if e.Kind != sitrep.KindPlace {
			continue
		}
		// in is 2 inside a region the document names, 1 inside one where
		// an actor it names operates.
		in := 0
		if e.Admin1 != "" && e.Category != "admin1" {
			// The name itself vouches for a region of the same name only
			// in its own country: "Aleppo" is the city in Aleppo
			// governorate, but "Sucre", a Venezuelan state, does not put
			// Colombia's Sucre before Bolivia's capital.
			key := regionKey(e.Admin1)
			switch {
			case r.regions[key] > 1 || r.regions[key] == 1 && r.vouches(ci, key, e.Country):
				in = 2
			case r.areas[key] && featureRank(e) < 0:
				in = 1
			}
		}
		if best >= 0 && p.entry >= villageBase && best >= villageBase && len(r.anchors) > 0 {
			// Namesake villages: the one nearest the document's places.
			if da, db := r.anchorKm(e), r.anchorKm(r.k.entry(best)); da != db {
				if da < db {
					best, bestIn = int(p.entry), in
				}
				continue
			}
		}
		if best < 0 || in > bestIn || in == bestIn && r.k.placeBetter(int(p.entry), best, hint, r.countries) {
			best, bestIn = int(p.entry), in
		}
	}
	return best
}

// hasAdmin1 reports whether match ci has a first-level region among its
// readings.
func (r *resolver) hasAdmin1(ci int) bool {
	for _, p := range r.cands[ci].pays {
		if e := r.k.entry(int(p.entry)); e.Kind == sitrep.KindPlace && e.Category == "admin1" {
			return true
		}
	}
	return false
}

// plausibleAnchor reports whether match ci may anchor the document's
// geography: not a date word, a common word or a short token ("On 9 May"
// names no village).
func (r *resolver) plausibleAnchor(ci int) bool {
	c := &r.cands[ci]
	name := nameKey(r.text[r.toks[c.i].start:r.toks[c.j].end])
	return len(name) > 2 && !calendarWords[name] && !r.k.common[name] && !notPlaces[name]
}

// maxAnchors bounds the places a document's villages are compared with.
const maxAnchors = 64

// anchorKm returns the distance from e to the nearest anchor (+Inf
// without anchors).
// tailed reports whether the word after candidate ci makes it the place
// e: a place noun ("Kerman province"), or a street noun when the document
// names e's country, or no country and no place far from e ("the
// Saadnayel highway", but not "Shaheddan Square of Kandahar city" for a
// village in Iran).
func (r *resolver) tailed(ci int, e *Entry) bool {
	next := r.nextWord(r.cands[ci].j)
	if placeTails[next] {
		return true
	}
	if !streetTails[next] {
		return false
	}
	if r.countries[e.Country] > 0 {
		return true
	}
	if len(r.countries) > 0 || e.Lat == nil {
		return false
	}
	for cj := range r.cands {
		if cj == ci {
			continue
		}
		// Ordinary words that gazetteers also list ("On", a town in
		// Belgium) point nowhere.
		if name := nameKey(r.text[r.toks[r.cands[cj].i].start:r.toks[r.cands[cj].j].end]); r.k.common[name] || calendarWords[name] {
			continue
		}
		for _, p := range r.cands[cj].pays {
			if o := r.k.entry(int(p.entry)); o.Kind == sitrep.KindPlace && o.Lat != nil && o.Country != e.Country &&
				sitrep.DistanceKm(*e.Lat, *e.Lon, *o.Lat, *o.Lon) > 150 {
				return false
			}
		}
	}
	return true
}

func (r *resolver) anchorKm(e *Entry) float64 {
	d := math.Inf(1)
	if e.Lat == nil {
		return d
	}
	for i := 0; i+1 < len(r.anchors); i += 2 {
		d = math.Min(d, sitrep.DistanceKm(*e.Lat, *e.Lon, r.anchors[i], r.anchors[i+1]))
	}
	return d
}

// regionWords are generic words of region names, dropped so that
// "Ghazni province" and "Ghazni" compare equal.
var regionWords = set("province", "governorate", "oblast", "state", "region", "district", "department",
	"county", "prefecture", "division", "muhafazah", "wilayah", "krai", "kray", "republic")

// regionKey normalises a region name for comparison.
func regionKey(s string) string {
	if k, ok := regionKeys.Load(s); ok {
		return k.(string)
	}
	k := computeRegionKey(s)
	regionKeys.Store(s, k)
	return k
}

// regionKeys caches regionKey: the names of the world's regions are few,
// and the key is asked for every namesake weighed.
var regionKeys sync.Map

func computeRegionKey(s string) string {
	f := strings.Fields(nameKey(s))
	for len(f) > 1 && regionWords[f[len(f)-1]] {
		f = f[:len(f)-1]
	}
	for len(f) > 1 && (f[0] == "al" || f[0] == "as" || f[0] == "ar" || f[0] == "ad" || f[0] == "the" || regionPrefixes[f[0]]) {
		f = f[1:]
	}
	// Gazetteers spell a region's name as variously as texts do
	// ("Muhafazat Hadramaout", "Hadramawt"): compare spelling skeletons.
	if sk := skeleton(strings.Join(f, " ")); sk != "" {
		return sk
	}
	return strings.Join(f, " ")
}

// regionPrefixes are words for "governorate of" that some gazetteers put
// before a region's name.
var regionPrefixes = set("muhafazat", "muhafazah", "wilayat", "province", "governorate", "oblast")

// resolve chooses the entry a match refers to, or drops it.
func (r *resolver) resolve(ci int) {
	c := &r.cands[ci]
	k := r.k
	var person, actor, state, equip, agent, place = -1, -1, -1, -1, -1, -1
	var stateForm uint8
	for n, p := range c.pays {
		e := k.entry(int(p.entry))
		switch e.Kind {
		case sitrep.KindPerson:
			if person < 0 {
				person = n
			}
		case sitrep.KindInstitution, sitrep.KindIGO, sitrep.KindArmedGroup:
			if e.Kind == sitrep.KindInstitution && e.Country == "" {
				if agent < 0 {
					agent = n
				}
			} else if actor < 0 {
				actor = n
			}
		case sitrep.KindState:
			if state < 0 || p.form < stateForm {
				state, stateForm = n, p.form
			}
		case sitrep.KindEquipment:
			if equip < 0 {
				equip = n
			}
		case sitrep.KindAgent:
			if agent < 0 {
				agent = n
			}
		case sitrep.KindPlace:
			place = n
		}
	}
	loc, strong := r.locative(c.i)
	switch {
	case person >= 0:
		r.setPerson(c, int(c.pays[person].entry))
		return
	case actor >= 0:
		r.setEntry(c, int(c.pays[actor].entry))
		return
	case state >= 0:
		e := k.entry(int(c.pays[state].entry))
		if currencyNouns[r.nextWord(c.j)] {
			return // "the US dollar", "the Iranian rial": money, not a side
		}
		if stateForm != formAdj && r.properNeighbour(c.i, c.j) {
			break // "Washington Examiner", "Michael Jordan"
		}
		if place >= 0 && stateForm != formAdj && adminTails[r.nextWord(c.j)] {
			// "Washington state", "Georgia state": the region.
			for _, p := range c.pays {
				if pe := k.entry(int(p.entry)); pe.Kind == sitrep.KindPlace && pe.Category == "admin1" {
					r.setPlace(c, int(p.entry))
					return
				}
			}
		}
		if place >= 0 && stateForm == formName {
			// Georgia the US state when the document names places in it.
			if b := r.bestPlace(ci, ""); b >= 0 && k.entry(int(b)).Country != e.Country && r.admin1[nameKey(k.entry(int(b)).Name)] {
				r.setPlace(c, b)
				return
			}
		}
		switch stateForm {
		case formCapital, formCapitalOnly:
			if stateForm == formCapitalOnly || strong || r.nextWord(c.j) == "based" || r.inPlacePhrase(c.i, c.j) {
				// Tripoli in a text about Lebanon is Lebanon's Tripoli.
				if r.countryMentions(e.Country, ci) == 0 {
					best := -1
					for _, p := range c.pays {
						pe := k.entry(int(p.entry))
						// Only a city of note: Tripoli, Iowa is not what a
						// text naming Washington means.
						if pe.Kind != sitrep.KindPlace || pe.Country == e.Country || pe.Lat == nil || pe.Population < 50000 || r.countryMentions(pe.Country, ci) == 0 {
							continue
						}
						if best < 0 || k.placeBetter(int(p.entry), best, "", r.countries) {
							best = int(p.entry)
						}
					}
					if best >= 0 {
						r.setPlace(c, best)
						return
					}
				}
				r.setCapitalPlace(c, e.Country, ci)
				return
			}
			r.setEntry(c, int(c.pays[state].entry))
			c.sector = "GOV"
			c.form = formCapital
			return
		}
		r.setEntry(c, int(c.pays[state].entry))
		c.form = stateForm
		return
	}
	if equip >= 0 {
		if agent >= 0 && (c.i == c.j) && (r.toks[c.i].norm == "fighters" || r.toks[c.i].norm == "fighter") && !r.afterPlatformModifier(ci) {
			r.setEntry(c, int(c.pays[agent].entry))
			c.sector = "REB"
			return
		}
		r.setEntry(c, int(c.pays[equip].entry))
		return
	}
	if agent >= 0 {
		// "International Army Games" names no army; but a title before a
		// name it does not know, after an office, names its holder:
		// "Trade Minister Omer Bolat".
		title := -1
		for n, p := range c.pays {
			if e := k.entry(int(p.entry)); e.Kind == sitrep.KindAgent && strings.Contains(e.Notes, "[title]") {
				title = n
			}
		}
		if r.toks[c.i].cls == caseTitle && r.titleNeighbour(c.i, c.j) {
			if title < 0 || !r.officeBefore(c.i) {
				return
			}
			agent = title
		}
		r.setEntry(c, int(c.pays[agent].entry))
		return
	}
	if place >= 0 {
		hint := r.countryHint(c.j)
		b := r.bestPlace(ci, hint)
		if b < 0 {
			return
		}
		if adminTails[r.nextWord(c.j)] {
			// "Hasakeh province" is the region, not its capital city; one
			// of another country ("Anbar province" rather than a Syrian
			// village) before any other reading.
			region := -1
			for _, p := range c.pays {
				e := k.entry(int(p.entry))
				if e.Kind != sitrep.KindPlace || e.Category != "admin1" || e.Lat == nil {
					continue
				}
				if e.Country == k.entry(int(b)).Country {
					region = int(p.entry)
					break
				}
				if region < 0 || k.placeBetter(int(p.entry), region, "", r.countries) {
					region = int(p.entry)
				}
			}
			if region >= 0 {
				b = region
			}
		}
		e := k.entry(int(b))
		if name := nameKey(r.text[r.toks[c.i].start:r.toks[c.j].end]); notPlaces[name] || calendarWords[name] || len(name) <= 2 {
			return
		}
		if featureRank(e) < 3 && r.nextProper(c.j) {
			return // "Tall" of "Tall Refaat"
		}
		if !loc && hint == "" && !r.placeAcceptable(ci, e) {
			return
		}
		if featureRank(e) < 0 && hint == "" && !r.villageAcceptable(ci, e, loc) {
			return
		}
		if r.afterTitle(ci) {
			return
		}
		r.setPlace(c, b)
		c.plain = true
		// A reading outside the region the text puts the name in is
		// dropped unless refinePlaces finds a namesake inside it.
		c.outside = r.outsideStatedRegion(ci, e)
	}
}

// unset drops the reading of a match.
func (r *resolver) unset(c *cand) {
	c.e, c.kind, c.id, c.name, c.ctry, c.sector, c.cat, c.lat, c.lon = -1, "", "", "", "", "", "", nil, nil
}

// afterPlatformModifier reports whether the match follows equipment or a
// state adjective ("Su-35 fighters", "Russian fighters").
func (r *resolver) afterPlatformModifier(ci int) bool {
	if ci == 0 {
		return false
	}
	p := &r.cands[ci-1]
	c := &r.cands[ci]
	if p.j+1 != c.i || r.toks[c.i].gap != gapSoft {
		return false
	}
	return p.kind == sitrep.KindEquipment || (p.kind == sitrep.KindState && p.form == formAdj)
}

// placeAcceptable decides whether a bare place name (no locative, no
// country after it) is a place: a curated or large place, or one followed
// by a place noun, or one in brackets after another place.
func (r *resolver) placeAcceptable(ci int, e *Entry) bool {
	c := &r.cands[ci]
	name := nameKey(r.text[r.toks[c.i].start:r.toks[c.j].end])
	tail := r.tailed(ci, e)
	if r.k.common[name] && !tail || calendarWords[name] || notPlaces[name] || len(name) <= 2 {
		return false
	}
	if r.titleLine(r.toks[c.i].start) {
		// Headlines capitalise every word: only well-known places.
		return featureRank(e) >= 3 || e.Population >= 100000
	}
	if r.properNeighbour(c.i, c.j) && (!tail || r.properBefore(c.i)) {
		// "Kyar Nyo Kan village" is not Kan: the name starts earlier.
		return false
	}
	if tail || featureRank(e) >= 3 || e.Population >= 100000 {
		return true
	}
	// A small place of a country the document names, unless it is named
	// like an ordinary word ("the Council has voted", "Chambers of
	// Commerce").
	if r.countries[e.Country] > 0 && !r.k.englishWord(name) {
		return true
	}
	// "Salvador, Bahia", "Nabha district (Punjab)": a region after a place
	// of its own country.
	if c.i > 0 && ci > 0 && r.cands[ci-1].j == c.i-1 {
		gap := strings.TrimSpace(r.text[r.toks[c.i-1].possEnd:r.toks[c.i].start])
		if gap == "," || gap == "(" {
			for _, p := range r.cands[ci-1].pays {
				if pe := r.k.entry(int(p.entry)); pe.Kind == sitrep.KindPlace && pe.Country == e.Country && regionKey(pe.Admin1) == regionKey(e.Name) {
					return true
				}
			}
		}
	}
	// "(Afikpo South LGA, Ebonyi)", "Uvira (Sud-Kivu)", "Tuban district
	// (Lahij)": a first-level region closing a location is how reports
	// place small places, even where a city shares its name.
	if r.hasAdmin1(ci) && c.i > 0 {
		gap := strings.TrimSpace(r.text[r.toks[c.i-1].possEnd:r.toks[c.i].start])
		if gap == "," || gap == "(" {
			return true
		}
	}
	// "villages (Razih, Sadah)": the parts of a bracketed location, each
	// of the country of another, after a name or a place noun (not "the
	// leaders (Smith, Jones)").
	if r.bracketPeer(ci, e.Country) {
		if open := r.bracketOpen(ci); open > 0 && r.placeLikeHead(open-1) {
			return true
		}
	}
	// "in the area of Bambofa (Dori, Seno)": the brackets after a place
	// named with a locative locate it, with towns and regions rather
	// than hamlets.
	if r.inLocationBrackets(ci) {
		switch e.Category {
		case "city", "town", "capital", "admin1", "admin2":
			return true
		}
		return e.Population >= 5000
	}
	// "Rumaylan (Rmeilan)": an alternative name in brackets.
	if c.i > 0 && ci > 0 && r.cands[ci-1].kind == sitrep.KindPlace && r.cands[ci-1].j == c.i-1 &&
		strings.TrimSpace(r.text[r.toks[c.i-1].possEnd:r.toks[c.i].start]) == "(" {
		return true
	}
	return false
}

// villageAcceptable decides whether a name found only in the village
// layer is a place: not a common word or part of a longer proper name, and
// in a country or region the document names (or a region where an actor
// it names operates), or followed by a place noun,
// or a name of several words after a locative ("in Kafr Nubl").
func (r *resolver) villageAcceptable(ci int, e *Entry, loc bool) bool {
	c := &r.cands[ci]
	name := nameKey(r.text[r.toks[c.i].start:r.toks[c.j].end])
	tail := r.tailed(ci, e)
	if r.k.common[name] || notPlaces[name] || calendarWords[name] || r.titleLine(r.toks[c.i].start) {
		return false
	}
	if !tail && r.properNeighbour(c.i, c.j) {
		return false
	}
	words := c.j - c.i + 1
	if arabicArticles[r.toks[c.i].norm] {
		words--
	}
	if len(r.anchors) > 0 {
		// Near the document's other places, or not at all; a single
		// capitalised word needs a locative or place noun, since villages
		// are named after people ("Sufi saint Hassan al-Banna").
		return (tail || loc || r.countries[e.Country] > 0 && words > 1) && r.anchorKm(e) <= 150
	}
	if (tail || loc && words > 1) && (len(r.countries) == 0 || r.countries[e.Country] > 0) {
		return true
	}
	// A note that names no country ("a group of unemployed youth in Horr
	// staged a protest"): one word after a locative is the village when
	// all its namesakes lie in one country, whose actors the note is then
	// about.
	if loc && len(r.countries) == 0 && !r.k.englishWord(name) && r.oneCountry(ci) {
		return true
	}
	return !r.k.englishWord(name) && (r.countries[e.Country] > 0 || (e.Admin1 != "" && (r.regions[regionKey(e.Admin1)] > 0 || r.areas[regionKey(e.Admin1)])))
}

// oneCountry reports whether every place reading of candidate ci lies in
// one country.
func (r *resolver) oneCountry(ci int) bool {
	ctry := ""
	for _, p := range r.cands[ci].pays {
		e := r.k.entry(int(p.entry))
		if e.Kind != sitrep.KindPlace {
			continue
		}
		if ctry != "" && e.Country != ctry {
			return false
		}
		ctry = e.Country
	}
	return ctry != ""
}

func (r *resolver) setEntry(c *cand, idx int) {
	e := r.k.entry(int(idx))
	c.e = idx
	c.kind, c.id, c.name, c.ctry, c.sector, c.cat = e.Kind, e.ID, e.Name, e.Country, e.Sector, e.Category
	if e.Kind == sitrep.KindState {
		c.sector = ""
	}
}

func (r *resolver) setPlace(c *cand, idx int) {
	r.setEntry(c, idx)
	e := r.k.entry(int(idx))
	c.lat, c.lon = e.Lat, e.Lon
	if e.Category == "admin1" {
		if seat := r.k.seatOf(e); seat != nil {
			// A region is placed at its namesake seat ("Kerman province"
			// at Kerman), as event data sets place a region's events.
			c.lat, c.lon = seat.Lat, seat.Lon
		}
	}
}

// seatOf returns the city or town of a first-level region that bears its
// name (Kerman in Kerman province, Aleppo in Aleppo governorate), or nil.
func (k *KB) seatOf(region *Entry) *Entry {
	key := regionKey(region.Name)
	var best *Entry
	for _, i := range k.named(region.Name) {
		e := k.entry(i)
		if e.Kind != sitrep.KindPlace || e.Country != region.Country || e.Lat == nil || regionKey(e.Admin1) != key {
			continue
		}
		switch e.Category {
		case "city", "town", "capital":
		default:
			continue
		}
		if best == nil || e.Population > best.Population {
			best = e
		}
	}
	return best
}

// setCapitalPlace makes a capital's name a place, from the gazetteer when
// it has the city, else from the state's capital coordinates.
func (r *resolver) setCapitalPlace(c *cand, iso string, ci int) {
	if b := r.bestPlace(ci, iso); b >= 0 && r.k.entry(int(b)).Country == iso {
		r.setPlace(c, b)
		return
	}
	s := r.k.states[iso]
	c.e = r.k.stateEntry[iso]
	c.kind = sitrep.KindPlace
	c.id = "place:" + slug(s.Capital.Name)
	c.name = s.Capital.Name
	c.ctry = iso
	c.sector = ""
	c.cat = "capital"
	c.lat, c.lon = s.Capital.Lat, s.Capital.Lon
}

// setPerson links a person, with the role held on the date.
func (r *resolver) setPerson(c *cand, first int) {
	e := r.k.entry(int(first))
	best := pickRole(r.k.entries, r.k.roles[e.ID], r.date)
	r.setEntry(c, best)
}

// pickRole returns the role valid on date; else the latest role begun
// before it; else the first. With no date, the current (open) role.
func pickRole(entries []Entry, roles []int, date string) int {
	if len(roles) == 0 {
		return -1
	}
	if date == "" {
		for _, i := range roles {
			if entries[i].To == "" {
				return i
			}
		}
		return roles[len(roles)-1]
	}
	var valid, before []int
	for _, i := range roles {
		from, to := padDate(entries[i].From, "01"), padDate(entries[i].To, "31")
		if (from == "" || from <= date) && (to == "" || date <= to) {
			valid = append(valid, i)
		} else if from != "" && from <= date {
			before = append(before, i)
		}
	}
	if len(valid) > 0 {
		// Prefer the role that began last (the most specific).
		sort.SliceStable(valid, func(a, b int) bool { return entries[valid[a]].From > entries[valid[b]].From })
		return valid[0]
	}
	if len(before) > 0 {
		sort.SliceStable(before, func(a, b int) bool { return entries[before[a]].To > entries[before[b]].To })
		return before[0]
	}
	return roles[0]
}

func padDate(d, day string) string {
	switch len(d) {
	case 4:
		if day == "01" {
			return d + "-01-01"
		}
		return d + "-12-31"
	case 7:
		return d + "-" + day
	}
	return d
}

// compose folds titles into the persons they precede, platform nouns into
// equipment, and modifiers into agents ("Russian" + "troops").
func (r *resolver) compose() []sitrep.Mention {
	var cs []*cand
	for i := range r.cands {
		if r.cands[i].e >= 0 && r.cands[i].kind != "" {
			cs = append(cs, &r.cands[i])
		}
	}
	adjacent := func(a, b *cand) bool {
		return b.i == a.j+1 && r.toks[b.i].gap == gapSoft && !r.toks[a.j].poss
	}
	// Equipment with platform nouns: "Su-35 fighter jets", "bomber Tu-22M3".
	for n := 0; n+1 < len(cs); n++ {
		a, b := cs[n], cs[n+1]
		if !adjacent(a, b) {
			continue
		}
		switch {
		case isSpecificEquip(a) && (isClassEquip(b) || r.isPlatform(b)):
			a.j = b.j
			cs = append(cs[:n+1], cs[n+2:]...)
			n--
		case isSpecificEquip(b) && (isClassEquip(a) || r.isPlatform(a)):
			b.i = a.i
			cs = append(cs[:n], cs[n+1:]...)
			n--
		case isSpecificEquip(a) && isSpecificEquip(b) && a.id == b.id:
			a.j = b.j
			cs = append(cs[:n+1], cs[n+2:]...)
			n--
		}
	}
	// Titles before persons: "Foreign Minister Sergey Lavrov".
	for n := 0; n+1 < len(cs); n++ {
		a, b := cs[n], cs[n+1]
		if b.kind == sitrep.KindPerson && b.i == a.j+1 && r.toks[b.i].gap != gapHard && r.isTitle(a) {
			cs = append(cs[:n], cs[n+1:]...)
			n--
		}
	}
	// Modifiers: "Russian troops", "Moscow's forces", "Pentagon officials".
	for n := 0; n+1 < len(cs); n++ {
		a, b := cs[n], cs[n+1]
		if !r.isModifier(a) || !isHead(b) || !r.gapAllowed(a, b) {
			continue
		}
		b.ctry = a.ctry
		b.composed = true
		if a.kind == sitrep.KindPerson {
			// Keep the person: "Assad's government" is Assad and a
			// Syrian government.
			continue
		}
		b.i = a.i
		switch {
		case b.kind == sitrep.KindEquipment:
			b.sector = "MIL"
		case a.kind == sitrep.KindInstitution, a.kind == sitrep.KindIGO:
			b.sector = a.sector
		}
		cs = append(cs[:n], cs[n+1:]...)
		n--
	}
	// One group named by two agent nouns: "Turkish Military forces",
	// "Niger's military government" are the first's country's, and what
	// the last noun says (forces, a government), not unnamed ones.
	for n := 0; n+1 < len(cs); n++ {
		a, b := cs[n], cs[n+1]
		if a.kind != sitrep.KindAgent || b.kind != sitrep.KindAgent || !adjacent(a, b) || a.ctry == "" || b.ctry != "" {
			continue
		}
		b.i, b.ctry, b.composed = a.i, a.ctry, true
		cs = append(cs[:n], cs[n+1:]...)
		n--
	}
	// "the Iranian capital" is the capital city.
	for _, c := range cs {
		if c.kind == sitrep.KindState && !c.composed && c.form != formCapital && r.nextWord(c.j) == "capital" &&
			(c.j+1 >= len(r.toks) || r.matched[c.j+1] < 0) {
			ci := r.matched[c.i]
			r.setCapitalPlace(c, c.ctry, ci)
			c.j++
		}
	}
	out := make([]sitrep.Mention, 0, len(cs))
	for _, c := range cs {
		if !c.composed && r.isTitle(c) {
			continue // a bare title ("deputy", "coordinator") names nobody
		}
		start, end := r.toks[c.i].start, r.toks[c.j].end
		m := sitrep.Mention{Start: start, End: end, Text: r.text[start:end], Kind: c.kind, ID: c.id, Name: c.name,
			Country: c.ctry, Sector: c.sector, Category: c.cat, Lat: c.lat, Lon: c.lon}
		out = append(out, m)
	}
	return out
}

func isSpecificEquip(c *cand) bool {
	return c.kind == sitrep.KindEquipment && !strings.HasPrefix(c.id, "class:")
}

func isClassEquip(c *cand) bool {
	return c.kind == sitrep.KindEquipment && strings.HasPrefix(c.id, "class:")
}

func (r *resolver) isPlatform(c *cand) bool {
	if c.kind != sitrep.KindAgent {
		return false
	}
	if strings.Contains(r.k.entry(int(c.e)).Notes, "[platform]") {
		return true
	}
	w := r.toks[c.j].norm
	return w == "fighters" || w == "fighter"
}

func (r *resolver) isTitle(c *cand) bool {
	return c.kind == sitrep.KindAgent && strings.Contains(r.k.entry(int(c.e)).Notes, "[title]")
}

// isModifier reports whether a mention can lend its country to the next:
// a state (its name, adjective or capital), a person, or an institution of
// a state.
func (r *resolver) isModifier(c *cand) bool {
	if c.composed {
		return false
	}
	switch c.kind {
	case sitrep.KindState, sitrep.KindPerson:
		return c.ctry != ""
	case sitrep.KindInstitution:
		return c.ctry != "" && c.ctry != "IGO"
	case sitrep.KindIGO:
		// "UN peacekeepers", "NATO allies", "EU leaders": the body's.
		return true
	}
	return false
}

// isHead reports whether a mention takes its country from a modifier.
func isHead(c *cand) bool {
	switch c.kind {
	case sitrep.KindAgent, sitrep.KindEquipment:
		return c.ctry == ""
	case sitrep.KindInstitution:
		return c.ctry == ""
	}
	return false
}

// gapAllowed reports whether only modifier words separate a and b.
func (r *resolver) gapAllowed(a, b *cand) bool {
	if b.i <= a.j || b.i-a.j-1 > 3 {
		return false
	}
	for t := a.j + 1; t <= b.i; t++ {
		if r.toks[t].gap != gapSoft {
			return false
		}
		if t < b.i {
			w := r.toks[t].norm
			if sponsorWords[w] || !agentGap[w] && !officeGap[w] || r.toks[t].cls == caseTitle && !officeGap[w] {
				return false
			}
			if r.toks[t].poss {
				return false
			}
		}
	}
	return true
}
