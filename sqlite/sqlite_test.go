package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/sqlite"
	"github.com/sitrep/sitrep/storetest"
)

// MustOpenDB opens a new database in a temporary directory and closes it
// when the test ends.
func MustOpenDB(tb testing.TB) *sqlite.DB {
	tb.Helper()
	return mustOpenPath(tb, filepath.Join(tb.TempDir(), "sitrep.db"))
}

func mustOpenPath(tb testing.TB, path string) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	db.Coder = "sitrep test"
	db.Now = func() time.Time { return time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC) }
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Error(err)
		}
	})
	return db
}

// rawDB opens the file with database/sql directly, to inspect or damage
// it behind the store's back.
func rawDB(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { raw.Close() })
	return raw
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	// Parent directories are created; odd characters in the path are fine.
	path := filepath.Join(t.TempDir(), "a b", "c?d#e", "sitrep.db")
	db := mustOpenPath(t, path)
	if got, want := db.SchemaVersion(), latest(); got != want {
		t.Errorf("SchemaVersion = %d, want %d", got, want)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database file not created: %v", err)
	}
	// The document goes into the write-ahead log next to the file.
	if _, _, err := db.AddDocument(ctx, sampleDocument(1), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Errorf("no WAL file: %v", err)
	}
}

// The writer's settings that an ingest's speed and safety rest on
// (sqlite.go says why each).
func TestWriterPragmas(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	for _, tt := range []struct {
		name string
		want int64
	}{
		{"synchronous", 1}, // NORMAL
		{"foreign_keys", 1},
		{"cache_size", -65536},
		{"temp_store", 2}, // MEMORY
		{"wal_autocheckpoint", 16384},
		{"journal_size_limit", 64 << 20},
	} {
		got, err := sqlite.WriterPragma(ctx, db, tt.name)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("PRAGMA %s = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestOpen_Reopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sitrep.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	doc, a := sampleDocument(1), sampleAnalysis(8, 4, 2)
	id, _, err := db.AddDocument(ctx, doc, a)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}

	for range 2 {
		db, err = sqlite.Open(ctx, path)
		if err != nil {
			t.Fatalf("reopen: %v", err)
		}
		if got, want := db.SchemaVersion(), latest(); got != want {
			t.Errorf("SchemaVersion after reopen = %d, want %d", got, want)
		}
		got, err := db.FindDocument(ctx, id)
		if err != nil || got.Hash != doc.Hash {
			t.Errorf("FindDocument after reopen = %v, %v", got, err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := rawDB(t, path).QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations").Scan(&n); err != nil || n != count() {
		t.Errorf("schema_migrations has %d rows (%v), want %d", n, err, count())
	}
}

// TestOpen_MigrateFromVersion1 opens a database written by the schema of
// migration 1, before events had a source, a certainty, mentions and
// contradictions: its events read back without them, and new events store
// them.
func TestOpen_MigrateFromVersion1(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	initial, err := os.ReadFile(filepath.Join("migration", "0001_initial.sql"))
	if err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, path)
	for _, q := range []string{
		`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
		string(initial),
		`INSERT INTO schema_migrations VALUES (1, '0001_initial', '2024-01-01T00:00:00.000000000Z')`,
		`INSERT INTO documents (id, hash, title, text, published, ingested_at)
			VALUES (1, 'h1', 'Old', 'Russian jets struck Idlib.', '2023-07-15', '2024-01-01T00:00:00.000000000Z')`,
		`INSERT INTO events (id, document_id, ordinal, sentence, start, "end", type, evidence, goldstein, rule)
			VALUES ('d1-e1', 1, 1, 0, 0, 26, 'ASSAULT', 'Russian jets struck Idlib.', -10, 'verb assault:strike')`,
		`INSERT INTO event_actors (event_id, side, position, country) VALUES ('d1-e1', 'actor', 0, 'RUS')`,
	} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatalf("building a version 1 database: %v", err)
		}
	}
	raw.Close()

	db := mustOpenPath(t, path)
	if got, want := db.SchemaVersion(), latest(); got != want {
		t.Fatalf("SchemaVersion = %d, want %d", got, want)
	}
	old, err := db.FindEvent(ctx, "d1-e1")
	if err != nil {
		t.Fatal(err)
	}
	if old.Type != "ASSAULT" || len(old.Actor) != 1 || old.Source != nil || old.Certainty != "" || old.Mentions != nil || old.ContradictedBy != nil {
		t.Errorf("old event after migration = %+v", old)
	}

	// New events keep their attribution, and the filter sees it.
	doc, a := sampleDocument(2), sampleAnalysis(8, 4, 0)
	id, _, err := db.AddDocument(ctx, doc, a)
	if err != nil {
		t.Fatal(err)
	}
	events, err := db.FindEvents(ctx, sitrep.EventFilter{Document: id})
	if err != nil || len(events) != 4 {
		t.Fatalf("FindEvents = %v, %v", events, err)
	}
	for i, e := range events {
		if !reflect.DeepEqual(*e, a.Events[i]) {
			t.Errorf("event %d =\n%+v\nwant\n%+v", i, *e, a.Events[i])
		}
	}
	if denied, err := db.FindEvents(ctx, sitrep.EventFilter{Certainty: sitrep.CertaintyDenied}); err != nil || len(denied) != 1 || denied[0].ID != "d2-e4" {
		t.Errorf("FindEvents(denied) = %v, %v; want d2-e4", denied, err)
	}
}

func TestOpen_Errors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}

	// Another application's SQLite database.
	foreign := filepath.Join(dir, "foreign.db")
	if _, err := rawDB(t, foreign).ExecContext(ctx, "CREATE TABLE notes (body TEXT)"); err != nil {
		t.Fatal(err)
	}
	// A sitrep database from the future.
	newer := filepath.Join(dir, "newer.db")
	db, err := sqlite.Open(ctx, newer)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := rawDB(t, newer).ExecContext(ctx,
		"INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, '0099_future', '')"); err != nil {
		t.Fatal(err)
	}
	// A valid header followed by garbage.
	corrupt := write("corrupt.db", append([]byte("SQLite format 3\x00"), []byte(strings.Repeat("garbage!", 512))...))

	tests := []struct {
		name, path, want string
	}{
		{"text file", write("notes.txt", []byte("hello, this is not a database\n")), "not a sitrep database"},
		{"short garbage", write("short.db", []byte("SQL")), "not a sitrep database"},
		{"binary garbage", write("bin.db", make([]byte, 4096)), "not a sitrep database"},
		{"foreign sqlite", foreign, "not a sitrep database"},
		{"corrupt", corrupt, ""},
		{"newer schema", newer, "newer than this sitrep supports"},
		{"directory", dir, "directory"},
		{"memory", ":memory:", "not a file path"},
		{"empty", "", "empty database path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := sqlite.Open(ctx, tt.path)
			if err == nil {
				db.Close()
				t.Fatalf("Open(%q) succeeded, want error", tt.path)
			}
			t.Log(err)
			if !strings.Contains(err.Error(), tt.path) {
				t.Errorf("error %q does not name the file %q", err, tt.path)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}

	// The refused file is left as it was.
	if b, err := os.ReadFile(filepath.Join(dir, "notes.txt")); err != nil || string(b) != "hello, this is not a database\n" {
		t.Errorf("garbage file changed: %q, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "notes.txt-wal")); err == nil {
		t.Errorf("Open left a WAL file next to a refused file")
	}
}

// sampleDocument and sampleAnalysis are the conformance suite's samples.
func sampleDocument(i int) *sitrep.Document { return storetest.SampleDocument(i) }

func sampleAnalysis(sentences, events, transfers int) *sitrep.Analysis {
	return storetest.SampleAnalysis(sentences, events, transfers)
}

func ptr(f float64) *float64 { return &f }

// latest and count are the embedded migrations' last version and number.
func latest() int { v, _ := sqlite.Migrations(); return v }
func count() int  { _, n := sqlite.Migrations(); return n }
