package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/sitrep/sitrep"
)

// IncidentLinks lists the links of the given incidents, or every link,
// ordered by incident and event ID.
func (db *DB) IncidentLinks(ctx context.Context, incidents ...string) ([]sitrep.IncidentLink, error) {
	links := []sitrep.IncidentLink{}
	q := "SELECT event_id, incident, role FROM incident_links"
	var qargs []any
	if len(incidents) > 0 {
		q += " WHERE incident = ANY($1)"
		qargs = append(qargs, incidents)
	}
	err := db.scanLinks(ctx, q+" ORDER BY incident, event_id", qargs, func(l sitrep.IncidentLink) { links = append(links, l) })
	if err != nil {
		return nil, err
	}
	return links, nil
}

// EventIncidents returns the links of the given events, keyed by event ID.
func (db *DB) EventIncidents(ctx context.Context, events ...string) (map[string]sitrep.IncidentLink, error) {
	out := make(map[string]sitrep.IncidentLink, len(events))
	if len(events) == 0 {
		return out, nil
	}
	err := db.scanLinks(ctx, "SELECT event_id, incident, role FROM incident_links WHERE event_id = ANY($1)",
		[]any{events}, func(l sitrep.IncidentLink) { out[l.Event] = l })
	if err != nil {
		return nil, err
	}
	return out, nil
}

// scanLinks runs a query for links and passes each to f; on a retry f may
// see a link again, which its callers' maps and the list they rebuild
// absorb only because a retry happens before any row is read.
func (db *DB) scanLinks(ctx context.Context, q string, qargs []any, f func(sitrep.IncidentLink)) error {
	var links []sitrep.IncidentLink
	err := db.run(ctx, func(ctx context.Context) error {
		links = links[:0]
		rows, err := db.pool.Query(ctx, q, qargs...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var l sitrep.IncidentLink
			if err := rows.Scan(&l.Event, &l.Incident, &l.Role); err != nil {
				return err
			}
			links = append(links, l)
		}
		return rows.Err()
	})
	if err != nil {
		return fmt.Errorf("incident links: %w", err)
	}
	for _, l := range links {
		f(l)
	}
	return nil
}

// LinkIncidents stores the links in one transaction, replacing each
// event's previous link.
func (db *DB) LinkIncidents(ctx context.Context, links []sitrep.IncidentLink) error {
	if db.readOnly {
		return sitrep.ErrReadOnly
	}
	if len(links) == 0 {
		return nil
	}
	for _, l := range links {
		if l.Role != sitrep.RoleAsserts && l.Role != sitrep.RoleDenies {
			return fmt.Errorf("link incidents: event %s: role %q: want asserts or denies", l.Event, l.Role)
		}
	}
	err := db.inTx(ctx, func(ctx context.Context, tx pgx.Tx) error {
		b := &pgx.Batch{}
		for _, l := range links {
			b.Queue(`INSERT INTO incident_links (event_id, incident, role) VALUES ($1, $2, $3)
				ON CONFLICT (event_id) DO UPDATE SET incident = excluded.incident, role = excluded.role`,
				l.Event, l.Incident, l.Role)
		}
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return fmt.Errorf("link incidents: %w", err)
	}
	return nil
}
