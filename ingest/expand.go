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

// Expand is ExpandReport without the list of skipped files.
func Expand(inputs []string) ([]string, error) {
	out, _, err := ExpandReport(inputs)
	return out, err
}

// ExpandReport turns command-line inputs (paths, directories, "-", http(s)
// URLs) into concrete inputs in a stable order. Directories are walked
// recursively in lexical order. Hidden files and directories and
// NAME.meta.json sidecars are left out silently; special files (named
// pipes, devices, sockets), dangling symbolic links, symbolic links to
// directories and symbolic links that lead out of the directory named are
// left out and returned in skipped, so that nothing is dropped without a
// word and a link in a folder cannot pull in a file from anywhere on the
// disk. Exact repeats are dropped. Inputs named that do not exist or are
// special files are reported in the returned error (one line per input)
// while the others are still returned.
func ExpandReport(inputs []string) (paths []string, skipped []Skipped, err error) {
	var errs []error
	seen := make(map[string]bool)
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			paths = append(paths, s)
		}
	}
	for _, in := range inputs {
		if in == "-" || isURL(in) {
			add(in)
			continue
		}
		if in == "" {
			errs = append(errs, errors.New("empty input name"))
			continue
		}
		// A path named on the command line is the user's choice: links
		// are followed wherever they lead, but a special file is refused
		// here rather than opened.
		info, err := regular.Stat(in)
		if err != nil {
			errs = append(errs, inputErr(in, pathErr(err)))
			continue
		}
		if !info.IsDir() {
			add(in)
			continue
		}
		w := walker{root: in, add: add}
		if w.realRoot, err = filepath.EvalSymlinks(in); err != nil {
			errs = append(errs, inputErr(in, pathErr(err)))
			continue
		}
		if li, err := os.Lstat(in); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			// WalkDir does not follow a link given as its root; with a
			// trailing separator the system does.
			w.root = in + string(filepath.Separator)
		}
		if err := filepath.WalkDir(w.root, w.visit); err != nil {
			w.errs = append(w.errs, inputErr(in, err))
		}
		errs = append(errs, w.errs...)
		skipped = append(skipped, w.skipped...)
	}
	return paths, skipped, errors.Join(errs...)
}

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
		if dest, rerr := os.Readlink(path); rerr == nil {
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
