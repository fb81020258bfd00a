package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// maxReadStmts bounds the statements kept: queries built from filters
// differ in their text, and an unbounded cache would grow with them.
const maxReadStmts = 64

// stmtCache keeps statements prepared on the read-only connections, by
// query text. Preparing took a fifth of the time of reading a page of
// events (the events, their actors, mentions and contradictions): more
// than reading the actors did.
type stmtCache struct {
	mu sync.Mutex
	on *sql.DB // the pool they were prepared on
	m  map[string]*sql.Stmt
}

// prepared returns a statement prepared on ro for each query, nil where
// the cache is full. It must be called before a transaction takes its
// connection: preparing needs one of the pool's, and transactions holding
// them all would wait on each other.
func (c *stmtCache) prepared(ctx context.Context, ro *sql.DB, queries ...string) ([]*sql.Stmt, error) {
	out := make([]*sql.Stmt, len(queries))
	for i, q := range queries {
		c.mu.Lock()
		if c.on != ro {
			// The readers were opened again (a read-only store falling
			// back to immutable reads); the old pool closed its own.
			c.on, c.m = ro, map[string]*sql.Stmt{}
		}
		st, full := c.m[q], len(c.m) >= maxReadStmts
		c.mu.Unlock()
		if st != nil || full {
			out[i] = st
			continue
		}
		st, err := ro.PrepareContext(ctx, q)
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		switch kept := c.m[q]; {
		case kept != nil: // prepared meanwhile by another request
			st.Close()
			st = kept
		case c.on == ro:
			c.m[q] = st
		}
		c.mu.Unlock()
		out[i] = st
	}
	return out, nil
}

// query runs q in tx, with st, q's kept statement, when it is not nil
// (Tx.StmtContext reuses what tx's connection has prepared of it).
func query(ctx context.Context, tx *sql.Tx, st *sql.Stmt, q string, args ...any) (*sql.Rows, error) {
	if st == nil {
		return tx.QueryContext(ctx, q, args...)
	}
	return tx.StmtContext(ctx, st).QueryContext(ctx, args...)
}

// close closes the kept statements.
func (c *stmtCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for _, st := range c.m {
		errs = append(errs, st.Close())
	}
	c.on, c.m = nil, nil
	return errors.Join(errs...)
}

// queryRow runs a query of one row on the readers with a kept statement;
// a statement that cannot be prepared reports its error from Scan.
func (db *DB) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	stmts, err := db.reads.prepared(ctx, db.ro, q)
	if err != nil || stmts[0] == nil {
		return db.ro.QueryRowContext(ctx, q, args...)
	}
	return stmts[0].QueryRowContext(ctx, args...)
}
