package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/sitrep/sitrep"
)

// eventWhere returns the conditions on events e that select f's events.
//
// Actor and Recipient match a participant on that side, ignoring case: a
// three-letter query by country or sector code, a six-letter one by both
// together (RUSMIL) or by name, anything else by name; Type, Mode,
// Quad, Place and Outlet match exactly, ignoring case; Certainty matches
// exactly. Since and Until (YYYY, YYYY-MM or YYYY-MM-DD, inclusive) match
// events whose date, or their document's publication date if they have
// none, overlaps the range: an event dated "2023-07" matches Since
// "2023-07-10". Events without any date match no date bound. Text is
// matched by the FTS5 index over evidence sentences.
//
// With probeText, the events' own order drives the query and each event
// is looked up among the text's matches, listed once into a temporary
// index, instead of each match being looked up among the events and all
// of them sorted: better for a page of a frequent word, much worse for a
// rare one (see frequentText).
//
// With scanBox, the bounding box is checked event by event in the order
// indexes instead of listing the R*Tree's candidates first: better for a
// page of a large box, much worse for a small one (see largeBox).
//
// kinds says what the actor and recipient codes name in the store (see
// sideKinds).
func eventWhere(f sitrep.EventFilter, kinds [2]codeKind, aggregate, probeText, scanBox bool) (where []string, args []any, err error) {
	// Unknown types, modes and so on simply match nothing; the shape of
	// the box and the sort order must be right.
	if f.BBox != nil {
		if err := f.BBox.Validate(); err != nil {
			return nil, nil, fmt.Errorf("%w: %w", sitrep.ErrInvalid, err)
		}
	}
	if f.Sort != "" && !slices.Contains(sitrep.EventOrders, f.Sort) {
		return nil, nil, fmt.Errorf("%w: sort %q", sitrep.ErrInvalid, f.Sort)
	}
	lo, hi, err := sitrep.FilterBounds(f.Since, f.Until)
	if err != nil {
		return nil, nil, err
	}
	// For a page, EXISTS lets a frequent actor's events stop after the
	// first rows in order; for counts (aggregate), IN starts from the
	// actor's index entries. Both sides together are one join, since
	// scanning for a pair is slow when the pair is rare.
	switch {
	case f.Actor != "" && f.Recipient != "":
		ac, aargs := sideCond("a", f.Actor, kinds[0])
		rc, rargs := sideCond("r", f.Recipient, kinds[1])
		where = append(where, `e.id IN (SELECT a.event_id FROM event_actors a
			JOIN event_actors r ON r.event_id = a.event_id AND r.side = 'recipient' AND (`+rc+`)
			WHERE a.side = 'actor' AND (`+ac+`))`)
		args = append(append(args, rargs...), aargs...)
	case f.Actor != "" || f.Recipient != "":
		side, code, kind := "actor", f.Actor, kinds[0]
		if code == "" {
			side, code, kind = "recipient", f.Recipient, kinds[1]
		}
		c, cargs := sideCond("a", code, kind)
		if aggregate {
			// Counting reads every match: start from the actor's
			// index entries rather than probing every event.
			where = append(where, `e.id IN (SELECT a.event_id FROM event_actors a WHERE a.side = ? AND (`+c+`))`)
		} else {
			where = append(where, `EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = e.id AND a.side = ? AND (`+c+`))`)
		}
		args = append(append(args, side), cargs...)
	}
	for _, c := range []struct{ cond, v string }{
		{"e.type = ?", f.Type}, {"e.mode = ?", f.Mode}, {"e.quad = ?", f.Quad}, {"e.certainty = ?", f.Certainty},
		{"e.location_name = ? COLLATE NOCASE", f.Place},
		{"e.document_id IN (SELECT id FROM documents WHERE outlet = ? COLLATE NOCASE)", f.Outlet},
	} {
		if c.v != "" {
			where = append(where, c.cond)
			args = append(args, c.v)
		}
	}
	// The bounds of a date share its year, so date_hi >= lo implies
	// date_lo >= lo's year: stating it (and the upper bound again) on
	// the expression of the date-order index lets a page in date order
	// read that index from the range's start instead of sorting.
	if lo != "" {
		where = append(where, "e.date_hi >= ?", "coalesce(e.date_lo, '') >= ?")
		args = append(args, lo, lo[:4]+"-00-00")
	}
	if hi != "" {
		where = append(where, "e.date_lo <= ?", "coalesce(e.date_lo, '') <= ?")
		args = append(args, hi, hi)
	}
	if b := f.BBox; b != nil && scanBox {
		// The unary + keeps SQLite from reading the (lat, lon) index
		// instead of the order index, which holds the coordinates.
		where = append(where, "+e.lat BETWEEN ? AND ? AND +e.lon BETWEEN ? AND ?")
		args = append(args, b.South, b.North, b.West, b.East)
	} else if b != nil {
		// The R*Tree (migration 6) finds the candidates; its rounded
		// coordinates are checked against the events' own.
		where = append(where, `(e.document_id, e.ordinal) IN (SELECT id / 100000, id % 100000 FROM events_geo
			WHERE max_lat >= ? AND min_lat <= ? AND max_lon >= ? AND min_lon <= ?)`,
			"e.lat BETWEEN ? AND ? AND e.lon BETWEEN ? AND ?")
		args = append(args, b.South, b.North, b.West, b.East, b.South, b.North, b.West, b.East)
	}
	if f.Document != 0 {
		where = append(where, "e.document_id = ?")
		args = append(args, f.Document)
	}
	if q := ftsQuery(f.Text); q != "" {
		if probeText {
			// Not "EXISTS (... MATCH ? AND rowid = ...)": FTS5 evaluates
			// the whole query for each probe (a page in date order of
			// two common words, 85,000 matches in a million events: 300
			// ms that way, 45 ms this way).
			where = append(where, `e.document_id * 100000 + e.ordinal IN
				(SELECT rowid FROM events_fts WHERE events_fts MATCH ?)`)
		} else {
			where = append(where, `(e.document_id, e.ordinal) IN
				(SELECT rowid / 100000, rowid % 100000 FROM events_fts WHERE events_fts MATCH ?)`)
		}
		args = append(args, q)
	}
	return where, args, nil
}

// frequentTextMatches is how many matches make a text query frequent; a
// variable for tests.
var frequentTextMatches = 5000

// frequentText reports whether the text query matches more than
// frequentTextMatches events. Listing that many matches to show a page
// costs more than checking events in order until the page is full.
func (db *DB) frequentText(ctx context.Context, text string) (bool, error) {
	q := ftsQuery(text)
	if q == "" {
		return false, nil
	}
	var n int
	err := db.ro.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM events_fts
		WHERE events_fts MATCH ? LIMIT ?)`, q, frequentTextMatches+1).Scan(&n)
	return n > frequentTextMatches, err
}

// largeBoxMatches is how many events make a bounding box large; a
// variable for tests.
var largeBoxMatches = 2000

// largeBox reports whether f is a page in document or date order of a
// bounding box holding more than largeBoxMatches events, whose events a
// page finds sooner by reading the order index (migration 7) than by
// listing and sorting all of them.
func (db *DB) largeBox(ctx context.Context, f sitrep.EventFilter) (bool, error) {
	b := f.BBox
	switch {
	case b == nil || f.Limit <= 0:
		return false, nil
	case f.Sort != "" && f.Sort != sitrep.SortDocument && f.Sort != sitrep.SortDate && f.Sort != sitrep.SortDateDesc:
		return false, nil
	}
	var n int
	err := db.ro.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM events_geo
		WHERE max_lat >= ? AND min_lat <= ? AND max_lon >= ? AND min_lon <= ? LIMIT ?)`,
		b.South, b.North, b.West, b.East, largeBoxMatches+1).Scan(&n)
	return n > largeBoxMatches, err
}

// sideCond matches one participant, event_actors row alias, by query q:
// three letters are a country or sector code (as kind says), six both
// together (or a name); anything else is a name. Keeping codes apart from
// names, and countries from sectors, lets each lookup use one index.
func sideCond(alias, q string, kind codeKind) (cond string, args []any) {
	a := alias + "."
	switch {
	case len(q) == 3 && isLetters(q) && kind == codeCountry:
		return a + "country = ?", []any{q}
	case len(q) == 3 && isLetters(q) && kind == codeSector:
		return a + "sector = ?", []any{q}
	case len(q) == 3 && isLetters(q):
		return a + "country = ? OR " + a + "sector = ?", []any{q, q}
	case len(q) == 6 && isLetters(q):
		return a + "country = ? AND " + a + "sector = ? OR " + a + "name = ? COLLATE NOCASE", []any{q[:3], q[3:], q}
	}
	return a + "name = ? COLLATE NOCASE", []any{q}
}

// codeKind says what a three-letter code names among the stored
// participants: a country, a sector, or either (IGO is both; so is a code
// stored nowhere).
type codeKind uint8

const (
	codeEither codeKind = iota
	codeCountry
	codeSector
)

// sideKinds looks up what f's actor and recipient codes name. A condition
// on one column reads one index; "country = ? OR sector = ?" makes SQLite
// list and merge both for every side, which made an actor–recipient page
// on a million events 2.4 times slower (internal/loadbench -shapes).
func (db *DB) sideKinds(ctx context.Context, f sitrep.EventFilter) (kinds [2]codeKind, err error) {
	for i, q := range []string{f.Actor, f.Recipient} {
		if len(q) != 3 || !isLetters(q) {
			continue
		}
		var country, sector bool
		err := db.ro.QueryRowContext(ctx, `SELECT
			EXISTS (SELECT 1 FROM event_actors WHERE side = 'actor' AND country = ?1)
				OR EXISTS (SELECT 1 FROM event_actors WHERE side = 'recipient' AND country = ?1),
			EXISTS (SELECT 1 FROM event_actors WHERE side = 'actor' AND sector = ?1)
				OR EXISTS (SELECT 1 FROM event_actors WHERE side = 'recipient' AND sector = ?1)`, q).Scan(&country, &sector)
		if err != nil {
			return kinds, err
		}
		switch {
		case country && !sector:
			kinds[i] = codeCountry
		case sector && !country:
			kinds[i] = codeSector
		}
	}
	return kinds, nil
}

// where returns eventWhere's conditions for f with the kinds of its codes
// looked up.
func (db *DB) where(ctx context.Context, f sitrep.EventFilter, aggregate, probeText, scanBox bool) ([]string, []any, error) {
	kinds, err := db.sideKinds(ctx, f)
	if err != nil {
		return nil, nil, err
	}
	return eventWhere(f, kinds, aggregate, probeText, scanBox)
}

func isLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// ftsQuery turns free text into an FTS5 query that requires every word:
// each word is quoted, so that FTS5's operators and punctuation in the
// text cannot make a syntax error; a trailing * stays a prefix search.
func ftsQuery(text string) string {
	var terms []string
	for _, w := range strings.Fields(text) {
		prefix := strings.HasSuffix(w, "*")
		w = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsNumber(r) {
				return r
			}
			return ' '
		}, w)
		n := len(terms)
		for _, t := range strings.Fields(w) {
			terms = append(terms, `"`+t+`"`)
		}
		// Only a word's own last term is a prefix: a lone "*" after
		// "0*" must not make "0" a prefix twice ("0"** is no query).
		if prefix && len(terms) > n {
			terms[len(terms)-1] += "*"
		}
	}
	return strings.Join(terms, " ")
}

// CountEvents returns the number of events matching f.
func (db *DB) CountEvents(ctx context.Context, f sitrep.EventFilter) (int, error) {
	if db.index != nil {
		_, matches, ok, err := db.indexedPositions(ctx, f, true)
		if err != nil {
			return 0, fmt.Errorf("count events: %w", err)
		}
		if ok {
			return len(matches), nil
		}
	}
	where, args, err := db.where(ctx, f, true, false, false)
	if err != nil {
		return 0, fmt.Errorf("count events: %w", err)
	}
	var n int
	if err := db.ro.QueryRowContext(ctx, "SELECT count(*) FROM events e"+whereClause(where), args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count events: %w", err)
	}
	return n, nil
}

// FindActors lists the actors of the events matching f by code, most
// events first (then by code), at most limit of them when limit > 0.
func (db *DB) FindActors(ctx context.Context, f sitrep.EventFilter, limit int) ([]sitrep.ActorCount, error) {
	where, args, err := db.where(ctx, f, true, false, false)
	if err != nil {
		return nil, fmt.Errorf("find actors: %w", err)
	}
	tx, err := db.ro.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("find actors: %w", err)
	}
	defer tx.Rollback()
	from := " FROM event_actors a JOIN events e ON e.id = a.event_id" + whereClause(where)
	rows, err := tx.QueryContext(ctx, `SELECT a.country, a.sector, count(DISTINCT a.event_id),
		count(DISTINCT CASE WHEN a.side = 'actor' THEN a.event_id END),
		count(DISTINCT CASE WHEN a.side = 'recipient' THEN a.event_id END)`+from+
		" GROUP BY a.country, a.sector", args...)
	if err != nil {
		return nil, fmt.Errorf("find actors: %w", err)
	}
	var tally sitrep.ActorTally
	for rows.Next() {
		var a sitrep.ActorCount
		if err := rows.Scan(&a.Country, &a.Sector, &a.Events, &a.AsActor, &a.AsRecipient); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find actors: %w", err)
		}
		tally.Add(a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find actors: %w", err)
	}
	// The name most often used for each actor.
	rows, err = tx.QueryContext(ctx, "SELECT a.country, a.sector, a.name, count(*)"+from+
		" GROUP BY a.country, a.sector, a.name", args...)
	if err != nil {
		return nil, fmt.Errorf("find actors: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			a sitrep.Actor
			n int
		)
		if err := rows.Scan(&a.Country, &a.Sector, &a.Name, &n); err != nil {
			return nil, fmt.Errorf("find actors: %w", err)
		}
		tally.Name(a, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find actors: %w", err)
	}
	return tally.Result(limit), nil
}

// FindDyads lists the actor pairs of the events matching f, most events
// first (then by codes), at most limit of them when limit > 0.
func (db *DB) FindDyads(ctx context.Context, f sitrep.EventFilter, limit int) ([]sitrep.Dyad, error) {
	where, args, err := db.where(ctx, f, true, false, false)
	if err != nil {
		return nil, fmt.Errorf("find dyads: %w", err)
	}
	// One row per event and pair of participants' codes, so that an
	// event naming one side twice counts once.
	q := `SELECT x_country, x_sector, y_country, y_sector, quad, count(*), sum(goldstein) FROM (
		SELECT DISTINCT e.id, e.quad, e.goldstein, x.country AS x_country, x.sector AS x_sector,
			y.country AS y_country, y.sector AS y_sector
		FROM events e
		JOIN event_actors x ON x.event_id = e.id AND x.side = 'actor'
		JOIN event_actors y ON y.event_id = e.id AND y.side = 'recipient'` + whereClause(where) + `)
		GROUP BY 1, 2, 3, 4, 5`
	rows, err := db.ro.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find dyads: %w", err)
	}
	defer rows.Close()
	type pair struct{ a, r string }
	idx := map[pair]int{}
	var out []sitrep.Dyad
	var sums []float64
	for rows.Next() {
		var (
			x, y sitrep.Actor
			quad string
			n    int
			sum  float64
		)
		if err := rows.Scan(&x.Country, &x.Sector, &y.Country, &y.Sector, &quad, &n, &sum); err != nil {
			return nil, fmt.Errorf("find dyads: %w", err)
		}
		k := pair{x.Code(), y.Code()}
		if k.a == k.r {
			continue
		}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, sitrep.Dyad{Actor: k.a, Recipient: k.r, ByQuad: map[string]int{}})
			sums = append(sums, 0)
		}
		out[i].Events += n
		out[i].ByQuad[quad] += n
		sums[i] += sum
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find dyads: %w", err)
	}
	for i := range out {
		out[i].Goldstein = sums[i] / float64(out[i].Events)
	}
	return sitrep.RankDyads(out, limit), nil
}

// EventStats counts the events matching f by type, quad, month, country
// and day, in one read transaction so that the counts agree.
func (db *DB) EventStats(ctx context.Context, f sitrep.EventFilter) (*sitrep.EventStats, error) {
	if db.index != nil {
		st, ok, err := db.statsIndexed(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("event stats: %w", err)
		}
		if ok {
			return st, nil
		}
	}
	where, args, err := db.where(ctx, f, true, false, false)
	if err != nil {
		return nil, fmt.Errorf("event stats: %w", err)
	}
	tx, err := db.ro.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("event stats: %w", err)
	}
	defer tx.Rollback()
	from := " FROM events e" + whereClause(where)
	st := &sitrep.EventStats{ByType: []sitrep.Count{}, ByQuad: []sitrep.Count{}, ByMonth: []sitrep.Count{},
		ByCountry: []sitrep.Count{}, ByDay: []sitrep.DayCount{}}
	if err := tx.QueryRowContext(ctx, "SELECT count(*), count(DISTINCT e.document_id)"+from, args...).Scan(&st.Events, &st.Documents); err != nil {
		return nil, fmt.Errorf("event stats: %w", err)
	}
	// One narrow GROUP BY per count: each reads a small index (type,
	// quad, country, and date_lo with type for months and days) rather
	// than the event rows, and groups few keys. One scan grouping by all
	// of them at once made hundreds of thousands of groups.
	and := func(cond string) string {
		if len(where) == 0 {
			return " WHERE " + cond
		}
		return " AND " + cond
	}
	counts := func(q string, dst *[]sitrep.Count) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c sitrep.Count
			if err := rows.Scan(&c.Key, &c.Events); err != nil {
				return err
			}
			*dst = append(*dst, c)
		}
		return rows.Err()
	}
	for _, c := range []struct {
		q   string
		dst *[]sitrep.Count
	}{
		{"SELECT e.type, count(*)" + from + " GROUP BY e.type ORDER BY 2 DESC, 1", &st.ByType},
		{"SELECT e.quad, count(*)" + from + " GROUP BY e.quad ORDER BY 1", &st.ByQuad},
		// date_lo is "YYYY-00-00" for an event known only to the year.
		{"SELECT substr(e.date_lo, 1, 7), count(*)" + from + and("e.date_lo IS NOT NULL AND substr(e.date_lo, 6, 2) <> '00'") +
			" GROUP BY 1 ORDER BY 1", &st.ByMonth},
		{"SELECT e.location_country, count(*)" + from + and("e.location_country <> ''") +
			" GROUP BY 1 ORDER BY 2 DESC, 1", &st.ByCountry},
	} {
		if err := counts(c.q, c.dst); err != nil {
			return nil, fmt.Errorf("event stats: %w", err)
		}
	}
	rows, err := tx.QueryContext(ctx, "SELECT e.date_lo, e.type, count(*)"+from+
		and("e.date_lo = e.date_hi")+" GROUP BY 1, 2 ORDER BY 1, 2", args...)
	if err != nil {
		return nil, fmt.Errorf("event stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d sitrep.DayCount
		if err := rows.Scan(&d.Day, &d.Type, &d.Events); err != nil {
			return nil, fmt.Errorf("event stats: %w", err)
		}
		st.ByDay = append(st.ByDay, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("event stats: %w", err)
	}
	return st, nil
}

// Revision returns a number that changes whenever a document is added or
// removed (and so whenever events are): the highest document ID combined
// with the number of documents.
func (db *DB) Revision(ctx context.Context) (int64, error) {
	var rev int64
	err := db.ro.QueryRowContext(ctx, `SELECT (SELECT coalesce(max(id), 0) FROM documents) * 1000003
		+ (SELECT count(*) FROM documents)`).Scan(&rev)
	if err != nil {
		return 0, fmt.Errorf("revision: %w", err)
	}
	return rev, nil
}
