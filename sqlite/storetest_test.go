package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/sqlite"
	"github.com/sitrep/sitrep/storetest"
)

// TestStore runs the stores' conformance suite.
func TestStore(t *testing.T) { storetest.TestStore(t, openTemp) }

// TestStoreQueriesProbingText runs the suite with every text query taken
// as frequent, so that pages check the text event by event.
func TestStoreQueriesProbingText(t *testing.T) {
	defer sqlite.SetFrequentTextMatches(0)()
	storetest.TestQueries(t, openTemp)
}

// openTemp opens an empty store in a temporary folder.
func openTemp(t *testing.T) sitrep.Store {
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestStoreQueries_ReadOnly runs the suite's queries through a reader
// opened read-only beside the writer that stores the seeds.
func TestStoreQueries_ReadOnly(t *testing.T) {
	storetest.TestQueries(t, func(t *testing.T) sitrep.Store {
		path := filepath.Join(t.TempDir(), "s.db")
		w, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { w.Close() })
		r, err := sqlite.OpenReadOnly(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		return readThrough{Reader: r, w: w}
	})
}

// readThrough is a Store that writes through one DB and reads through
// another.
type readThrough struct {
	sitrep.Reader
	w *sqlite.DB
}

func (s readThrough) AddDocument(ctx context.Context, doc *sitrep.Document, a *sitrep.Analysis) (int64, bool, error) {
	return s.w.AddDocument(ctx, doc, a)
}

// TestStoreBatch runs the suite's group-commit checks.
func TestStoreBatch(t *testing.T) { storetest.TestBatch(t, openTemp) }

// TestStoreUpgrade fills a database of the previous schema and upgrades
// it.
func TestStoreUpgrade(t *testing.T) {
	storetest.TestUpgrade(t, func(t *testing.T) (sitrep.Store, func(t *testing.T) sitrep.Store) {
		ctx := context.Background()
		path := filepath.Join(t.TempDir(), "old.db")
		latest, _ := sqlite.Migrations()
		old, err := sqlite.OpenAt(ctx, path, latest-1)
		if err != nil {
			t.Fatal(err)
		}
		if old.SchemaVersion() != latest-1 {
			t.Fatalf("old store at version %d, want %d", old.SchemaVersion(), latest-1)
		}
		return old, func(t *testing.T) sitrep.Store {
			old.Close()
			db, err := sqlite.Open(ctx, path)
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
	storetest.Benchmark(b, func(tb testing.TB) sitrep.Store { return MustOpenDB(tb) })
}
