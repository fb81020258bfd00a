package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5"
	"github.com/sitrep/sitrep"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// eventWhere returns the conditions on events e that select f's events,
// adding their arguments to a. The matching is package sqlite's:
//
// Actor and Recipient match a participant on that side, ignoring case: a
// three-letter query by country or sector code, a six-letter one by both
// together (RUSMIL) or by name, anything else by name; Type, Place and
// Outlet match ignoring case; Mode, Quad and Certainty exactly. Since and
// Until match events whose date, or their document's if they have none,
// overlaps the range (sitrep.EventDateBounds, sitrep.FilterBounds). Text
// requires every word of the query (searchText) in the evidence, through
// the tsvector index; BBox uses the GiST index over the events' points.
//
// With scanBox, the box is checked event by event in the order of the
// listing instead of through the GiST index (see largeBox).
func eventWhere(f sitrep.EventFilter, a *args, scanBox bool) (where []string, err error) {
	// Unknown types, modes and so on simply match nothing; the shape of
	// the box and the sort order must be right.
	if f.BBox != nil {
		if err := f.BBox.Validate(); err != nil {
			return nil, fmt.Errorf("%w: %w", sitrep.ErrInvalid, err)
		}
	}
	if f.Sort != "" && !slices.Contains(sitrep.EventOrders, f.Sort) {
		return nil, fmt.Errorf("%w: sort %q", sitrep.ErrInvalid, f.Sort)
	}
	lo, hi, err := sitrep.FilterBounds(f.Since, f.Until)
	if err != nil {
		return nil, err
	}
	switch {
	case f.Actor != "" && f.Recipient != "":
		where = append(where, `e.id IN (SELECT x.event_id FROM event_actors x
			JOIN event_actors y ON y.event_id = x.event_id AND y.side = 'recipient' AND (`+sideCond("y", f.Recipient, a)+`)
			WHERE x.side = 'actor' AND (`+sideCond("x", f.Actor, a)+`))`)
	case f.Actor != "" || f.Recipient != "":
		side, code := "actor", f.Actor
		if code == "" {
			side, code = "recipient", f.Recipient
		}
		where = append(where, `e.id IN (SELECT x.event_id FROM event_actors x WHERE x.side = `+a.add(side)+
			` AND (`+sideCond("x", code, a)+`))`)
	}
	if f.Type != "" {
		where = append(where, "e.type = upper("+a.add(f.Type)+")")
	}
	for _, c := range []struct{ column, v string }{{"e.mode", f.Mode}, {"e.quad", f.Quad}, {"e.certainty", f.Certainty}} {
		if c.v != "" {
			where = append(where, c.column+" = "+a.add(c.v))
		}
	}
	if f.Place != "" {
		where = append(where, "lower(e.location_name) = lower("+a.add(f.Place)+")")
	}
	if f.Outlet != "" {
		where = append(where, "e.document_id IN (SELECT id FROM documents WHERE lower(outlet) = lower("+a.add(f.Outlet)+"))")
	}
	if lo != "" {
		where = append(where, "e.date_hi >= "+a.add(lo))
	}
	if hi != "" {
		where = append(where, "e.date_lo <= "+a.add(hi))
	}
	if b := f.BBox; b != nil {
		// The GiST index finds the points in the box; BETWEEN states
		// the bounds exactly, edges included, and alone (scanBox) lets
		// the planner estimate from the columns' statistics: the
		// index's operator has a fixed, tiny estimate, which makes it
		// list and sort every event of a large box for one page.
		w, s, e, n := a.add(b.West), a.add(b.South), a.add(b.East), a.add(b.North)
		where = append(where, "e.lon BETWEEN "+w+" AND "+e+" AND e.lat BETWEEN "+s+" AND "+n)
		if !scanBox {
			where = append(where, "point(e.lon, e.lat) <@ box(point("+w+", "+s+"), point("+e+", "+n+"))")
		}
	}
	if f.Document != 0 {
		where = append(where, "e.document_id = "+a.add(f.Document))
	}
	if q := tsQuery(f.Text); q != "" {
		where = append(where, "e.evidence_fts @@ to_tsquery('simple', "+a.add(q)+")")
	}
	return where, nil
}

// largeBoxMatches is how many events make a bounding box large; a
// variable for tests.
var largeBoxMatches = 2000

// largeBox reports whether f is a page in document or date order of a
// bounding box holding more than largeBoxMatches events, whose events a
// page finds sooner by reading the order index and checking coordinates
// than by listing and sorting all of them.
func (db *DB) largeBox(ctx context.Context, f sitrep.EventFilter) (bool, error) {
	b := f.BBox
	switch {
	case b == nil || f.Limit <= 0 || b.Validate() != nil:
		return false, nil
	case f.Sort != "" && f.Sort != sitrep.SortDocument && f.Sort != sitrep.SortDate && f.Sort != sitrep.SortDateDesc:
		return false, nil
	}
	var n int
	err := db.run(ctx, func(ctx context.Context) error {
		return db.pool.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM events e
			WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL AND point(e.lon, e.lat) <@ box(point($1, $2), point($3, $4)) LIMIT $5) m`,
			b.West, b.South, b.East, b.North, largeBoxMatches+1).Scan(&n)
	})
	return n > largeBoxMatches, err
}

// sideCond matches one participant, event_actors row alias, by query q:
// three letters are a country or sector code, six both together (or a
// name); anything else is a name. Each test reads one expression index.
func sideCond(alias, q string, a *args) string {
	x := alias + "."
	switch {
	case len(q) == 3 && isLetters(q):
		p := a.add(strings.ToUpper(q))
		return "upper(" + x + "country) = " + p + " OR upper(" + x + "sector) = " + p
	case len(q) == 6 && isLetters(q):
		return "upper(" + x + "country) = " + a.add(strings.ToUpper(q[:3])) + " AND upper(" + x + "sector) = " +
			a.add(strings.ToUpper(q[3:])) + " OR lower(" + x + "name) = lower(" + a.add(q) + ")"
	}
	return "lower(" + x + "name) = lower(" + a.add(q) + ")"
}

func isLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// foldText returns a transformer that strips diacritics, as SQLite's
// unicode61 tokenizer (remove_diacritics 2) does for package sqlite:
// "Kyiv" and "Kyïv" are one word. A chain keeps state, so each use needs
// its own.
func foldText() transform.Transformer {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}

// searchText returns the words of s as text search sees them: folded
// (foldText) and split at every character that is not a letter or a
// number, joined by spaces. Both the stored tsvector and the queries are
// made from it, so that PostgreSQL's own parser, which keeps "su-35" or
// "1.5" whole, only ever sees plain words.
func searchText(s string) string {
	folded, _, err := transform.String(foldText(), s)
	if err != nil {
		folded = s
	}
	return strings.Join(strings.FieldsFunc(strings.ToLower(folded), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	}), " ")
}

// tsQuery turns free text into a tsquery that requires every word: each
// is quoted, so that operators and punctuation in the text cannot make a
// syntax error; a trailing * stays a prefix search.
func tsQuery(text string) string {
	var terms []string
	for _, w := range strings.Fields(text) {
		prefix := strings.HasSuffix(w, "*")
		for _, t := range strings.Fields(searchText(w)) {
			terms = append(terms, "'"+t+"'")
		}
		if prefix && len(terms) > 0 {
			terms[len(terms)-1] += ":*"
		}
	}
	return strings.Join(terms, " & ")
}

// CountEvents returns the number of events matching f.
func (db *DB) CountEvents(ctx context.Context, f sitrep.EventFilter) (int, error) {
	var a args
	where, err := eventWhere(f, &a, false)
	if err != nil {
		return 0, fmt.Errorf("count events: %w", err)
	}
	var n int
	err = db.run(ctx, func(ctx context.Context) error {
		return db.pool.QueryRow(ctx, "SELECT count(*) FROM events e"+whereClause(where), a...).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("count events: %w", err)
	}
	return n, nil
}

// FindActors lists the actors of the events matching f by code, most
// events first (then by code), at most limit of them when limit > 0.
func (db *DB) FindActors(ctx context.Context, f sitrep.EventFilter, limit int) ([]sitrep.ActorCount, error) {
	var a args
	where, err := eventWhere(f, &a, false)
	if err != nil {
		return nil, fmt.Errorf("find actors: %w", err)
	}
	from := " FROM event_actors p JOIN events e ON e.id = p.event_id" + whereClause(where)
	var tally sitrep.ActorTally
	err = db.readTx(ctx, func(ctx context.Context, tx pgx.Tx) error {
		tally = sitrep.ActorTally{} // a retried transaction starts afresh
		rows, err := tx.Query(ctx, `SELECT p.country, p.sector, count(DISTINCT p.event_id),
			count(DISTINCT CASE WHEN p.side = 'actor' THEN p.event_id END),
			count(DISTINCT CASE WHEN p.side = 'recipient' THEN p.event_id END)`+from+
			" GROUP BY p.country, p.sector", a...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var c sitrep.ActorCount
			if err := rows.Scan(&c.Country, &c.Sector, &c.Events, &c.AsActor, &c.AsRecipient); err != nil {
				rows.Close()
				return err
			}
			tally.Add(c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		// The name most often used for each actor.
		rows, err = tx.Query(ctx, "SELECT p.country, p.sector, p.name, count(*)"+from+
			" GROUP BY p.country, p.sector, p.name", a...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				x sitrep.Actor
				n int
			)
			if err := rows.Scan(&x.Country, &x.Sector, &x.Name, &n); err != nil {
				return err
			}
			tally.Name(x, n)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("find actors: %w", err)
	}
	return tally.Result(limit), nil
}

// FindDyads lists the actor pairs of the events matching f, most events
// first (then by codes), at most limit of them when limit > 0.
func (db *DB) FindDyads(ctx context.Context, f sitrep.EventFilter, limit int) ([]sitrep.Dyad, error) {
	var a args
	where, err := eventWhere(f, &a, false)
	if err != nil {
		return nil, fmt.Errorf("find dyads: %w", err)
	}
	// One row per event and pair of participants' codes, so that an
	// event naming one side twice counts once.
	q := `SELECT x_country, x_sector, y_country, y_sector, quad, count(*), sum(goldstein) FROM (
		SELECT DISTINCT e.id, e.quad, e.goldstein, ax.country AS x_country, ax.sector AS x_sector,
			ay.country AS y_country, ay.sector AS y_sector
		FROM events e
		JOIN event_actors ax ON ax.event_id = e.id AND ax.side = 'actor'
		JOIN event_actors ay ON ay.event_id = e.id AND ay.side = 'recipient'` + whereClause(where) + `) pairs
		GROUP BY 1, 2, 3, 4, 5`
	type pair struct{ a, r string }
	var (
		out  []sitrep.Dyad
		sums []float64
	)
	err = db.run(ctx, func(ctx context.Context) error {
		out, sums = nil, nil
		idx := map[pair]int{}
		rows, err := db.pool.Query(ctx, q, a...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				x, y sitrep.Actor
				quad string
				n    int
				sum  float64
			)
			if err := rows.Scan(&x.Country, &x.Sector, &y.Country, &y.Sector, &quad, &n, &sum); err != nil {
				return err
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
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("find dyads: %w", err)
	}
	for i := range out {
		out[i].Goldstein = sums[i] / float64(out[i].Events)
	}
	return sitrep.RankDyads(out, limit), nil
}

// EventStats counts the events matching f by type, quad, month, country
// and day.
func (db *DB) EventStats(ctx context.Context, f sitrep.EventFilter) (*sitrep.EventStats, error) {
	var a args
	where, err := eventWhere(f, &a, false)
	if err != nil {
		return nil, fmt.Errorf("event stats: %w", err)
	}
	from := " FROM events e" + whereClause(where)
	and := func(cond string) string {
		if len(where) == 0 {
			return " WHERE " + cond
		}
		return " AND " + cond
	}
	var st *sitrep.EventStats
	// One batch, one round trip, in one snapshot so that the counts agree.
	err = db.readTx(ctx, func(ctx context.Context, tx pgx.Tx) error {
		st = &sitrep.EventStats{ByType: []sitrep.Count{}, ByQuad: []sitrep.Count{}, ByMonth: []sitrep.Count{},
			ByCountry: []sitrep.Count{}, ByDay: []sitrep.DayCount{}}
		counts := []struct {
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
		}
		b := &pgx.Batch{}
		b.Queue("SELECT count(*), count(DISTINCT e.document_id)"+from, a...)
		for _, c := range counts {
			b.Queue(c.q, a...)
		}
		b.Queue("SELECT e.date_lo, e.type, count(*)"+from+and("e.date_lo = e.date_hi")+" GROUP BY 1, 2 ORDER BY 1, 2", a...)
		res := tx.SendBatch(ctx, b)
		defer res.Close()
		if err := res.QueryRow().Scan(&st.Events, &st.Documents); err != nil {
			return err
		}
		for _, c := range counts {
			rows, err := res.Query()
			if err != nil {
				return err
			}
			for rows.Next() {
				var n sitrep.Count
				if err := rows.Scan(&n.Key, &n.Events); err != nil {
					rows.Close()
					return err
				}
				*c.dst = append(*c.dst, n)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		rows, err := res.Query()
		if err != nil {
			return err
		}
		for rows.Next() {
			var d sitrep.DayCount
			if err := rows.Scan(&d.Day, &d.Type, &d.Events); err != nil {
				rows.Close()
				return err
			}
			st.ByDay = append(st.ByDay, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		return res.Close()
	})
	if err != nil {
		return nil, fmt.Errorf("event stats: %w", err)
	}
	return st, nil
}

// Analyze updates the planner's statistics of the tables (ANALYZE), as
// autovacuum does in its own time: after a bulk ingest, queries are
// planned from the data they will read at once. It is not part of
// sitrep.Store.
func (db *DB) Analyze(ctx context.Context) error {
	if db.readOnly {
		return sitrep.ErrReadOnly
	}
	if err := db.run(ctx, func(ctx context.Context) error {
		_, err := db.pool.Exec(ctx, "ANALYZE documents, events, event_actors, event_mentions, event_contradictions, transfers")
		return err
	}); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	return nil
}

// Revision returns a number that changes whenever a document is added or
// removed (and so whenever events are): the highest document ID combined
// with the number of documents.
func (db *DB) Revision(ctx context.Context) (int64, error) {
	var rev int64
	err := db.run(ctx, func(ctx context.Context) error {
		return db.pool.QueryRow(ctx, `SELECT (SELECT coalesce(max(id), 0) FROM documents) * 1000003
			+ (SELECT count(*) FROM documents)`).Scan(&rev)
	})
	if err != nil {
		return 0, fmt.Errorf("revision: %w", err)
	}
	return rev, nil
}
