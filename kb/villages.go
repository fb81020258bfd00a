package kb

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"hash/maphash"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/sitrep/sitrep"
)

// villagesFile is the gazetteer's village layer: hundreds of thousands of
// small populated places (kb/gen/places/build.js). It is not part of the
// main index that Load builds; it is read on first need, since most names
// are found among the larger places, and its rows rank below every other
// place.
const villagesFile = "villages.tsv.gz"

// villageBase is added to a village's row number to make its entry index,
// so that village payloads share the index space of KB.entries.
const villageBase = 1 << 30

// villageLayer holds the village rows in columns, indexed by a
// transliteration-insensitive key of their names (villageKey).
type villageLayer struct {
	name    []string
	country []string
	admin1  []string
	cat     []string
	coord   []float64 // lat, lon pairs
	pop     []int64
	// hashes (sorted) and ids index the villages by the hash of their
	// villageKey: a sorted array builds much faster than a map of a million
	// keys and takes less memory.
	hashes []uint64
	ids    []int32
	// skel indexes the names by their skeleton, for Place; built on first
	// use.
	skelOnce sync.Once
	skel     map[string][]int32
	alts     []string // altnames column, for skel
	maxToks  int
	entries  []atomic.Pointer[Entry]
	err      error
}

// villages returns the village layer, loading it on first use. A KB built
// without the embedded data (or a broken file) has an empty layer.
func (k *KB) villages() *villageLayer {
	k.villOnce.Do(func() {
		k.vill = &villageLayer{}
		if !k.withVillages {
			return
		}
		data, err := dataFS.ReadFile("data/" + villagesFile)
		if err != nil {
			return
		}
		if err := k.vill.load(data); err != nil {
			k.vill = &villageLayer{err: err}
		}
	})
	return k.vill
}

// load parses the gzipped village file (the places header's columns).
func (v *villageLayer) load(data []byte) error {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return err
	}
	text := string(raw)
	intern := map[string]string{}
	in := func(s string) string {
		if t, ok := intern[s]; ok {
			return t
		}
		intern[s] = s
		return s
	}
	n := strings.Count(text, "\n")
	v.name = make([]string, 0, n)
	v.country = make([]string, 0, n)
	v.admin1 = make([]string, 0, n)
	v.cat = make([]string, 0, n)
	v.alts = make([]string, 0, n)
	v.pop = make([]int64, 0, n)
	v.coord = make([]float64, 0, 2*n)
	pairs := make([]hashID, 0, 2*n)
	var col [8]int // name altnames country feature lat lon population admin1 -> column
	headerSeen := false
	var toks []token
	var key []byte
	var parts [16]string
	add := func(s string, id int32) {
		toks = tokenize(s, toks)
		if len(toks) == 0 {
			return
		}
		if len(toks) > v.maxToks {
			v.maxToks = len(toks)
		}
		key = villageKey(key[:0], toks)
		pairs = append(pairs, hashID{maphash.Bytes(villageSeed, key), id})
	}
	for len(text) > 0 {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		if line == "" || line[0] == '#' {
			continue
		}
		// Cut the line into fields without allocating.
		nf := 0
		for nf < len(parts) {
			i := strings.IndexByte(line, '\t')
			if i < 0 {
				parts[nf] = line
				nf++
				break
			}
			parts[nf], line = line[:i], line[i+1:]
			nf++
		}
		if !headerSeen {
			headerSeen = true
			for c, h := range [8]string{"name", "altnames", "country", "feature", "lat", "lon", "population", "admin1"} {
				col[c] = -1
				for i := 0; i < nf; i++ {
					if parts[i] == h {
						col[c] = i
					}
				}
			}
			continue
		}
		get := func(c int) string {
			if i := col[c]; i >= 0 && i < nf {
				return parts[i]
			}
			return ""
		}
		lat, err1 := strconv.ParseFloat(get(4), 64)
		lon, err2 := strconv.ParseFloat(get(5), 64)
		name := get(0)
		if name == "" || err1 != nil || err2 != nil {
			continue
		}
		pop, _ := strconv.ParseInt(get(6), 10, 64)
		id := int32(len(v.name))
		v.name = append(v.name, name)
		v.alts = append(v.alts, get(1))
		v.country = append(v.country, in(get(2)))
		v.cat = append(v.cat, in(get(3)))
		v.admin1 = append(v.admin1, in(get(7)))
		v.coord = append(v.coord, lat, lon)
		v.pop = append(v.pop, pop)
		add(name, id)
		for alts := get(1); alts != ""; {
			a := alts
			if i := strings.IndexByte(alts, '|'); i >= 0 {
				a, alts = alts[:i], alts[i+1:]
			} else {
				alts = ""
			}
			if a = strings.TrimSpace(a); a != "" {
				add(a, id)
			}
		}
	}
	slices.SortFunc(pairs, func(a, b hashID) int {
		if a.h != b.h {
			return cmp.Compare(a.h, b.h)
		}
		return cmp.Compare(a.id, b.id)
	})
	pairs = slices.Compact(pairs)
	v.hashes = make([]uint64, len(pairs))
	v.ids = make([]int32, len(pairs))
	for i, p := range pairs {
		v.hashes[i], v.ids[i] = p.h, p.id
	}
	v.entries = make([]atomic.Pointer[Entry], len(v.name))
	return nil
}

type hashID struct {
	h  uint64
	id int32
}

var villageSeed = maphash.MakeSeed()

// find returns the villages whose key is key.
func (v *villageLayer) find(key []byte) []int32 {
	if len(v.hashes) == 0 {
		return nil
	}
	h := maphash.Bytes(villageSeed, key)
	lo, ok := slices.BinarySearch(v.hashes, h)
	if !ok {
		return nil
	}
	hi := lo + 1
	for hi < len(v.hashes) && v.hashes[hi] == h {
		hi++
	}
	return v.ids[lo:hi:hi]
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
	id := "place:" + slug(v.name[n]) + "-" + strings.ToLower(v.country[n])
	toks := tokenize(v.name[n], nil)
	if ids, _ := v.lookup(toks, nil); len(ids) > 1 {
		same := 0
		for _, o := range ids {
			if int(o) == n {
				break
			}
			if v.country[o] == v.country[n] {
				same++
			}
		}
		if same > 0 {
			id += "-v" + strconv.Itoa(same+1)
		}
	}
	e := &Entry{ID: id, Kind: sitrep.KindPlace, Name: v.name[n], Aliases: splitList(v.alts[n]), Country: v.country[n],
		Category: v.cat[n], Lat: &v.coord[2*n], Lon: &v.coord[2*n+1], Population: v.pop[n], Admin1: v.admin1[n],
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
func (v *villageLayer) skeletons() map[string][]int32 {
	v.skelOnce.Do(func() {
		v.skel = make(map[string][]int32, len(v.name))
		for i := range v.name {
			add := func(n string) {
				sk := skeleton(n)
				if sk == "" {
					return
				}
				l := v.skel[sk]
				if len(l) == 0 || l[len(l)-1] != int32(i) {
					v.skel[sk] = append(l, int32(i))
				}
			}
			add(v.name[i])
			for _, a := range splitList(v.alts[i]) {
				add(a)
			}
		}
	})
	return v.skel
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
			if hint != "" && v.country[n] != hint {
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
		best = pick(v.skeletons()[skeleton(name)])
	}
	if best < 0 {
		return sitrep.Location{}, false
	}
	return sitrep.Location{Name: v.name[best], Country: v.country[best], Lat: &v.coord[2*best], Lon: &v.coord[2*best+1]}, true
}
