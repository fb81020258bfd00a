package sqlite

import "context"

// SetBeforeCommit makes AddDocument call f just before it commits, and
// fail with f's error; tests use it to interrupt a transaction late.
func SetBeforeCommit(db *DB, f func(context.Context) error) { db.beforeCommit = f }

// SetFrequentTextMatches sets the number of matches above which a text
// query is checked event by event, and returns a function restoring it.
func SetFrequentTextMatches(n int) (restore func()) {
	old := frequentTextMatches
	frequentTextMatches = n
	return func() { frequentTextMatches = old }
}

// SetLargeBoxMatches sets the number of events above which a page of a
// bounding box reads the order index, and returns a function restoring it.
func SetLargeBoxMatches(n int) (restore func()) {
	old := largeBoxMatches
	largeBoxMatches = n
	return func() { largeBoxMatches = old }
}

// IndexedPages is how many pages db's event index answered, and how many
// of them from posting lists.
func IndexedPages(db *DB) (all, listed int64) {
	return db.index.answered.Load(), db.index.listed.Load()
}

// SetListFactor sets how much cheaper the event index takes a posting list
// to be than a scan (0: never read a list), and returns a function
// restoring it.
func SetListFactor(f float64) (restore func()) {
	old := listFactor
	listFactor = f
	return func() { listFactor = old }
}

// WriterPragma returns the value of pragma name on db's writing connection.
func WriterPragma(ctx context.Context, db *DB, name string) (int64, error) {
	var v int64
	err := db.rw.QueryRowContext(ctx, "PRAGMA "+name).Scan(&v)
	return v, err
}
