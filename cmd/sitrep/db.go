package main

import (
	"context"
	"flag"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/sqlite"
)

// dbFlag adds --db to fs; the value falls back to $SITREP_DB and then to the
// default path in the user's data directory.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", "", "database `path` (default $SITREP_DB or sitrep.db in the user data directory)")
}

// openStore opens the store named by --db, $SITREP_DB or the default path.
func openStore(ctx context.Context, e *env, path string) (sitrep.Store, error) {
	if path == "" {
		path = e.getenv("SITREP_DB")
	}
	if path == "" {
		p, err := sqlite.DefaultPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	db.Coder = "sitrep " + version // recorded with every event it codes
	return db, nil
}
