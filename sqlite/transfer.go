package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/sitrep/sitrep"
)

const insertTransferSQL = `INSERT INTO transfers
	(id, document_id, ordinal, supplier, recipient, item, category, quantity, status,
	 sentence, start, "end", evidence, date, rule, coder, coded_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// insertTransfers stores a document's arms transfers within tx.
func (db *DB) insertTransfers(ctx context.Context, tx *sql.Tx, doc int64, codedAt string, ts []sitrep.Transfer) error {
	if len(ts) == 0 {
		return nil
	}
	stmt := tx.StmtContext(ctx, db.insertTransfer)
	defer stmt.Close()
	for i := range ts {
		t := &ts[i]
		if _, err := stmt.ExecContext(ctx, sitrep.TransferID(doc, i+1), doc, i+1, t.Supplier, t.Recipient,
			t.Item, t.Category, t.Quantity, t.Status, t.Sentence, t.Start, t.End, t.Evidence,
			t.Date, t.Rule, db.Coder, codedAt); err != nil {
			return fmt.Errorf("transfer %d (%s): %w", i+1, t.Item, err)
		}
	}
	return nil
}

// FindTransfers lists the transfers matching f, ordered by document,
// sentence and position in the document. Supplier, Recipient and Category
// match exactly, ignoring case.
func (db *DB) FindTransfers(ctx context.Context, f sitrep.TransferFilter) ([]*sitrep.Transfer, error) {
	var (
		where []string
		args  []any
	)
	for _, c := range []struct{ column, value string }{
		{"supplier", f.Supplier}, {"recipient", f.Recipient}, {"category", f.Category},
	} {
		if c.value != "" {
			where = append(where, c.column+" = ?")
			args = append(args, c.value)
		}
	}
	if f.Document != 0 {
		where = append(where, "document_id = ?")
		args = append(args, f.Document)
	}
	q := `SELECT id, document_id, supplier, recipient, item, category, quantity, status,
		sentence, start, "end", evidence, date, rule FROM transfers` + whereClause(where) +
		" ORDER BY document_id, sentence, ordinal" + limitClause(f.Limit)
	rows, err := db.ro.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find transfers: %w", err)
	}
	defer rows.Close()
	ts := []*sitrep.Transfer{}
	for rows.Next() {
		var t sitrep.Transfer
		if err := rows.Scan(&t.ID, &t.Document, &t.Supplier, &t.Recipient, &t.Item, &t.Category,
			&t.Quantity, &t.Status, &t.Sentence, &t.Start, &t.End, &t.Evidence, &t.Date, &t.Rule); err != nil {
			return nil, fmt.Errorf("find transfers: %w", err)
		}
		ts = append(ts, &t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find transfers: %w", err)
	}
	return ts, nil
}
