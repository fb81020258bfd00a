package sqlite_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/sqlite"
)

// TestOpenReadOnly_PendingWAL: a database left with committed pages still
// in its -wal file (as after a writer was killed) reads in full; when its
// directory cannot be written, it is refused with a clear error rather
// than read without the log.
func TestOpenReadOnly_PendingWAL(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("directory permissions differ on Windows")
	}
	ctx := testContext(t)
	src := filepath.Join(t.TempDir(), "live.db")
	db, err := sqlite.Open(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := range 3 {
		if _, _, err := db.AddDocument(ctx, sampleDocument(i+1), sampleAnalysis(4, 2, 1)); err != nil {
			t.Fatal(err)
		}
	}
	// Copy the file and its WAL while the writer still has them open: the
	// copy is what a killed writer leaves behind.
	for _, lockDir := range []bool{false, true} {
		dir := filepath.Join(t.TempDir(), "copy")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "sitrep.db")
		for _, suffix := range []string{"", "-wal"} {
			b, err := os.ReadFile(src + suffix)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path+suffix, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if lockDir {
			os.Chmod(path, 0o444)
			os.Chmod(path+"-wal", 0o444)
			os.Chmod(dir, 0o555)
			t.Cleanup(func() { os.Chmod(dir, 0o755) })
		}
		r, err := sqlite.OpenReadOnly(ctx, path)
		if err != nil {
			// Without write access to the folder, SQLite cannot build the
			// log's index: the error says what to do. (Root always has
			// write access.)
			if !lockDir || !strings.Contains(err.Error(), "sitrep.db-wal holds changes not yet in the database") {
				t.Errorf("lockDir=%v: %v", lockDir, err)
			}
			continue
		}
		docs, err := r.FindDocuments(ctx, sitrep.DocumentFilter{})
		if err != nil || len(docs) != 3 {
			t.Errorf("lockDir=%v: FindDocuments = %d documents, %v; want 3", lockDir, len(docs), err)
		}
		r.Close()
	}
}
