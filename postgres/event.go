package postgres

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/eventsort"
)

// queueEvents adds to b the inserts of a document's events, their
// participants, mentions and contradictions. published is the document's
// date, which dates events that have none.
func queueEvents(b *stmtBatch, doc int64, published, coder string, codedAt time.Time, es []sitrep.Event) error {
	refs, err := sitrep.ResolveContradictions(doc, es)
	if err != nil {
		return err
	}
	for i := range es {
		e := &es[i]
		id := sitrep.EventID(doc, i+1)
		var lo, hi *string
		if l, h, ok := sitrep.EventDateBounds(e.Date, published); ok {
			lo, hi = &l, &h
		}
		var (
			locName    *string
			locCountry string
			lat, lon   *float64
		)
		if l := e.Location; l != nil {
			locName, locCountry, lat, lon = &l.Name, l.Country, l.Lat, l.Lon
		}
		var src sitrep.Source
		if e.Source != nil {
			src = *e.Source
		}
		label := fmt.Sprintf("event %d (%s)", i+1, e.Type)
		if math.IsNaN(e.Goldstein) || math.IsInf(e.Goldstein, 0) {
			return fmt.Errorf("%s: Goldstein score %v is not a number", label, e.Goldstein)
		}
		b.queue(label, `INSERT INTO events
			(id, document_id, ordinal, sentence, start, "end", type, mode, date, date_lo, date_hi,
			 location_name, location_country, lat, lon, evidence, evidence_fts, "symmetric",
			 trigger_text, trigger_start, trigger_end, quad, cameo, goldstein, rule, coder, coded_at,
			 source_name, source_country, source_sector, source_kind, certainty)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
			 to_tsvector('simple', $17), $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32)`,
			id, doc, i+1, e.Sentence, e.Start, e.End, e.Type, e.Mode, e.Date, lo, hi,
			locName, locCountry, lat, lon, e.Evidence, searchText(e.Evidence), e.Symmetric,
			e.Trigger.Text, e.Trigger.Start, e.Trigger.End, e.Quad, e.CAMEO, e.Goldstein, e.Rule, coder, codedAt,
			src.Name, src.Country, src.Sector, src.Kind, e.Certainty)
		for pos, m := range e.Mentions {
			b.queue(fmt.Sprintf("%s: mention %d", label, pos), `INSERT INTO event_mentions (event_id, position, sentence, start, "end", text)
				VALUES ($1, $2, $3, $4, $5, $6)`, id, pos, m.Sentence, m.Start, m.End, m.Text)
		}
		for _, side := range []struct {
			name   string
			actors []sitrep.Actor
		}{{"actor", e.Actor}, {"recipient", e.Recipient}} {
			for pos, a := range side.actors {
				b.queue(fmt.Sprintf("%s: %s %d", label, side.name, pos), `INSERT INTO event_actors (event_id, side, position, country, sector, name)
					VALUES ($1, $2, $3, $4, $5, $6)`, id, side.name, pos, a.Country, a.Sector, a.Name)
			}
		}
	}
	// Contradictions last: the events they point to must exist.
	for i, ids := range refs {
		for pos, by := range ids {
			b.queue(fmt.Sprintf("event %d (%s): contradicted by %s", i+1, es[i].Type, by), `INSERT INTO event_contradictions (event_id, position, contradicted_by) VALUES ($1, $2, $3)`,
				sitrep.EventID(doc, i+1), pos, by)
		}
	}
	return nil
}

// eventColumns are the columns scanEvent reads.
const eventColumns = `e.id, e.document_id, e.sentence, e.start, e."end", e.type, e.mode, e.date,
	e.location_name, e.location_country, e.lat, e.lon, e.evidence, e."symmetric",
	e.trigger_text, e.trigger_start, e.trigger_end, e.rule, e.quad, e.cameo, e.goldstein,
	e.source_name, e.source_country, e.source_sector, e.source_kind, e.certainty`

func scanEvent(row pgx.Row) (*sitrep.Event, error) {
	var (
		e          sitrep.Event
		locName    *string
		locCountry string
		lat, lon   *float64
		src        sitrep.Source
	)
	if err := row.Scan(&e.ID, &e.Document, &e.Sentence, &e.Start, &e.End, &e.Type, &e.Mode, &e.Date,
		&locName, &locCountry, &lat, &lon, &e.Evidence, &e.Symmetric,
		&e.Trigger.Text, &e.Trigger.Start, &e.Trigger.End, &e.Rule, &e.Quad, &e.CAMEO, &e.Goldstein,
		&src.Name, &src.Country, &src.Sector, &src.Kind, &e.Certainty); err != nil {
		return nil, err
	}
	if locName != nil {
		e.Location = &sitrep.Location{Name: *locName, Country: locCountry, Lat: lat, Lon: lon}
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
	scanBox, err := db.largeBox(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("find events: %w", err)
	}
	var a args
	where, err := eventWhere(f, &a, scanBox)
	if err != nil {
		return nil, fmt.Errorf("find events: %w", err)
	}
	terms, desc := eventsort.Key(f.Sort)
	key := strings.Join(terms, ", ")
	order := " ORDER BY " + key
	cmp := ">"
	if desc {
		order = " ORDER BY " + strings.Join(terms, " DESC, ") + " DESC"
		cmp = "<"
	}
	if f.Cursor != "" {
		var n int
		err := db.run(ctx, func(ctx context.Context) error {
			return db.pool.QueryRow(ctx, "SELECT count(*) FROM events WHERE id = $1", f.Cursor).Scan(&n)
		})
		if err != nil {
			return nil, fmt.Errorf("find events: %w", err)
		}
		if n == 0 {
			return nil, fmt.Errorf("find events: cursor %q names no event: %w", f.Cursor, sitrep.ErrInvalid)
		}
		where = append(where, "("+key+") "+cmp+" (SELECT "+strings.ReplaceAll(key, "e.", "c.")+
			" FROM events c WHERE c.id = "+a.add(f.Cursor)+")")
	}
	q := "SELECT " + eventColumns + " FROM events e" + whereClause(where) + order + limitClause(f.Limit)
	events, err := db.findEvents(ctx, q, a...)
	if err != nil {
		return nil, fmt.Errorf("find events: %w", err)
	}
	return events, nil
}

// FindEvent returns one event by ID, or an error wrapping
// sitrep.ErrNotFound.
func (db *DB) FindEvent(ctx context.Context, id string) (*sitrep.Event, error) {
	events, err := db.findEvents(ctx, "SELECT "+eventColumns+" FROM events e WHERE e.id = $1", id)
	if err != nil {
		return nil, fmt.Errorf("event %q: %w", id, err)
	}
	if len(events) == 0 {
		return nil, fmt.Errorf("event %q: %w", id, sitrep.ErrNotFound)
	}
	return events[0], nil
}

// findEvents runs an event query and fills in the events' participants,
// mentions and contradictions with one batch of three more queries: two
// round trips in all. They need no common snapshot: an event's rows are
// written in one transaction with it and never change, so whatever event
// the first query sees, the others see all of its rows.
func (db *DB) findEvents(ctx context.Context, query string, qargs ...any) ([]*sitrep.Event, error) {
	var events []*sitrep.Event
	err := db.run(ctx, func(ctx context.Context) error {
		events = []*sitrep.Event{}
		byID := make(map[string]*sitrep.Event)
		var ids []string
		rows, err := db.pool.Query(ctx, query, qargs...)
		if err != nil {
			return err
		}
		for rows.Next() {
			e, err := scanEvent(rows)
			if err != nil {
				rows.Close()
				return err
			}
			events = append(events, e)
			byID[e.ID] = e
			ids = append(ids, e.ID)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(events) == 0 {
			return err
		}
		// One query per table for all the events: the IDs go in as one
		// array parameter, whatever their number.
		parts := []struct {
			what, q string
			scan    func(rows pgx.Rows) error
		}{
			{"actors", `SELECT event_id, side, country, sector, name FROM event_actors
				WHERE event_id = ANY($1) ORDER BY event_id, side, position`, func(rows pgx.Rows) error {
				var (
					id, side string
					a        sitrep.Actor
				)
				if err := rows.Scan(&id, &side, &a.Country, &a.Sector, &a.Name); err != nil {
					return err
				}
				if e := byID[id]; e != nil && side == "actor" {
					e.Actor = append(e.Actor, a)
				} else if e != nil {
					e.Recipient = append(e.Recipient, a)
				}
				return nil
			}},
			{"mentions", `SELECT event_id, sentence, start, "end", text FROM event_mentions
				WHERE event_id = ANY($1) ORDER BY event_id, position`, func(rows pgx.Rows) error {
				var (
					id string
					m  sitrep.EvidenceSpan
				)
				if err := rows.Scan(&id, &m.Sentence, &m.Start, &m.End, &m.Text); err != nil {
					return err
				}
				if e := byID[id]; e != nil {
					e.Mentions = append(e.Mentions, m)
				}
				return nil
			}},
			{"contradictions", `SELECT event_id, contradicted_by FROM event_contradictions
				WHERE event_id = ANY($1) ORDER BY event_id, position`, func(rows pgx.Rows) error {
				var id, by string
				if err := rows.Scan(&id, &by); err != nil {
					return err
				}
				if e := byID[id]; e != nil {
					e.ContradictedBy = append(e.ContradictedBy, by)
				}
				return nil
			}},
		}
		b := &pgx.Batch{}
		for _, part := range parts {
			b.Queue(part.q, ids)
		}
		res := db.pool.SendBatch(ctx, b)
		defer res.Close()
		for _, part := range parts {
			rows, err := res.Query()
			if err != nil {
				return fmt.Errorf("%s: %w", part.what, err)
			}
			for rows.Next() {
				if err := part.scan(rows); err != nil {
					rows.Close()
					return fmt.Errorf("%s: %w", part.what, err)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return fmt.Errorf("%s: %w", part.what, err)
			}
		}
		return res.Close()
	})
	if err != nil {
		return nil, err
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
	var p Provenance
	err := db.run(ctx, func(ctx context.Context) error {
		return db.pool.QueryRow(ctx, `SELECT rule, coder, coded_at FROM events WHERE id = $1
			UNION ALL SELECT rule, coder, coded_at FROM transfers WHERE id = $1`, id).Scan(&p.Rule, &p.Coder, &p.CodedAt)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return Provenance{}, fmt.Errorf("provenance of %q: %w", id, sitrep.ErrNotFound)
	}
	if err != nil {
		return Provenance{}, fmt.Errorf("provenance of %q: %w", id, err)
	}
	p.CodedAt = p.CodedAt.UTC()
	return p, nil
}
