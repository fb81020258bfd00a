//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/sitrep/sitrep"
)

// TestIngest_SpecialFiles: named pipes and devices, as inputs or as --db,
// are refused at once with a clear error; in a folder they are skipped and
// reported, as are dangling links and links out of the folder.
func TestIngest_SpecialFiles(t *testing.T) {
	stubCoder(t)
	base := t.TempDir()
	in := filepath.Join(base, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"in/good.txt": "Russian jets struck Idlib on Monday.", "secret.txt": "Russian jets struck Homs on Monday."} {
		if err := os.WriteFile(filepath.Join(base, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fifo := filepath.Join(in, "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	dbFifo := filepath.Join(base, "pipe.db")
	if err := syscall.Mkfifo(dbFifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{"dangling.txt": "gone.txt", "escape.txt": "../secret.txt"} {
		if err := os.Symlink(target, filepath.Join(in, name)); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(base, "t.db")

	code, out, stderr := runBounded(t, nil, "ingest", "--db", db, in, fifo)
	if code != 1 {
		t.Errorf("exit %d, want 1 (the named FIFO failed)\n%s%s", code, out, stderr)
	}
	for _, want := range []string{
		"failed: " + fifo + ": is a named pipe (FIFO), not a regular file",
		"skipped: " + fifo + ": is a named pipe (FIFO), not a regular file",
		"skipped: " + filepath.Join(in, "dangling.txt") + ": dangling symbolic link to gone.txt",
		"skipped: " + filepath.Join(in, "escape.txt") + ": symbolic link to " + filepath.Join(base, "secret.txt") + ", outside " + in,
		"1 new",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}

	for _, args := range [][]string{{"ingest", "--db", dbFifo, filepath.Join(in, "good.txt")}, {"docs", "--db", dbFifo}, {"events", "--db", os.DevNull}} {
		code, _, stderr := runBounded(t, nil, args...)
		if code == 0 || !strings.Contains(stderr, args[2]+": ") || !strings.Contains(stderr, "not a regular file") {
			t.Errorf("%s --db %s: exit %d, %q; want an error naming it, not a regular file", args[0], args[2], code, stderr)
		}
	}
}

// TestCommands_FIFOArgument: every command that reads a file named on its
// command line refuses a named pipe at once instead of waiting on it.
func TestCommands_FIFOArgument(t *testing.T) {
	stubCoder(t)
	fifo := filepath.Join(t.TempDir(), "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, args := range [][]string{{"entities", fifo}, {"parse", fifo}, {"eval", fifo}, {"code", fifo}} {
		code, _, stderr := runBounded(t, nil, args...)
		if code == 0 || !strings.Contains(stderr, fifo+": is a named pipe (FIFO), not a regular file") {
			t.Errorf("sitrep %s FIFO: exit %d, %q", args[0], code, stderr)
		}
	}
}

// TestIngest_NothingToRead: when every input fails before it is read (a
// mistyped path, a FIFO), ingest says so and creates no store.
func TestIngest_NothingToRead(t *testing.T) {
	old := newCoder
	newCoder = func(string) (sitrep.Coder, error) {
		t.Error("the coder was loaded for nothing")
		return evalStubCoder{}, nil
	}
	t.Cleanup(func() { newCoder = old })
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	db := filepath.Join(dir, "new", "t.db")
	code, out, stderr := runBounded(t, nil, "ingest", "--db", db, filepath.Join(dir, "typo.txt"), fifo)
	if code != 1 || out != "" || !strings.Contains(stderr, "typo.txt: no such file or directory") || !strings.Contains(stderr, "2 failed — nothing to read") {
		t.Errorf("exit %d, %q %q", code, out, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "new")); !os.IsNotExist(err) {
		t.Errorf("ingest of nothing created the store (%v)", err)
	}
}
