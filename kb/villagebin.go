package kb

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/internal/zst"
)

// The village layer ships in a compiled form, villages.bin, made by
// kb/gen/villageindex from the TSV that kb/gen/places/build.js writes.
// Reading 875,000 gzipped TSV rows and tokenising and sorting their 1.5
// million names took about a second on first use; the compiled form holds
// the rows in columns and the name index already built, so that loading is
// a matter of inflating and decoding arrays.
//
// Layout: the magic, then uvarints version, row count, the longest name in
// tokens and the number of decimals of the coordinates, then six sections,
// each a flag byte (0 stored, 2 Zstandard; 1, raw DEFLATE, was version
// 1's and is no longer read), a uvarint raw
// length, a uvarint stored length and that many bytes:
//
//   - meta: the TSV's preamble (comment lines and header, verbatim), the
//     string tables of the country, feature and admin1 columns, those
//     columns run-length coded (the rows are grouped by country), the
//     non-zero populations, and per run of a country the base and byte
//     width of its coordinates;
//   - names: each row's name, front-coded against the previous row's;
//   - keys: the villageKey of every name and spelling, sorted and
//     front-coded in blocks of villageBlock keys, each with its number of
//     rows;
//   - ids (stored): the key and pair counts, the block offsets, then the
//     rows of every key in key order as zigzag deltas;
//   - coords (stored): each row's latitude and longitude less its run's
//     base, in the run's width;
//   - alts: each row's altnames, decoded only when first needed.
//
// The index depends on tokenize and villageKey: a change to either must be
// followed by `go generate ./kb`, which rebuilds it from the rows
// (TestVillageBinUpToDate fails until then).
const villageMagic = "sitrep villages\n"

const (
	villageVersion = 2 // 2: sections in Zstandard, which inflates twice as fast as version 1's DEFLATE
	villageBlock   = 16
)

// Section flags.
const (
	sectionStored = 0
	sectionZstd   = 2
)

// villageHeader is the places header the village TSV must have.
var villageHeader = []string{"name", "altnames", "country", "feature", "lat", "lon", "population", "admin1"}

// villageSections are the raw (inflated) sections of villages.bin.
type villageSections struct {
	rows, maxToks, decimals              int
	meta, names, keys, ids, coords, alts []byte
}

// villageSectionNames name the sections, in file order.
var villageSectionNames = [...]string{"meta", "names", "keys", "ids", "coords", "alts"}

// compressed reports whether section i is compressed: the ids and
// coordinates gain little from it and are read at once.
func compressed(i int) bool { return i != 3 && i != 4 }

func (s *villageSections) sections() []*[]byte {
	return []*[]byte{&s.meta, &s.names, &s.keys, &s.ids, &s.coords, &s.alts}
}

// EncodeVillages compiles a village TSV (gzipped or not; the places
// header's columns in villageHeader's order) into the villages.bin form.
// It is meant for kb/gen/villageindex; rows must be canonical (coordinates
// and population as strconv formats them) so that DecodeVillages gives the
// TSV back byte for byte.
func EncodeVillages(tsv []byte) ([]byte, error) {
	s, err := villageSectionsOf(tsv)
	if err != nil {
		return nil, err
	}
	return s.pack()
}

// DecodeVillages turns villages.bin back into its TSV (uncompressed).
func DecodeVillages(bin []byte) ([]byte, error) {
	s, err := unpackVillages(bin)
	if err != nil {
		return nil, err
	}
	return s.tsv()
}

// villageSectionsOf parses a village TSV and builds the raw sections.
func villageSectionsOf(tsv []byte) (*villageSections, error) {
	if len(tsv) >= 2 && tsv[0] == 0x1f && tsv[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(tsv))
		if err != nil {
			return nil, err
		}
		if tsv, err = io.ReadAll(zr); err != nil {
			return nil, err
		}
	}
	text := string(tsv)
	var preamble strings.Builder
	for {
		i := strings.IndexByte(text, '\n')
		if i < 0 {
			return nil, errors.New("villages: no header")
		}
		line := text[:i+1]
		text = text[i+1:]
		preamble.WriteString(line)
		if line[0] != '#' {
			if strings.TrimSuffix(line, "\n") != strings.Join(villageHeader, "\t") {
				return nil, fmt.Errorf("villages: header %q, want %q", line, strings.Join(villageHeader, "\t"))
			}
			break
		}
	}
	s := &villageSections{}
	tables := [3]map[string]int{{}, {}, {}} // country, feature, admin1
	var tableVals [3][]string
	var codes [3][]int
	code := func(t int, v string) {
		c, ok := tables[t][v]
		if !ok {
			c = len(tableVals[t])
			tables[t][v] = c
			tableVals[t] = append(tableVals[t], v)
		}
		codes[t] = append(codes[t], c)
	}
	type keyID struct {
		key string
		id  int32
	}
	var (
		names, alts []byte
		prevName    string
		pairs       []keyID
		toks        []token
		keyBuf      []byte
		coordText   [][2]string
		pops        []int64
	)
	add := func(name string, id int32) {
		toks = tokenize(name, toks)
		if len(toks) == 0 {
			return
		}
		s.maxToks = max(s.maxToks, len(toks))
		keyBuf = villageKey(keyBuf[:0], toks)
		pairs = append(pairs, keyID{string(keyBuf), id})
	}
	line := 0
	for text != "" {
		line++
		i := strings.IndexByte(text, '\n')
		if i < 0 {
			return nil, fmt.Errorf("villages: row %d: no final newline", line)
		}
		row := text[:i]
		text = text[i+1:]
		f := strings.Split(row, "\t")
		if len(f) != len(villageHeader) {
			return nil, fmt.Errorf("villages: row %d: %d fields, want %d", line, len(f), len(villageHeader))
		}
		name, alt, pop := f[0], f[1], f[6]
		if name == "" {
			return nil, fmt.Errorf("villages: row %d: no name", line)
		}
		p, err := strconv.ParseInt(pop, 10, 64)
		if err != nil || p < 0 || strconv.FormatInt(p, 10) != pop {
			return nil, fmt.Errorf("villages: row %d: population %q is not canonical", line, pop)
		}
		id := int32(s.rows)
		s.rows++
		shared := commonPrefix(prevName, name)
		names = binary.AppendUvarint(names, uint64(shared))
		names = binary.AppendUvarint(names, uint64(len(name)-shared))
		names = append(names, name[shared:]...)
		prevName = name
		alts = binary.AppendUvarint(alts, uint64(len(alt)))
		alts = append(alts, alt...)
		code(0, f[2])
		code(1, f[3])
		code(2, f[7])
		pops = append(pops, p)
		coordText = append(coordText, [2]string{f[4], f[5]})
		add(name, id)
		for a := range strings.SplitSeq(alt, "|") {
			if a = strings.TrimSpace(a); a != "" {
				add(a, id)
			}
		}
	}

	// Coordinates are integers in units of 10^-decimals degrees; the
	// division gives the float that ParseFloat gives the text, since both
	// are the double nearest the same decimal.
	for _, c := range coordText {
		for _, v := range c {
			if i := strings.IndexByte(v, '.'); i >= 0 {
				s.decimals = max(s.decimals, len(v)-i-1)
			}
		}
	}
	if s.decimals > 7 {
		return nil, fmt.Errorf("villages: coordinates with %d decimals", s.decimals)
	}
	scale := math.Pow10(s.decimals)
	coords := make([][2]int64, len(coordText))
	for n, c := range coordText {
		for j, v := range c {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || math.Abs(f) > 180 {
				return nil, fmt.Errorf("villages: row %d: bad coordinate %q", n+1, v)
			}
			i := int64(math.Round(f * scale))
			if float64(i)/scale != f || strconv.FormatFloat(f, 'f', -1, 64) != v {
				return nil, fmt.Errorf("villages: row %d: coordinate %q is not canonical", n+1, v)
			}
			coords[n][j] = i
		}
	}

	for t, vals := range tableVals {
		if len(vals) > math.MaxUint16+1 {
			return nil, fmt.Errorf("villages: %d distinct values of %s", len(vals), villageHeader[[3]int{2, 3, 7}[t]])
		}
	}

	// meta
	meta := binary.AppendUvarint(nil, uint64(preamble.Len()))
	meta = append(meta, preamble.String()...)
	for _, vals := range tableVals {
		meta = binary.AppendUvarint(meta, uint64(len(vals)))
		for _, v := range vals {
			meta = binary.AppendUvarint(meta, uint64(len(v)))
			meta = append(meta, v...)
		}
	}
	for _, col := range codes {
		meta = appendRuns(meta, col)
	}
	nz := 0
	for _, p := range pops {
		if p != 0 {
			nz++
		}
	}
	meta = binary.AppendUvarint(meta, uint64(nz))
	last := -1
	for i, p := range pops {
		if p != 0 {
			meta = binary.AppendUvarint(meta, uint64(i-last))
			meta = binary.AppendUvarint(meta, uint64(p))
			last = i
		}
	}
	// Coordinates by runs of a country: base and byte width.
	var coordBytes []byte
	for lo := 0; lo < len(coords); {
		hi := lo + 1
		for hi < len(coords) && codes[0][hi] == codes[0][lo] {
			hi++
		}
		meta = binary.AppendUvarint(meta, uint64(hi-lo))
		for j := 0; j < 2; j++ {
			mn, mx := coords[lo][j], coords[lo][j]
			for _, c := range coords[lo:hi] {
				mn, mx = min(mn, c[j]), max(mx, c[j])
			}
			w := byteWidth(uint64(mx - mn))
			meta = binary.AppendVarint(meta, mn)
			meta = append(meta, byte(w))
			for _, c := range coords[lo:hi] {
				coordBytes = appendFixed(coordBytes, uint64(c[j]-mn), w)
			}
		}
		lo = hi
	}
	s.meta = meta
	s.names = names
	s.alts = alts
	s.coords = coordBytes

	// index
	slices.SortFunc(pairs, func(a, b keyID) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return int(a.id) - int(b.id)
	})
	pairs = slices.Compact(pairs)
	var keys, offsets, ids []byte
	nkeys, prevOff := 0, 0
	prevKey, prevID := "", int64(0)
	for i := 0; i < len(pairs); {
		j := i + 1
		for j < len(pairs) && pairs[j].key == pairs[i].key {
			j++
		}
		key := pairs[i].key
		shared := 0
		if nkeys%villageBlock == 0 {
			offsets = binary.AppendUvarint(offsets, uint64(len(keys)-prevOff))
			prevOff = len(keys)
		} else {
			shared = commonPrefix(prevKey, key)
		}
		keys = binary.AppendUvarint(keys, uint64(shared))
		keys = binary.AppendUvarint(keys, uint64(len(key)-shared))
		keys = append(keys, key[shared:]...)
		keys = binary.AppendUvarint(keys, uint64(j-i))
		for _, p := range pairs[i:j] {
			ids = binary.AppendVarint(ids, int64(p.id)-prevID)
			prevID = int64(p.id)
		}
		prevKey = key
		nkeys++
		i = j
	}
	s.keys = keys
	idx := binary.AppendUvarint(nil, uint64(nkeys))
	idx = binary.AppendUvarint(idx, uint64(len(pairs)))
	idx = append(idx, offsets...)
	s.ids = append(idx, ids...)
	return s, nil
}

// appendRuns run-length codes a column of codes.
func appendRuns(b []byte, col []int) []byte {
	var runs []byte
	n := 0
	for lo := 0; lo < len(col); {
		hi := lo + 1
		for hi < len(col) && col[hi] == col[lo] {
			hi++
		}
		runs = binary.AppendUvarint(runs, uint64(hi-lo))
		runs = binary.AppendUvarint(runs, uint64(col[lo]))
		n++
		lo = hi
	}
	b = binary.AppendUvarint(b, uint64(n))
	return append(b, runs...)
}

func byteWidth(v uint64) int {
	w := 1
	for v >= 1<<(8*w) {
		w++
	}
	return w
}

func appendFixed(b []byte, v uint64, w int) []byte {
	for i := 0; i < w; i++ {
		b = append(b, byte(v>>(8*i)))
	}
	return b
}

func commonPrefix(a, b string) int {
	n := min(len(a), len(b))
	i := 0
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// pack writes the sections in the villages.bin form.
func (s *villageSections) pack() ([]byte, error) {
	out := []byte(villageMagic)
	for _, v := range []int{villageVersion, s.rows, s.maxToks, s.decimals} {
		out = binary.AppendUvarint(out, uint64(v))
	}
	for i, sec := range s.sections() {
		if !compressed(i) {
			out = append(out, 0)
			out = binary.AppendUvarint(out, uint64(len(*sec)))
			out = binary.AppendUvarint(out, uint64(len(*sec)))
			out = append(out, *sec...)
			continue
		}
		z, err := zst.Encode(*sec)
		if err != nil {
			return nil, err
		}
		out = append(out, sectionZstd)
		out = binary.AppendUvarint(out, uint64(len(*sec)))
		out = binary.AppendUvarint(out, uint64(len(z)))
		out = append(out, z...)
	}
	return out, nil
}

// villageReader reads a villages.bin: its header, then its sections in
// order.
type villageReader struct {
	data []byte
	err  error
}

func (r *villageReader) uvarint() int {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.data)
	if n <= 0 || v > math.MaxInt32 {
		r.err = errors.New("villages: corrupt header")
		return 0
	}
	r.data = r.data[n:]
	return int(v)
}

// section returns the next section as it is stored, its inflated length
// and its flag (sectionStored or sectionZstd).
func (r *villageReader) section() (sec []byte, raw int, flag byte) {
	if r.err != nil || len(r.data) == 0 {
		r.err = errors.New("villages: truncated")
		return nil, 0, 0
	}
	flag = r.data[0]
	r.data = r.data[1:]
	raw, stored := r.uvarint(), r.uvarint()
	if r.err != nil {
		return nil, 0, 0
	}
	if stored > len(r.data) || flag != sectionStored && flag != sectionZstd || flag == sectionStored && stored != raw {
		r.err = errors.New("villages: corrupt section header")
		return nil, 0, 0
	}
	z := r.data[:stored:stored]
	r.data = r.data[stored:]
	return z, raw, flag
}

// inflate decompresses a Zstandard section of raw bytes.
func inflate(z []byte, raw int) ([]byte, error) {
	out, err := zst.Decode(z, raw)
	if err != nil {
		return nil, fmt.Errorf("villages: %v", err)
	}
	return out, nil
}

// storedSections are the sections of a villages.bin as stored: raw[i]
// is section i's inflated length, flag[i] how it is compressed.
type storedSections struct {
	*villageSections
	raw  [len(villageSectionNames)]int
	flag [len(villageSectionNames)]byte
}

// readVillages reads bin's header and finds its sections.
func readVillages(bin []byte) (*storedSections, error) {
	r := &villageReader{data: bin}
	if !bytes.HasPrefix(r.data, []byte(villageMagic)) {
		return nil, errors.New("villages: not a village layer")
	}
	r.data = r.data[len(villageMagic):]
	if v := r.uvarint(); v != villageVersion && r.err == nil {
		return nil, fmt.Errorf("villages: version %d, want %d", v, villageVersion)
	}
	st := &storedSections{villageSections: &villageSections{rows: r.uvarint(), maxToks: r.uvarint(), decimals: r.uvarint()}}
	for i, sec := range st.sections() {
		*sec, st.raw[i], st.flag[i] = r.section()
	}
	if r.err == nil && len(r.data) != 0 {
		r.err = errors.New("villages: trailing data")
	}
	return st, r.err
}

// inflate inflates section i in place.
func (st *storedSections) inflate(i int) error {
	if st.flag[i] == sectionStored {
		return nil
	}
	sec := st.sections()[i]
	out, err := inflate(*sec, st.raw[i])
	if err != nil {
		return err
	}
	*sec, st.flag[i] = out, sectionStored
	return nil
}

// unpackVillages reads bin and inflates all its sections.
func unpackVillages(bin []byte) (*villageSections, error) {
	st, err := readVillages(bin)
	if err != nil {
		return nil, err
	}
	for i := range st.raw {
		if err := st.inflate(i); err != nil {
			return nil, err
		}
	}
	return st.villageSections, nil
}

// cursor decodes a raw section.
type cursor struct {
	b   []byte
	bad bool
}

func (c *cursor) uvarint() int {
	v, n := binary.Uvarint(c.b)
	if n <= 0 || v > math.MaxInt32 {
		c.bad = true
		c.b = nil
		return 0
	}
	c.b = c.b[n:]
	return int(v)
}

func (c *cursor) varint() int64 {
	v, n := binary.Varint(c.b)
	if n <= 0 {
		c.bad = true
		c.b = nil
		return 0
	}
	c.b = c.b[n:]
	return v
}

func (c *cursor) bytes(n int) []byte {
	if n > len(c.b) {
		c.bad = true
		c.b = nil
		return nil
	}
	v := c.b[:n]
	c.b = c.b[n:]
	return v
}

var errCorrupt = errors.New("villages: corrupt section")

// villageRows are the columns of the village rows but their names and
// altnames. The country, feature and admin1 columns are codes into their
// tables: a string per row and column would be 40 MB of headers.
type villageRows struct {
	codes  [3][]uint16 // country, feature, admin1
	tables [3][]string
	coord  []float64 // lat, lon pairs
	pop    []int64
}

func (v *villageRows) country(n int) string { return v.tables[0][v.codes[0][n]] }
func (v *villageRows) cat(n int) string     { return v.tables[1][v.codes[1][n]] }
func (v *villageRows) admin1(n int) string  { return v.tables[2][v.codes[2][n]] }

// decodeMeta returns the preamble and the columns of meta and coords.
func (s *villageSections) decodeMeta() (preamble string, v *villageRows, err error) {
	n := s.rows
	c := cursor{b: s.meta}
	preamble = string(c.bytes(c.uvarint()))
	v = &villageRows{coord: make([]float64, 2*n), pop: make([]int64, n)}
	for t := range v.tables {
		m := c.uvarint()
		if m > len(c.b) || m > math.MaxUint16+1 {
			return "", nil, errCorrupt
		}
		v.tables[t] = make([]string, m)
		for i := range v.tables[t] {
			v.tables[t][i] = string(c.bytes(c.uvarint()))
		}
	}
	for t := range v.codes {
		col := make([]uint16, n)
		runs := c.uvarint()
		row := 0
		for ; runs > 0 && !c.bad; runs-- {
			l, k := c.uvarint(), c.uvarint()
			if l > n-row || k >= len(v.tables[t]) {
				return "", nil, errCorrupt
			}
			for i := row; i < row+l; i++ {
				col[i] = uint16(k)
			}
			row += l
		}
		if row != n {
			return "", nil, errCorrupt
		}
		v.codes[t] = col
	}
	nz := c.uvarint()
	row := -1
	for ; nz > 0 && !c.bad; nz-- {
		row += c.uvarint()
		p := c.uvarint()
		if row >= n {
			return "", nil, errCorrupt
		}
		v.pop[row] = int64(p)
	}
	scale := math.Pow10(s.decimals)
	coords := s.coords
	for lo := 0; lo < n && !c.bad; {
		l := c.uvarint()
		if l == 0 || l > n-lo {
			return "", nil, errCorrupt
		}
		for j := 0; j < 2; j++ {
			base := c.varint()
			w := 0
			if wb := c.bytes(1); len(wb) == 1 {
				w = int(wb[0])
			}
			if c.bad || w < 1 || w > 8 || len(coords) < w*l {
				return "", nil, errCorrupt
			}
			for i := lo; i < lo+l; i++ {
				var d uint64
				for b := w - 1; b >= 0; b-- {
					d = d<<8 | uint64(coords[b])
				}
				coords = coords[w:]
				v.coord[2*i+j] = float64(base+int64(d)) / scale
			}
		}
		lo += l
	}
	if c.bad || len(c.b) != 0 || len(coords) != 0 {
		return "", nil, errCorrupt
	}
	return preamble, v, nil
}

// decodeNames returns the rows' names, slices of one string.
func (s *villageSections) decodeNames() ([]string, error) {
	c := cursor{b: s.names}
	buf := make([]byte, 0, len(s.names)*2)
	ends := make([]int, s.rows)
	prev := 0
	for i := range ends {
		shared := c.uvarint()
		suffix := c.bytes(c.uvarint())
		if c.bad || shared > len(buf)-prev {
			return nil, errCorrupt
		}
		start := len(buf)
		buf = append(buf, buf[prev:prev+shared]...)
		buf = append(buf, suffix...)
		prev = start
		ends[i] = len(buf)
	}
	all := string(buf)
	names := make([]string, s.rows)
	start := 0
	for i, e := range ends {
		names[i] = all[start:e]
		start = e
	}
	return names, nil
}

// decodeAlts returns the rows' altnames from the inflated alts section.
func decodeAlts(alts []byte, rows int) ([]string, error) {
	text := string(alts)
	c := cursor{b: alts}
	out := make([]string, rows)
	for i := range out {
		l := c.uvarint()
		start := len(text) - len(c.b)
		if c.bytes(l); c.bad {
			return nil, errCorrupt
		}
		out[i] = text[start : start+l]
	}
	if len(c.b) != 0 {
		return nil, errCorrupt
	}
	return out, nil
}

// villageIndex is the decoded index: block start offsets into keys, the
// first pair of each block, and the rows of all keys in key order.
type villageIndex struct {
	keys      []byte
	blockOff  []int32
	blockPair []int32
	ids       []int32
}

func (s *villageSections) decodeIndex() (*villageIndex, error) {
	c := cursor{b: s.ids}
	nkeys, npairs := c.uvarint(), c.uvarint()
	x := &villageIndex{keys: s.keys}
	nblocks := (nkeys + villageBlock - 1) / villageBlock
	if c.bad || npairs > len(c.b) || nblocks > len(c.b) {
		return nil, errCorrupt
	}
	x.blockOff = make([]int32, nblocks)
	off := 0
	for b := range x.blockOff {
		off += c.uvarint()
		x.blockOff[b] = int32(off)
	}
	x.ids = make([]int32, npairs)
	id := int64(0)
	for i := range x.ids {
		id += c.varint()
		if id < 0 || id >= int64(s.rows) {
			return nil, errCorrupt
		}
		x.ids[i] = int32(id)
	}
	if c.bad || len(c.b) != 0 {
		return nil, errCorrupt
	}
	// Walk the keys once for the pair offset of each block (and to check
	// them).
	x.blockPair = make([]int32, nblocks)
	k := cursor{b: x.keys}
	pair := 0
	for i := 0; i < nkeys; i++ {
		if i%villageBlock == 0 {
			if len(x.keys)-len(k.b) != int(x.blockOff[i/villageBlock]) {
				return nil, errCorrupt
			}
			x.blockPair[i/villageBlock] = int32(pair)
		}
		k.uvarint()
		k.bytes(k.uvarint())
		pair += k.uvarint()
	}
	if k.bad || pair != npairs || len(k.b) != 0 {
		return nil, errCorrupt
	}
	return x, nil
}

// find returns the rows whose key is key.
func (x *villageIndex) find(key []byte) []int32 {
	if x == nil || len(x.blockOff) == 0 {
		return nil
	}
	// The block whose first key is key, or else the last block whose
	// first key is before it.
	b, found := slices.BinarySearchFunc(x.blockOff, key, func(off int32, key []byte) int {
		return bytes.Compare(x.firstKey(off), key)
	})
	if found {
		n := x.count(x.blockOff[b])
		p := x.blockPair[b]
		return x.ids[p : p+n : p+n]
	}
	if b == 0 {
		return nil
	}
	b--
	var arr [128]byte
	cur := arr[:0]
	k := cursor{b: x.keys[x.blockOff[b]:]}
	pair := x.blockPair[b]
	for i := 0; i < villageBlock && len(k.b) > 0; i++ {
		shared := k.uvarint()
		suffix := k.bytes(k.uvarint())
		n := int32(k.uvarint())
		cur = append(cur[:min(shared, len(cur))], suffix...)
		switch c := bytes.Compare(cur, key); {
		case c == 0:
			return x.ids[pair : pair+n : pair+n]
		case c > 0:
			return nil
		}
		pair += n
	}
	return nil
}

// firstKey returns the first key of the block at off (stored whole).
func (x *villageIndex) firstKey(off int32) []byte {
	k := cursor{b: x.keys[off:]}
	k.uvarint()
	return k.bytes(k.uvarint())
}

// count returns the number of rows of the first key of the block at off.
func (x *villageIndex) count(off int32) int32 {
	k := cursor{b: x.keys[off:]}
	k.uvarint()
	k.bytes(k.uvarint())
	return int32(k.uvarint())
}

// tsv writes the rows back as the TSV they were compiled from.
func (s *villageSections) tsv() ([]byte, error) {
	preamble, v, err := s.decodeMeta()
	if err != nil {
		return nil, err
	}
	names, err := s.decodeNames()
	if err != nil {
		return nil, err
	}
	alts, err := decodeAlts(s.alts, s.rows)
	if err != nil {
		return nil, err
	}
	out := []byte(preamble)
	for i, name := range names {
		out = append(out, name...)
		for _, f := range []string{alts[i], v.country(i), v.cat(i)} {
			out = append(append(out, '\t'), f...)
		}
		out = append(out, '\t')
		out = strconv.AppendFloat(out, v.coord[2*i], 'f', -1, 64)
		out = append(out, '\t')
		out = strconv.AppendFloat(out, v.coord[2*i+1], 'f', -1, 64)
		out = append(out, '\t')
		out = strconv.AppendInt(out, v.pop[i], 10)
		out = append(append(out, '\t'), v.admin1(i)...)
		out = append(out, '\n')
	}
	return out, nil
}
