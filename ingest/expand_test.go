//go:build unix

package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

// special makes a folder holding a regular file and every kind of file that
// expansion must leave out and report, and returns it with the outside
// file its links point to.
func special(t *testing.T) (dir, outside string) {
	t.Helper()
	base := t.TempDir()
	dir = filepath.Join(base, "in")
	outside = filepath.Join(base, "secret.txt")
	for _, p := range []string{filepath.Join(dir, "a.txt"), filepath.Join(dir, "sub", "b.txt"), outside} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("Russian jets struck Idlib on Monday."), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	links := map[string]string{
		"dangling.txt": "nowhere.txt",
		"escape.txt":   "../secret.txt",
		"abs.txt":      outside,
		"inside.txt":   "sub/b.txt",
		"subdir":       "sub",
		"null.txt":     os.DevNull,
		"loop.txt":     "loop.txt",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	return dir, outside
}

// TestExpandReport_SpecialFiles: in a folder, special files and dangling
// links are skipped and reported, and links are followed only within the
// folder.
func TestExpandReport_SpecialFiles(t *testing.T) {
	dir, outside := special(t)
	got, skipped, err := ExpandReport([]string{dir})
	if err != nil {
		t.Errorf("error %v", err)
	}
	want := []string{filepath.Join(dir, "a.txt"), filepath.Join(dir, "inside.txt"), filepath.Join(dir, "sub", "b.txt")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("inputs = %q\nwant %q", got, want)
	}
	wantSkipped := map[string]string{
		"abs.txt":      "symbolic link to " + outside + ", outside " + dir,
		"dangling.txt": "dangling symbolic link to nowhere.txt",
		"escape.txt":   "symbolic link to " + outside + ", outside " + dir,
		"null.txt":     "symbolic link to " + os.DevNull + ", outside " + dir,
		"pipe.txt":     "is a named pipe (FIFO), not a regular file",
		"subdir":       "symbolic link to a directory (not followed)",
		"loop.txt":     "symbolic link: too many levels of symbolic links",
	}
	gotSkipped := map[string]string{}
	for _, s := range skipped {
		rel, _ := filepath.Rel(dir, s.Path)
		gotSkipped[rel] = s.Reason
		if s.String() != s.Path+": "+s.Reason {
			t.Errorf("String() = %q", s.String())
		}
	}
	if !reflect.DeepEqual(gotSkipped, wantSkipped) {
		t.Errorf("skipped = %q\nwant %q", gotSkipped, wantSkipped)
	}

	// Through a link to the folder, links inside it are judged against
	// the folder itself.
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := ExpandReport([]string{link}); len(got) != 3 || got[1] != filepath.Join(link, "inside.txt") {
		t.Errorf("through a link to the folder: %q", got)
	}
}

// TestExpandReport_NamedSpecialFiles: a special file named as an input is
// refused with a clear error; a link named as an input is the user's choice
// and is followed.
func TestExpandReport_NamedSpecialFiles(t *testing.T) {
	dir, _ := special(t)
	pipe := filepath.Join(dir, "pipe.txt")
	escape := filepath.Join(dir, "escape.txt")
	got, skipped, err := ExpandReport([]string{pipe, os.DevNull, escape})
	if !reflect.DeepEqual(got, []string{escape}) || skipped != nil {
		t.Errorf("inputs = %q, skipped %q; want only %s", got, skipped, escape)
	}
	for _, want := range []string{pipe + ": is a named pipe (FIFO), not a regular file", os.DevNull + ": is a character device, not a regular file"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want a line %q", err, want)
		}
	}
	if !errors.Is(err, ErrNotRegular) {
		t.Errorf("error %v is not ErrNotRegular", err)
	}
}

// TestRead_SpecialFiles: reading a named pipe or a device fails at once
// instead of blocking (as opening a FIFO for reading does) or reading for
// ever; so does a FIFO where a sidecar would be.
func TestRead_SpecialFiles(t *testing.T) {
	dir, _ := special(t)
	if err := syscall.Mkfifo(filepath.Join(dir, "a.meta.json"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, tt := range []struct{ input, want string }{
		{filepath.Join(dir, "pipe.txt"), "is a named pipe (FIFO), not a regular file"},
		{os.DevNull, "is a character device, not a regular file"},
		{filepath.Join(dir, "a.txt"), "sidecar " + filepath.Join(dir, "a.meta.json") + ": is a named pipe (FIFO), not a regular file"},
	} {
		done := make(chan []Item, 1)
		go func() { done <- Read(ctx, tt.input, nil, Options{}) }()
		select {
		case items := <-done:
			if len(items) != 1 || items[0].Err == nil || !strings.HasPrefix(items[0].Err.Error(), tt.input+": ") || !strings.Contains(items[0].Err.Error(), tt.want) {
				t.Errorf("Read(%s) = %+v, want an error saying %q", tt.input, items, tt.want)
			}
		case <-ctx.Done():
			t.Fatalf("Read(%s) blocked", tt.input)
		}
	}
}
