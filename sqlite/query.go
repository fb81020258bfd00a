package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
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
func eventWhere(f sitrep.EventFilter) (where []string, args []any, err error) {
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
	lo, hi, err := filterBounds(f.Since, f.Until)
	if err != nil {
		return nil, nil, err
	}
	for _, side := range []struct{ name, code string }{{"actor", f.Actor}, {"recipient", f.Recipient}} {
		if side.code == "" {
			continue
		}
		// Three letters are a country or sector code, six both together;
		// anything else is a name. Keeping the codes apart from names
		// lets each lookup use one index. EXISTS (rather than IN) lets a
		// page of a frequent actor's events stop after its first rows.
		var cond string
		switch {
		case len(side.code) == 3 && isLetters(side.code):
			cond = "a.country = ? OR a.sector = ?"
			args = append(args, side.name, side.code, side.code)
		case len(side.code) == 6 && isLetters(side.code):
			cond = "a.country = ? AND a.sector = ? OR a.name = ? COLLATE NOCASE"
			args = append(args, side.name, side.code[:3], side.code[3:], side.code)
		default:
			cond = "a.name = ? COLLATE NOCASE"
			args = append(args, side.name, side.code)
		}
		where = append(where, `EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = e.id AND a.side = ? AND (`+cond+`))`)
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
	if lo != "" {
		where = append(where, "e.date_hi >= ?")
		args = append(args, lo)
	}
	if hi != "" {
		where = append(where, "e.date_lo <= ?")
		args = append(args, hi)
	}
	if b := f.BBox; b != nil {
		where = append(where, "e.lat BETWEEN ? AND ? AND e.lon BETWEEN ? AND ?")
		args = append(args, b.South, b.North, b.West, b.East)
	}
	if f.Document != 0 {
		where = append(where, "e.document_id = ?")
		args = append(args, f.Document)
	}
	if q := ftsQuery(f.Text); q != "" {
		where = append(where, `(e.document_id, e.ordinal) IN
			(SELECT rowid / 100000, rowid % 100000 FROM events_fts WHERE events_fts MATCH ?)`)
		args = append(args, q)
	}
	return where, args, nil
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
		for _, t := range strings.Fields(w) {
			terms = append(terms, `"`+t+`"`)
		}
		if prefix && len(terms) > 0 {
			terms[len(terms)-1] += "*"
		}
	}
	return strings.Join(terms, " ")
}

// sortKey returns the terms over events e that order a listing, and
// whether the order is descending. Every key ends with the document
// order, which is unique, so that a cursor (the key of the last event
// shown) resumes exactly; the indexes of migration 3 serve each key.
func sortKey(s string) (terms []string, desc bool) {
	doc := []string{"e.document_id", "e.sentence", "e.ordinal"}
	switch s {
	case sitrep.SortDate, sitrep.SortDateDesc:
		return append([]string{"coalesce(e.date_lo, '')"}, doc...), s == sitrep.SortDateDesc
	case sitrep.SortGoldstein, sitrep.SortGoldsteinDesc:
		return append([]string{"e.goldstein"}, doc...), s == sitrep.SortGoldsteinDesc
	case sitrep.SortType:
		return append([]string{"e.type"}, doc...), false
	case sitrep.SortActor:
		// The cursor's copy of these terms reads "c." for "e.", which keeps
		// the subquery correlated with the cursor's event.
		first := `coalesce((SELECT a.country FROM event_actors a WHERE a.event_id = e.id AND a.side = 'actor'
			ORDER BY a.position LIMIT 1), '')`
		return append([]string{first}, doc...), false
	}
	return doc, false
}

// CountEvents returns the number of events matching f.
func (db *DB) CountEvents(ctx context.Context, f sitrep.EventFilter) (int, error) {
	where, args, err := eventWhere(f)
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
	where, args, err := eventWhere(f)
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
	byCode := map[string]*sitrep.ActorCount{}
	var out []*sitrep.ActorCount
	for rows.Next() {
		var a sitrep.ActorCount
		if err := rows.Scan(&a.Country, &a.Sector, &a.Events, &a.AsActor, &a.AsRecipient); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find actors: %w", err)
		}
		a.Code = sitrep.Actor{Country: a.Country, Sector: a.Sector}.Code()
		if prev := byCode[a.Code]; prev != nil {
			// Two spellings of one code ("IGO" with and without sector).
			prev.Events += a.Events
			prev.AsActor += a.AsActor
			prev.AsRecipient += a.AsRecipient
			continue
		}
		byCode[a.Code] = &a
		out = append(out, &a)
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
	best := map[string]int{}
	for rows.Next() {
		var (
			a sitrep.Actor
			n int
		)
		if err := rows.Scan(&a.Country, &a.Sector, &a.Name, &n); err != nil {
			return nil, fmt.Errorf("find actors: %w", err)
		}
		c := byCode[a.Code()]
		if c == nil || a.Name == "" {
			continue
		}
		if n > best[c.Code] || n == best[c.Code] && a.Name < c.Name {
			c.Name, best[c.Code] = a.Name, n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find actors: %w", err)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Events != out[j].Events {
			return out[i].Events > out[j].Events
		}
		return out[i].Code < out[j].Code
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	res := make([]sitrep.ActorCount, len(out))
	for i, a := range out {
		if a.Name == "" {
			a.Name = a.Code
		}
		res[i] = *a
	}
	return res, nil
}

// FindDyads lists the actor pairs of the events matching f, most events
// first (then by codes), at most limit of them when limit > 0.
func (db *DB) FindDyads(ctx context.Context, f sitrep.EventFilter, limit int) ([]sitrep.Dyad, error) {
	where, args, err := eventWhere(f)
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
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Events != out[j].Events {
			return out[i].Events > out[j].Events
		}
		if out[i].Actor != out[j].Actor {
			return out[i].Actor < out[j].Actor
		}
		return out[i].Recipient < out[j].Recipient
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	if out == nil {
		out = []sitrep.Dyad{}
	}
	return out, nil
}

// EventStats counts the events matching f by type, quad, month, country
// and day, in one read transaction so that the counts agree.
func (db *DB) EventStats(ctx context.Context, f sitrep.EventFilter) (*sitrep.EventStats, error) {
	where, args, err := eventWhere(f)
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
	// One scan groups the events by everything the counts need; the
	// groups are summed here. Six GROUP BY scans took six times as long.
	rows, err := tx.QueryContext(ctx, `SELECT e.type, e.quad, e.location_country, coalesce(e.date_lo, ''),
		coalesce(e.date_hi, ''), count(*)`+from+" GROUP BY 1, 2, 3, 4, 5", args...)
	if err != nil {
		return nil, fmt.Errorf("event stats: %w", err)
	}
	defer rows.Close()
	byType, byQuad, byMonth, byCountry := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	byDay := map[[2]string]int{}
	for rows.Next() {
		var (
			typ, quad, country, lo, hi string
			n                          int
		)
		if err := rows.Scan(&typ, &quad, &country, &lo, &hi, &n); err != nil {
			return nil, fmt.Errorf("event stats: %w", err)
		}
		byType[typ] += n
		byQuad[quad] += n
		if country != "" {
			byCountry[country] += n
		}
		// date_lo is "YYYY-00-00" for an event known only to the year.
		if len(lo) >= 7 && lo[5:7] != "00" {
			byMonth[lo[:7]] += n
		}
		if lo != "" && lo == hi {
			byDay[[2]string{lo, typ}] += n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("event stats: %w", err)
	}
	st.ByType, st.ByCountry = counted(byType, true), counted(byCountry, true)
	st.ByQuad, st.ByMonth = counted(byQuad, false), counted(byMonth, false)
	for k, n := range byDay {
		st.ByDay = append(st.ByDay, sitrep.DayCount{Day: k[0], Type: k[1], Events: n})
	}
	sort.Slice(st.ByDay, func(i, j int) bool {
		a, b := st.ByDay[i], st.ByDay[j]
		return a.Day < b.Day || a.Day == b.Day && a.Type < b.Type
	})
	return st, nil
}

// counted lists counts by key, most first when byCount, else by key.
func counted(m map[string]int, byCount bool) []sitrep.Count {
	out := make([]sitrep.Count, 0, len(m))
	for k, n := range m {
		out = append(out, sitrep.Count{Key: k, Events: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if byCount && out[i].Events != out[j].Events {
			return out[i].Events > out[j].Events
		}
		return out[i].Key < out[j].Key
	})
	return out
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
