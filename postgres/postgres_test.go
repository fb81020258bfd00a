package postgres_test

import (
	"context"
	"testing"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/pgtest"
	"github.com/sitrep/sitrep/postgres"
	"github.com/sitrep/sitrep/storetest"
)

// openTemp opens an empty store in a schema of its own.
func openTemp(t *testing.T) sitrep.Store {
	t.Helper()
	db, err := postgres.Open(context.Background(), pgtest.Schema(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestStore runs the stores' conformance suite.
func TestStore(t *testing.T) { storetest.TestStore(t, openTemp) }
