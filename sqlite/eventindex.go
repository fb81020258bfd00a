package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/sitrep/sitrep"
)

// An eventIndex keeps in memory the columns that select and order events,
// so that a server finds a filtered page by scanning arrays in the page's
// order instead of by SQLite choosing among its indexes for each mix of
// filters: at a million events a page cost 2 to 120 ms that way, and a
// hundred clients waited seconds. Only the page's own rows are then read,
// by rowid: from the rows kept from earlier pages, else from SQLite.
//
// Events are only ever added, each with a larger rowid than any before, so
// the index follows the store by loading the rows added since it last
// looked. Readers use an immutable snapshot; loading makes a new one.
type eventIndex struct {
	mu   sync.Mutex // held while loading
	snap atomic.Pointer[indexSnap]
	strs interner
	// answered counts the pages the index answered, and listed those it
	// answered from posting lists, for tests.
	answered, listed atomic.Int64
	texts            textCache
	rows             rowCache
	listingMu        sync.Mutex
	listing          map[string]*termListing // terms being listed, by snapshot size and term
	building         atomic.Bool             // the first load is running
	// typeNames maps a folded type's number to the type as first stored,
	// for the counts by type.
	typeNames sync.Map
}

// indexSnap is the index of the events up to some rowid: column i of each
// slice describes the event with rowid rowid[i], in rowid order.
type indexSnap struct {
	n                    int
	rowid, doc           []int64
	sentence, ordinal    []int32
	typ, mode, quad, cer []uint32 // interned; typ folded
	place, outlet        []uint32 // interned, folded; 0 is none
	locCountry           []uint32 // interned as stored
	dateLo, dateHi       []int32  // YYYYMMDD (day 00 or 99 for a month or year); -1 is NULL
	lat, lon             []float64
	hasGeo               []bool
	goldstein            []float64
	partStart            []int32 // event i's participants are parts[partStart[i]:partStart[i+1]]
	parts                []indexPart
	// datesOK is false when a stored date bound is not YYYY-MM-DD; date
	// filters and the date order are then left to SQLite.
	datesOK bool
	// keysOK is true when document*100000+ordinal, the full-text index's
	// rowid, ascends with the positions and ordinals stay below 100000,
	// so that a text query's matches map to positions.
	keysOK bool
	orders [len(indexOrders)]indexOrder
	// postings lists, in position order, the events of each type, of
	// each country on each side, and with coordinates in each
	// one-degree cell: a selective filter reads its list instead of
	// scanning an order for its few events.
	postings map[postingKey][]int32
}

// postingKey names one posting list: kind 't' (type), 'a' or 'r' (a
// country on the actor's or recipient's side) with id, or 'g' (a cell)
// with id (lat+90)*360 + (lon+180) in whole degrees.
type postingKey struct {
	kind byte
	id   uint32
}

// cell returns the one-degree cell of a point.
func cell(lat, lon float64) uint32 {
	la, lo := int(math.Floor(lat))+90, int(math.Floor(lon))+180
	la, lo = min(max(la, 0), 179), min(max(lo, 0), 359)
	return uint32(la*360 + lo)
}

type indexPart struct {
	recipient             bool
	country, sector, name uint32 // interned, folded
}

// indexOrders are the sorts the index serves; others are left to SQLite.
var indexOrders = [...]string{sitrep.SortDocument, sitrep.SortDate, sitrep.SortGoldstein}

// indexOrder is a permutation of a snapshot's events in one order, made
// on first use.
type indexOrder struct {
	mu   sync.Mutex // held while making it
	perm atomic.Pointer[orderPerm]
}

// orderPerm is an order: perm lists positions in it, rank is the inverse.
type orderPerm struct {
	perm, rank []int32
}

func newOrderPerm(perm []int32) *orderPerm {
	rank := make([]int32, len(perm))
	for r, i := range perm {
		rank[i] = int32(r)
	}
	return &orderPerm{perm, rank}
}

// interner gives each string a number; 0 is the empty string.
type interner struct {
	mu    sync.RWMutex
	ids   map[string]uint32
	names []string // by number
}

// name returns the string numbered id.
func (in *interner) name(id uint32) string {
	in.mu.RLock()
	defer in.mu.RUnlock()
	if int(id) < len(in.names) {
		return in.names[id]
	}
	return ""
}

func (in *interner) id(s string) uint32 {
	in.mu.RLock()
	id, ok := in.ids[s]
	in.mu.RUnlock()
	if ok || s == "" {
		return id
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	if id, ok := in.ids[s]; ok {
		return id
	}
	if in.ids == nil {
		in.ids = map[string]uint32{"": 0}
		in.names = []string{""}
	}
	id = uint32(len(in.ids))
	in.ids[s] = id
	in.names = append(in.names, s)
	return id
}

// lookup returns s's number, or false when no stored value is s.
func (in *interner) lookup(s string) (uint32, bool) {
	if s == "" {
		return 0, true
	}
	in.mu.RLock()
	defer in.mu.RUnlock()
	id, ok := in.ids[s]
	return id, ok
}

// fold lowers ASCII letters only, as SQLite's NOCASE does.
func fold(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// dayNumber reads a stored date bound, YYYY-MM-DD, as YYYYMMDD.
func dayNumber(s string) (int32, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	var n int32
	for i := 0; i < 10; i++ {
		if i == 4 || i == 7 {
			continue
		}
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int32(c-'0')
	}
	return n, true
}

// current returns a snapshot holding every event stored now.
func (x *eventIndex) current(ctx context.Context, db *sql.DB) (*indexSnap, error) {
	var last sql.NullInt64
	if err := db.QueryRowContext(ctx, "SELECT max(rowid) FROM events").Scan(&last); err != nil {
		return nil, err
	}
	s := x.snap.Load()
	if s == nil {
		// The first load reads every event (seconds for a million):
		// it runs in the background while SQLite answers.
		if x.building.CompareAndSwap(false, true) {
			go func() {
				defer x.building.Store(false)
				x.loadFirst(context.Background(), db) // a failure: tried again on the next page
			}()
		}
		return nil, nil
	}
	if s.n == 0 && !last.Valid || s.n > 0 && s.rowid[s.n-1] == last.Int64 {
		return s, nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	old := x.snap.Load()
	s, err := x.load(ctx, db, old)
	if err != nil {
		return nil, err
	}
	x.snap.Store(s)
	return s, nil
}

// loadFirst makes the first snapshot, unless one is made.
func (x *eventIndex) loadFirst(ctx context.Context, db *sql.DB) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.snap.Load() != nil {
		return nil
	}
	s, err := x.load(ctx, db, nil)
	if err != nil {
		return err
	}
	x.snap.Store(s)
	return nil
}

// load returns a snapshot of old (nil for none) and the events stored
// after it.
func (x *eventIndex) load(ctx context.Context, db *sql.DB, old *indexSnap) (*indexSnap, error) {
	s := &indexSnap{datesOK: true, keysOK: true, partStart: []int32{0}, postings: map[postingKey][]int32{}}
	var after int64
	if old != nil && old.n > 0 {
		// Sharing the arrays is safe: old's readers read below old.n,
		// and appending writes above it.
		*s = indexSnap{n: old.n, rowid: old.rowid, doc: old.doc, sentence: old.sentence, ordinal: old.ordinal,
			typ: old.typ, mode: old.mode, quad: old.quad, cer: old.cer, place: old.place, outlet: old.outlet, locCountry: old.locCountry,
			dateLo: old.dateLo, dateHi: old.dateHi, lat: old.lat, lon: old.lon, hasGeo: old.hasGeo,
			goldstein: old.goldstein, partStart: old.partStart, parts: old.parts, datesOK: old.datesOK, keysOK: old.keysOK,
			postings: maps.Clone(old.postings)}
		after = old.rowid[old.n-1]
	}
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT e.rowid, e.document_id, e.sentence, e.ordinal, e.type, e.mode, e.quad,
		e.certainty, e.date_lo, e.date_hi, e.location_name, e.lat, e.lon, e.goldstein, d.outlet, e.location_country
		FROM events e JOIN documents d ON d.id = e.document_id WHERE e.rowid > ? ORDER BY e.rowid`, after)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			rowid, doc                   int64
			sentence, ordinal            int32
			typ, mode, quad, cer, outlet string
			locCountry                   string
			lo, hi, place                sql.NullString
			lat, lon                     sql.NullFloat64
			goldstein                    float64
		)
		if err := rows.Scan(&rowid, &doc, &sentence, &ordinal, &typ, &mode, &quad, &cer, &lo, &hi, &place,
			&lat, &lon, &goldstein, &outlet, &locCountry); err != nil {
			return nil, err
		}
		day := func(v sql.NullString) int32 {
			if !v.Valid {
				return -1
			}
			n, ok := dayNumber(v.String)
			if !ok {
				s.datesOK = false
			}
			return n
		}
		if n := len(s.rowid); ordinal < 0 || ordinal >= 100000 || n > 0 && doc*100000+int64(ordinal) <= s.key(int32(n-1)) {
			s.keysOK = false
		}
		s.rowid = append(s.rowid, rowid)
		s.doc = append(s.doc, doc)
		s.sentence = append(s.sentence, sentence)
		s.ordinal = append(s.ordinal, ordinal)
		s.typ = append(s.typ, x.strs.id(fold(typ)))
		if _, ok := x.typeNames.Load(s.typ[len(s.typ)-1]); !ok {
			x.typeNames.Store(s.typ[len(s.typ)-1], typ)
		}
		s.locCountry = append(s.locCountry, x.strs.id(locCountry))
		s.mode = append(s.mode, x.strs.id(mode))
		s.quad = append(s.quad, x.strs.id(quad))
		s.cer = append(s.cer, x.strs.id(cer))
		p := uint32(0)
		if place.Valid {
			// Not 0: a stored empty name is a name, and NULL is none.
			p = x.strs.id("\x00" + fold(place.String))
		}
		s.place = append(s.place, p)
		s.outlet = append(s.outlet, x.strs.id(fold(outlet)))
		s.dateLo = append(s.dateLo, day(lo))
		s.dateHi = append(s.dateHi, day(hi))
		s.lat = append(s.lat, lat.Float64)
		s.lon = append(s.lon, lon.Float64)
		s.hasGeo = append(s.hasGeo, lat.Valid && lon.Valid)
		s.goldstein = append(s.goldstein, goldstein)
		i := int32(len(s.rowid) - 1)
		s.post(postingKey{'t', s.typ[i]}, i)
		if lat.Valid && lon.Valid {
			s.post(postingKey{'g', cell(lat.Float64, lon.Float64)}, i)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	n := len(s.rowid)
	if n == s.n {
		return s, nil
	}
	// Participants, in the events' order; rows of events beyond the last
	// one read above (stored meanwhile) wait for the next load.
	arows, err := tx.QueryContext(ctx, `SELECT e.rowid, a.side, a.country, a.sector, a.name
		FROM events e JOIN event_actors a ON a.event_id = e.id
		WHERE e.rowid > ? AND e.rowid <= ? ORDER BY e.rowid`, after, s.rowid[n-1])
	if err != nil {
		return nil, err
	}
	defer arows.Close()
	i := s.n
	for arows.Next() {
		var (
			rowid                       int64
			side, country, sector, name string
		)
		if err := arows.Scan(&rowid, &side, &country, &sector, &name); err != nil {
			return nil, err
		}
		for i < n && s.rowid[i] < rowid {
			s.partStart = append(s.partStart, int32(len(s.parts)))
			i++
		}
		p := indexPart{recipient: side == "recipient", country: x.strs.id(fold(country)),
			sector: x.strs.id(fold(sector)), name: x.strs.id(fold(name))}
		s.parts = append(s.parts, p)
		k := postingKey{'a', p.country}
		if p.recipient {
			k.kind = 'r'
		}
		if l := s.postings[k]; len(l) == 0 || l[len(l)-1] != int32(i) {
			s.post(k, int32(i))
		}
	}
	if err := arows.Err(); err != nil {
		return nil, err
	}
	for ; i < n; i++ {
		s.partStart = append(s.partStart, int32(len(s.parts)))
	}
	oldN := s.n
	s.n = n
	// Orders made for old are extended by merging in the new events.
	if old != nil {
		for k := range indexOrders {
			hp := old.orders[k].perm.Load()
			if hp == nil {
				continue // made on first use
			}
			have := hp.perm
			added := make([]int32, 0, n-oldN)
			for j := oldN; j < n; j++ {
				added = append(added, int32(j))
			}
			less := s.less(indexOrders[k])
			slices.SortFunc(added, func(a, b int32) int { return cmpBy(less, a, b) })
			merged := make([]int32, 0, n)
			a, b := 0, 0
			for a < len(have) && b < len(added) {
				if less(added[b], have[a]) {
					merged = append(merged, added[b])
					b++
				} else {
					merged = append(merged, have[a])
					a++
				}
			}
			merged = append(append(merged, have[a:]...), added[b:]...)
			s.orders[k].perm.Store(newOrderPerm(merged))
		}
	}
	return s, nil
}

// key returns the full-text index's rowid of the event at position i.
func (s *indexSnap) key(i int32) int64 { return s.doc[i]*100000 + int64(s.ordinal[i]) }

func (s *indexSnap) post(k postingKey, i int32) {
	s.postings[k] = append(s.postings[k], i)
}

// siftUp and siftDown keep h a heap whose top is the worst by better.
func siftUp(h []int32, j int, rank []int32, better func(a, b int32) bool) {
	for j > 0 {
		p := (j - 1) / 2
		if !better(rank[h[p]], rank[h[j]]) {
			return
		}
		h[p], h[j] = h[j], h[p]
		j = p
	}
}

func siftDown(h []int32, j int, rank []int32, better func(a, b int32) bool) {
	for {
		w, l, r := j, 2*j+1, 2*j+2
		if l < len(h) && better(rank[h[w]], rank[h[l]]) {
			w = l
		}
		if r < len(h) && better(rank[h[w]], rank[h[r]]) {
			w = r
		}
		if w == j {
			return
		}
		h[w], h[j] = h[j], h[w]
		j = w
	}
}

// listFactor is how much cheaper reading a posting list is than scanning
// an order, per event: the list is sequential in memory, the order not. A
// variable for tests.
var listFactor = 4.0

// intersect returns the positions in both a and b, both ascending.
func intersect(a, b []int32) []int32 {
	out := make([]int32, 0, min(len(a), len(b)))
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

func cmpBy(less func(a, b int32) bool, a, b int32) int {
	switch {
	case less(a, b):
		return -1
	case less(b, a):
		return 1
	}
	return 0
}

// less returns the ascending order (one of indexOrders), the
// order of eventsort.Key's terms.
func (s *indexSnap) less(order string) func(a, b int32) bool {
	byDoc := func(a, b int32) bool {
		if s.doc[a] != s.doc[b] {
			return s.doc[a] < s.doc[b]
		}
		if s.sentence[a] != s.sentence[b] {
			return s.sentence[a] < s.sentence[b]
		}
		return s.ordinal[a] < s.ordinal[b]
	}
	switch order {
	case sitrep.SortDate:
		return func(a, b int32) bool {
			if s.dateLo[a] != s.dateLo[b] {
				return s.dateLo[a] < s.dateLo[b]
			}
			return byDoc(a, b)
		}
	case sitrep.SortGoldstein:
		return func(a, b int32) bool {
			if s.goldstein[a] != s.goldstein[b] {
				return s.goldstein[a] < s.goldstein[b]
			}
			return byDoc(a, b)
		}
	}
	return byDoc
}

// order returns the events in sort's ascending order.
func (s *indexSnap) order(k int) *orderPerm {
	o := &s.orders[k]
	if p := o.perm.Load(); p != nil {
		return p
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if p := o.perm.Load(); p != nil {
		return p
	}
	perm := make([]int32, s.n)
	for i := range perm {
		perm[i] = int32(i)
	}
	less := s.less(indexOrders[k])
	slices.SortFunc(perm, func(a, b int32) int { return cmpBy(less, a, b) })
	op := newOrderPerm(perm)
	o.perm.Store(op)
	return op
}

// indexable reports whether the index answers f: a page in an order it
// keeps.
func indexable(f sitrep.EventFilter) (order int, desc bool, ok bool) {
	if f.Limit <= 0 {
		return 0, false, false
	}
	switch f.Sort {
	case "", sitrep.SortDocument:
		return 0, false, true
	case sitrep.SortDate, sitrep.SortDateDesc:
		return 1, f.Sort == sitrep.SortDateDesc, true
	case sitrep.SortGoldstein, sitrep.SortGoldsteinDesc:
		return 2, f.Sort == sitrep.SortGoldsteinDesc, true
	}
	return 0, false, false
}

// sideMatch is one side's condition, as sideCond writes it in SQL.
type sideMatch struct {
	recipient                      bool
	country, sector, name          uint32
	byCountry, bySector, byName    bool
	countryOK, sectorOK, nameOK    bool // the value is stored somewhere
	countryAndSector, countryOrSec bool
}

func (x *eventIndex) sideMatch(recipient bool, q string, kind codeKind) *sideMatch {
	m := &sideMatch{recipient: recipient}
	q = fold(q)
	switch {
	case len(q) == 3 && isLetters(q) && kind == codeCountry:
		m.byCountry = true
		m.country, m.countryOK = x.strs.lookup(q)
	case len(q) == 3 && isLetters(q) && kind == codeSector:
		m.bySector = true
		m.sector, m.sectorOK = x.strs.lookup(q)
	case len(q) == 3 && isLetters(q):
		m.countryOrSec = true
		m.country, m.countryOK = x.strs.lookup(q)
		m.sector, m.sectorOK = x.strs.lookup(q)
	case len(q) == 6 && isLetters(q):
		m.countryAndSector, m.byName = true, true
		m.country, m.countryOK = x.strs.lookup(q[:3])
		m.sector, m.sectorOK = x.strs.lookup(q[3:])
		m.name, m.nameOK = x.strs.lookup(q)
	default:
		m.byName = true
		m.name, m.nameOK = x.strs.lookup(q)
	}
	return m
}

func (m *sideMatch) part(p indexPart) bool {
	if p.recipient != m.recipient {
		return false
	}
	switch {
	case m.byCountry:
		return m.countryOK && p.country == m.country
	case m.bySector:
		return m.sectorOK && p.sector == m.sector
	case m.countryOrSec:
		return m.countryOK && p.country == m.country || m.sectorOK && p.sector == m.sector
	case m.countryAndSector:
		return m.countryOK && m.sectorOK && p.country == m.country && p.sector == m.sector || m.nameOK && p.name == m.name
	}
	return m.nameOK && p.name == m.name
}

// find returns the positions of the page of f's events, in f's order;
// false when the index cannot tell (dates it cannot read).
func (x *eventIndex) find(s *indexSnap, f sitrep.EventFilter, kinds [2]codeKind, lo, hi string, cursor int64, text *textMatches) ([]int32, bool) {
	k, desc, _ := indexable(f)
	var lod, hid, loYear int32 = -1, -1, -1
	if lo != "" || hi != "" || k == 1 {
		if !s.datesOK {
			return nil, false
		}
	}
	if lo != "" {
		var ok bool
		if lod, ok = dayNumber(lo); !ok {
			return nil, false
		}
		loYear = lod / 10000 * 10000
	}
	if hi != "" {
		var ok bool
		if hid, ok = dayNumber(hi); !ok {
			return nil, false
		}
	}
	var sides []*sideMatch
	if f.Actor != "" {
		sides = append(sides, x.sideMatch(false, f.Actor, kinds[0]))
	}
	if f.Recipient != "" {
		sides = append(sides, x.sideMatch(true, f.Recipient, kinds[1]))
	}
	// A value stored nowhere matches nothing.
	want := func(v string, fl bool) (uint32, bool, bool) {
		if v == "" {
			return 0, false, true
		}
		if fl {
			v = fold(v)
		}
		id, ok := x.strs.lookup(v)
		return id, true, ok
	}
	typ, byType, ok1 := want(f.Type, true)
	mode, byMode, ok2 := want(f.Mode, false)
	quad, byQuad, ok3 := want(f.Quad, false)
	cer, byCer, ok4 := want(f.Certainty, false)
	outlet, byOutlet, ok5 := want(f.Outlet, true)
	var place uint32
	ok6 := true
	if f.Place != "" {
		place, ok6 = x.strs.lookup("\x00" + fold(f.Place))
	}
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return []int32{}, true
	}
	match := func(i int32) bool {
		if text != nil && text.set[i>>6]&(1<<(i&63)) == 0 {
			return false
		}
		switch {
		case byType && s.typ[i] != typ, byMode && s.mode[i] != mode, byQuad && s.quad[i] != quad,
			byCer && s.cer[i] != cer, byOutlet && s.outlet[i] != outlet, f.Place != "" && s.place[i] != place,
			f.Document != 0 && s.doc[i] != f.Document:
			return false
		case lo != "" && (s.dateHi[i] < lod || s.dateLo[i] < loYear),
			hi != "" && (s.dateLo[i] < 0 || s.dateLo[i] > hid):
			return false
		}
		if b := f.BBox; b != nil && (!s.hasGeo[i] || s.lat[i] < b.South || s.lat[i] > b.North || s.lon[i] < b.West || s.lon[i] > b.East) {
			return false
		}
		for _, m := range sides {
			found := false
			for _, p := range s.parts[s.partStart[i]:s.partStart[i+1]] {
				if m.part(p) {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
		return true
	}
	op := s.order(k)
	perm, rank := op.perm, op.rank
	// Where the page starts: after the cursor's event in the order.
	start, step := 0, 1
	if desc {
		start, step = len(perm)-1, -1
	}
	after := int32(-1)
	if cursor >= 0 {
		after = rank[cursor]
		start = int(after) + step
	}

	// A selective filter reads its posting lists in position order, which
	// is sequential in memory, and keeps the first matches; otherwise the
	// order is scanned until the page is full, which reads each event at
	// random and costs the page's size divided by the filters' share.
	type list struct {
		size   int
		get    func() []int32
		sorted bool // get's positions ascend
	}
	var lists []list
	share := 1.0
	addList := func(l []int32) {
		lists = append(lists, list{len(l), func() []int32 { return l }, true})
		share *= float64(len(l)) / float64(max(s.n, 1))
	}
	if byType {
		addList(s.postings[postingKey{'t', typ}])
	}
	if text != nil {
		addList(text.pos)
	}
	for _, m := range sides {
		if m.byCountry {
			if !m.countryOK {
				return []int32{}, true
			}
			kind := byte('a')
			if m.recipient {
				kind = 'r'
			}
			addList(s.postings[postingKey{kind, m.country}])
		}
	}
	if b := f.BBox; b != nil && (b.North-b.South+1)*(b.East-b.West+1) <= 400 {
		var cells [][]int32
		size := 0
		for la := math.Floor(b.South); la <= b.North; la++ {
			for lo := math.Floor(b.West); lo <= b.East; lo++ {
				if l := s.postings[postingKey{'g', cell(la, lo)}]; len(l) > 0 {
					cells = append(cells, l)
					size += len(l)
				}
			}
		}
		lists = append(lists, list{size, func() []int32 {
			all := make([]int32, 0, size)
			for _, l := range cells {
				all = append(all, l...)
			}
			return all
		}, len(cells) <= 1})
		share *= float64(size) / float64(max(s.n, 1))
	}
	out := []int32{}
	if len(lists) > 0 {
		best := slices.MinFunc(lists, func(a, b list) int { return a.size - b.size })
		scan := float64(s.n)
		if share > 0 {
			scan = min(scan, float64(f.Limit)/share)
		}
		if float64(best.size) < listFactor*scan {
			// Intersect the lists, smallest first, while the next is
			// not much longer than what is left (merging costs both).
			slices.SortFunc(lists, func(a, b list) int { return a.size - b.size })
			cand := lists[0].get()
			sorted := func(l list, ps []int32) []int32 {
				if !l.sorted {
					slices.Sort(ps)
				}
				return ps
			}
			for k, l := range lists[1:] {
				if l.size > 64*len(cand) {
					break
				}
				if k == 0 {
					cand = sorted(lists[0], cand)
				}
				cand = intersect(cand, sorted(l, l.get()))
			}
			// The page is the Limit matches first in the order: keep
			// them in a heap whose top is the last of them so far.
			better := func(a, b int32) bool { return a < b != desc } // ranks
			heap := make([]int32, 0, f.Limit)                        // positions
			for _, i := range cand {
				r := rank[i]
				if after >= 0 && (r <= after) != desc || after >= 0 && r == after {
					continue
				}
				if len(heap) == f.Limit && !better(r, rank[heap[0]]) || !match(i) {
					continue
				}
				if len(heap) < f.Limit {
					heap = append(heap, i)
					siftUp(heap, len(heap)-1, rank, better)
				} else {
					heap[0] = i
					siftDown(heap, 0, rank, better)
				}
			}
			slices.SortFunc(heap, func(a, b int32) int {
				if better(rank[a], rank[b]) {
					return -1
				}
				return 1
			})
			x.listed.Add(1)
			out = append(out, heap...)
			return out, true
		}
	}
	// In date order, the events before the range's year, or after its
	// end, are a prefix and a suffix that no event of the page is in.
	lb, ub := 0, len(perm)
	if k == 1 && lo != "" {
		lb, _ = slices.BinarySearchFunc(perm, loYear, func(i, d int32) int { return cmp.Compare(s.dateLo[i], d) })
	}
	if k == 1 && hi != "" {
		ub, _ = slices.BinarySearchFunc(perm, hid+1, func(i, d int32) int { return cmp.Compare(s.dateLo[i], d) })
	}
	if desc {
		start = min(start, ub-1)
	} else {
		start = max(start, lb)
	}
	for p := start; p >= lb && p < ub && len(out) < f.Limit; p += step {
		if i := perm[p]; match(i) {
			out = append(out, i)
		}
	}
	return out, true
}

// position returns the index position of the event with rowid r.
func (s *indexSnap) position(r int64) int {
	p, ok := slices.BinarySearch(s.rowid[:s.n], r)
	if !ok {
		return -1
	}
	return p
}

// IndexEvents makes FindEvents answer pages of events (a Limit, in
// document, date or Goldstein order, text queries included), and
// CountEvents and EventStats their counts, from an in-memory index of the
// columns that filter, order and count them, about 165 bytes an event,
// brought up to date at each request. The first page starts making it in the background
// (about 10 seconds for a million events), and SQLite answers until it is
// made; LoadEventIndex makes it at once. A server wants it; a one-off query
// would spend more making the index than it saves. Call it before the DB
// is used.
func (db *DB) IndexEvents() {
	// Text matches: 8 M positions (at a million events, those of seventy
	// frequent queries), 32 MB.
	// Rows: the events pages show most (first pages of common filters),
	// at about a kilobyte each.
	db.index = &eventIndex{texts: textCache{maxSize: 16 << 20}, rows: rowCache{max: 1 << 17}}
}

// LoadEventIndex makes the event index of IndexEvents now, if it is not
// made yet, and reports why it could not.
func (db *DB) LoadEventIndex(ctx context.Context) error {
	if db.index == nil {
		return errors.New("load event index: IndexEvents was not called")
	}
	if err := db.index.loadFirst(ctx, db.ro); err != nil {
		return fmt.Errorf("load event index: %w", err)
	}
	return nil
}

// findIndexed answers FindEvents from the index; ok is false when the
// index cannot (then SQLite does).
func (db *DB) findIndexed(ctx context.Context, f sitrep.EventFilter) (events []*sitrep.Event, ok bool, err error) {
	s, page, ok, err := db.indexedPositions(ctx, f, false)
	if !ok || err != nil {
		return nil, ok, err
	}
	db.index.answered.Add(1)
	// The page's rows, by rowid, in its order.
	rowids := make([]int64, len(page))
	for j, i := range page {
		rowids[j] = s.rowid[i]
	}
	events, err = db.index.rows.read(ctx, db, rowids)
	return events, true, err
}

// indexedPositions returns the snapshot and the positions in it of the
// events of f's page or, with all, of every event matching f (f's Sort,
// Cursor and Limit ignored) in document order. ok is false when the index
// cannot answer.
func (db *DB) indexedPositions(ctx context.Context, f sitrep.EventFilter, all bool) (s *indexSnap, page []int32, ok bool, err error) {
	if all {
		f.Sort, f.Cursor, f.Limit = "", "", 1
	}
	if _, _, ok := indexable(f); !ok {
		return nil, nil, false, nil
	}
	if f.BBox != nil {
		if err := f.BBox.Validate(); err != nil {
			return nil, nil, true, fmt.Errorf("%w: %w", sitrep.ErrInvalid, err)
		}
	}
	lo, hi, err := sitrep.FilterBounds(f.Since, f.Until)
	if err != nil {
		return nil, nil, true, err
	}
	kinds, err := db.sideKinds(ctx, f)
	if err != nil {
		return nil, nil, true, err
	}
	s, err = db.index.current(ctx, db.ro)
	if err != nil {
		return nil, nil, true, err
	}
	if s == nil {
		return nil, nil, false, nil // not loaded yet
	}
	cursor := int64(-1)
	if f.Cursor != "" {
		var r int64
		err := db.ro.QueryRowContext(ctx, "SELECT rowid FROM events WHERE id = ?", f.Cursor).Scan(&r)
		if err == sql.ErrNoRows {
			return nil, nil, true, fmt.Errorf("cursor %q names no event: %w", f.Cursor, sitrep.ErrInvalid)
		} else if err != nil {
			return nil, nil, true, err
		}
		p := s.position(r)
		if p < 0 {
			// Stored after the snapshot was taken: let SQLite answer.
			return nil, nil, false, nil
		}
		cursor = int64(p)
	}
	var text *textMatches
	// FTS5's tokenizer folds ASCII case, so queries that differ only in
	// it share their kept matches.
	if q := asciiLower(ftsQuery(f.Text)); q != "" {
		if !s.keysOK {
			return nil, nil, false, nil
		}
		// A text query's matches are listed once and kept; a page of
		// text alone in document order is quicker from SQLite than
		// listing every match the first time.
		if text = db.index.texts.get(q, s.n); text == nil {
			if textOnly(f) && !db.index.termsKept(s, q) {
				return nil, nil, false, nil
			}
			if text, err = db.index.listText(ctx, db.ro, s, q); err != nil {
				return nil, nil, true, err
			}
		}
	}
	if all {
		f.Limit = max(s.n, 1)
	}
	page, ok = db.index.find(s, f, kinds, lo, hi, cursor, text)
	if !ok {
		return nil, nil, false, nil
	}
	return s, page, true, nil
}

// rowCache keeps the events that pages showed, by rowid. A stored event
// never changes (the store only appends), so a kept one is always right;
// callers get copies, which they may change.
type rowCache struct {
	mu  sync.Mutex
	m   map[int64]*sitrep.Event
	max int // events kept at most
}

// read returns the events with these rowids, in their order, from the
// cache or else from SQLite.
func (c *rowCache) read(ctx context.Context, db *DB, rowids []int64) ([]*sitrep.Event, error) {
	events := make([]*sitrep.Event, len(rowids))
	var missing []int64
	c.mu.Lock()
	for i, r := range rowids {
		if e := c.m[r]; e != nil {
			events[i] = e
		} else {
			missing = append(missing, r)
		}
	}
	c.mu.Unlock()
	if len(missing) > 0 {
		slices.Sort(missing)
		list, err := json.Marshal(missing)
		if err != nil {
			return nil, err
		}
		read, err := db.findEvents(ctx, "SELECT "+eventColumns+" FROM events e WHERE e.rowid IN (SELECT value FROM json_each(?)) ORDER BY e.rowid", string(list))
		if err != nil {
			return nil, err
		}
		if len(read) != len(missing) {
			return nil, fmt.Errorf("read events: %d of %d rows found", len(read), len(missing))
		}
		c.mu.Lock()
		if c.m == nil {
			c.m = make(map[int64]*sitrep.Event, c.max)
		}
		// Room by dropping arbitrary entries (map order): simple, and
		// the events pages show again come back quickly.
		for r := range c.m {
			if len(c.m)+len(read) <= c.max {
				break
			}
			delete(c.m, r)
		}
		for j, r := range missing {
			if len(c.m) < c.max {
				c.m[r] = read[j]
			}
		}
		c.mu.Unlock()
		for i, r := range rowids {
			if events[i] == nil {
				j, _ := slices.BinarySearch(missing, r)
				events[i] = read[j]
			}
		}
	}
	for i, e := range events {
		events[i] = cloneEvent(e)
	}
	return events, nil
}

// cloneEvent copies e and everything it points to.
func cloneEvent(e *sitrep.Event) *sitrep.Event {
	c := *e
	c.Actor = slices.Clone(e.Actor)
	c.Recipient = slices.Clone(e.Recipient)
	c.Mentions = slices.Clone(e.Mentions)
	c.ContradictedBy = slices.Clone(e.ContradictedBy)
	if e.Location != nil {
		l := *e.Location
		if l.Lat != nil {
			lat := *l.Lat
			l.Lat = &lat
		}
		if l.Lon != nil {
			lon := *l.Lon
			l.Lon = &lon
		}
		c.Location = &l
	}
	if e.Source != nil {
		s := *e.Source
		c.Source = &s
	}
	return &c
}

// textMatches are the positions of the events whose evidence matches a
// full-text query, as a list and as a set.
type textMatches struct {
	n   int // of the snapshot they were listed in
	pos []int32
	set []uint64
}

// listText returns the matches of FTS query q among s's events. A query is its terms ANDed (see ftsQuery), so each term's matches
// are listed by FTS5 once and kept, and a query is their intersection:
// queries that share words list them only once.
func (x *eventIndex) listText(ctx context.Context, db *sql.DB, s *indexSnap, q string) (*textMatches, error) {
	terms := strings.Fields(q)
	lists := make([]*textMatches, 0, len(terms))
	for _, term := range terms {
		t := x.texts.get(term, s.n)
		if t == nil {
			var err error
			if t, err = x.listTerm(ctx, db, s, term); err != nil {
				return nil, err
			}
		}
		lists = append(lists, t)
	}
	if len(lists) == 1 {
		return lists[0], nil
	}
	// The rarest term's matches, kept where every other term matches too.
	slices.SortFunc(lists, func(a, b *textMatches) int { return len(a.pos) - len(b.pos) })
	t := &textMatches{n: s.n, set: make([]uint64, (s.n+63)/64)}
	for _, p := range lists[0].pos {
		all := true
		for _, o := range lists[1:] {
			if o.set[p>>6]&(1<<(p&63)) == 0 {
				all = false
				break
			}
		}
		if all {
			t.pos = append(t.pos, p)
			t.set[p>>6] |= 1 << (p & 63)
		}
	}
	// Not kept: intersecting kept terms again costs less than what
	// keeping every combination of terms would push out.
	return t, nil
}

// asciiLower lowers ASCII letters only: FTS5's unicode61 folds other
// letters its own way, which strings.ToLower might not match.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// termsKept reports whether the matches of every term of FTS query q are
// kept, so that listText needs no FTS5 listing.
func (x *eventIndex) termsKept(s *indexSnap, q string) bool {
	for _, term := range strings.Fields(q) {
		if x.texts.get(term, s.n) == nil {
			return false
		}
	}
	return true
}

// listTerm lists the matches of one FTS term (a quoted phrase, perhaps a
// prefix) among s's events and keeps them.
func (x *eventIndex) listTerm(ctx context.Context, db *sql.DB, s *indexSnap, q string) (*textMatches, error) {
	// Requests that want a term being listed wait for that listing
	// rather than list it again: under load, a frequent word's first
	// listing would otherwise run once per waiting request.
	key := fmt.Sprint(s.n, " ", q)
	x.listingMu.Lock()
	if w, ok := x.listing[key]; ok {
		x.listingMu.Unlock()
		select {
		case <-w.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if w.err != nil {
			return nil, w.err
		}
		return w.t, nil
	}
	if x.listing == nil {
		x.listing = map[string]*termListing{}
	}
	w := &termListing{done: make(chan struct{})}
	x.listing[key] = w
	x.listingMu.Unlock()
	w.t, w.err = x.listTermNow(ctx, db, s, q)
	x.listingMu.Lock()
	delete(x.listing, key)
	x.listingMu.Unlock()
	close(w.done)
	return w.t, w.err
}

// termListing is a term's listing under way, for the requests that wait
// for it.
type termListing struct {
	done chan struct{}
	t    *textMatches
	err  error
}

func (x *eventIndex) listTermNow(ctx context.Context, db *sql.DB, s *indexSnap, q string) (*textMatches, error) {
	rows, err := db.QueryContext(ctx, "SELECT rowid FROM events_fts WHERE events_fts MATCH ?", q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys []int64
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.Sort(keys) // FTS5 lists them in rowid order already
	t := &textMatches{n: s.n, set: make([]uint64, (s.n+63)/64)}
	lo := 0
	for _, k := range keys {
		// Keys ascend with positions: gallop on from the last one, then
		// search the last step's range.
		step, hi := 1, lo
		for hi < s.n && s.key(int32(hi)) < k {
			lo, hi = hi+1, hi+step
			step *= 2
		}
		hi = min(hi, s.n)
		p := lo + sort.Search(hi-lo, func(j int) bool { return s.key(int32(lo+j)) >= k })
		if p < s.n && s.key(int32(p)) == k {
			t.pos = append(t.pos, int32(p))
			t.set[p>>6] |= 1 << (p & 63)
		}
		lo = p
	}
	x.texts.put(q, t)
	return t, nil
}

// textCache keeps the matches of recent text queries: a reader pages
// through one, or narrows it with other filters.
type textCache struct {
	mu      sync.Mutex
	m       map[string]*textMatches
	size    int // positions kept, all entries
	maxSize int
}

func (c *textCache) get(q string, n int) *textMatches {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t := c.m[q]; t != nil && t.n == n {
		return t
	}
	return nil
}

func (c *textCache) put(q string, t *textMatches) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]*textMatches{}
	}
	cost := func(t *textMatches) int { return len(t.pos) + 2*len(t.set) }
	if old := c.m[q]; old != nil {
		c.size -= cost(old)
		delete(c.m, q)
	}
	for q2, t2 := range c.m {
		if c.size+cost(t) <= c.maxSize {
			break
		}
		c.size -= cost(t2)
		delete(c.m, q2)
	}
	if cost(t) <= c.maxSize {
		c.m[q] = t
		c.size += cost(t)
	}
}

// statsIndexed is EventStats answered from the event index: a count over
// the arrays of the matching events, where SQLite groups the rows of a
// million events for seconds. ok is false when the index cannot answer.
func (db *DB) statsIndexed(ctx context.Context, f sitrep.EventFilter) (st *sitrep.EventStats, ok bool, err error) {
	s, matches, ok, err := db.indexedPositions(ctx, f, true)
	if !ok || err != nil {
		return nil, ok, err
	}
	if !s.datesOK {
		return nil, false, nil
	}
	x := db.index
	typeName := func(id uint32) string {
		if v, ok := x.typeNames.Load(id); ok {
			return v.(string)
		}
		return x.strs.name(id)
	}
	type dayType struct {
		day int32
		typ uint32
	}
	var (
		byType, byQuad, byCountry = map[uint32]int{}, map[uint32]int{}, map[uint32]int{}
		byMonth                   = map[int32]int{}
		byDay                     = map[dayType]int{}
		docs                      int
		lastDoc                   = int64(-1)
	)
	// matches ascend (document order), so a document's events are
	// together.
	for _, i := range matches {
		if s.doc[i] != lastDoc {
			docs++
			lastDoc = s.doc[i]
		}
		byType[s.typ[i]]++
		byQuad[s.quad[i]]++
		if c := s.locCountry[i]; c != 0 {
			byCountry[c]++
		}
		if lo := s.dateLo[i]; lo >= 0 {
			if lo/100%100 != 0 {
				byMonth[lo/100]++
			}
			if lo == s.dateHi[i] {
				byDay[dayType{lo, s.typ[i]}]++
			}
		}
	}
	st = &sitrep.EventStats{Events: len(matches), Documents: docs, ByType: []sitrep.Count{}, ByQuad: []sitrep.Count{},
		ByMonth: []sitrep.Count{}, ByCountry: []sitrep.Count{}, ByDay: []sitrep.DayCount{}}
	// Keys compare as SQLite orders them: types without regard to ASCII
	// case (the column is NOCASE), the others byte by byte.
	mostFirst := func(cs []sitrep.Count, key func(string) string) {
		slices.SortFunc(cs, func(a, b sitrep.Count) int {
			return cmp.Or(cmp.Compare(b.Events, a.Events), cmp.Compare(key(a.Key), key(b.Key)))
		})
	}
	same := func(k string) string { return k }
	for id, n := range byType {
		st.ByType = append(st.ByType, sitrep.Count{Key: typeName(id), Events: n})
	}
	mostFirst(st.ByType, fold)
	for id, n := range byQuad {
		st.ByQuad = append(st.ByQuad, sitrep.Count{Key: x.strs.name(id), Events: n})
	}
	slices.SortFunc(st.ByQuad, func(a, b sitrep.Count) int { return cmp.Compare(a.Key, b.Key) })
	for id, n := range byCountry {
		st.ByCountry = append(st.ByCountry, sitrep.Count{Key: x.strs.name(id), Events: n})
	}
	mostFirst(st.ByCountry, same)
	for m, n := range byMonth {
		st.ByMonth = append(st.ByMonth, sitrep.Count{Key: fmt.Sprintf("%04d-%02d", m/100, m%100), Events: n})
	}
	slices.SortFunc(st.ByMonth, func(a, b sitrep.Count) int { return cmp.Compare(a.Key, b.Key) })
	for k, n := range byDay {
		st.ByDay = append(st.ByDay, sitrep.DayCount{Day: fmt.Sprintf("%04d-%02d-%02d", k.day/10000, k.day/100%100, k.day%100),
			Type: typeName(k.typ), Events: n})
	}
	slices.SortFunc(st.ByDay, func(a, b sitrep.DayCount) int {
		return cmp.Or(cmp.Compare(a.Day, b.Day), cmp.Compare(fold(a.Type), fold(b.Type)))
	})
	return st, true, nil
}
