package postgres_test

import (
	"context"
	"errors"
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
func TestStore(t *testing.T) {
	pgtest.URL(t) // one skip, not one per subtest, without a server
	storetest.TestStore(t, openTemp)
}

// TestStoreBatch runs the suite's group-commit tests.
func TestStoreBatch(t *testing.T) {
	pgtest.URL(t)
	storetest.TestBatch(t, openTemp)
}

// TestStoreQueriesScanningBoxes runs the query suite with every box taken
// as large, so that pages check coordinates event by event.
func TestStoreQueriesScanningBoxes(t *testing.T) {
	pgtest.URL(t)
	defer postgres.SetLargeBoxMatches(0)()
	storetest.TestQueries(t, openTemp)
}

// TestStoreUpgrade fills a database of the previous schema and upgrades
// it.
func TestStoreUpgrade(t *testing.T) {
	storetest.TestUpgrade(t, func(t *testing.T) (sitrep.Store, func(t *testing.T) sitrep.Store) {
		ctx := context.Background()
		url := pgtest.Schema(t)
		latest := postgres.Migrations()
		old, err := postgres.OpenAt(ctx, url, latest-1)
		if err != nil {
			t.Fatal(err)
		}
		if old.SchemaVersion() != latest-1 {
			t.Fatalf("old store at version %d, want %d", old.SchemaVersion(), latest-1)
		}
		if _, err := postgres.OpenReadOnly(ctx, url); !errors.Is(err, postgres.ErrOldSchema) {
			t.Errorf("OpenReadOnly of the old schema: %v, want ErrOldSchema", err)
		}
		return old, func(t *testing.T) sitrep.Store {
			old.Close()
			db, err := postgres.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			if db.SchemaVersion() != latest {
				t.Errorf("upgraded store at version %d, want %d", db.SchemaVersion(), latest)
			}
			return db
		}
	})
}

// BenchmarkStore runs the stores' shared benchmark.
func BenchmarkStore(b *testing.B) {
	pgtest.URL(b)
	storetest.Benchmark(b, func(tb testing.TB) sitrep.Store {
		db, err := postgres.Open(context.Background(), pgtest.Schema(tb))
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { db.Close() })
		return db
	})
}
