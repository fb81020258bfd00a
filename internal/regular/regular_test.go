//go:build unix

package regular_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/regular"
)

// TestOpen checks that special files are refused at once, without
// blocking, and that regular files, directories and links to them open.
func TestOpen(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(file, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	fileLink := filepath.Join(dir, "filelink")
	if err := os.Symlink(file, fileLink); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name, path, want string // want "" means success
	}{
		{"file", file, ""},
		{"link to file", fileLink, ""},
		{"directory", dir, ""},
		{"fifo", fifo, "is a named pipe (FIFO), not a regular file"},
		{"link to fifo", link, "is a named pipe (FIFO), not a regular file"},
		{"device", "/dev/null", "is a character device, not a regular file"},
		{"missing", filepath.Join(dir, "nope"), "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := os.Stat(tt.path); tt.name == "device" && err != nil {
				t.Skip("no /dev/null")
			}
			done := make(chan error, 1)
			go func() {
				f, err := regular.Open(tt.path)
				if err == nil {
					f.Close()
				}
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("Open(%s) blocked", tt.path)
			}
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Open(%s) = %v", tt.path, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.path) {
				t.Fatalf("Open(%s) = %v, want an error naming it and saying %q", tt.path, err, tt.want)
			}
			if strings.Contains(tt.want, "regular") && !errors.Is(err, regular.ErrNotRegular) {
				t.Errorf("error %v is not ErrNotRegular", err)
			}
			if _, serr := regular.Stat(tt.path); serr == nil || !strings.Contains(serr.Error(), tt.want) {
				t.Errorf("Stat(%s) = %v, want an error saying %q", tt.path, serr, tt.want)
			}
		})
	}

	if b, err := regular.ReadFile(fileLink); err != nil || string(b) != "hello" {
		t.Errorf("ReadFile = %q, %v", b, err)
	}
	if _, err := regular.ReadFile(dir); err == nil {
		t.Errorf("ReadFile(directory) succeeded")
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		mode os.FileMode
		want string
	}{
		{0o644, "a regular file"},
		{os.ModeDir | 0o755, "a directory"},
		{os.ModeNamedPipe, "a named pipe (FIFO)"},
		{os.ModeDevice, "a block device"},
		{os.ModeDevice | os.ModeCharDevice, "a character device"},
		{os.ModeSocket, "a socket"},
		{os.ModeSymlink, "a symbolic link"},
		{os.ModeIrregular, "a special file (mode ?---------)"},
	}
	for _, tt := range tests {
		if got := regular.Describe(tt.mode); got != tt.want {
			t.Errorf("Describe(%v) = %q, want %q", tt.mode, got, tt.want)
		}
	}
}
