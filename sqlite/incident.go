package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/sitrep/sitrep"
)

// chunk is how many values one IN list binds, well below SQLite's limit
// on parameters.
const chunk = 500

// IncidentLinks lists the links of the given incidents, or every link,
// ordered by incident and event ID.
func (db *DB) IncidentLinks(ctx context.Context, incidents ...string) ([]sitrep.IncidentLink, error) {
	links := []sitrep.IncidentLink{}
	q := "SELECT event_id, incident, role FROM incident_links"
	if len(incidents) == 0 {
		err := db.scanLinks(ctx, q+" ORDER BY incident, event_id", nil, func(l sitrep.IncidentLink) { links = append(links, l) })
		return links, err
	}
	for i := 0; i < len(incidents); i += chunk {
		part := incidents[i:min(i+chunk, len(incidents))]
		err := db.scanLinks(ctx, q+" WHERE incident IN ("+placeholders(len(part))+") ORDER BY incident, event_id",
			strArgs(part), func(l sitrep.IncidentLink) { links = append(links, l) })
		if err != nil {
			return nil, err
		}
	}
	return links, nil
}

// EventIncidents returns the links of the given events, keyed by event ID.
func (db *DB) EventIncidents(ctx context.Context, events ...string) (map[string]sitrep.IncidentLink, error) {
	out := make(map[string]sitrep.IncidentLink, len(events))
	for i := 0; i < len(events); i += chunk {
		part := events[i:min(i+chunk, len(events))]
		err := db.scanLinks(ctx, "SELECT event_id, incident, role FROM incident_links WHERE event_id IN ("+placeholders(len(part))+")",
			strArgs(part), func(l sitrep.IncidentLink) { out[l.Event] = l })
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (db *DB) scanLinks(ctx context.Context, q string, args []any, f func(sitrep.IncidentLink)) error {
	rows, err := db.ro.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("incident links: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var l sitrep.IncidentLink
		if err := rows.Scan(&l.Event, &l.Incident, &l.Role); err != nil {
			return fmt.Errorf("incident links: %w", err)
		}
		f(l)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("incident links: %w", err)
	}
	return nil
}

// LinkIncidents stores the links in one transaction, replacing each
// event's previous link.
func (db *DB) LinkIncidents(ctx context.Context, links []sitrep.IncidentLink) (err error) {
	if db.rw == nil {
		return sitrep.ErrReadOnly
	}
	if len(links) == 0 {
		return nil
	}
	defer func() {
		if err != nil {
			err = fmt.Errorf("link incidents: %w", describe(err))
		}
	}()
	tx, err := db.rw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO incident_links (event_id, incident, role) VALUES (?, ?, ?)
		ON CONFLICT (event_id) DO UPDATE SET incident = excluded.incident, role = excluded.role`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, l := range links {
		if l.Role != sitrep.RoleAsserts && l.Role != sitrep.RoleDenies {
			return fmt.Errorf("event %s: role %q: want asserts or denies", l.Event, l.Role)
		}
		if _, err := stmt.ExecContext(ctx, l.Event, l.Incident, l.Role); err != nil {
			return fmt.Errorf("event %s: %w", l.Event, err)
		}
	}
	return tx.Commit()
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func strArgs(ss []string) []any {
	args := make([]any, len(ss))
	for i, s := range ss {
		args[i] = s
	}
	return args
}

var _ sitrep.IncidentStore = (*DB)(nil)
