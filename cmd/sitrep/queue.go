package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/postgres"
)

// queueURL resolves --db for the commands that work through the job
// queue, which lives in PostgreSQL beside the store: an SQLite path is
// refused with the command that does the same work in one process.
func queueURL(e *env, flagPath, command string) (string, error) {
	path, err := storePath(e, flagPath)
	if err != nil {
		return "", err
	}
	if !isPostgresURL(path) {
		return "", fmt.Errorf("%s needs a PostgreSQL store (--db postgres://…), where its job queue lives, shared by workers on any number of machines; %s is an SQLite store: `sitrep ingest --db %s FILES|URLS` reads, codes and stores the same documents in one process", command, path, path)
	}
	return path, nil
}

// isPostgresURL reports whether a --db value names a PostgreSQL server.
func isPostgresURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// openQueueStore opens the PostgreSQL store at url for writing, creating
// or upgrading its schema.
func openQueueStore(ctx context.Context, url string) (sitrep.Store, error) {
	db, err := postgres.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	db.Coder = "sitrep " + version // recorded with every event it codes
	return db, nil
}
