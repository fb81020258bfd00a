package sqlite

import "context"

// SetBeforeCommit makes AddDocument call f just before it commits, and
// fail with f's error; tests use it to interrupt a transaction late.
func SetBeforeCommit(db *DB, f func(context.Context) error) { db.beforeCommit = f }
