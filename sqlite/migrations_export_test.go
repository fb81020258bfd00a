package sqlite

import "context"

// Migrations returns the latest embedded schema version and how many
// migrations lead to it, so that tests need no editing when one is added.
func Migrations() (latest, count int) {
	ms, err := migrations()
	if err != nil || len(ms) == 0 {
		return 0, 0
	}
	return ms[len(ms)-1].Version, len(ms)
}

// OpenAt opens the database at path with only the migrations up to
// version applied, as an older sitrep left it.
func OpenAt(ctx context.Context, path string, version int) (*DB, error) {
	migrateUpTo = version
	defer func() { migrateUpTo = 0 }()
	return Open(ctx, path)
}
