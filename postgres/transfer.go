package postgres

import (
	"context"
	"fmt"

	"github.com/sitrep/sitrep"
)

// FindTransfers lists the transfers matching f, ordered by document,
// sentence and position in the document. Supplier, Recipient and Category
// match exactly, ignoring case.
func (db *DB) FindTransfers(ctx context.Context, f sitrep.TransferFilter) ([]*sitrep.Transfer, error) {
	var (
		where []string
		a     args
	)
	for _, c := range []struct{ expr, value string }{
		{"upper(supplier) = upper(%s)", f.Supplier}, {"upper(recipient) = upper(%s)", f.Recipient},
		{"lower(category) = lower(%s)", f.Category},
	} {
		if c.value != "" {
			where = append(where, fmt.Sprintf(c.expr, a.add(c.value)))
		}
	}
	if f.Document != 0 {
		where = append(where, "document_id = "+a.add(f.Document))
	}
	q := `SELECT id, document_id, supplier, recipient, item, category, quantity, status,
		sentence, start, "end", evidence, date, rule FROM transfers` + whereClause(where) +
		" ORDER BY document_id, sentence, ordinal" + limitClause(f.Limit)
	var ts []*sitrep.Transfer
	err := db.run(ctx, func(ctx context.Context) error {
		ts = []*sitrep.Transfer{}
		rows, err := db.pool.Query(ctx, q, a...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t sitrep.Transfer
			if err := rows.Scan(&t.ID, &t.Document, &t.Supplier, &t.Recipient, &t.Item, &t.Category,
				&t.Quantity, &t.Status, &t.Sentence, &t.Start, &t.End, &t.Evidence, &t.Date, &t.Rule); err != nil {
				return err
			}
			ts = append(ts, &t)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("find transfers: %w", err)
	}
	return ts, nil
}
