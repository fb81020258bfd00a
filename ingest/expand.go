package ingest

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/sitrep/sitrep/internal/regular"
)

// ErrNotRegular is wrapped by the errors about inputs that are special
// files: named pipes (FIFOs), devices and sockets. Reading them could block
// for ever or never end, so they are refused.
var ErrNotRegular = regular.ErrNotRegular

// Skipped is a file found in a directory and left out, with the reason.
type Skipped struct {
	Path   string
	Reason string
}

// String returns "PATH: reason".
func (s Skipped) String() string { return s.Path + ": " + s.Reason }

// walker collects the inputs of one directory.
type walker struct {
	root     string // as named (with a trailing separator if a link)
	realRoot string // with symbolic links resolved, to confine links
	add      func(string)
	skipped  []Skipped
	errs     []error
}

func (w *walker) skip(path, reason string) { w.skipped = append(w.skipped, Skipped{path, reason}) }

func (w *walker) visit(path string, d fs.DirEntry, err error) error {
	if err != nil {
		w.errs = append(w.errs, inputErr(path, pathErr(err)))
		if d != nil && d.IsDir() && path != w.root {
			return fs.SkipDir
		}
		return nil
	}
	name := d.Name()
	if path != w.root && strings.HasPrefix(name, ".") {
		if d.IsDir() {
			return fs.SkipDir
		}
		return nil
	}
	if d.IsDir() || isSidecar(name) {
		return nil
	}
	t := d.Type()
	switch {
	case t.IsRegular():
		w.add(path)
	case t&fs.ModeSymlink != 0:
		if reason := w.checkLink(path); reason != "" {
			w.skip(path, reason)
			return nil
		}
		w.add(path)
	default:
		w.skip(path, (&regular.Error{Mode: t}).Error())
	}
	return nil
}

// checkLink returns why the symbolic link at path is not followed, or ""
// when it leads to a regular file inside the directory walked.
func (w *walker) checkLink(path string) string {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		dest, rerr := os.Readlink(path)
		switch {
		case !errors.Is(err, fs.ErrNotExist):
			// A loop or a permission; os.Stat words it as the system does.
			if _, serr := os.Stat(path); serr != nil {
				err = serr
			}
			return "symbolic link: " + pathErr(err).Error()
		case rerr == nil:
			return "dangling symbolic link to " + dest
		}
		return "dangling symbolic link"
	}
	rel, err := filepath.Rel(w.realRoot, target)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "symbolic link to " + target + ", outside " + w.root
	}
	info, err := os.Stat(target)
	switch {
	case err != nil:
		return "symbolic link: " + pathErr(err).Error()
	case info.IsDir():
		// Following links to directories could loop; the directory's own
		// files are read where they are.
		return "symbolic link to a directory (not followed)"
	case !info.Mode().IsRegular():
		return "symbolic link to " + regular.Describe(info.Mode()) + ", not a regular file"
	}
	return ""
}

// statInput is os.Stat for an input named on the command line, failing
// for a special file: it is refused here rather than opened.
func statInput(name string) (fs.FileInfo, error) { return regular.Stat(name) }
