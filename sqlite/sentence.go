package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/sitrep/sitrep"
)

const insertSentenceSQL = `INSERT INTO sentences (document_id, idx, start, "end", text) VALUES (?, ?, ?, ?, ?)`

// insertSentences stores a document's sentences within tx.
func (db *DB) insertSentences(ctx context.Context, tx *sql.Tx, doc int64, ss []sitrep.Sentence) error {
	if len(ss) == 0 {
		return nil
	}
	stmt := tx.StmtContext(ctx, db.insertSentence)
	defer stmt.Close()
	for _, s := range ss {
		if _, err := stmt.ExecContext(ctx, doc, s.Index, s.Start, s.End, s.Text); err != nil {
			return fmt.Errorf("sentence %d: %w", s.Index, err)
		}
	}
	return nil
}

// FindSentences lists the sentences of one document in text order. It
// returns an empty list, not an error, for an unknown document.
func (db *DB) FindSentences(ctx context.Context, doc int64) ([]sitrep.Sentence, error) {
	rows, err := db.ro.QueryContext(ctx,
		`SELECT idx, start, "end", text FROM sentences WHERE document_id = ? ORDER BY idx, rowid`, doc)
	if err != nil {
		return nil, fmt.Errorf("sentences of document %d: %w", doc, err)
	}
	defer rows.Close()
	ss := []sitrep.Sentence{}
	for rows.Next() {
		var s sitrep.Sentence
		if err := rows.Scan(&s.Index, &s.Start, &s.End, &s.Text); err != nil {
			return nil, fmt.Errorf("sentences of document %d: %w", doc, err)
		}
		ss = append(ss, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sentences of document %d: %w", doc, err)
	}
	return ss, nil
}
