package kb

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep"
)

// rec is one row of a data file.
type rec struct {
	src  string
	line int
	f    map[string]string
}

// keyed holds records by key in first-seen order. A user file's records
// replace the embedded records with the same key.
type keyed struct {
	order   []string
	m       map[string][]rec
	touched map[string]bool
}

func (k *keyed) put(key string, r rec, user bool) {
	if k.m == nil {
		k.m = map[string][]rec{}
		k.touched = map[string]bool{}
	}
	old, exists := k.m[key]
	if !exists {
		k.order = append(k.order, key)
	}
	if user && !k.touched[key] {
		k.touched[key] = true
		old = nil
	}
	k.m[key] = append(old, r)
}

// sources collects the rows of all data files before the KB is built.
type sources struct {
	states, actors, people, equipment, places keyed
	files                                     []string
}

var (
	iso3RE = regexp.MustCompile(`^[A-Z]{3}$`)
	idRE   = regexp.MustCompile(`^[^\s|]{1,100}$`)
)

var actorKinds = map[string]string{
	"institution": sitrep.KindInstitution,
	"igo":         sitrep.KindIGO,
	"armed-group": sitrep.KindArmedGroup,
	"agent":       sitrep.KindAgent,
}

// add parses one data file and files its rows.
func (s *sources) add(name string, data []byte, user bool) error {
	t, err := parseTSV(name, data)
	if err != nil {
		return err
	}
	kind, err := t.kindOf()
	if err != nil {
		return err
	}
	s.files = append(s.files, name)
	for i, row := range t.rows {
		f := make(map[string]string, len(t.header))
		for c, h := range t.header {
			if c < len(row) {
				f[h] = row[c]
			}
		}
		r := rec{src: name, line: t.lines[i], f: f}
		bad := func(format string, args ...any) error {
			return fmt.Errorf("%s:%d: %s", name, r.line, fmt.Sprintf(format, args...))
		}
		if err := checkCountry(f["country"]); err != nil {
			return bad("%v", err)
		}
		switch kind {
		case fileStates:
			iso := f["iso3"]
			if !iso3RE.MatchString(iso) {
				return bad("iso3 %q is not three capital letters", iso)
			}
			if f["name"] == "" {
				return bad("state %s has no name", iso)
			}
			if _, err := parseCoord(f["lat"], 90); err != nil {
				return bad("lat: %v", err)
			}
			if _, err := parseCoord(f["lon"], 180); err != nil {
				return bad("lon: %v", err)
			}
			s.states.put(iso, r, user)
		case fileActors:
			if !idRE.MatchString(f["id"]) {
				return bad("bad id %q", f["id"])
			}
			if _, ok := actorKinds[f["kind"]]; !ok {
				return bad("kind %q: want institution, igo, armed-group or agent", f["kind"])
			}
			if len(splitList(f["names"])) == 0 {
				return bad("actor %s has no names", f["id"])
			}
			s.actors.put(f["id"], r, user)
		case filePeople:
			if !idRE.MatchString(f["id"]) || f["name"] == "" {
				return bad("person needs an id and a name")
			}
			if !validDate(f["from"]) || !validDate(f["to"]) {
				return bad("dates %q-%q: want YYYY, YYYY-MM or YYYY-MM-DD", f["from"], f["to"])
			}
			s.people.put(f["id"], r, user)
		case fileEquipment:
			if !idRE.MatchString(f["id"]) || f["name"] == "" {
				return bad("equipment needs an id and a name")
			}
			if o := f["origin"]; o != "" && !iso3RE.MatchString(o) {
				return bad("origin %q is not an ISO3 code", o)
			}
			s.equipment.put(f["id"], r, user)
		case filePlaces:
			if f["name"] == "" {
				return bad("place has no name")
			}
			if _, err := parseCoord(f["lat"], 90); err != nil {
				return bad("lat: %v", err)
			}
			if _, err := parseCoord(f["lon"], 180); err != nil {
				return bad("lon: %v", err)
			}
			if p := f["population"]; p != "" {
				if _, err := strconv.ParseInt(p, 10, 64); err != nil {
					return bad("population %q is not a number", p)
				}
			}
			key := f["name"] + "\x00" + f["country"]
			if !user {
				// Embedded gazetteers hold many places of one name in one
				// country (Amirabad): keep them all.
				key += "\x00" + strconv.Itoa(len(s.places.order))
			}
			s.places.put(key, r, user)
		}
	}
	return nil
}

func checkCountry(c string) error {
	if c == "" || c == "IGO" || iso3RE.MatchString(c) {
		return nil
	}
	return fmt.Errorf("country %q is not an ISO3 code", c)
}

// Pattern forms: how a name refers to its entry.
const (
	formName        uint8 = iota // the entry's name or alias
	formAdj                      // a state's adjective or demonym
	formCapital                  // a state's capital, read as the government
	formCapitalOnly              // a capital too ambiguous to be a metonym
)

// Entry flags from actors' notes.
const (
	flagTitle    = 1 << iota // a title before a person's name
	flagPlatform             // a platform noun that extends equipment
)

// build turns the collected rows into a KB.
func build(s *sources, common map[string]bool) (*KB, error) {
	k := &KB{
		states:     map[string]*StateInfo{},
		stateEntry: map[string]int{},
		roles:      map[string][]int{},
		byName:     map[string][]int{},
		common:     common,
		files:      s.files,
	}
	k.trie.init()

	for _, key := range s.states.order {
		for _, r := range s.states.m[key] {
			f := r.f
			lat, _ := parseCoord(f["lat"], 90)
			lon, _ := parseCoord(f["lon"], 180)
			caps := splitList(f["capital"])
			st := &StateInfo{ISO3: key, Name: f["name"], Variants: splitList(f["variants"]), Adjectives: splitList(f["adjectives"])}
			if len(caps) > 0 {
				st.Capital = sitrep.Location{Name: strings.TrimPrefix(caps[0], "~"), Country: key, Lat: lat, Lon: lon}
			}
			k.states[key] = st
			idx := len(k.entries)
			var aliases []string
			aliases = append(aliases, st.Variants...)
			k.entries = append(k.entries, Entry{ID: key, Kind: sitrep.KindState, Name: st.Name, Aliases: aliases,
				Country: key, Lat: lat, Lon: lon, Notes: "capital " + st.Capital.Name, Source: r.src})
			k.stateEntry[key] = idx
			k.addPattern(st.Name, idx, formName)
			for _, v := range st.Variants {
				k.addPattern(v, idx, formName)
			}
			for _, a := range st.Adjectives {
				k.addPattern(a, idx, formAdj)
			}
			for _, c := range caps {
				if strings.HasPrefix(c, "~") {
					k.addPattern(c[1:], idx, formCapitalOnly)
				} else {
					k.addPattern(c, idx, formCapital)
				}
			}
		}
	}
	for _, key := range s.actors.order {
		for _, r := range s.actors.m[key] {
			f := r.f
			names := splitList(f["names"])
			e := Entry{ID: key, Kind: actorKinds[f["kind"]], Name: names[0], Aliases: names[1:],
				Country: f["country"], Sector: f["sector"], Notes: f["notes"], Source: r.src}
			idx := len(k.entries)
			k.entries = append(k.entries, e)
			plural := e.Kind == sitrep.KindAgent || (e.Kind == sitrep.KindInstitution && e.Country == "")
			for _, n := range names {
				k.addPattern(n, idx, formName)
				if plural {
					if p := pluralOf(n); p != "" {
						k.addPattern(p, idx, formName)
					}
				}
			}
		}
	}
	for _, key := range s.people.order {
		first := -1
		for _, r := range s.people.m[key] {
			f := r.f
			e := Entry{ID: key, Kind: sitrep.KindPerson, Name: f["name"], Aliases: splitList(f["aliases"]),
				Country: f["country"], Sector: f["sector"], Role: f["role"], From: f["from"], To: f["to"], Source: r.src}
			idx := len(k.entries)
			k.entries = append(k.entries, e)
			k.roles[key] = append(k.roles[key], idx)
			if first < 0 {
				first = idx
			}
			k.addPattern(e.Name, first, formName)
			for _, a := range e.Aliases {
				k.addPattern(a, first, formName)
			}
		}
	}
	for _, key := range s.equipment.order {
		for _, r := range s.equipment.m[key] {
			f := r.f
			e := Entry{ID: key, Kind: sitrep.KindEquipment, Name: f["name"], Aliases: splitList(f["aliases"]),
				Category: f["category"], Origin: f["origin"], Notes: f["description"], Source: r.src}
			idx := len(k.entries)
			k.entries = append(k.entries, e)
			k.addPattern(e.Name, idx, formName)
			for _, a := range e.Aliases {
				k.addPattern(a, idx, formName)
			}
		}
	}
	used := map[string]int{}
	for _, key := range s.places.order {
		for _, r := range s.places.m[key] {
			f := r.f
			lat, _ := parseCoord(f["lat"], 90)
			lon, _ := parseCoord(f["lon"], 180)
			pop, _ := strconv.ParseInt(f["population"], 10, 64)
			e := Entry{Kind: sitrep.KindPlace, Name: f["name"], Aliases: splitList(f["altnames"]), Country: f["country"],
				Category: f["feature"], Lat: lat, Lon: lon, Population: pop, Admin1: f["admin1"], Source: r.src}
			e.ID = placeID(e.Name, e.Country, used)
			idx := len(k.entries)
			k.entries = append(k.entries, e)
			k.addPattern(e.Name, idx, formName)
			for _, a := range e.Aliases {
				k.addPattern(a, idx, formName)
			}
		}
	}
	return k, nil
}

// placeID makes a readable, unique place id: place:al-tanf, then
// place:amirabad-irn, place:amirabad-irn-2 for namesakes.
func placeID(name, country string, used map[string]int) string {
	base := "place:" + slug(name)
	used[base]++
	if used[base] == 1 {
		return base
	}
	id := base + "-" + strings.ToLower(country)
	used[id]++
	if n := used[id]; n > 1 {
		id = fmt.Sprintf("%s-%d", id, n)
	}
	return id
}

func slug(s string) string {
	toks := tokenize(s, nil)
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = strings.TrimSuffix(t.norm, ".")
	}
	return strings.Join(parts, "-")
}

// pluralOf returns the plural of an agent noun phrase's last word, or ""
// when it is already plural or not a simple word.
func pluralOf(n string) string {
	if n == "" || strings.ContainsAny(n[len(n)-1:], ".-") {
		return ""
	}
	last := n
	if i := strings.LastIndexByte(n, ' '); i >= 0 {
		last = n[i+1:]
	}
	if last == "" || last != strings.ToLower(last) {
		return ""
	}
	switch {
	case strings.HasSuffix(last, "s"), strings.HasSuffix(last, "men"), strings.HasSuffix(last, "ry"), last == "police",
		last == "media", last == "military", last == "people", last == "aircraft", last == "intelligence", last == "personnel",
		last == "artillery", last == "opposition", last == "press", last == "government", last == "administration":
		return ""
	case strings.HasSuffix(last, "man"):
		return n[:len(n)-3] + "men"
	case strings.HasSuffix(last, "y") && !strings.HasSuffix(last, "ay") && !strings.HasSuffix(last, "ey"):
		return n[:len(n)-1] + "ies"
	}
	return n + "s"
}

// addPattern adds one name of entry idx to the trie and the name index.
func (k *KB) addPattern(name string, idx int, form uint8) {
	toks := tokenize(name, nil)
	if len(toks) == 0 {
		return
	}
	key := make([]string, len(toks))
	reqs := make([]uint8, len(toks))
	words := make([]string, len(toks))
	exact := false
	for i, t := range toks {
		key[i] = t.norm
		reqs[i] = requirement(t.orig)
		words[i] = t.orig
		if reqs[i] == reqExact {
			exact = true
		}
	}
	if !exact {
		words = nil
	}
	k.trie.insert(key, payload{entry: int32(idx), form: form, reqs: reqs, words: words})
	nk := strings.Join(key, " ")
	list := k.byName[nk]
	if len(list) == 0 || list[len(list)-1] != idx {
		k.byName[nk] = append(list, idx)
	}
}

// payload is what a trie node yields: an entry and how its name must be
// spelt.
type payload struct {
	entry int32
	form  uint8
	reqs  []uint8
	words []string // pattern words, kept only when one needs exact case
}

type edgeKey struct {
	node int32
	tok  string
}

// trie is a token trie: one hash map of edges keyed by (node, token).
type trie struct {
	edges map[edgeKey]int32
	terms [][]payload
}

func (t *trie) init() {
	t.edges = map[edgeKey]int32{}
	t.terms = [][]payload{nil}
}

func (t *trie) insert(key []string, p payload) {
	n := int32(0)
	for _, tok := range key {
		c, ok := t.edges[edgeKey{n, tok}]
		if !ok {
			c = int32(len(t.terms))
			t.terms = append(t.terms, nil)
			t.edges[edgeKey{n, tok}] = c
		}
		n = c
	}
	for i, q := range t.terms[n] {
		if q.entry == p.entry {
			// Same entry by another spelling: keep the laxer case rule and
			// the earlier (stronger) form.
			if reqLess(p.reqs, q.reqs) {
				p.form = q.form
				t.terms[n][i] = p
			}
			return
		}
	}
	t.terms[n] = append(t.terms[n], p)
}

// reqLess reports whether a's case requirements are laxer than b's.
func reqLess(a, b []uint8) bool {
	sa, sb := 0, 0
	for _, r := range a {
		sa += int(r)
	}
	for _, r := range b {
		sb += int(r)
	}
	return sa < sb
}
