package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/sitrep/sitrep"
)

const insertMentionSQL = `INSERT INTO mentions
	(document_id, start, "end", text, kind, entity_id, name, country, sector, category, lat, lon)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// insertMentions stores a document's entity mentions within tx.
func (db *DB) insertMentions(ctx context.Context, tx *sql.Tx, doc int64, ms []sitrep.Mention) error {
	if len(ms) == 0 {
		return nil
	}
	stmt := tx.StmtContext(ctx, db.insertMention)
	defer stmt.Close()
	for i, m := range ms {
		if _, err := stmt.ExecContext(ctx, doc, m.Start, m.End, m.Text, m.Kind, m.ID, m.Name,
			m.Country, m.Sector, m.Category, nullFloat(m.Lat), nullFloat(m.Lon)); err != nil {
			return fmt.Errorf("mention %d (%q): %w", i, m.Text, err)
		}
	}
	return nil
}

// FindMentions lists the entity mentions of one document in the order
// they were stored. It returns an empty list, not an error, for an unknown document.
func (db *DB) FindMentions(ctx context.Context, doc int64) ([]sitrep.Mention, error) {
	rows, err := db.ro.QueryContext(ctx, `SELECT start, "end", text, kind, entity_id, name,
		country, sector, category, lat, lon
		FROM mentions WHERE document_id = ? ORDER BY rowid`, doc)
	if err != nil {
		return nil, fmt.Errorf("mentions of document %d: %w", doc, err)
	}
	defer rows.Close()
	ms := []sitrep.Mention{}
	for rows.Next() {
		var (
			m        sitrep.Mention
			lat, lon sql.NullFloat64
		)
		if err := rows.Scan(&m.Start, &m.End, &m.Text, &m.Kind, &m.ID, &m.Name,
			&m.Country, &m.Sector, &m.Category, &lat, &lon); err != nil {
			return nil, fmt.Errorf("mentions of document %d: %w", doc, err)
		}
		m.Lat, m.Lon = floatPtr(lat), floatPtr(lon)
		ms = append(ms, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("mentions of document %d: %w", doc, err)
	}
	return ms, nil
}
