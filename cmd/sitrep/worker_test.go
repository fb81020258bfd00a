package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestQueueCommandsNeedPostgres: worker and enqueue refuse an SQLite
// store, naming PostgreSQL and the command that does the work in one
// process, and create nothing.
func TestQueueCommandsNeedPostgres(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"worker", []string{"worker", "--db", db}},
		{"worker concurrency", []string{"worker", "--db", db, "--concurrency", "2"}},
		{"enqueue", []string{"enqueue", "--db", db, "../../testdata/seeds"}},
		{"enqueue wait", []string{"enqueue", "--wait", "--db", db, "https://example.org/feed.xml"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := sitrepCmd(t, "", tc.args...)
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			for _, want := range []string{"needs a PostgreSQL store", "postgres://", "sitrep ingest --db " + db} {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			if _, err := filepath.Glob(db); err != nil {
				t.Fatal(err)
			}
			if m, _ := filepath.Glob(db + "*"); len(m) > 0 {
				t.Errorf("created %v", m)
			}
		})
	}
}

// TestWorkerUsage: arguments other than flags are a usage error.
func TestWorkerUsage(t *testing.T) {
	code, _, stderr := sitrepCmd(t, "", "worker", "--db", "postgres://localhost/x", "extra")
	if code != 2 || !strings.Contains(stderr, "Usage: sitrep worker") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}
