package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/sitrep/sitrep"
)

// AddDocument stores doc and everything coded from it in one transaction.
// If a document with the same hash exists it writes nothing and returns the
// existing ID with added == false. doc and analysis are updated (IDs,
// IngestedAt if zero) only once the transaction has committed, so a failed
// call leaves them, and the database, as they were.
func (db *DB) AddDocument(ctx context.Context, doc *sitrep.Document, analysis *sitrep.Analysis) (id int64, added bool, err error) {
	if doc == nil {
		return 0, false, errors.New("sqlite: add document: nil document")
	}
	name := doc.Source
	if name == "" {
		name = doc.Hash
	}
	defer func() {
		if err != nil {
			err = fmt.Errorf("add document %q: %w", name, describe(err))
		}
	}()
	if doc.Hash == "" {
		return 0, false, errors.New("empty hash")
	}
	if db.rw == nil {
		return 0, false, sitrep.ErrReadOnly
	}

	ingested := doc.IngestedAt
	if ingested.IsZero() {
		ingested = db.Now()
	}
	codedAt := formatTime(db.Now())

	tx, err := db.rw.BeginTx(ctx, nil)
	if err != nil {
		return 0, false, err
	}
	defer tx.Rollback() // a no-op once committed

	err = tx.QueryRowContext(ctx, "SELECT id FROM documents WHERE hash = ?", doc.Hash).Scan(&id)
	if err == nil {
		return id, false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, err
	}

	var dup sql.NullInt64
	if doc.DuplicateOf != 0 {
		dup = sql.NullInt64{Int64: doc.DuplicateOf, Valid: true}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO documents
		(hash, simhash, duplicate_of, title, outlet, url, source, published, published_from, language, text, ingested_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		doc.Hash, int64(doc.SimHash), dup, doc.Title, doc.Outlet, doc.URL, doc.Source,
		doc.Published, doc.PublishedFrom, doc.Language, doc.Text, formatTime(ingested))
	if err != nil {
		return 0, false, err
	}
	if id, err = res.LastInsertId(); err != nil {
		return 0, false, err
	}

	if analysis != nil {
		if err := db.insertSentences(ctx, tx, id, analysis.Sentences); err != nil {
			return 0, false, err
		}
		if err := db.insertMentions(ctx, tx, id, analysis.Mentions); err != nil {
			return 0, false, err
		}
		if err := db.insertEvents(ctx, tx, id, doc.Published, codedAt, analysis.Events); err != nil {
			return 0, false, err
		}
		if err := db.insertTransfers(ctx, tx, id, codedAt, analysis.Transfers); err != nil {
			return 0, false, err
		}
	}
	if db.beforeCommit != nil {
		if err := db.beforeCommit(ctx); err != nil {
			return 0, false, err
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, false, err
	}

	doc.ID = id
	doc.IngestedAt = ingested
	if analysis != nil {
		// Validated by insertEvents, so the references resolve.
		refs, _ := sitrep.ResolveContradictions(id, analysis.Events)
		for i := range analysis.Events {
			analysis.Events[i].ID = sitrep.EventID(id, i+1)
			analysis.Events[i].Document = id
			if len(refs[i]) > 0 {
				analysis.Events[i].ContradictedBy = refs[i]
			}
		}
		for i := range analysis.Transfers {
			analysis.Transfers[i].ID = sitrep.TransferID(id, i+1)
			analysis.Transfers[i].Document = id
		}
	}
	return id, true, nil
}

// documentColumns are the columns scanDocument reads, text last so that
// listings can leave it out.
const documentColumns = `id, hash, simhash, duplicate_of, title, outlet, url, source,
	published, published_from, language, ingested_at`

// scanDocument reads documentColumns, plus text if withText.
func scanDocument(row interface{ Scan(...any) error }, withText bool) (*sitrep.Document, error) {
	var (
		d        sitrep.Document
		simhash  int64
		dup      sql.NullInt64
		ingested string
	)
	dest := []any{&d.ID, &d.Hash, &simhash, &dup, &d.Title, &d.Outlet, &d.URL, &d.Source,
		&d.Published, &d.PublishedFrom, &d.Language, &ingested}
	if withText {
		dest = append(dest, &d.Text)
	}
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	d.SimHash = uint64(simhash)
	d.DuplicateOf = dup.Int64
	t, err := parseTime(ingested)
	if err != nil {
		return nil, fmt.Errorf("document %d: ingested_at: %w", d.ID, err)
	}
	d.IngestedAt = t
	return &d, nil
}

// FindDocumentByHash returns the document with that content hash, with its
// text, or sitrep.ErrNotFound.
func (db *DB) FindDocumentByHash(ctx context.Context, hash string) (*sitrep.Document, error) {
	row := db.ro.QueryRowContext(ctx, "SELECT "+documentColumns+", text FROM documents WHERE hash = ?", hash)
	d, err := scanDocument(row, true)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("document with hash %q: %w", hash, sitrep.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("document with hash %q: %w", hash, err)
	}
	return d, nil
}

// FindDocument returns one document by ID, with its text, or
// sitrep.ErrNotFound.
func (db *DB) FindDocument(ctx context.Context, id int64) (*sitrep.Document, error) {
	row := db.ro.QueryRowContext(ctx, "SELECT "+documentColumns+", text FROM documents WHERE id = ?", id)
	d, err := scanDocument(row, true)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("document %d: %w", id, sitrep.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("document %d: %w", id, err)
	}
	return d, nil
}

// FindDocuments lists documents without their text in the order they were
// added. Since and Until match documents whose publication date overlaps
// the range; documents without a date match only when both are empty.
func (db *DB) FindDocuments(ctx context.Context, f sitrep.DocumentFilter) ([]*sitrep.Document, error) {
	lo, hi, err := sitrep.FilterBounds(f.Since, f.Until)
	if err != nil {
		return nil, fmt.Errorf("find documents: %w", err)
	}
	var (
		where []string
		args  []any
	)
	if lo != "" {
		// published || '-99-99' is the high end of a date of any precision.
		where = append(where, "published <> '' AND published || '-99-99' >= ?")
		args = append(args, lo)
	}
	if hi != "" {
		where = append(where, "published <> '' AND published <= ?")
		args = append(args, hi)
	}
	if f.After != 0 {
		where = append(where, "id > ?")
		args = append(args, f.After)
	}
	if f.IDs != nil {
		// One JSON array parameter, whatever the number of IDs.
		ids, err := json.Marshal(f.IDs)
		if err != nil {
			return nil, fmt.Errorf("find documents: %w", err)
		}
		where = append(where, "id IN (SELECT value FROM json_each(?))")
		args = append(args, string(ids))
	}
	q := "SELECT " + documentColumns + " FROM documents" + whereClause(where) + " ORDER BY id" + limitClause(f.Limit)
	rows, err := db.ro.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find documents: %w", err)
	}
	defer rows.Close()
	docs := []*sitrep.Document{}
	for rows.Next() {
		d, err := scanDocument(rows, false)
		if err != nil {
			return nil, fmt.Errorf("find documents: %w", err)
		}
		docs = append(docs, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find documents: %w", err)
	}
	return docs, nil
}

// SimHashes returns the SimHash of every document that is not a
// near-duplicate, keyed by document ID.
func (db *DB) SimHashes(ctx context.Context) (map[int64]uint64, error) {
	rows, err := db.ro.QueryContext(ctx, "SELECT id, simhash FROM documents WHERE duplicate_of IS NULL")
	if err != nil {
		return nil, fmt.Errorf("simhashes: %w", err)
	}
	defer rows.Close()
	m := make(map[int64]uint64)
	for rows.Next() {
		var id, h int64
		if err := rows.Scan(&id, &h); err != nil {
			return nil, fmt.Errorf("simhashes: %w", err)
		}
		m[id] = uint64(h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("simhashes: %w", err)
	}
	return m, nil
}

// DocStats counts what is stored for one document.
type DocStats struct {
	Sentences int `json:"sentences"`
	Mentions  int `json:"mentions"`
	Events    int `json:"events"`
	Transfers int `json:"transfers"`
}

// DocumentStats returns, for every document, how many sentences, mentions,
// events and transfers are stored for it. It is not part of sitrep.Store.
func (db *DB) DocumentStats(ctx context.Context) (map[int64]DocStats, error) {
	// Correlated counts use the (document_id, ...) indexes; grouping the
	// joined tables would multiply rows.
	rows, err := db.ro.QueryContext(ctx, `SELECT d.id,
		(SELECT count(*) FROM sentences WHERE document_id = d.id),
		(SELECT count(*) FROM mentions WHERE document_id = d.id),
		(SELECT count(*) FROM events WHERE document_id = d.id),
		(SELECT count(*) FROM transfers WHERE document_id = d.id)
		FROM documents d`)
	if err != nil {
		return nil, fmt.Errorf("document stats: %w", err)
	}
	defer rows.Close()
	m := make(map[int64]DocStats)
	for rows.Next() {
		var (
			id int64
			s  DocStats
		)
		if err := rows.Scan(&id, &s.Sentences, &s.Mentions, &s.Events, &s.Transfers); err != nil {
			return nil, fmt.Errorf("document stats: %w", err)
		}
		m[id] = s
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("document stats: %w", err)
	}
	return m, nil
}

// whereClause joins conditions with AND.
func whereClause(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " WHERE (" + strings.Join(conds, ") AND (") + ")"
}
