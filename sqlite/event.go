package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/eventsort"
)

const insertEventSQL = `INSERT INTO events
	(id, document_id, ordinal, sentence, start, "end", type, mode, date, date_lo, date_hi,
	 location_name, location_country, lat, lon, evidence, symmetric,
	 trigger_text, trigger_start, trigger_end, quad, cameo, goldstein, rule, coder, coded_at,
	 source_name, source_country, source_sector, source_kind, certainty)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

const insertActorSQL = `INSERT INTO event_actors (event_id, side, position, country, sector, name)
	VALUES (?, ?, ?, ?, ?, ?)`

const insertEventMentionSQL = `INSERT INTO event_mentions (event_id, position, sentence, start, "end", text)
	VALUES (?, ?, ?, ?, ?, ?)`

const insertContradictionSQL = `INSERT INTO event_contradictions (event_id, position, contradicted_by)
	VALUES (?, ?, ?)`

// insertEvents stores a document's events and their actors within tx.
// published is the document's date, which dates events that have none.
func (db *DB) insertEvents(ctx context.Context, tx *sql.Tx, doc int64, published, codedAt string, es []sitrep.Event) error {
	if len(es) == 0 {
		return nil
	}
	refs, err := sitrep.ResolveContradictions(doc, es)
	if err != nil {
		return err
	}
	stmt := tx.StmtContext(ctx, db.insertEvent)
	defer stmt.Close()
	actors := tx.StmtContext(ctx, db.insertActor)
	defer actors.Close()
	mentions := tx.StmtContext(ctx, db.insertEventMention)
	defer mentions.Close()
	contra := tx.StmtContext(ctx, db.insertContradiction)
	defer contra.Close()

	for i := range es {
		e := &es[i]
		id := sitrep.EventID(doc, i+1)
		var lo, hi sql.NullString
		if l, h, ok := sitrep.EventDateBounds(e.Date, published); ok {
			lo, hi = sql.NullString{String: l, Valid: true}, sql.NullString{String: h, Valid: true}
		}
		var (
			locName    sql.NullString
			locCountry string
			lat, lon   sql.NullFloat64
			symmetric  int
		)
		if l := e.Location; l != nil {
			locName = sql.NullString{String: l.Name, Valid: true}
			locCountry = l.Country
			lat, lon = nullFloat(l.Lat), nullFloat(l.Lon)
		}
		if e.Symmetric {
			symmetric = 1
		}
		var src sitrep.Source
		if e.Source != nil {
			src = *e.Source
		}
		if _, err := stmt.ExecContext(ctx, id, doc, i+1, e.Sentence, e.Start, e.End, e.Type, e.Mode,
			e.Date, lo, hi, locName, locCountry, lat, lon, e.Evidence, symmetric,
			e.Trigger.Text, e.Trigger.Start, e.Trigger.End, e.Quad, e.CAMEO, e.Goldstein,
			e.Rule, db.Coder, codedAt, src.Name, src.Country, src.Sector, src.Kind, e.Certainty); err != nil {
			return fmt.Errorf("event %d (%s): %w", i+1, e.Type, err)
		}
		for pos, m := range e.Mentions {
			if _, err := mentions.ExecContext(ctx, id, pos, m.Sentence, m.Start, m.End, m.Text); err != nil {
				return fmt.Errorf("event %d (%s): mention %d: %w", i+1, e.Type, pos, err)
			}
		}
		for _, side := range []struct {
			name   string
			actors []sitrep.Actor
		}{{"actor", e.Actor}, {"recipient", e.Recipient}} {
			for pos, a := range side.actors {
				if _, err := actors.ExecContext(ctx, id, side.name, pos, a.Country, a.Sector, a.Name); err != nil {
					return fmt.Errorf("event %d (%s): %s %d: %w", i+1, e.Type, side.name, pos, err)
				}
			}
		}
	}
	// Contradictions last: the events they point to must exist.
	for i, ids := range refs {
		for pos, by := range ids {
			if _, err := contra.ExecContext(ctx, sitrep.EventID(doc, i+1), pos, by); err != nil {
				return fmt.Errorf("event %d (%s): contradicted by %s: %w", i+1, es[i].Type, by, err)
			}
		}
	}
	return nil
}

// eventColumns are the columns scanEvent reads.
const eventColumns = `e.id, e.document_id, e.sentence, e.start, e."end", e.type, e.mode, e.date,
	e.location_name, e.location_country, e.lat, e.lon, e.evidence, e.symmetric,
	e.trigger_text, e.trigger_start, e.trigger_end, e.rule, e.quad, e.cameo, e.goldstein,
	e.source_name, e.source_country, e.source_sector, e.source_kind, e.certainty`

func scanEvent(row interface{ Scan(...any) error }) (*sitrep.Event, error) {
	var (
		e          sitrep.Event
		locName    sql.NullString
		locCountry string
		lat, lon   sql.NullFloat64
		src        sitrep.Source
	)
	if err := row.Scan(&e.ID, &e.Document, &e.Sentence, &e.Start, &e.End, &e.Type, &e.Mode, &e.Date,
		&locName, &locCountry, &lat, &lon, &e.Evidence, &e.Symmetric,
		&e.Trigger.Text, &e.Trigger.Start, &e.Trigger.End, &e.Rule, &e.Quad, &e.CAMEO, &e.Goldstein,
		&src.Name, &src.Country, &src.Sector, &src.Kind, &e.Certainty); err != nil {
		return nil, err
	}
	if locName.Valid {
		e.Location = &sitrep.Location{Name: locName.String, Country: locCountry, Lat: floatPtr(lat), Lon: floatPtr(lon)}
	}
	if src != (sitrep.Source{}) {
		e.Source = &src
	}
	// Empty lists, not nil, so that JSON shows [] as gold files do.
	e.Actor, e.Recipient = []sitrep.Actor{}, []sitrep.Actor{}
	return &e, nil
}

// FindEvents lists the events matching f (see eventWhere) in f.Sort
// order, after the event f.Cursor names if it is set.
func (db *DB) FindEvents(ctx context.Context, f sitrep.EventFilter) ([]*sitrep.Event, error) {
	if db.index != nil {
		evs, ok, err := db.findIndexed(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("find events: %w", err)
		}
		if ok {
			return evs, nil
		}
	}
	var (
		where []string
		args  []any
		err   error
	)
	if textOnly(f) {
		where, args, err = db.boundedText(ctx, f)
	} else {
		var probe bool
		if probe, err = db.frequentText(ctx, f.Text); err != nil {
			return nil, fmt.Errorf("find events: %w", err)
		}
		var scanBox bool
		if scanBox, err = db.largeBox(ctx, f); err != nil {
			return nil, fmt.Errorf("find events: %w", err)
		}
		where, args, err = db.where(ctx, f, false, probe && f.Limit > 0, scanBox)
	}
	if err != nil {
		return nil, fmt.Errorf("find events: %w", err)
	}
	// The indexes of migration 3 serve each sort key.
	terms, desc := eventsort.Key(f.Sort)
	key := strings.Join(terms, ", ")
	order := orderBy(terms, desc)
	cmp := ">"
	if desc {
		cmp = "<"
	}
	if f.Cursor != "" {
		var n int
		if err := db.ro.QueryRowContext(ctx, "SELECT count(*) FROM events WHERE id = ?", f.Cursor).Scan(&n); err != nil {
			return nil, fmt.Errorf("find events: %w", err)
		}
		if n == 0 {
			return nil, fmt.Errorf("find events: cursor %q names no event: %w", f.Cursor, sitrep.ErrInvalid)
		}
		where = append(where, "("+key+") "+cmp+" (SELECT "+strings.ReplaceAll(key, "e.", "c.")+" FROM events c WHERE c.id = ?)")
		args = append(args, f.Cursor)
	}
	q := "SELECT " + eventColumns + " FROM events e" + whereClause(where) + order + limitClause(f.Limit)
	events, err := db.findEvents(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find events: %w", err)
	}
	return events, nil
}

// orderBy is the ORDER BY clause of eventsort.Key's terms.
func orderBy(terms []string, desc bool) string {
	if desc {
		return " ORDER BY " + strings.Join(terms, " DESC, ") + " DESC"
	}
	return " ORDER BY " + strings.Join(terms, ", ")
}

// textOnly reports whether f is a page of a text search alone in document
// order, which boundedText answers.
func textOnly(f sitrep.EventFilter) bool {
	g := f
	g.Text, g.Cursor, g.Limit = "", "", 0
	if g.Sort == sitrep.SortDocument {
		g.Sort = ""
	}
	return f.Limit > 0 && ftsQuery(f.Text) != "" && g == sitrep.EventFilter{}
}

// boundedText returns the conditions for a page of a text search in
// document order (textOnly). The full-text index lists its matches in
// rowid order, which is document order by document (the rowid is
// document_id * 100000 + ordinal), so the first Limit matches from the
// cursor's document on name the last document the page can reach: the
// page reads only the matches up to that document's end, however common
// the words are, instead of every match or every event.
func (db *DB) boundedText(ctx context.Context, f sitrep.EventFilter) (where []string, args []any, err error) {
	q := ftsQuery(f.Text)
	var from, inDoc int64
	if f.Cursor != "" {
		// Matches in the cursor's document up to the cursor are not on
		// the page: count them all in. A missing cursor is reported by
		// FindEvents; from 0 is harmless.
		err := db.ro.QueryRowContext(ctx, `SELECT c.document_id, (SELECT count(*) FROM events d
			WHERE d.document_id = c.document_id) FROM events c WHERE c.id = ?`, f.Cursor).Scan(&from, &inDoc)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, nil, err
		}
	}
	lo, hi, n := from*ftsDocStride, int64(math.MaxInt64), int64(f.Limit)+inDoc
	var last sql.NullInt64
	err = db.ro.QueryRowContext(ctx, `SELECT max(rowid) FROM (SELECT rowid FROM events_fts
		WHERE events_fts MATCH ? AND rowid >= ? ORDER BY rowid LIMIT ?) HAVING count(*) >= ?`,
		q, lo, n, n).Scan(&last)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		// Fewer matches than a page: no upper bound.
	case err != nil:
		return nil, nil, err
	case last.Valid:
		hi = (last.Int64/ftsDocStride + 1) * ftsDocStride
	}
	where = []string{`(e.document_id, e.ordinal) IN (SELECT rowid / 100000, rowid % 100000 FROM events_fts
		WHERE events_fts MATCH ? AND rowid >= ? AND rowid < ?)`}
	return where, []any{q, lo, hi}, nil
}

// ftsDocStride is the factor of document_id in the rowids of events_fts
// (migration 3).
const ftsDocStride = 100000

// FindEvent returns one event by ID, or an error wrapping
// sitrep.ErrNotFound.
func (db *DB) FindEvent(ctx context.Context, id string) (*sitrep.Event, error) {
	events, err := db.findEvents(ctx, "SELECT "+eventColumns+" FROM events e WHERE e.id = ?", id)
	if err != nil {
		return nil, fmt.Errorf("event %q: %w", id, err)
	}
	if len(events) == 0 {
		return nil, fmt.Errorf("event %q: %w", id, sitrep.ErrNotFound)
	}
	return events[0], nil
}

// What findEvents reads of the events it found, by a JSON array of their
// IDs.
const (
	eventActorsSQL = `SELECT event_id, side, country, sector, name FROM event_actors
		WHERE event_id IN (SELECT value FROM json_each(?))
		ORDER BY event_id, side, position`
	eventMentionsSQL = `SELECT event_id, sentence, start, "end", text FROM event_mentions
		WHERE event_id IN (SELECT value FROM json_each(?))
		ORDER BY event_id, position`
	eventContradictionsSQL = `SELECT event_id, contradicted_by FROM event_contradictions
		WHERE event_id IN (SELECT value FROM json_each(?))
		ORDER BY event_id, position`
)

// findEvents runs an event query and fills in the events' participants,
// mentions and contradictions with one more query each, all in one read
// transaction so they agree.
func (db *DB) findEvents(ctx context.Context, q string, args ...any) ([]*sitrep.Event, error) {
	stmts, err := db.reads.prepared(ctx, db.ro, q, eventActorsSQL, eventMentionsSQL, eventContradictionsSQL)
	if err != nil {
		return nil, err
	}
	tx, err := db.ro.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	rows, err := query(ctx, tx, stmts[0], q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	events := []*sitrep.Event{}
	byID := make(map[string]*sitrep.Event)
	ids := []string{}
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		events = append(events, e)
		byID[e.ID] = e
		ids = append(ids, e.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(events) == 0 {
		return events, nil
	}

	// One query for all participants: the IDs go in as a single JSON array
	// parameter, so there is no limit on their number.
	idList, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	arows, err := query(ctx, tx, stmts[1], eventActorsSQL, string(idList))
	if err != nil {
		return nil, fmt.Errorf("actors: %w", err)
	}
	defer arows.Close()
	for arows.Next() {
		var (
			id, side string
			a        sitrep.Actor
		)
		if err := arows.Scan(&id, &side, &a.Country, &a.Sector, &a.Name); err != nil {
			return nil, fmt.Errorf("actors: %w", err)
		}
		e := byID[id]
		if e == nil {
			continue
		}
		if side == "actor" {
			e.Actor = append(e.Actor, a)
		} else {
			e.Recipient = append(e.Recipient, a)
		}
	}
	if err := arows.Err(); err != nil {
		return nil, fmt.Errorf("actors: %w", err)
	}
	arows.Close()

	mrows, err := query(ctx, tx, stmts[2], eventMentionsSQL, string(idList))
	if err != nil {
		return nil, fmt.Errorf("mentions: %w", err)
	}
	defer mrows.Close()
	for mrows.Next() {
		var (
			id string
			m  sitrep.EvidenceSpan
		)
		if err := mrows.Scan(&id, &m.Sentence, &m.Start, &m.End, &m.Text); err != nil {
			return nil, fmt.Errorf("mentions: %w", err)
		}
		if e := byID[id]; e != nil {
			e.Mentions = append(e.Mentions, m)
		}
	}
	if err := mrows.Err(); err != nil {
		return nil, fmt.Errorf("mentions: %w", err)
	}
	mrows.Close()

	crows, err := query(ctx, tx, stmts[3], eventContradictionsSQL, string(idList))
	if err != nil {
		return nil, fmt.Errorf("contradictions: %w", err)
	}
	defer crows.Close()
	for crows.Next() {
		var id, by string
		if err := crows.Scan(&id, &by); err != nil {
			return nil, fmt.Errorf("contradictions: %w", err)
		}
		if e := byID[id]; e != nil {
			e.ContradictedBy = append(e.ContradictedBy, by)
		}
	}
	if err := crows.Err(); err != nil {
		return nil, fmt.Errorf("contradictions: %w", err)
	}
	return events, nil
}

// Provenance says how an event or transfer was coded.
type Provenance struct {
	// Rule is the rule or model decision that produced it.
	Rule string `json:"rule"`
	// Coder names the coder that ran, as DB.Coder was when it was stored.
	Coder string `json:"coder"`
	// CodedAt is when it was stored.
	CodedAt time.Time `json:"coded_at"`
}

// Provenance returns how the event or transfer with that ID ("d12-e3",
// "d12-t1") was coded, or an error wrapping sitrep.ErrNotFound. It is not
// part of sitrep.Store.
func (db *DB) Provenance(ctx context.Context, id string) (Provenance, error) {
	var (
		p       Provenance
		codedAt string
	)
	err := db.ro.QueryRowContext(ctx, `SELECT rule, coder, coded_at FROM events WHERE id = ?1
		UNION ALL SELECT rule, coder, coded_at FROM transfers WHERE id = ?1`, id).Scan(&p.Rule, &p.Coder, &codedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Provenance{}, fmt.Errorf("provenance of %q: %w", id, sitrep.ErrNotFound)
	}
	if err != nil {
		return Provenance{}, fmt.Errorf("provenance of %q: %w", id, err)
	}
	if p.CodedAt, err = parseTime(codedAt); err != nil {
		return Provenance{}, fmt.Errorf("provenance of %q: coded_at: %w", id, err)
	}
	return p, nil
}
