package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sitrep/sitrep"
)

// AddDocument stores doc and everything coded from it in one transaction:
// a batch of one. If a document with the same hash exists it writes nothing
// and returns the existing ID with added == false. doc and analysis are
// updated (IDs, IngestedAt if zero) only once the transaction has
// committed, so a failed call leaves them, and the database, as they were.
func (db *DB) AddDocument(ctx context.Context, doc *sitrep.Document, analysis *sitrep.Analysis) (id int64, added bool, err error) {
	if err := checkDocument(doc); err != nil {
		return 0, false, err
	}
	if db.rw == nil {
		return 0, false, fmt.Errorf("add document %q: %w", docName(doc), sitrep.ErrReadOnly)
	}
	b, err := db.beginBatch(ctx)
	if err != nil {
		return 0, false, fmt.Errorf("add document %q: %w", docName(doc), describe(err))
	}
	defer b.Rollback() // a no-op once committed
	if id, added, err = b.Add(ctx, doc, analysis); err != nil || !added {
		return id, added, err
	}
	if err := b.commit(); err != nil {
		return 0, false, fmt.Errorf("add document %q: %w", docName(doc), describe(err))
	}
	return id, true, nil
}

// BeginBatch starts a transaction in which Add stores documents. It holds
// the write lock until Commit or Rollback; keep batches short (the
// pipeline commits every 64 documents or 0.2 s), as readers see none of a
// batch until it commits. Cancelling ctx rolls the batch back.
func (db *DB) BeginBatch(ctx context.Context) (sitrep.Batch, error) {
	if db.rw == nil {
		return nil, sitrep.ErrReadOnly
	}
	b, err := db.beginBatch(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin batch: %w", describe(err))
	}
	return b, nil
}

var _ sitrep.BatchAdder = (*DB)(nil)

// batch is a sitrep.Batch: one transaction on the writer connection.
type batch struct {
	db     *DB
	ctx    context.Context
	tx     *sql.Tx
	added  []batchDoc
	broken error // set when a failed document could not be undone
	done   bool
}

// batchDoc is a document added to a batch, to be updated on commit.
type batchDoc struct {
	doc      *sitrep.Document
	analysis *sitrep.Analysis
	id       int64
	ingested time.Time
}

func (db *DB) beginBatch(ctx context.Context) (*batch, error) {
	tx, err := db.rw.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &batch{db: db, ctx: ctx, tx: tx}, nil
}

// Add stores doc and analysis in the batch's transaction. A document that
// fails half-way is undone by redoing the batch without it (see redo).
func (b *batch) Add(ctx context.Context, doc *sitrep.Document, analysis *sitrep.Analysis) (id int64, added bool, err error) {
	if err := checkDocument(doc); err != nil {
		return 0, false, err
	}
	defer func() {
		if err != nil {
			err = fmt.Errorf("add document %q: %w", docName(doc), describe(err))
		}
	}()
	switch {
	case b.done:
		return 0, false, errors.New("batch already committed or rolled back")
	case b.broken != nil:
		return 0, false, fmt.Errorf("batch unusable: %w", b.broken)
	}
	ingested := doc.IngestedAt
	if ingested.IsZero() {
		ingested = b.db.Now()
	}
	id, added, err = b.db.insertDocument(ctx, b.tx, doc, analysis, ingested)
	if err != nil {
		if rerr := b.redo(); rerr != nil {
			b.broken = rerr
			return 0, false, errors.Join(err, rerr)
		}
		return 0, false, err
	}
	if added {
		b.added = append(b.added, batchDoc{doc, analysis, id, ingested})
	}
	return id, added, nil
}

// redo undoes a failed document: it rolls the transaction back and adds
// the batch's documents again in a new one, which gives them the same IDs.
// A savepoint per document would undo it alone, but it copies every page a
// document changes into SQLite's sub-journal, a fifth of the cost of
// storing, to serve a failure that valid input does not cause.
func (b *batch) redo() error {
	// The error is of no use: an interrupted statement (a cancelled ctx)
	// may have rolled the transaction back already, and the connection is
	// released either way; BeginTx says whether it is still good.
	b.tx.Rollback()
	tx, err := b.db.rw.BeginTx(b.ctx, nil)
	if err != nil {
		return fmt.Errorf("undo the failed document: %w", err)
	}
	b.tx = tx
	for _, d := range b.added {
		id, added, err := b.db.insertDocument(b.ctx, tx, d.doc, d.analysis, d.ingested)
		if err != nil {
			return fmt.Errorf("undo the failed document: add %q again: %w", docName(d.doc), err)
		}
		if !added || id != d.id {
			return fmt.Errorf("undo the failed document: %q added again as %d (%v), not %d", docName(d.doc), id, added, d.id)
		}
	}
	return nil
}

// Commit commits the batch and then updates its documents and analyses.
func (b *batch) Commit() error {
	if err := b.commit(); err != nil {
		return fmt.Errorf("commit batch of %d documents: %w", len(b.added), describe(err))
	}
	return nil
}

func (b *batch) commit() error {
	if b.done {
		return errors.New("batch already committed or rolled back")
	}
	if b.broken != nil {
		b.Rollback()
		return b.broken
	}
	if err := b.indexText(); err != nil {
		b.Rollback()
		return err
	}
	if b.db.beforeCommit != nil {
		if err := b.db.beforeCommit(b.ctx); err != nil {
			b.Rollback()
			return err
		}
	}
	b.done = true
	if err := b.tx.Commit(); err != nil {
		return err
	}
	for _, d := range b.added {
		d.doc.ID = d.id
		d.doc.IngestedAt = d.ingested
		if d.analysis == nil {
			continue
		}
		// Validated by insertEvents, so the references resolve.
		refs, _ := sitrep.ResolveContradictions(d.id, d.analysis.Events)
		for i := range d.analysis.Events {
			d.analysis.Events[i].ID = sitrep.EventID(d.id, i+1)
			d.analysis.Events[i].Document = d.id
			if len(refs[i]) > 0 {
				d.analysis.Events[i].ContradictedBy = refs[i]
			}
		}
		for i := range d.analysis.Transfers {
			d.analysis.Transfers[i].ID = sitrep.TransferID(d.id, i+1)
			d.analysis.Transfers[i].Document = d.id
		}
	}
	return nil
}

// indexText adds the evidence of the batch's events to the full-text
// index, in the transaction that stores them. A document undone is not in
// b.added, nor are its events in the table.
func (b *batch) indexText() error {
	if len(b.added) == 0 {
		return nil
	}
	ids := make([]int64, len(b.added))
	for i, d := range b.added {
		ids[i] = d.id
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	_, err = b.tx.ExecContext(b.ctx, fmt.Sprintf(`INSERT INTO events_fts (rowid, evidence)
		SELECT document_id * %d + ordinal, evidence FROM events
		WHERE document_id IN (SELECT value FROM json_each(?))`, ftsDocStride), string(list))
	if err != nil {
		return fmt.Errorf("full-text index: %w", err)
	}
	return nil
}

// Rollback discards the batch.
func (b *batch) Rollback() error {
	if b.done {
		return nil
	}
	b.done = true
	return b.tx.Rollback()
}

// checkDocument refuses what no store can add.
func checkDocument(doc *sitrep.Document) error {
	if doc == nil {
		return errors.New("sqlite: add document: nil document")
	}
	if doc.Hash == "" {
		return fmt.Errorf("add document %q: empty hash", docName(doc))
	}
	return nil
}

// docName names a document in errors: its source, else its hash.
func docName(doc *sitrep.Document) string {
	if doc.Source != "" {
		return doc.Source
	}
	return doc.Hash
}

// insertDocument writes doc and its analysis in tx, or nothing when a
// document with its hash is there already.
func (db *DB) insertDocument(ctx context.Context, tx *sql.Tx, doc *sitrep.Document, analysis *sitrep.Analysis, ingested time.Time) (id int64, added bool, err error) {
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
		codedAt := formatTime(db.Now())
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
	// Asked for every document ingested: the statement is kept.
	row := db.queryRow(ctx, "SELECT "+documentColumns+", text FROM documents WHERE hash = ?", hash)
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
