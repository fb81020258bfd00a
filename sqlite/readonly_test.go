package sqlite_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/sqlite"
)

// testContext bounds a test that could block on a lock or a file.
func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// storeWithDocument writes a database holding one coded document and
// closes it.
func storeWithDocument(t *testing.T, path string) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.AddDocument(context.Background(), sampleDocument(1), sampleAnalysis(4, 3, 1)); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// fileSum returns the SHA-256 of a file's bytes.
func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestOpenReadOnly(t *testing.T) {
	ctx := testContext(t)
	path := filepath.Join(t.TempDir(), "sitrep.db")
	storeWithDocument(t, path)
	before := fileSum(t, path)

	db, err := sqlite.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var r sitrep.Reader = db
	docs, err := r.FindDocuments(ctx, sitrep.DocumentFilter{})
	if err != nil || len(docs) != 1 {
		t.Fatalf("FindDocuments = %v, %v; want one document", docs, err)
	}
	if events, err := r.FindEvents(ctx, sitrep.EventFilter{}); err != nil || len(events) != 3 {
		t.Errorf("FindEvents = %d events, %v; want 3", len(events), err)
	}
	if got, want := db.SchemaVersion(), MustOpenDB(t).SchemaVersion(); got != want {
		t.Errorf("SchemaVersion = %d, want %d, as the writer", got, want)
	}
	if _, _, err := db.AddDocument(ctx, sampleDocument(2), nil); !errors.Is(err, sitrep.ErrReadOnly) {
		t.Errorf("AddDocument on a read-only store = %v, want ErrReadOnly", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if fileSum(t, path) != before {
		t.Errorf("reading changed the database file")
	}
}

// TestOpenReadOnly_Missing: a reader given a path where no store exists
// refuses it and creates neither the file nor its directories.
func TestOpenReadOnly_Missing(t *testing.T) {
	ctx := testContext(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "typo", "sitrep.db")
	db, err := sqlite.OpenReadOnly(ctx, path)
	if err == nil {
		db.Close()
		t.Fatal("OpenReadOnly of a missing store succeeded")
	}
	if !errors.Is(err, sitrep.ErrNoStore) || !strings.Contains(err.Error(), path) {
		t.Errorf("error %q: want ErrNoStore naming %s", err, path)
	}
	if _, err := os.Stat(filepath.Join(dir, "typo")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("OpenReadOnly created the directory (%v)", err)
	}

	// An empty file is not a store yet either, and stays empty.
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if db, err := sqlite.OpenReadOnly(ctx, empty); !errors.Is(err, sitrep.ErrNoStore) {
		if err == nil {
			db.Close()
		}
		t.Errorf("OpenReadOnly(empty file) = %v, want ErrNoStore", err)
	}
	if fi, err := os.Stat(empty); err != nil || fi.Size() != 0 {
		t.Errorf("empty file changed: %v, %v", fi, err)
	}
}

// TestOpenReadOnly_WhileWriting: a writer that holds the write lock (as
// while committing a large document) does not make readers fail or wait.
func TestOpenReadOnly_WhileWriting(t *testing.T) {
	ctx := testContext(t)
	path := filepath.Join(t.TempDir(), "sitrep.db")
	storeWithDocument(t, path)

	// Another connection takes the write lock and keeps it, with an
	// uncommitted document, until the reader is done.
	raw := rawDB(t, path)
	conn, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(context.Background(), "ROLLBACK")
	if _, err := conn.ExecContext(ctx, `INSERT INTO documents (hash, title, text, ingested_at)
		VALUES ('uncommitted', 'Pending', 'Text.', '2024-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}

	db, err := sqlite.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatalf("OpenReadOnly while a writer holds the lock: %v", err)
	}
	defer db.Close()
	docs, err := db.FindDocuments(ctx, sitrep.DocumentFilter{})
	if err != nil || len(docs) != 1 {
		t.Fatalf("FindDocuments while a writer holds the lock = %v, %v; want the one committed document", docs, err)
	}
	if _, err := db.FindEvents(ctx, sitrep.EventFilter{}); err != nil {
		t.Errorf("FindEvents while a writer holds the lock: %v", err)
	}
}

// TestOpenReadOnly_ReadOnlyFile: a database file that cannot be written,
// or that lies in a directory that cannot be written, is still queryable.
// (Run as root, the permissions do not bind and the test shows only that
// nothing needs writing.)
func TestOpenReadOnly_ReadOnlyFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("directory permissions differ on Windows")
	}
	for _, lockDir := range []bool{false, true} {
		t.Run(map[bool]string{false: "file", true: "directory"}[lockDir], func(t *testing.T) {
			ctx := testContext(t)
			dir := filepath.Join(t.TempDir(), "ro")
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "sitrep.db")
			storeWithDocument(t, path)
			if err := os.Chmod(path, 0o444); err != nil {
				t.Fatal(err)
			}
			if lockDir {
				if err := os.Chmod(dir, 0o555); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { os.Chmod(dir, 0o700) })
			}
			before := fileSum(t, path)
			for range 2 { // again, after a first reader has come and gone
				db, err := sqlite.OpenReadOnly(ctx, path)
				if err != nil {
					t.Fatalf("OpenReadOnly of a read-only database: %v", err)
				}
				docs, err := db.FindDocuments(ctx, sitrep.DocumentFilter{})
				if err != nil || len(docs) != 1 {
					t.Errorf("FindDocuments = %v, %v", docs, err)
				}
				if err := db.Close(); err != nil {
					t.Error(err)
				}
			}
			if fileSum(t, path) != before {
				t.Errorf("reading changed the database file")
			}
			// The writer says why it cannot work, on opening or on adding
			// (permissions bind only when not run as root).
			if os.Geteuid() != 0 {
				db, err := sqlite.Open(ctx, path)
				if err == nil {
					_, _, err = db.AddDocument(ctx, sampleDocument(9), nil)
					db.Close()
				}
				if err == nil || !strings.Contains(err.Error(), "cannot write: the file or its folder is read-only") {
					t.Errorf("writing a read-only database: %v", err)
				}
			}
		})
	}
}

// TestOpen_RefusedFilesUnchanged: files that are not this sitrep's
// databases are refused, by the writer and by readers, before anything is
// written: their bytes are unchanged and no journal appears beside them.
func TestOpen_RefusedFilesUnchanged(t *testing.T) {
	ctx := testContext(t)
	dir := t.TempDir()
	build := func(name string, stmts ...string) string {
		p := filepath.Join(dir, name)
		raw := rawDB(t, p)
		for _, q := range stmts {
			if _, err := raw.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		raw.Close()
		return p
	}
	newer := filepath.Join(dir, "newer.db")
	storeWithDocument(t, newer)
	build("newer.db", "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, '0099_future', '')")

	tests := []struct {
		name, path, want string
		reader           bool // refused only by readers
		wal              bool // already in WAL mode: readers may add its -wal and -shm
	}{
		{name: "foreign", path: build("foreign.db", "CREATE TABLE notes (body TEXT)", "INSERT INTO notes VALUES ('keep me')"),
			want: "not a sitrep database"},
		{name: "foreign application", path: build("app.db", "PRAGMA application_id = 1234", "CREATE TABLE t (x)"),
			want: "application_id 0x4d2"},
		{name: "newer", path: newer, want: "newer than this sitrep supports", wal: true},
		{name: "older", reader: true, want: "schema version 1 is older than this sitrep's schema (version ",
			path: build("v1.db", `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
				`INSERT INTO schema_migrations VALUES (1, '0001_initial', '')`, "CREATE TABLE documents (id INTEGER PRIMARY KEY)")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := fileSum(t, tt.path)
			opens := map[string]func(context.Context, string) (*sqlite.DB, error){"OpenReadOnly": sqlite.OpenReadOnly}
			if !tt.reader {
				opens["Open"] = sqlite.Open
			}
			for name, open := range opens {
				db, err := open(ctx, tt.path)
				if err == nil {
					db.Close()
					t.Fatalf("%s(%s) succeeded", name, tt.name)
				}
				if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.path) {
					t.Errorf("%s: error %q does not name the file and say %q", name, err, tt.want)
				}
				if tt.reader && !errors.Is(err, sqlite.ErrOldSchema) {
					t.Errorf("%s: error %q is not ErrOldSchema", name, err)
				}
				if fileSum(t, tt.path) != before {
					t.Errorf("%s changed the refused file", name)
				}
				for _, suffix := range []string{"-wal", "-journal"} {
					if _, err := os.Stat(tt.path + suffix); err == nil && !tt.wal {
						t.Errorf("%s left a %s file", name, suffix)
					}
				}
			}
		})
	}
}
