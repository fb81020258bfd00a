package kb

import (
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/sitrep/sitrep"
)

// villagesFile is the gazetteer's village layer: hundreds of thousands of
// small populated places (kb/gen/places/build.js writes them as
// villagesSource, kb/gen/villageindex compiles that into this file; see
// villagebin.go). It is not part of the main index that Load builds; it is
// read on first need, since most names are found among the larger places,
// and its rows rank below every other place.
const villagesFile = "villages.bin"

// villagesSource is the village TSV that build.js writes beside
// places.tsv.gz. Load skips it should it lie in kb/data: its rows belong to
// the village layer, not to the main index.
const villagesSource = "villages.tsv.gz"

// placesFile is the main gazetteer as embedded, and placesSource the
// gzipped TSV build.js writes, which `go generate` recompresses into it
// (Load skips the source should it lie in kb/data).
const (
	placesFile   = "places.tsv.zst"
	placesSource = "places.tsv.gz"
)

//go:generate go run ./gen/recompress data/places.tsv.gz data/places.tsv.zst
//go:generate go run ./gen/villageindex
//go:generate go run ./gen/lookupindex

// villageBase is added to a village's row number to make its entry index,
// so that village payloads share the index space of KB.entries.
const villageBase = 1 << 30

// villageLayer holds the village rows in columns, indexed by a
// transliteration-insensitive key of their names (villageKey).
type villageLayer struct {
	name []string
	villageRows
	// index maps the villageKey of every name and spelling to its rows.
	index *villageIndex
	// altsZ is the altnames column as stored (compressed), decoded into
	// alts when an entry or the skeletons first need it.
	altsZ    []byte
	altsRaw  int
	altsFlag byte
	altsOnce sync.Once
	alts     []string
	// skel indexes the names by their skeleton, for Place; built on first
	// use.
	skelOnce sync.Once
	skel     skelIndex
	maxToks  int
	entries  []atomic.Pointer[Entry]
	err      error
}

// villages returns the village layer, loading it on first use (or taking
// the one Load began to decode on a spare core). A KB built without the
// embedded data (or a broken file) has an empty layer.
func (k *KB) villages() *villageLayer {
	k.villOnce.Do(func() {
		switch {
		case k.villPrefetch != nil:
			k.vill = <-k.villPrefetch
		case k.withVillages:
			k.vill = loadVillageLayer()
		default:
			k.vill = &villageLayer{}
		}
	})
	return k.vill
}

// loadVillageLayer decodes the embedded village layer.
func loadVillageLayer() *villageLayer {
	data, err := dataFS.ReadFile("data/" + villagesFile)
	if err != nil {
		return &villageLayer{}
	}
	// Decoding allocates about 130 MB that stays live, on top of the main
	// index: a collection meanwhile would only mark that index again.
	defer raiseGCPercent(800)()
	v := &villageLayer{}
	if err := v.load(data); err != nil {
		return &villageLayer{err: err}
	}
	return v
}

// load decodes the compiled village layer (villagebin.go) but its
// altnames. The index is inflated and decoded in a goroutine of its own,
// beside the names and the other columns.
func (v *villageLayer) load(data []byte) error {
	st, err := readVillages(data)
	if err != nil {
		return err
	}
	var (
		index    *villageIndex
		indexErr error
		done     = make(chan struct{})
	)
	go func() {
		defer close(done)
		if indexErr = st.inflate(2); indexErr == nil { // keys
			indexErr = st.inflate(3) // ids
		}
		if indexErr == nil {
			index, indexErr = st.decodeIndex()
		}
	}()
	err = st.inflate(0) // meta
	if err == nil {
		err = st.inflate(4) // coords
	}
	var rows *villageRows
	if err == nil {
		_, rows, err = st.decodeMeta()
	}
	if err == nil {
		err = st.inflate(1) // names
	}
	var names []string
	if err == nil {
		names, err = st.decodeNames()
	}
	<-done
	if err == nil {
		err = indexErr
	}
	if err != nil {
		return err
	}
	v.name, v.villageRows, v.index, v.maxToks = names, *rows, index, st.maxToks
	v.altsZ, v.altsRaw, v.altsFlag = st.alts, st.raw[5], st.flag[5]
	v.entries = make([]atomic.Pointer[Entry], len(v.name))
	return nil
}

// altnames returns the altnames column, inflating it on first use. The
// file was checked when built (TestVillageBinUpToDate), so a failure
// here leaves every village without altnames rather than failing.
func (v *villageLayer) altnames() []string {
	v.altsOnce.Do(func() {
		raw, err := v.altsZ, error(nil)
		if v.altsFlag != sectionStored {
			raw, err = inflate(v.altsZ, v.altsRaw)
		}
		if err == nil {
			v.alts, err = decodeAlts(raw, len(v.name))
		}
		if err != nil {
			v.alts = make([]string, len(v.name))
		}
	})
	return v.alts
}

// find returns the villages whose key is key.
func (v *villageLayer) find(key []byte) []int32 {
	return v.index.find(key)
}

// villageKey appends to b the key under which a name's tokens are looked
// up in the village layer. It folds the usual transliteration variants of
// Arabic, Persian and Turkic names, as a rule rather than per name: the
// article (al-, el-, ad-, ash- …) is "al", a final h after a vowel is
// dropped (Hamah = Hama, Qalqiliyah = Qalqiliya), ou is u, ee is i, and
// doubled letters are single (Kannsafra = Kansafra).
func villageKey(b []byte, toks []token) []byte {
	for n, t := range toks {
		w := t.norm
		if n > 0 {
			b = append(b, ' ')
		}
		if len(toks) > 1 && n < len(toks)-1 && arabicArticles[w] {
			b = append(b, "al"...)
			continue
		}
		if l := len(w); l > 3 && w[l-1] == 'h' && strings.IndexByte("aeiou", w[l-2]) >= 0 {
			w = w[:l-1]
		}
		start := len(b)
		for i := 0; i < len(w); i++ {
			c := w[i]
			switch {
			case c == 'u' && len(b) > start && b[len(b)-1] == 'o':
				b[len(b)-1] = 'u'
				continue
			case c == 'e' && len(b) > start && b[len(b)-1] == 'e':
				b[len(b)-1] = 'i'
				continue
			case len(b) > start && b[len(b)-1] == c:
				continue
			}
			b = append(b, c)
		}
	}
	return b
}

// lookup returns the villages named by toks (all of whose spellings must
// be in the layer's key space), trying the name without a leading article
// too.
func (v *villageLayer) lookup(toks []token, buf []byte) ([]int32, []byte) {
	buf = villageKey(buf[:0], toks)
	if ids := v.find(buf); len(ids) > 0 {
		return ids, buf
	}
	if len(toks) > 1 && arabicArticles[toks[0].norm] {
		buf = villageKey(buf[:0], toks[1:])
		return v.find(buf), buf
	}
	return nil, buf
}

// entry returns the entry of village row n, made on first use.
func (v *villageLayer) entry(n int) *Entry {
	if e := v.entries[n].Load(); e != nil {
		return e
	}
	id := "place:" + slug(v.name[n]) + "-" + strings.ToLower(v.country(n))
	toks := tokenize(v.name[n], nil)
	if ids, _ := v.lookup(toks, nil); len(ids) > 1 {
		same := 0
		for _, o := range ids {
			if int(o) == n {
				break
			}
			if v.codes[0][o] == v.codes[0][n] {
				same++
			}
		}
		if same > 0 {
			id += "-v" + strconv.Itoa(same+1)
		}
	}
	e := &Entry{ID: id, Kind: sitrep.KindPlace, Name: v.name[n], Aliases: splitList(v.altnames()[n]), Country: v.country(n),
		Category: v.cat(n), Lat: &v.coord[2*n], Lon: &v.coord[2*n+1], Population: v.pop[n], Admin1: v.admin1(n),
		Source: "kb/data/" + villagesFile}
	if v.entries[n].CompareAndSwap(nil, e) {
		return e
	}
	return v.entries[n].Load()
}

// entry returns the entry with index i: a row of KB.entries, or a village.
func (k *KB) entry(i int) *Entry {
	if i >= villageBase {
		return k.villages().entry(i - villageBase)
	}
	return &k.entries[i]
}

// villageSkeletons indexes the villages by the skeleton of their names.
func (v *villageLayer) skeletons() *skelIndex {
	v.skelOnce.Do(func() {
		var b skelBuilder
		alts := v.altnames()
		for i := range v.name {
			b.add(skeleton(v.name[i]), int32(i))
			for _, a := range splitList(alts[i]) {
				b.add(skeleton(a), int32(i))
			}
		}
		v.skel = b.index()
	})
	return &v.skel
}

// villagePlace finds name in the village layer: by its key, then by its
// skeleton; a village in hint (ISO3) first, then the most populous.
func (k *KB) villagePlace(name, hint string) (sitrep.Location, bool) {
	v := k.villages()
	if len(v.name) == 0 {
		return sitrep.Location{}, false
	}
	toks := tokenize(name, nil)
	if len(toks) == 0 {
		return sitrep.Location{}, false
	}
	pick := func(ids []int32) int {
		best := -1
		for _, i := range ids {
			n := int(i)
			if hint != "" && v.country(n) != hint {
				continue
			}
			if best < 0 || v.pop[n] > v.pop[best] {
				best = n
			}
		}
		return best
	}
	ids, _ := v.lookup(toks, nil)
	best := pick(ids)
	if best < 0 {
		best = pick(v.skeletons().lookup(skeleton(name)))
	}
	if best < 0 {
		return sitrep.Location{}, false
	}
	return sitrep.Location{Name: v.name[best], Country: v.country(best), Lat: &v.coord[2*best], Lon: &v.coord[2*best+1]}, true
}

// gcRaised counts the callers that have raised the garbage collector's
// percentage (Load and the village layer's decoding may overlap), and
// keeps the setting to restore when the last of them is done.
var gcRaised struct {
	sync.Mutex
	n   int
	old int
}

// raiseGCPercent sets the garbage collector's percentage to p unless it is
// already higher or off, and returns the function that restores it once
// every overlapping raise is over.
func raiseGCPercent(p int) func() {
	gcRaised.Lock()
	defer gcRaised.Unlock()
	if gcRaised.n == 0 {
		gcRaised.old = debug.SetGCPercent(p)
		if gcRaised.old < 0 || gcRaised.old > p {
			debug.SetGCPercent(gcRaised.old)
		}
	}
	gcRaised.n++
	var once sync.Once
	return func() {
		once.Do(func() {
			gcRaised.Lock()
			defer gcRaised.Unlock()
			if gcRaised.n--; gcRaised.n == 0 {
				debug.SetGCPercent(gcRaised.old)
			}
		})
	}
}
