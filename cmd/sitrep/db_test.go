package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep"
)

// runBounded runs the CLI in-process with a time limit, so that a command
// that would block on a lock or a file fails the test instead of hanging.
func runBounded(t *testing.T, getenv func(string) string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: getenv}
	done := make(chan int, 1)
	go func() { done <- run(ctx, e, args) }()
	select {
	case code = <-done:
	case <-time.After(40 * time.Second):
		t.Fatalf("sitrep %s did not return", strings.Join(args, " "))
	}
	return code, out.String(), errb.String()
}

// readCommands are the commands that only read the store, with arguments.
var readCommands = [][]string{{"docs"}, {"events"}, {"transfers"}, {"show", "d1-e1"}, {"export", "--format", "jsonl"}}

// TestReadCommands_NoStore: read commands given a store that does not
// exist say so and how to create one, and create nothing.
func TestReadCommands_NoStore(t *testing.T) {
	dir := t.TempDir()
	typo := filepath.Join(dir, "typo", "demo.db")
	for _, args := range readCommands {
		code, out, stderr := runBounded(t, nil, append([]string{args[0], "--db", typo}, args[1:]...)...)
		if code == 0 || out != "" {
			t.Errorf("%s on a missing store: exit %d, output %q", args[0], code, out)
		}
		if want := "create one with: sitrep ingest --db " + typo + " FILES"; !strings.Contains(stderr, want) || !strings.Contains(stderr, typo+": ") {
			t.Errorf("%s on a missing store says %q, want the path and %q", args[0], stderr, want)
		}
		// The same through $SITREP_DB, which ingest also reads.
		env := func(k string) string { return map[string]string{"SITREP_DB": typo}[k] }
		if code, _, stderr := runBounded(t, env, args...); code == 0 || !strings.Contains(stderr, "create one with: sitrep ingest FILES") {
			t.Errorf("%s with $SITREP_DB on a missing store: exit %d, %q", args[0], code, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "typo")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a read command created the store's directory (%v)", err)
	}
}

// TestReadCommands_WhileWriting: while another process holds the write lock
// (as ingest does while it commits a large document), the read commands
// still answer.
func TestReadCommands_WhileWriting(t *testing.T) {
	path := attributedDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	conn, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(context.Background(), "ROLLBACK")
	for _, args := range readCommands {
		code, out, stderr := runBounded(t, nil, append([]string{args[0], "--db", path}, args[1:]...)...)
		if code != 0 || out == "" {
			t.Errorf("%s while a writer holds the lock: exit %d\n%s%s", args[0], code, out, stderr)
		}
	}
}

// TestPublishedDateRange: --published outside 1900-01-01 to a year after
// today is refused before anything is read, coded or stored.
func TestPublishedDateRange(t *testing.T) {
	stubCoder(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	in := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(in, []byte("Russian jets struck Idlib on Monday."), 0o644); err != nil {
		t.Fatal(err)
	}
	const outside = " is outside the accepted dates, 1900-01-01 to "
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"ingest", "--db", db, "--published", "2999-12-31", in}, "--published 2999-12-31" + outside},
		{[]string{"ingest", "--db", db, "--published", "0001-01-01", in}, "--published 0001-01-01" + outside},
		{[]string{"code", "--published", "1899-12-31"}, "--published 1899-12-31" + outside},
		{[]string{"ingest", "--db", db, "--published", "2023-7-1", in}, `--published "2023-7-1": want YYYY-MM-DD`},
		{[]string{"code", "--published", "2023"}, `--published "2023": want YYYY-MM-DD`},
	} {
		code, out, stderr := runBounded(t, nil, tt.args...)
		if code == 0 || out != "" || !strings.Contains(stderr, tt.want) {
			t.Errorf("sitrep %s: exit %d, %q %q; want %q", strings.Join(tt.args, " "), code, out, stderr, tt.want)
		}
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused ingest created the store (%v)", err)
	}
}

// stubCoder makes ingest tests that are not about coding skip loading the
// knowledge base and models.
func stubCoder(t *testing.T) {
	old := newCoder
	newCoder = func(string) (sitrep.Coder, error) { return evalStubCoder{}, nil }
	t.Cleanup(func() { newCoder = old })
}

// TestReadCommands_OldSchema: a store written by an older sitrep is
// upgraded once, with a note, and then read.
func TestReadCommands_OldSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	initial, err := os.ReadFile(filepath.Join("..", "..", "sqlite", "migration", "0001_initial.sql"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
		string(initial),
		`INSERT INTO schema_migrations VALUES (1, '0001_initial', '2024-01-01T00:00:00.000000000Z')`,
		`INSERT INTO documents (id, hash, title, text, published, ingested_at)
			VALUES (1, 'h1', 'Old', 'Russian jets struck Idlib.', '2023-07-15', '2024-01-01T00:00:00.000000000Z')`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	code, out, stderr := runBounded(t, nil, "docs", "--db", path)
	if code != 0 || !strings.Contains(out, "Old") || !strings.Contains(stderr, path+": schema upgraded to version ") {
		t.Errorf("docs on an old store: exit %d\n%s%s", code, out, stderr)
	}
	if code, _, stderr := runBounded(t, nil, "docs", "--db", path); code != 0 || stderr != "" {
		t.Errorf("docs after the upgrade: exit %d, %q", code, stderr)
	}
}
