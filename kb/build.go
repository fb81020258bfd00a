package kb

import (
	"bufio"
	"fmt"
	"hash/maphash"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/zst"
)

// rec is one row of a data file.
type rec struct {
	src  string
	line int
	f    fields
}

// fields is one row with its file's header.
type fields struct {
	t   *table
	row []string
}

func (f fields) get(name string) string {
	c, ok := f.t.col[name]
	if !ok || c >= len(f.row) {
		return ""
	}
	return f.row[c]
}

// placeRow is a parsed gazetteer row; places are many, so they skip the
// generic record.
type placeRow struct {
	name, altnames, country, feature, admin1, src string
	lat, lon                                      float64
	pop                                           int64
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
	states, actors, people, equipment keyed
	places                            []placeRow
	userPlaces                        keyed
	userPlaceRows                     []placeRow
	streams                           []<-chan placeChunk
	files                             []string
	// rowsHint estimates the rows of the streams.
	rowsHint int
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
		f := fields{t: t, row: row}
		r := rec{src: name, line: t.lines[i], f: f}
		bad := func(format string, args ...any) error {
			return fmt.Errorf("%s:%d: %s", name, r.line, fmt.Sprintf(format, args...))
		}
		if err := checkCountry(f.get("country")); err != nil {
			return bad("%v", err)
		}
		switch kind {
		case fileStates:
			iso := f.get("iso3")
			if !iso3RE.MatchString(iso) {
				return bad("iso3 %q is not three capital letters", iso)
			}
			if f.get("name") == "" {
				return bad("state %s has no name", iso)
			}
			if _, err := parseCoord(f.get("lat"), 90); err != nil {
				return bad("lat: %v", err)
			}
			if _, err := parseCoord(f.get("lon"), 180); err != nil {
				return bad("lon: %v", err)
			}
			s.states.put(iso, r, user)
		case fileActors:
			if !idRE.MatchString(f.get("id")) {
				return bad("bad id %q", f.get("id"))
			}
			if _, ok := actorKinds[f.get("kind")]; !ok {
				return bad("kind %q: want institution, igo, armed-group or agent", f.get("kind"))
			}
			if len(splitList(f.get("names"))) == 0 {
				return bad("actor %s has no names", f.get("id"))
			}
			s.actors.put(f.get("id"), r, user)
		case filePeople:
			if !idRE.MatchString(f.get("id")) || f.get("name") == "" {
				return bad("person needs an id and a name")
			}
			if !optionalDate(f.get("from")) || !optionalDate(f.get("to")) {
				return bad("dates %q-%q: want YYYY, YYYY-MM or YYYY-MM-DD", f.get("from"), f.get("to"))
			}
			s.people.put(f.get("id"), r, user)
		case fileEquipment:
			if !idRE.MatchString(f.get("id")) || f.get("name") == "" {
				return bad("equipment needs an id and a name")
			}
			if o := f.get("origin"); o != "" && !iso3RE.MatchString(o) {
				return bad("origin %q is not an ISO3 code", o)
			}
			s.equipment.put(f.get("id"), r, user)
		case filePlaces:
			pr, err := parsePlace(f, name)
			if err != nil {
				return bad("%v", err)
			}
			if !user {
				// Embedded gazetteers hold many places of one name in one
				// country (Amirabad): keep them all.
				s.places = append(s.places, pr)
				continue
			}
			s.userPlaces.put(pr.name+"\x00"+pr.country, rec{src: name, line: r.line}, true)
			s.userPlaceRows = append(s.userPlaceRows, pr)
		}
	}
	return nil
}

// parsePlace reads one gazetteer row.
func parsePlace(f fields, src string) (placeRow, error) {
	pc := placeColsOf(f.t)
	return pc.parse(f.row, src)
}

// placeCols are the positions of a places header's columns (-1 when
// absent), in placeColNames' order, so that the many rows of a gazetteer
// are read without a map lookup per field.
type placeCols [8]int

var placeColNames = [8]string{"name", "altnames", "country", "feature", "lat", "lon", "population", "admin1"}

func placeColsOf(t *table) placeCols {
	var pc placeCols
	for i, n := range placeColNames {
		pc[i] = -1
		if c, ok := t.col[n]; ok {
			pc[i] = c
		}
	}
	return pc
}

// get returns column c (a placeColNames index) of row, or "".
func (pc *placeCols) get(row []string, c int) string {
	if i := pc[c]; i >= 0 && i < len(row) {
		return row[i]
	}
	return ""
}

// parse reads one gazetteer row.
func (pc *placeCols) parse(row []string, src string) (placeRow, error) {
	name, country := pc.get(row, 0), pc.get(row, 2)
	if name == "" {
		return placeRow{}, fmt.Errorf("place has no name")
	}
	if err := checkCountry(country); err != nil {
		return placeRow{}, err
	}
	lat, ok, err := parseCoordValue(pc.get(row, 4), 90)
	if err != nil || !ok {
		return placeRow{}, fmt.Errorf("lat: %v", err)
	}
	lon, ok, err := parseCoordValue(pc.get(row, 5), 180)
	if err != nil || !ok {
		return placeRow{}, fmt.Errorf("lon: %v", err)
	}
	var pop int64
	if p := pc.get(row, 6); p != "" {
		if pop, err = strconv.ParseInt(p, 10, 64); err != nil {
			return placeRow{}, fmt.Errorf("population %q is not a number", p)
		}
	}
	return placeRow{name: name, altnames: pc.get(row, 1), country: country, feature: pc.get(row, 3),
		admin1: pc.get(row, 7), src: src, lat: lat, lon: lon, pop: pop}, nil
}

// placeChunk is a batch of gazetteer rows parsed in the background.
type placeChunk struct {
	rows []placeRow
	err  error
}

// streamPlaces parses a Zstandard-compressed gazetteer in a goroutine, so
// that parsing overlaps with building the indexes.
func streamPlaces(name string, data []byte) <-chan placeChunk {
	ch := make(chan placeChunk, 16)
	go func() {
		defer close(ch)
		r, err := zst.NewReader(data)
		if err != nil {
			ch <- placeChunk{err: fmt.Errorf("%s: %v", name, err)}
			return
		}
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 0, 64*1024), maxLine)
		var t *table
		var pc placeCols
		var row []string
		chunk := make([]placeRow, 0, 4096)
		line := 0
		for sc.Scan() {
			line++
			s := strings.TrimRight(sc.Text(), "\r")
			if s == "" || s[0] == '#' {
				continue
			}
			row = splitTabs(s, row)
			if t == nil {
				t = &table{name: name, col: map[string]int{}}
				for i, h := range row {
					h = strings.ToLower(strings.TrimSpace(h))
					t.col[h] = i
					t.header = append(t.header, h)
				}
				if kind, err := t.kindOf(); err != nil || kind != filePlaces {
					ch <- placeChunk{err: fmt.Errorf("%s:%d: not a places header", name, line)}
					return
				}
				pc = placeColsOf(t)
				continue
			}
			if len(row) > len(t.header) {
				ch <- placeChunk{err: fmt.Errorf("%s:%d: %d fields, header has %d", name, line, len(row), len(t.header))}
				return
			}
			pr, err := pc.parse(row, name)
			if err != nil {
				ch <- placeChunk{err: fmt.Errorf("%s:%d: %v", name, line, err)}
				return
			}
			chunk = append(chunk, pr)
			if len(chunk) == cap(chunk) {
				ch <- placeChunk{rows: chunk}
				chunk = make([]placeRow, 0, 4096)
			}
		}
		if err := sc.Err(); err != nil {
			ch <- placeChunk{err: fmt.Errorf("%s:%d: %v", name, line+1, err)}
			return
		}
		ch <- placeChunk{rows: chunk}
	}()
	return ch
}

// splitTabs splits s at tabs like strings.Split, into buf.
func splitTabs(s string, buf []string) []string {
	buf = buf[:0]
	for {
		i := strings.IndexByte(s, '\t')
		if i < 0 {
			return append(buf, s)
		}
		buf = append(buf, s[:i])
		s = s[i+1:]
	}
}

// isISO3 is iso3RE.MatchString without the regexp machinery: three
// capital ASCII letters.
func isISO3(c string) bool {
	return len(c) == 3 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z' && c[2] >= 'A' && c[2] <= 'Z'
}

func checkCountry(c string) error {
	if c == "" || c == "IGO" || isISO3(c) {
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
		common:     common,
		files:      s.files,
	}
	k.trie.init(4*len(s.places) + 500000)
	n := s.rowsHint + len(s.places) + len(s.userPlaceRows)
	for _, kd := range []*keyed{&s.states, &s.actors, &s.people, &s.equipment} {
		for _, rs := range kd.m {
			n += len(rs)
		}
	}
	k.entries = make([]Entry, 0, n)

	for _, key := range s.states.order {
		for _, r := range s.states.m[key] {
			f := r.f
			lat, _ := parseCoord(f.get("lat"), 90)
			lon, _ := parseCoord(f.get("lon"), 180)
			caps := splitList(f.get("capital"))
			st := &StateInfo{ISO3: key, Name: f.get("name"), Variants: splitList(f.get("variants")), Adjectives: splitList(f.get("adjectives"))}
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
			names := splitList(f.get("names"))
			e := Entry{ID: key, Kind: actorKinds[f.get("kind")], Name: names[0], Aliases: names[1:],
				Country: f.get("country"), Sector: f.get("sector"), Notes: f.get("notes"), Areas: splitList(f.get("areas")), Source: r.src}
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
			e := Entry{ID: key, Kind: sitrep.KindPerson, Name: f.get("name"), Aliases: splitList(f.get("aliases")),
				Country: f.get("country"), Sector: f.get("sector"), Role: f.get("role"), From: f.get("from"), To: f.get("to"), Source: r.src}
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
			e := Entry{ID: key, Kind: sitrep.KindEquipment, Name: f.get("name"), Aliases: splitList(f.get("aliases")),
				Category: f.get("category"), Origin: f.get("origin"), Notes: f.get("description"), Source: r.src}
			idx := len(k.entries)
			k.entries = append(k.entries, e)
			k.addPattern(e.Name, idx, formName)
			for _, a := range e.Aliases {
				k.addPattern(a, idx, formName)
			}
		}
	}
	// User places replace embedded ones of the same name and country.
	keep := func(p *placeRow) bool {
		_, over := s.userPlaces.m[p.name+"\x00"+p.country]
		return !over
	}
	if len(s.userPlaces.m) == 0 {
		keep = nil
	}
	first := len(k.entries)
	k.addPlaces(s.places, keep)
	curated := k.curatedCells(first)
	var streamErr error
	for _, ch := range s.streams {
		for c := range ch {
			if c.err != nil && streamErr == nil {
				streamErr = c.err
			}
			if streamErr == nil {
				k.addPlaces(k.mergeCurated(c.rows, curated), keep)
			}
		}
	}
	if streamErr != nil {
		return nil, streamErr
	}
	k.addPlaces(s.userPlaceRows, nil)
	return k, nil
}

// addPlaces adds gazetteer rows that keep accepts (all when nil).
func (k *KB) addPlaces(rows []placeRow, keep func(*placeRow) bool) {
	coords := make([]float64, 2*len(rows))
	k.entries = slices.Grow(k.entries, len(rows))
	for n := range rows {
		p := &rows[n]
		if keep != nil && !keep(p) {
			continue
		}
		coords[2*n], coords[2*n+1] = p.lat, p.lon
		idx := len(k.entries)
		// Filled in place: an Entry is 256 bytes.
		k.entries = append(k.entries, Entry{})
		e := &k.entries[idx]
		*e = Entry{Kind: sitrep.KindPlace, Name: p.name, Aliases: splitList(p.altnames), Country: p.country,
			Category: p.feature, Lat: &coords[2*n], Lon: &coords[2*n+1], Population: p.pop, Admin1: p.admin1, Source: p.src}
		node := k.addPattern(e.Name, idx, formName)
		e.ID = k.placeID(node, idx)
		for _, a := range e.Aliases {
			k.addPattern(a, idx, formName)
		}
		if short := shortSpanishName(e.Name); short != "" && e.Population >= 20000 {
			// "Acapulco de Juárez", "Pachuca de Soto", "Cintalapa de
			// Figueroa" are Acapulco, Pachuca and Cintalapa in the news.
			k.addPattern(short, idx, formName)
		}
		if bare := bareRegionName(e); bare != "" {
			// "Abyan Governorate", "Dosso Region", "Muhafazat
			// Hadramaout" are Abyan, Dosso and Hadramaout in the news.
			k.addPattern(bare, idx, formName)
		}
		if rest := afterCiudad(e.Name); rest != "" && e.Population >= 20000 {
			// "Ciudad Benito Juárez", "Ciudad Obregón" are Benito
			// Juárez and Obregón in the news.
			k.addPattern(rest, idx, formName)
		}
	}
}

// cellKey is a 0.2-degree cell of the map.
type cellKey struct{ lat, lon int32 }

func cellOf(lat, lon float64) cellKey {
	return cellKey{int32(math.Floor(lat * 5)), int32(math.Floor(lon * 5))}
}

// curatedCells indexes the curated places (entries from first on) by
// cell, for mergeCurated.
func (k *KB) curatedCells(first int) map[cellKey][]int {
	cells := map[cellKey][]int{}
	for i := first; i < len(k.entries); i++ {
		if e := &k.entries[i]; e.Kind == sitrep.KindPlace && e.Lat != nil {
			c := cellOf(*e.Lat, *e.Lon)
			cells[c] = append(cells[c], i)
		}
	}
	return cells
}

// mergeCurated folds the gazetteer rows that a curated place already
// stands for (same name, country and feature, within 10 km) into that
// place: their names become its aliases and their population its own when
// it has none, so that one place is one entry. It returns the other rows.
func (k *KB) mergeCurated(rows []placeRow, cells map[cellKey][]int) []placeRow {
	if len(cells) == 0 {
		return rows
	}
	out := rows[:0]
	for _, p := range rows {
		merged := false
		for _, i := range cells[cellOf(p.lat, p.lon)] {
			e := &k.entries[i]
			if e.Country != p.country || e.Category != p.feature || sitrep.DistanceKm(*e.Lat, *e.Lon, p.lat, p.lon) > 10 || nameKey(e.Name) != nameKey(p.name) {
				continue
			}
			for _, a := range append([]string{p.name}, splitList(p.altnames)...) {
				if !slices.Contains(e.Aliases, a) && a != e.Name {
					e.Aliases = append(e.Aliases, a)
					k.addPattern(a, i, formName)
				}
			}
			if e.Population == 0 {
				e.Population = p.pop
			}
			if e.Admin1 == "" {
				e.Admin1 = p.admin1
			}
			merged = true
			break
		}
		if !merged {
			out = append(out, p)
		}
	}
	return out
}

// bareRegionName returns a GeoNames first-level region's name without the
// word for a region before or after it, or "" when it has none.
func bareRegionName(e *Entry) string {
	// Curated rows list the names they want.
	if e.Category != "admin1" || !bulkPlace(e) {
		return ""
	}
	f := strings.Fields(e.Name)
	if len(f) < 2 {
		return ""
	}
	switch {
	case regionWords[strings.ToLower(f[len(f)-1])]:
		f = f[:len(f)-1]
	case regionPrefixes[strings.ToLower(f[0])]:
		f = f[1:]
	default:
		return ""
	}
	return strings.Join(f, " ")
}

// afterCiudad returns the rest of a name of the form "Ciudad X" (X
// capitalised, not "Ciudad del Este" or "Ciudad de México"), or "".
func afterCiudad(name string) string {
	rest, ok := strings.CutPrefix(name, "Ciudad ")
	if !ok || rest == "" || rest[0] < 'A' || rest[0] > 'Z' {
		return ""
	}
	return rest
}

// shortSpanishName returns the first part of a town's name of the form
// "X de Y" (Spanish and Portuguese), or "" when the name has no such
// form or the part is too short to stand alone.
func shortSpanishName(name string) string {
	i := strings.Index(name, " de ")
	if i < 5 || strings.Contains(name[:i], " ") && !strings.HasPrefix(name, "San ") && !strings.HasPrefix(name, "Santa ") {
		return ""
	}
	return name[:i]
}

// placeID makes a readable, unique place id: place:al-tanf for the first
// place of a name, then place:amirabad-irn, place:amirabad-irn-2 for its
// namesakes (counted among the places already at the name's trie node).
func (k *KB) placeID(node int32, idx int) string {
	e := &k.entries[idx]
	// The id is built in one buffer: a place's id is one of the most
	// frequent allocations of Load.
	id := append(k.idBuf[:0], "place:"...)
	for i, w := range k.keyBuf {
		if i > 0 {
			id = append(id, '-')
		}
		id = append(id, w...)
	}
	prior, same := 0, 0
	if node >= 0 {
		for _, p := range k.trie.terms[node] {
			if int(p.entry) == idx {
				break
			}
			if q := &k.entries[p.entry]; q.Kind == sitrep.KindPlace {
				prior++
				if q.Country == e.Country {
					same++
				}
			}
		}
	}
	if prior > 0 {
		id = append(id, '-')
		id = appendLower(id, e.Country)
		if same > 0 {
			id = append(id, '-')
			id = strconv.AppendInt(id, int64(same+1), 10)
		}
	}
	k.idBuf = id
	return string(id)
}

// appendLower appends strings.ToLower(s).
func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return append(b, strings.ToLower(s)...)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
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

// addPattern adds one name of entry idx to the trie and returns the
// trie node it ends at (-1 for a name without words).
func (k *KB) addPattern(name string, idx int, form uint8) int32 {
	k.tokBuf = tokenize(name, k.tokBuf)
	toks := k.tokBuf
	if len(toks) == 0 {
		return -1
	}
	key := k.keyBuf[:0]
	if len(k.reqArena)+len(toks) > cap(k.reqArena) {
		k.reqArena = make([]uint8, 0, 1<<16)
	}
	reqs := k.reqArena[len(k.reqArena) : len(k.reqArena)+len(toks) : len(k.reqArena)+len(toks)]
	k.reqArena = k.reqArena[:len(k.reqArena)+len(toks)]
	exact := false
	for i, t := range toks {
		key = append(key, t.norm)
		reqs[i] = requirement(t.orig)
		if reqs[i] == reqExact {
			exact = true
		}
	}
	k.keyBuf = key
	var words []string
	if exact {
		words = make([]string, len(toks))
		for i, t := range toks {
			words[i] = t.orig
		}
	}
	return k.trie.insert(key, payload{entry: int32(idx), form: form, reqs: reqs, words: words})
}

// lookupNode returns the trie node that spells name exactly, or -1.
func (k *KB) lookupNode(name string) int32 {
	toks := tokenize(name, nil)
	if len(toks) == 0 {
		return -1
	}
	n := int32(0)
	for _, t := range toks {
		c, ok := k.trie.child(n, t.norm)
		if !ok {
			return -1
		}
		n = c
	}
	return n
}

// named returns the entries with name (any spelling), in load order.
func (k *KB) named(name string) []int {
	n := k.lookupNode(name)
	if n < 0 {
		return nil
	}
	var out []int
	for _, p := range k.trie.terms[n] {
		out = append(out, int(p.entry))
	}
	return out
}

// payload is what a trie node yields: an entry and how its name must be
// spelt.
type payload struct {
	entry int32
	form  uint8
	reqs  []uint8
	words []string // pattern words, kept only when one needs exact case
}

// trie is a token trie. Its edges live in one open-addressing hash table
// keyed by a 64-bit hash of (parent node, token); each node records its
// parent and token, so that an edge is only taken when both match (equal
// hashes of different edges just probe on). Stepping through the trie is
// most of building and of recognising, and its cost is the cache miss of
// the first slot looked at: so a slot is 8 bytes (32 bits of the hash and
// the child) in one flat table, a quarter of a Go map's footprint.
type trie struct {
	slots []uint64 // hash tag << 32 | child; child 0 (the root) is empty
	shift uint     // 64 - log2(len(slots))
	used  int
	nodes []trieNode
	terms [][]payload
}

type trieNode struct {
	parent int32
	tok    string
}

var trieSeed = maphash.MakeSeed()

func edgeHash(node int32, tok string) uint64 {
	return maphash.String(trieSeed, tok) ^ (uint64(node)+1)*0x9E3779B97F4A7C15
}

func (t *trie) init(sizeHint int) {
	t.terms = append(make([][]payload, 0, sizeHint), nil)
	t.nodes = append(make([]trieNode, 0, sizeHint), trieNode{parent: -1})
	t.resize(sizeHint)
}

// resize makes room for n edges at three-quarters load and rehashes the
// edges.
func (t *trie) resize(n int) {
	bits := uint(4)
	for (1<<bits)*3/4 < n {
		bits++
	}
	old := t.slots
	t.slots = make([]uint64, 1<<bits)
	t.shift = 64 - bits
	for _, e := range old {
		if uint32(e) != 0 {
			c := int32(uint32(e))
			t.place(edgeHash(t.nodes[c].parent, t.nodes[c].tok), c)
		}
	}
}

// place puts the edge to child c, of hash h, in the first free slot of its
// probe sequence: the high bits of h pick the slot, the low 32 are the tag.
func (t *trie) place(h uint64, c int32) {
	mask := uint64(len(t.slots) - 1)
	for i := h >> t.shift; ; i = (i + 1) & mask {
		if uint32(t.slots[i]) == 0 {
			t.slots[i] = h<<32 | uint64(uint32(c))
			return
		}
	}
}

// child returns the node reached from node by tok.
func (t *trie) child(node int32, tok string) (int32, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	h := edgeHash(node, tok)
	tag := h << 32
	mask := uint64(len(t.slots) - 1)
	for i := h >> t.shift; ; i = (i + 1) & mask {
		e := t.slots[i]
		c := int32(uint32(e))
		if c == 0 {
			return 0, false
		}
		if e&^0xFFFFFFFF == tag {
			if n := &t.nodes[c]; n.parent == node && n.tok == tok {
				return c, true
			}
		}
	}
}

func (t *trie) insert(key []string, p payload) int32 {
	n := int32(0)
	for _, tok := range key {
		c, ok := t.child(n, tok)
		if !ok {
			c = int32(len(t.terms))
			t.terms = append(t.terms, nil)
			t.nodes = append(t.nodes, trieNode{parent: n, tok: tok})
			if t.used+1 > len(t.slots)*3/4 {
				t.resize(2 * (t.used + 1))
			}
			t.place(edgeHash(n, tok), c)
			t.used++
		}
		n = c
	}
	// An entry's spellings are inserted one after another, so a duplicate
	// can only be the last payload (this keeps insertion O(1) for names
	// shared by thousands of places).
	if ts := t.terms[n]; len(ts) > 0 {
		i, q := len(ts)-1, ts[len(ts)-1]
		if q.entry == p.entry {
			// Same entry by another spelling: keep the laxer case rule and
			// the earlier (stronger) form.
			if reqLess(p.reqs, q.reqs) {
				p.form = q.form
				t.terms[n][i] = p
			}
			return n
		}
	}
	t.terms[n] = append(t.terms[n], p)
	return n
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
