// Package regular opens and checks files named by users without the traps
// of special files: opening a named pipe (FIFO) for reading blocks until
// some other process writes to it, and a device or socket yields endless or
// meaningless bytes. Inputs, databases and knowledge-base files must be
// regular files (or directories, for callers that walk them).
package regular

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ErrNotRegular is wrapped by every error about a special file.
var ErrNotRegular = errors.New("not a regular file")

// Error reports a file that is neither a regular file nor a directory.
type Error struct {
	Mode fs.FileMode // the file's type bits
}

func (e *Error) Error() string { return "is " + Describe(e.Mode) + ", not a regular file" }

// Unwrap lets errors.Is find ErrNotRegular.
func (e *Error) Unwrap() error { return ErrNotRegular }

// Describe names the type of a file mode in words, with an article: "a
// named pipe (FIFO)", "a device", "a regular file".
func Describe(m fs.FileMode) string {
	switch t := m.Type(); {
	case t == 0:
		return "a regular file"
	case t&fs.ModeDir != 0:
		return "a directory"
	case t&fs.ModeSymlink != 0:
		return "a symbolic link"
	case t&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case t&fs.ModeCharDevice != 0:
		return "a character device"
	case t&fs.ModeDevice != 0:
		return "a block device"
	case t&fs.ModeSocket != 0:
		return "a socket"
	default:
		return fmt.Sprintf("a special file (mode %v)", t)
	}
}

// Check returns nil for a regular file or a directory and an *Error for
// anything else.
func Check(m fs.FileMode) error {
	if m.IsRegular() || m.IsDir() {
		return nil
	}
	return &Error{Mode: m.Type()}
}

// Stat is os.Stat (following symbolic links) that also fails, with an
// *Error, for a file that is neither regular nor a directory.
func Stat(name string) (fs.FileInfo, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if err := Check(fi.Mode()); err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return fi, nil
}

// Open opens name for reading, following symbolic links, and returns it
// only if it is a regular file or a directory. It never blocks: the file is
// opened non-blocking where the system has that mode (a FIFO then opens at
// once instead of waiting for a writer) and its type is checked on the
// open descriptor, so that it cannot be swapped between a check and the
// open. Errors are *fs.PathError values naming the file.
func Open(name string) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if err := Check(fi.Mode()); err != nil {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return f, nil
}

// ReadFile is os.ReadFile through Open: it refuses special files and
// directories instead of blocking on them or reading them without end.
func ReadFile(name string) ([]byte, error) {
	f, err := Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	}
	return io.ReadAll(f)
}
