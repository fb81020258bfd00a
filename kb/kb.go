// Package kb is sitrep's knowledge base: states, institutions, international
// organisations, armed groups, sector agents, people, military equipment and
// places, loaded from human-editable TSV files embedded in the binary (and
// optionally from a user's own files), and a recogniser that finds and links
// them in news text.
//
// The data lives in kb/data: states.tsv and actors.tsv (actors and agents),
// people.tsv, equipment.tsv, places.tsv.zst and places_extra.tsv, plus the
// village layer villages.bin, compiled from a TSV by kb/gen/villageindex
// (villagebin.go) and loaded only on first need (villages.go), and
// lookup.idx, the prebuilt index with which LookupEmbedded answers 'sitrep kb
// lookup' without building the base (lookupindex.go; go generate ./kb
// rebuilds both after a data change, go test ./kb -full checks them). A
// file's kind is told by its header, so user override files may have any
// name.
package kb

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/regular"
	"github.com/sitrep/sitrep/internal/zst"
)

//go:embed data
var dataFS embed.FS

// Entry is one knowledge-base record. A person has one Entry per role.
type Entry struct {
	ID   string `json:"id"`
	Kind string `json:"kind"` // a sitrep.Kind* constant
	Name string `json:"name"`
	// Aliases are the other names the entry is recognised by.
	Aliases []string `json:"aliases,omitempty"`
	Country string   `json:"country,omitempty"`
	Sector  string   `json:"sector,omitempty"`
	// Category is the equipment category or the place's feature type.
	Category string `json:"category,omitempty"`
	// Origin is the equipment's country of origin.
	Origin string `json:"origin,omitempty"`
	// Role, From and To describe a person's role and its dates
	// (YYYY or YYYY-MM-DD; To empty while it lasts).
	Role string `json:"role,omitempty"`
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// Lat and Lon are a place's (or a state's capital's) coordinates.
	Lat        *float64 `json:"lat,omitempty"`
	Lon        *float64 `json:"lon,omitempty"`
	Population int64    `json:"population,omitempty"`
	Admin1     string   `json:"admin1,omitempty"`
	Notes      string   `json:"notes,omitempty"`
	// Areas are the first-level regions where an armed group or a
	// mission mostly operates.
	Areas []string `json:"areas,omitempty"`
	// Source is the file the entry came from.
	Source string `json:"source,omitempty"`
}

// StateInfo describes a state: its names and its capital.
type StateInfo struct {
	ISO3       string   `json:"iso3"`
	Name       string   `json:"name"`
	Variants   []string `json:"variants,omitempty"`
	Adjectives []string `json:"adjectives,omitempty"`
	// Capital is the capital city with its coordinates.
	Capital sitrep.Location `json:"capital"`
}

// KB is a loaded knowledge base. It is immutable and safe for concurrent
// use.
type KB struct {
	entries []Entry
	states  map[string]*StateInfo
	// stateEntry maps an ISO3 code to its entry index.
	stateEntry map[string]int
	roles      map[string][]int // person id -> role entry indexes
	trie       trie
	common     map[string]bool // common English words (lower-case)
	// english holds the words of an English dictionary, read on first
	// use (englishWord).
	englishOnce sync.Once
	english     map[string]bool
	// placeNames counts place entries per normalised name (for ids).
	files []string
	// tokBuf is reused while building.
	skelOnce sync.Once
	skel     skelIndex // place name skeleton -> entries
	// ctrySkel holds per-country skeleton indexes (countrySkeletons).
	ctrySkelMu sync.Mutex
	ctrySkel   map[string]*skelIndex
	// placesIn lists the main gazetteer's places by country, made with
	// the first skeleton index so that each index reads only its own.
	placesIn map[string][]int32
	// vill is the village layer, loaded on first need (villages.go).
	villOnce     sync.Once
	vill         *villageLayer
	withVillages bool
	// villPrefetch delivers the village layer when Load began decoding
	// it in the background.
	villPrefetch chan *villageLayer
	tokBuf       []token
	keyBuf       []string
	idBuf        []byte
	reqArena     []uint8
}

var (
	defaultOnce sync.Once
	defaultKB   *KB
	defaultErr  error
)

// Default returns the knowledge base built from the embedded data. It is
// loaded once, on first use.
func Default() (*KB, error) {
	defaultOnce.Do(func() { defaultKB, defaultErr = Load() })
	return defaultKB, defaultErr
}

// Load builds a knowledge base from the embedded data plus the TSV files
// (*.tsv, *.tsv.gz) in dirs. A user file's entries replace embedded ones
// with the same id (states: iso3; places: name and country) and add the
// others; a file's kind is told by its header.
func Load(dirs ...string) (_ *KB, err error) {
	var src sources
	withVillages := false
	defer func() {
		if err != nil {
			// Let background parsers finish instead of blocking forever.
			for _, ch := range src.streams {
				go func() {
					for range ch {
					}
				}()
			}
		}
	}()
	embedded, err := fs.ReadDir(dataFS, "data")
	if err != nil {
		return nil, err
	}
	for _, de := range embedded {
		name := de.Name()
		if name == villagesSource {
			continue
		}
		if name == villagesFile {
			withVillages = true
			continue
		}
		if !isDataFile(name) || name == placesSource {
			continue // placesSource: the source of places.tsv.zst, should it be here
		}
		data, err := dataFS.ReadFile("data/" + name)
		if err != nil {
			return nil, err
		}
		if strings.HasSuffix(name, ".zst") {
			// The inflated size in the frame header gives a capacity hint
			// for the entries, of about one row per 56 bytes (places.tsv
			// averages 63), so that they are not copied as they grow.
			src.rowsHint += zst.Size(data) / 56
			src.streams = append(src.streams, streamPlaces("kb/data/"+name, data))
			src.files = append(src.files, "kb/data/"+name)
			continue
		}
		if err := src.add("kb/data/"+name, data, false); err != nil {
			return nil, err
		}
	}
	for _, dir := range dirs {
		if dir == "" {
			continue
		}
		des, err := os.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("kb: %v", err)
		}
		for _, de := range des {
			if de.IsDir() || !isDataFile(de.Name()) {
				continue
			}
			p := filepath.Join(dir, de.Name())
			data, err := regular.ReadFile(p) // a FIFO there must not block
			if err != nil {
				return nil, fmt.Errorf("kb: %v", err)
			}
			if err := src.add(p, data, true); err != nil {
				return nil, err
			}
		}
	}
	common := map[string]bool{}
	if data, err := dataFS.ReadFile("data/commonwords.txt"); err == nil {
		for _, w := range strings.Fields(string(data)) {
			if !strings.HasPrefix(w, "#") {
				common[w] = true
			}
		}
	}
	// Building allocates many small objects that all stay live: collecting
	// garbage meanwhile only costs time.
	defer raiseGCPercent(800)()
	var prefetch chan *villageLayer
	if withVillages && runtime.GOMAXPROCS(0) > 1 {
		// Nearly every use recognises text, which needs the village
		// layer: decode it on a spare core meanwhile.
		prefetch = make(chan *villageLayer, 1)
		go func() {
			v := loadVillageLayer()
			v.altnames()
			prefetch <- v
		}()
	}
	k, err := build(&src, common)
	if k != nil {
		k.withVillages = withVillages
		k.villPrefetch = prefetch
	}
	return k, err
}

func isDataFile(name string) bool {
	return strings.HasSuffix(name, ".tsv") || strings.HasSuffix(name, ".tsv.gz") || strings.HasSuffix(name, ".tsv.zst")
}

// Lookup returns every entry recognised by name (case and punctuation
// insensitive), or whose id is name.
func (k *KB) Lookup(name string) []Entry {
	var out []Entry
	seen := map[int]bool{}
	for _, i := range k.named(name) {
		if !seen[i] {
			seen[i] = true
			out = append(out, k.entries[i])
		}
	}
	for i := range k.entries {
		if !seen[i] && strings.EqualFold(k.entries[i].ID, strings.TrimSpace(name)) {
			seen[i] = true
			out = append(out, k.entries[i])
		}
	}
	return out
}

// State returns the state with ISO3 code iso3.
func (k *KB) State(iso3 string) (StateInfo, bool) {
	s, ok := k.states[strings.ToUpper(strings.TrimSpace(iso3))]
	if !ok {
		return StateInfo{}, false
	}
	return *s, true
}

// States returns all states sorted by ISO3 code.
func (k *KB) States() []StateInfo {
	out := make([]StateInfo, 0, len(k.states))
	for _, s := range k.states {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ISO3 < out[j].ISO3 })
	return out
}

// Len returns the number of entries of each kind.
func (k *KB) Len() map[string]int {
	m := map[string]int{}
	seen := map[string]bool{}
	for _, e := range k.entries {
		key := e.Kind + "\x00" + e.ID
		if seen[key] {
			continue
		}
		seen[key] = true
		m[e.Kind]++
	}
	return m
}

// Place returns the best gazetteer match for name: a place in countryHint
// (ISO3) when there is one, then the curated, the most populous. A state's
// name gives its capital.
func (k *KB) Place(name, countryHint string) (sitrep.Location, bool) {
	hint := strings.ToUpper(strings.TrimSpace(countryHint))
	if loc, ok := k.place(name, hint); ok {
		return loc, true
	}
	// "Beirut-Port", "Ar Raboah Frontline": drop trailing words.
	toks := tokenize(name, nil)
	for n := len(toks) - 1; n >= 1; n-- {
		if loc, ok := k.place(name[:toks[n-1].end], hint); ok {
			return loc, true
		}
	}
	return sitrep.Location{}, false
}

// place looks name up exactly, then by its spelling skeleton.
func (k *KB) place(name, hint string) (sitrep.Location, bool) {
	best := -1
	for _, i := range k.named(name) {
		e := k.entry(int(i))
		if e.Kind != sitrep.KindPlace || e.Lat == nil {
			continue
		}
		if best < 0 || k.placeBetter(i, best, hint, nil) {
			best = i
		}
	}
	if best < 0 || (hint != "" && k.entry(best).Country != hint) {
		// Transliteration variants: Ar-Raqqa = Raqqah, Dar'a = Daraa.
		k.skelOnce.Do(k.buildSkeletons)
		for _, i := range k.skel.lookup(skeleton(name)) {
			if hint != "" && k.entry(int(i)).Country != hint {
				continue
			}
			if best < 0 || k.placeBetter(int(i), best, hint, nil) {
				best = int(i)
			}
		}
	}
	if best >= 0 && (hint == "" || k.entry(best).Country == hint) {
		e := k.entry(best)
		return sitrep.Location{Name: e.Name, Country: e.Country, Lat: e.Lat, Lon: e.Lon}, true
	}
	// The village layer: a village in the hinted country beats a larger
	// namesake elsewhere.
	if hint != "" {
		if loc, ok := k.villagePlace(name, hint); ok {
			return loc, true
		}
	}
	if best >= 0 {
		e := k.entry(best)
		return sitrep.Location{Name: e.Name, Country: e.Country, Lat: e.Lat, Lon: e.Lon}, true
	}
	// A state's name, or a capital.
	for _, i := range k.named(name) {
		e := k.entry(int(i))
		if e.Kind == sitrep.KindState {
			if s := k.states[e.Country]; s != nil && s.Capital.Lat != nil {
				if hint != "" && hint != s.ISO3 {
					continue
				}
				n := s.Name
				if nameKey(name) == nameKey(s.Capital.Name) {
					n = s.Capital.Name
				}
				return sitrep.Location{Name: n, Country: s.ISO3, Lat: s.Capital.Lat, Lon: s.Capital.Lon}, true
			}
		}
	}
	if hint == "" {
		return k.villagePlace(name, "")
	}
	return sitrep.Location{}, false
}

// buildSkeletons indexes every place by the skeleton of its names.
func (k *KB) buildSkeletons() {
	var b skelBuilder
	for i := range k.entries {
		e := k.entry(int(i))
		if e.Kind != sitrep.KindPlace {
			continue
		}
		b.add(skeleton(e.Name), int32(i))
		for _, a := range e.Aliases {
			b.add(skeleton(a), int32(i))
		}
	}
	k.skel = b.index()
}

// countrySkeletons indexes the main gazetteer's places of country ctry
// by the spelling skeletons of their names, built on first need: one
// country's index takes a millisecond or two, where the whole world's
// (KB.skel) takes a quarter of a second.
func (k *KB) countrySkeletons(ctry string) *skelIndex {
	k.ctrySkelMu.Lock()
	defer k.ctrySkelMu.Unlock()
	if x, ok := k.ctrySkel[ctry]; ok {
		return x
	}
	if k.placesIn == nil {
		// One pass over the entries instead of one per country: an
		// ingest of world news met two hundred countries, and their
		// passes were 2-3% of its time.
		k.placesIn = map[string][]int32{}
		for i := range k.entries {
			if e := &k.entries[i]; e.Kind == sitrep.KindPlace {
				k.placesIn[e.Country] = append(k.placesIn[e.Country], int32(i))
			}
		}
	}
	var b skelBuilder
	for _, i := range k.placesIn[ctry] {
		e := &k.entries[i]
		b.add(skeleton(e.Name), i)
		for _, a := range e.Aliases {
			b.add(skeleton(a), i)
		}
	}
	x := b.index()
	if k.ctrySkel == nil {
		k.ctrySkel = map[string]*skelIndex{}
	}
	k.ctrySkel[ctry] = &x
	return &x
}

// arabicArticles are the transliterated forms of the Arabic article.
var arabicArticles = set("al", "el", "ar", "as", "ash", "at", "ad", "an", "az", "ath", "adh", "ed", "es", "et", "ez", "en", "er", "eth", "esh", "ul")

// skeleton reduces a place name to a transliteration-insensitive key:
// articles dropped, words joined, a final h after a vowel dropped, vowels
// after the first letter dropped, an initial vowel as a, doubled letters
// collapsed, q as k.
func skeleton(name string) string {
	toks := tokenize(name, nil)
	var b []byte
	for _, t := range toks {
		if arabicArticles[t.norm] && len(toks) > 1 {
			continue
		}
		w := t.norm
		if n := len(w); n > 2 && w[n-1] == 'h' && strings.ContainsRune("aeiou", rune(w[n-2])) {
			w = w[:n-1]
		}
		for i := 0; i < len(w); i++ {
			c := w[i]
			if c == 'q' {
				c = 'k'
			}
			if len(b) == 0 && strings.IndexByte("aeiou", c) >= 0 {
				// An initial vowel is spelt many ways, or stands for an
				// ayin: Ein/'Ayn, Abtaa/Ibta'.
				c = 'a'
			}
			if len(b) > 0 && strings.IndexByte("aeiouyw", c) >= 0 {
				continue
			}
			if len(b) > 0 && b[len(b)-1] == c {
				continue
			}
			b = append(b, c)
		}
	}
	if len(b) < 2 {
		return ""
	}
	return string(b)
}

// placeBetter reports whether place entry a ranks above b.
func (k *KB) placeBetter(a, b int, hint string, docCountries map[string]int) bool {
	ea, eb := k.entry(int(a)), k.entry(int(b))
	if hint != "" && (ea.Country == hint) != (eb.Country == hint) {
		return ea.Country == hint
	}
	if docCountries != nil {
		ca, cb := docCountries[ea.Country], docCountries[eb.Country]
		if (ca > 0) != (cb > 0) {
			return ca > 0
		}
	}
	ra, rb := featureRank(ea), featureRank(eb)
	if ra != rb {
		return ra > rb
	}
	return ea.Population > eb.Population
}

// villagePlace reports whether e comes from the village layer.
func villagePlace(e *Entry) bool {
	return strings.HasSuffix(e.Source, "kb/data/"+villagesFile)
}

// bulkPlace reports whether e comes from a bulk gazetteer (GeoNames
// cities or the village layer) rather than a curated file.
func bulkPlace(e *Entry) bool {
	return strings.HasSuffix(e.Source, "kb/data/"+placesFile) || villagePlace(e)
}

// featureRank ranks curated and large features above ordinary places.
func featureRank(e *Entry) int {
	r := 0
	// Everything but the bulk GeoNames gazetteer is curated: hand-made
	// places, states, and the user's own files.
	if villagePlace(e) {
		// The village layer ranks below every other place.
		return -1
	}
	if !bulkPlace(e) {
		r += 2
	}
	// The user's own entries are what they want found.
	if !strings.HasPrefix(e.Source, "kb/data/") {
		r++
	}
	switch e.Category {
	case "capital":
		r += 3
	case "admin1", "country":
		r += 2
	case "city", "base", "sea", "strait", "gulf", "zone", "region", "airport", "port":
		r++
	}
	return r
}

// nameKey normalises a name for Lookup: its tokens' normal forms joined by
// spaces.
func nameKey(s string) string {
	toks := tokenize(s, nil)
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = t.norm
	}
	return strings.Join(parts, " ")
}

// englishWord reports whether w (normalised, lower-case) is an English
// dictionary word. Only the embedded list is used, read on first need.
func (k *KB) englishWord(w string) bool {
	k.englishOnce.Do(func() {
		k.english = map[string]bool{}
		data, err := dataFS.ReadFile("data/english.txt.gz")
		if err != nil {
			return
		}
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			return
		}
		for _, line := range strings.Split(string(raw), "\n") {
			if line != "" && line[0] != '#' {
				k.english[line] = true
			}
		}
	})
	return k.english[w]
}
