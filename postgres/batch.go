package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/sitrep/sitrep"
)

var _ sitrep.BatchAdder = (*DB)(nil)

// BeginBatch starts a transaction in which Add stores documents one
// savepoint each, for the pipeline's group commit. Unlike SQLite's, it
// does not hold up other writers, except one storing the same text, which
// waits for the batch to end; readers see none of a batch until it
// commits.
//
// A batch whose connection is lost (a PostgreSQL restart) is replayed on a
// new connection, its documents under the IDs Add returned, until
// DB.RetryFor has passed, so a restart delays a group rather than failing
// it. Should another writer have stored one of its texts in the meantime,
// the batch fails as a whole, stores nothing, and its Add and Commit
// return an error wrapping sitrep.ErrConflict.
func (db *DB) BeginBatch(ctx context.Context) (sitrep.Batch, error) {
	if db.readOnly {
		return nil, sitrep.ErrReadOnly
	}
	b := &batch{db: db, ctx: ctx, hashes: map[string]int64{}}
	if err := db.run(ctx, b.begin); err != nil {
		return nil, fmt.Errorf("begin batch: %w", err)
	}
	return b, nil
}

// batch is a sitrep.Batch: one transaction, and what was added in it, to
// replay after a lost connection.
type batch struct {
	db     *DB
	ctx    context.Context
	tx     pgx.Tx
	added  []batchDoc
	hashes map[string]int64 // of every document added, new or not
	done   bool
	// broken is why the batch's transaction lacks documents Add took,
	// after a replay failed: it must not commit.
	broken error
}

// batchDoc is a document added to a batch, to replay and to update on
// commit.
type batchDoc struct {
	doc               *sitrep.Document
	analysis          *sitrep.Analysis
	id                int64
	ingested, codedAt time.Time
}

// begin opens the batch's transaction.
func (b *batch) begin(ctx context.Context) (err error) {
	b.tx, err = b.db.pool.Begin(ctx)
	return err
}

// replay opens a new transaction and stores again, under the same IDs,
// the documents added so far.
func (b *batch) replay(ctx context.Context) error {
	if b.tx != nil {
		b.tx.Rollback(context.WithoutCancel(ctx))
	}
	if err := b.begin(ctx); err != nil {
		return err
	}
	for _, d := range b.added {
		if _, err := b.insert(ctx, d); err != nil {
			return err
		}
	}
	return nil
}

// retry runs f, replaying the batch first after a lost connection, as
// DB.run retries a transaction.
func (b *batch) retry(ctx context.Context, f func(ctx context.Context) error) error {
	first := true
	return b.db.run(ctx, func(ctx context.Context) error {
		if !first {
			if err := b.replay(ctx); err != nil {
				b.broken = err
				return err
			}
			b.broken = nil
		}
		first = false
		return f(ctx)
	})
}

// errTaken is returned when a replayed document was stored by another
// writer meanwhile: the batch cannot keep the IDs it gave.
var errTaken = fmt.Errorf("%w: a document was stored by another writer while the batch was replayed", sitrep.ErrConflict)

// errCommitted is returned when a replayed document is found stored by
// the batch itself: its commit went through though its answer was lost
// with the connection.
var errCommitted = errors.New("the batch was committed")

// insert stores one document in the batch's transaction inside a
// savepoint, undone alone if it fails. With d.id set (a replay) it is
// stored under that ID. It reports the ID of a document already stored
// with added == false.
func (b *batch) insert(ctx context.Context, d batchDoc) (added bool, err error) {
	sp, err := b.tx.Begin(ctx) // a savepoint
	if err != nil {
		return false, err
	}
	defer func() {
		if err != nil {
			sp.Rollback(context.WithoutCancel(ctx))
		}
	}()
	doc := d.doc
	var dup *int64
	if doc.DuplicateOf != 0 {
		dup = &doc.DuplicateOf
	}
	var id int64
	err = sp.QueryRow(ctx, `INSERT INTO documents
		(id, hash, simhash, duplicate_of, title, outlet, url, source, published, published_from, language, text, ingested_at)
		VALUES (coalesce($1, nextval(pg_get_serial_sequence('documents', 'id'))), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		ON CONFLICT (hash) DO NOTHING RETURNING id`,
		nonZero(d.id), doc.Hash, int64(doc.SimHash), dup, doc.Title, doc.Outlet, doc.URL, doc.Source,
		doc.Published, doc.PublishedFrom, doc.Language, doc.Text, d.ingested).Scan(&id)
	switch {
	case errors.Is(err, pgx.ErrNoRows) && d.id != 0:
		// Ours (same ID, same time to the microsecond) or another's.
		var at time.Time
		if err := sp.QueryRow(ctx, "SELECT id, ingested_at FROM documents WHERE hash = $1", doc.Hash).Scan(&id, &at); err != nil {
			return false, err
		}
		if id == d.id && at.Equal(d.ingested) {
			return false, errCommitted
		}
		return false, errTaken
	case errors.Is(err, pgx.ErrNoRows):
		return false, sp.Commit(ctx)
	case err != nil:
		return false, err
	}
	if d.analysis != nil {
		if err := b.db.insertAnalysis(ctx, sp, id, doc.Published, d.codedAt, d.analysis); err != nil {
			return false, err
		}
	}
	if err := sp.Commit(ctx); err != nil {
		return false, err
	}
	if d.id == 0 {
		b.added = append(b.added, batchDoc{doc, d.analysis, id, d.ingested, d.codedAt})
	}
	return true, nil
}

func nonZero(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// Add stores doc and analysis in the batch as AddDocument would and
// returns the ID it will have once the batch commits.
func (b *batch) Add(ctx context.Context, doc *sitrep.Document, analysis *sitrep.Analysis) (id int64, added bool, err error) {
	if doc == nil {
		return 0, false, errors.New("postgres: add document: nil document")
	}
	name := doc.Source
	if name == "" {
		name = doc.Hash
	}
	defer func() {
		if err != nil {
			err = fmt.Errorf("add document %q: %w", name, err)
		}
	}()
	switch {
	case doc.Hash == "":
		return 0, false, errors.New("empty hash")
	case b.done:
		return 0, false, errors.New("batch already committed or rolled back")
	case b.broken != nil:
		return 0, false, b.broken
	}
	if id, ok := b.hashes[doc.Hash]; ok {
		return id, false, nil
	}
	if analysis != nil {
		if _, err := sitrep.ResolveContradictions(0, analysis.Events); err != nil {
			return 0, false, err
		}
	}
	ingested := doc.IngestedAt
	if ingested.IsZero() {
		ingested = b.db.Now()
	}
	d := batchDoc{doc: doc, analysis: analysis,
		ingested: ingested.UTC().Truncate(time.Microsecond), codedAt: b.db.Now().UTC().Truncate(time.Microsecond)}
	err = b.retry(ctx, func(ctx context.Context) error {
		added, err = b.insert(ctx, d)
		if err != nil || added {
			return err
		}
		return b.tx.QueryRow(ctx, "SELECT id FROM documents WHERE hash = $1", doc.Hash).Scan(&id)
	})
	if err != nil {
		return 0, false, err
	}
	if added {
		id = b.added[len(b.added)-1].id
	}
	b.hashes[doc.Hash] = id
	return id, added, nil
}

// Commit commits the batch and then updates its documents and analyses.
func (b *batch) Commit() error {
	if b.done {
		return errors.New("batch already committed or rolled back")
	}
	attempt := 0
	err := b.broken
	if err == nil {
		err = b.retry(b.ctx, func(ctx context.Context) error {
			attempt++
			if b.db.beforeCommit != nil {
				if err := b.db.beforeCommit(ctx, attempt); err != nil {
					return err
				}
			}
			return b.tx.Commit(ctx)
		})
	}
	if errors.Is(err, errCommitted) {
		b.tx.Rollback(context.WithoutCancel(b.ctx)) // the replay's
		err = nil
	}
	b.done = true
	if err != nil {
		b.tx.Rollback(context.WithoutCancel(b.ctx))
		return fmt.Errorf("commit batch of %d documents: %w", len(b.added), err)
	}
	for _, d := range b.added {
		setIDs(d.doc, d.analysis, d.id, d.ingested)
	}
	return nil
}

// Rollback discards the batch; after Commit it does nothing.
func (b *batch) Rollback() error {
	if b.done {
		return nil
	}
	b.done = true
	return b.tx.Rollback(context.WithoutCancel(b.ctx))
}

// setIDs gives a stored document and its analysis the IDs the store gave
// them.
func setIDs(doc *sitrep.Document, analysis *sitrep.Analysis, id int64, ingested time.Time) {
	doc.ID = id
	doc.IngestedAt = ingested
	if analysis == nil {
		return
	}
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
