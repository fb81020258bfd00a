package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/postgres"
	"github.com/sitrep/sitrep/sqlite"
)

// dbFlag adds --db to fs; the value falls back to $SITREP_DB and then to the
// default path in the user's data directory. A postgres:// URL selects
// the PostgreSQL store.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", "", "database `path` or postgres:// URL (default $SITREP_DB or sitrep.db in the user data directory)")
}

// storePath resolves --db: the flag, else $SITREP_DB, else the default
// path in the user's data directory.
func storePath(e *env, flagPath string) (string, error) {
	if flagPath != "" {
		return flagPath, nil
	}
	if p := e.getenv("SITREP_DB"); p != "" {
		return p, nil
	}
	return sqlite.DefaultPath()
}

// openStore opens the store named by --db, $SITREP_DB or the default path
// for writing, creating it if needed: for commands that add to it.
func openStore(ctx context.Context, e *env, flagPath string) (sitrep.Store, error) {
	path, err := storePath(e, flagPath)
	if err != nil {
		return nil, err
	}
	coder := "sitrep " + version // recorded with every event it codes
	if postgres.IsURL(path) {
		db, err := postgres.Open(ctx, path)
		if err != nil {
			return nil, err
		}
		db.Coder = coder
		return db, nil
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	db.Coder = coder
	return db, nil
}

// openReader opens the store named by --db, $SITREP_DB or the default path
// for reading only: it is never created, and a writer at work does not
// block it. A store that does not exist is refused with the command that
// creates one, so that a mistyped path is not read as an empty store. A
// store of an older schema is first upgraded by the writer.
func openReader(ctx context.Context, e *env, flagPath string) (sitrep.Reader, error) {
	path, err := storePath(e, flagPath)
	if err != nil {
		return nil, err
	}
	if postgres.IsURL(path) {
		return openPostgresReader(ctx, e, path)
	}
	db, err := sqlite.OpenReadOnly(ctx, path)
	if errors.Is(err, sqlite.ErrOldSchema) {
		// A store written by an older sitrep: without this, every read
		// command would refuse it after an upgrade until the next ingest.
		// The writer migrates it once, saying so; readers still never do.
		w, werr := sqlite.Open(ctx, path)
		if werr != nil {
			return nil, fmt.Errorf("%w\nupgrading it: %v", err, werr)
		}
		fmt.Fprintf(e.stderr, "sitrep: %s: schema upgraded to version %d\n", path, w.SchemaVersion())
		if err := w.Close(); err != nil {
			return nil, err
		}
		db, err = sqlite.OpenReadOnly(ctx, path)
	}
	if errors.Is(err, sitrep.ErrNoStore) {
		create := "sitrep ingest FILES"
		if flagPath != "" {
			create = "sitrep ingest --db " + flagPath + " FILES"
		}
		return nil, fmt.Errorf("%w; create one with: %s", err, create)
	}
	if err != nil {
		return nil, err
	}
	return db, nil
}

// openPostgresReader is openReader for a postgres:// URL: a database
// without a sitrep schema is refused with the command that creates one,
// and an older schema is first upgraded by a writer.
func openPostgresReader(ctx context.Context, e *env, url string) (sitrep.Reader, error) {
	db, err := postgres.OpenReadOnly(ctx, url)
	if errors.Is(err, postgres.ErrOldSchema) {
		w, werr := postgres.Open(ctx, url)
		if werr != nil {
			return nil, fmt.Errorf("%w\nupgrading it: %v", err, werr)
		}
		fmt.Fprintf(e.stderr, "sitrep: %s: schema upgraded to version %d\n", w.Name(), w.SchemaVersion())
		w.Close()
		db, err = postgres.OpenReadOnly(ctx, url)
	}
	if errors.Is(err, sitrep.ErrNoStore) {
		return nil, fmt.Errorf("%w; create one with: sitrep ingest --db URL FILES", err)
	}
	if err != nil {
		return nil, err
	}
	return db, nil
}
