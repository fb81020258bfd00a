//go:build unix

package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/sitrep/sitrep/sqlite"
)

// TestOpen_SpecialFiles: a named pipe or a device given as the database is
// refused at once, by the writer and by readers; opening it would block.
func TestOpen_SpecialFiles(t *testing.T) {
	ctx := testContext(t)
	fifo := filepath.Join(t.TempDir(), "pipe.db")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, path := range []string{fifo, os.DevNull} {
		for name, open := range map[string]func(context.Context, string) (*sqlite.DB, error){
			"Open": sqlite.Open, "OpenReadOnly": sqlite.OpenReadOnly,
		} {
			done := make(chan error, 1)
			go func() {
				db, err := open(ctx, path)
				if err == nil {
					db.Close()
				}
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), "not a regular file") || !strings.Contains(err.Error(), path) {
					t.Errorf("%s(%s) = %v, want an error naming it, not a regular file", name, path, err)
				}
			case <-ctx.Done():
				t.Fatalf("%s(%s) blocked", name, path)
			}
		}
	}
}
