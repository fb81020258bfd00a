package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/sitrep/sitrep"
)

// AddDocument stores doc and everything coded from it in one transaction.
// If a document with the same hash exists it writes nothing and returns the
// existing ID with added == false; the hash's UNIQUE constraint decides
// between concurrent writers of one text. doc and analysis are updated
// (IDs, IngestedAt if zero) only once the transaction has committed, so a
// failed call leaves them, and the database, as they were.
func (db *DB) AddDocument(ctx context.Context, doc *sitrep.Document, analysis *sitrep.Analysis) (id int64, added bool, err error) {
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
	if doc.Hash == "" {
		return 0, false, errors.New("empty hash")
	}
	if db.readOnly {
		return 0, false, sitrep.ErrReadOnly
	}
	if analysis != nil {
		if _, err := sitrep.ResolveContradictions(0, analysis.Events); err != nil {
			return 0, false, err
		}
	}
	// PostgreSQL keeps microseconds: round now, so that the time read
	// back equals the one set on doc, and so that a retry can recognise
	// its own earlier commit by it.
	ingested := doc.IngestedAt
	if ingested.IsZero() {
		ingested = db.Now()
	}
	ingested = ingested.UTC().Truncate(time.Microsecond)
	codedAt := db.Now().UTC().Truncate(time.Microsecond)

	attempt := 0
	err = db.inTx(ctx, func(ctx context.Context, tx pgx.Tx) error {
		attempt++
		var at time.Time
		err := tx.QueryRow(ctx, "SELECT id, ingested_at FROM documents WHERE hash = $1", doc.Hash).Scan(&id, &at)
		if err == nil {
			// A commit whose answer was lost with the connection
			// left our own row: same hash, same time to the
			// microsecond. Anything else is another writer's.
			added = attempt > 1 && at.Equal(ingested)
			return nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		var dup *int64
		if doc.DuplicateOf != 0 {
			dup = &doc.DuplicateOf
		}
		err = tx.QueryRow(ctx, `INSERT INTO documents
			(hash, simhash, duplicate_of, title, outlet, url, source, published, published_from, language, text, ingested_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
			ON CONFLICT (hash) DO NOTHING RETURNING id`,
			doc.Hash, int64(doc.SimHash), dup, doc.Title, doc.Outlet, doc.URL, doc.Source,
			doc.Published, doc.PublishedFrom, doc.Language, doc.Text, ingested).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			// Another writer stored the text since our SELECT: the
			// conflict waited for its commit, so its row is visible.
			added = false
			return tx.QueryRow(ctx, "SELECT id FROM documents WHERE hash = $1", doc.Hash).Scan(&id)
		}
		if err != nil {
			return err
		}
		added = true
		if analysis != nil {
			if err := db.insertAnalysis(ctx, tx, id, doc.Published, codedAt, analysis); err != nil {
				return err
			}
		}
		if db.beforeCommit != nil {
			return db.beforeCommit(ctx, attempt)
		}
		return nil
	})
	if err != nil {
		return 0, false, err
	}
	if !added {
		return id, false, nil
	}
	setIDs(doc, analysis, id, ingested)
	return id, true, nil
}

// insertAnalysis stores a document's sentences, mentions, events and
// transfers within tx, as one batch: one round trip to the server however
// many rows there are.
func (db *DB) insertAnalysis(ctx context.Context, tx pgx.Tx, doc int64, published string, codedAt time.Time, a *sitrep.Analysis) error {
	b := &stmtBatch{}
	for _, s := range a.Sentences {
		b.queue(fmt.Sprintf("sentence %d", s.Index), `INSERT INTO sentences (document_id, idx, start, "end", text) VALUES ($1, $2, $3, $4, $5)`,
			doc, s.Index, s.Start, s.End, s.Text)
	}
	for i, m := range a.Mentions {
		b.queue(fmt.Sprintf("mention %d (%q)", i, m.Text), `INSERT INTO mentions
			(document_id, position, start, "end", text, kind, entity_id, name, country, sector, category, lat, lon)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			doc, i, m.Start, m.End, m.Text, m.Kind, m.ID, m.Name, m.Country, m.Sector, m.Category, m.Lat, m.Lon)
	}
	if err := queueEvents(b, doc, published, db.Coder, codedAt, a.Events); err != nil {
		return err
	}
	for i := range a.Transfers {
		t := &a.Transfers[i]
		b.queue(fmt.Sprintf("transfer %d (%s)", i+1, t.Item), `INSERT INTO transfers
			(id, document_id, ordinal, supplier, recipient, item, category, quantity, status,
			 sentence, start, "end", evidence, date, rule, coder, coded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
			sitrep.TransferID(doc, i+1), doc, i+1, t.Supplier, t.Recipient, t.Item, t.Category, t.Quantity, t.Status,
			t.Sentence, t.Start, t.End, t.Evidence, t.Date, t.Rule, db.Coder, codedAt)
	}
	return b.send(ctx, tx)
}

// stmtBatch is a pgx.Batch whose statements have names, so that an error
// says which row of the document failed.
type stmtBatch struct {
	pgx.Batch
	labels []string
}

// queue adds a statement, named label in errors.
func (b *stmtBatch) queue(label, sql string, arguments ...any) {
	b.Queue(sql, arguments...)
	b.labels = append(b.labels, label)
}

// send runs the statements in one round trip and returns the first error,
// named by its statement's label.
func (b *stmtBatch) send(ctx context.Context, tx pgx.Tx) error {
	if b.Len() == 0 {
		return nil
	}
	res := tx.SendBatch(ctx, &b.Batch)
	for _, label := range b.labels {
		if _, err := res.Exec(); err != nil {
			res.Close()
			return fmt.Errorf("%s: %w", label, err)
		}
	}
	return res.Close()
}

// documentColumns are the columns scanDocument reads, text last so that
// listings can leave it out.
const documentColumns = `id, hash, simhash, duplicate_of, title, outlet, url, source,
	published, published_from, language, ingested_at`

// scanDocument reads documentColumns, plus text if withText.
func scanDocument(row pgx.Row, withText bool) (*sitrep.Document, error) {
	var (
		d       sitrep.Document
		simhash int64
		dup     *int64
	)
	dest := []any{&d.ID, &d.Hash, &simhash, &dup, &d.Title, &d.Outlet, &d.URL, &d.Source,
		&d.Published, &d.PublishedFrom, &d.Language, &d.IngestedAt}
	if withText {
		dest = append(dest, &d.Text)
	}
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	d.SimHash = uint64(simhash)
	if dup != nil {
		d.DuplicateOf = *dup
	}
	d.IngestedAt = d.IngestedAt.UTC()
	return &d, nil
}

// findDocument returns the one document a query selects, with its text.
func (db *DB) findDocument(ctx context.Context, what, where string, arg any) (*sitrep.Document, error) {
	var d *sitrep.Document
	err := db.run(ctx, func(ctx context.Context) (err error) {
		d, err = scanDocument(db.pool.QueryRow(ctx, "SELECT "+documentColumns+", text FROM documents WHERE "+where, arg), true)
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("%s: %w", what, sitrep.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return d, nil
}

// FindDocumentByHash returns the document with that content hash, with its
// text, or sitrep.ErrNotFound.
func (db *DB) FindDocumentByHash(ctx context.Context, hash string) (*sitrep.Document, error) {
	return db.findDocument(ctx, fmt.Sprintf("document with hash %q", hash), "hash = $1", hash)
}

// FindDocument returns one document by ID, with its text, or
// sitrep.ErrNotFound.
func (db *DB) FindDocument(ctx context.Context, id int64) (*sitrep.Document, error) {
	return db.findDocument(ctx, fmt.Sprintf("document %d", id), "id = $1", id)
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
		a     args
	)
	if lo != "" {
		// published || '-99-99' is the high end of a date of any precision.
		where = append(where, "published <> '' AND published || '-99-99' >= "+a.add(lo))
	}
	if hi != "" {
		where = append(where, "published <> '' AND published <= "+a.add(hi))
	}
	if f.After != 0 {
		where = append(where, "id > "+a.add(f.After))
	}
	if f.IDs != nil {
		where = append(where, "id = ANY("+a.add(f.IDs)+")")
	}
	q := "SELECT " + documentColumns + " FROM documents" + whereClause(where) + " ORDER BY id" + limitClause(f.Limit)
	var docs []*sitrep.Document
	err = db.run(ctx, func(ctx context.Context) error {
		docs = []*sitrep.Document{}
		rows, err := db.pool.Query(ctx, q, a...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			d, err := scanDocument(rows, false)
			if err != nil {
				return err
			}
			docs = append(docs, d)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("find documents: %w", err)
	}
	return docs, nil
}

// SimHashes returns the SimHash of every document that is not a
// near-duplicate, keyed by document ID.
func (db *DB) SimHashes(ctx context.Context) (map[int64]uint64, error) {
	var m map[int64]uint64
	err := db.run(ctx, func(ctx context.Context) error {
		m = make(map[int64]uint64)
		rows, err := db.pool.Query(ctx, "SELECT id, simhash FROM documents WHERE duplicate_of IS NULL")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, h int64
			if err := rows.Scan(&id, &h); err != nil {
				return err
			}
			m[id] = uint64(h)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("simhashes: %w", err)
	}
	return m, nil
}

// DocumentURLs lists the http(s) URLs stored as documents' URLs or
// sources, for a feed to skip entries already read (pipeline.URLLister).
// It is not part of sitrep.Store.
func (db *DB) DocumentURLs(ctx context.Context) ([]string, error) {
	var urls []string
	err := db.run(ctx, func(ctx context.Context) error {
		urls = nil
		rows, err := db.pool.Query(ctx, `SELECT url FROM documents WHERE url LIKE 'http%'
			UNION SELECT source FROM documents WHERE source LIKE 'http%'`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var u string
			if err := rows.Scan(&u); err != nil {
				return err
			}
			urls = append(urls, u)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("document URLs: %w", err)
	}
	return urls, nil
}

// FindSentences lists the sentences of one document in text order. It
// returns an empty list, not an error, for an unknown document.
func (db *DB) FindSentences(ctx context.Context, doc int64) ([]sitrep.Sentence, error) {
	var ss []sitrep.Sentence
	err := db.run(ctx, func(ctx context.Context) error {
		ss = []sitrep.Sentence{}
		rows, err := db.pool.Query(ctx, `SELECT idx, start, "end", text FROM sentences WHERE document_id = $1 ORDER BY idx`, doc)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s sitrep.Sentence
			if err := rows.Scan(&s.Index, &s.Start, &s.End, &s.Text); err != nil {
				return err
			}
			ss = append(ss, s)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sentences of document %d: %w", doc, err)
	}
	return ss, nil
}

// FindMentions lists the entity mentions of one document in the order
// they were stored. It returns an empty list, not an error, for an unknown
// document.
func (db *DB) FindMentions(ctx context.Context, doc int64) ([]sitrep.Mention, error) {
	var ms []sitrep.Mention
	err := db.run(ctx, func(ctx context.Context) error {
		ms = []sitrep.Mention{}
		rows, err := db.pool.Query(ctx, `SELECT start, "end", text, kind, entity_id, name,
			country, sector, category, lat, lon
			FROM mentions WHERE document_id = $1 ORDER BY position`, doc)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m sitrep.Mention
			if err := rows.Scan(&m.Start, &m.End, &m.Text, &m.Kind, &m.ID, &m.Name,
				&m.Country, &m.Sector, &m.Category, &m.Lat, &m.Lon); err != nil {
				return err
			}
			ms = append(ms, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("mentions of document %d: %w", doc, err)
	}
	return ms, nil
}
