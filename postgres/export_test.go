package postgres

import (
	"context"
	"time"
)

// OpenAt opens the database at url with only the migrations up to version
// applied, as an older sitrep left it.
func OpenAt(ctx context.Context, url string, version int) (*DB, error) {
	migrateUpTo = version
	defer func() { migrateUpTo = 0 }()
	return Open(ctx, url)
}

// Migrations returns the latest embedded schema version.
func Migrations() int {
	v, _ := latestVersion()
	return v
}

// SetBeforeCommit makes AddDocument call f, with the number of the
// attempt, just before it commits, and fail with f's error.
func SetBeforeCommit(db *DB, f func(ctx context.Context, attempt int) error) { db.beforeCommit = f }

// SetRetryFor sets how long transactions are retried.
func SetRetryFor(db *DB, d time.Duration) { db.RetryFor = d }

// SetLargeBoxMatches sets the number of events above which a page of a
// bounding box reads the order index, and returns a function restoring it.
func SetLargeBoxMatches(n int) (restore func()) {
	old := largeBoxMatches
	largeBoxMatches = n
	return func() { largeBoxMatches = old }
}
