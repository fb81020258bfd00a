package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sitrep/sitrep"
)

// DefaultMaxBytes is the input size limit when Options.MaxBytes is 0.
const DefaultMaxBytes = 20 << 20

// defaultTimeout bounds the wait for response headers in NewClient's
// clients.
const defaultTimeout = DefaultFetchTimeout

// Options configure reading.
type Options struct {
	// Published ("YYYY-MM-DD", from --published) overrides every other
	// source of the publication date when set.
	Published string
	// Client fetches URLs and feed entries; nil means
	// NewClient(AllowPrivate). A client given here is used as it is: the
	// fetch policy is then its own.
	Client *http.Client
	// AllowPrivate lets the default client fetch loopback, private,
	// link-local and metadata addresses, which it refuses otherwise.
	AllowPrivate bool
	// FetchTimeout bounds each fetch; 0 means DefaultFetchTimeout.
	FetchTimeout time.Duration
	// FetchDeadline bounds all the fetches of one Fetcher, from its
	// creation; 0 means DefaultFetchDeadline, a negative value none.
	FetchDeadline time.Duration
	// HostDelay is the least time between two requests to one host; 0
	// means DefaultHostDelay, a negative value none. A longer robots.txt
	// Crawl-delay wins.
	HostDelay time.Duration
	// Fetcher makes the fetches; nil means one made by NewFetcher for
	// each Read or Stream call. Share one across calls so that its limits
	// hold across inputs.
	Fetcher *Fetcher
	// Known, when set, reports whether a URL is already stored: feed
	// entries linking to one are not fetched again (a feed read before,
	// or interrupted, resumes where it stopped).
	Known func(url string) bool
	// MaxBytes limits the size of one input (after gzip decompression);
	// 0 means DefaultMaxBytes. Larger inputs fail with a clear error.
	MaxBytes int64
	// Now returns the time recorded as IngestedAt and bounds inferred
	// publication dates; nil means time.Now.
	Now func() time.Time
	// Validators, when set, makes the fetch of each http(s) input (not
	// of feed entries) conditional: it is called with the input's URL
	// without credentials and returns what was recorded of its last
	// version. An input that has not changed since yields one Item with
	// NotModified set.
	Validators func(url string) Validators
	// Changed, when set, is called with an http(s) input and its new
	// validators when it was fetched and has changed, before its items
	// are emitted; record them once the items are stored.
	Changed func(url string, v Validators)

	// guard is set by Stream: a panic in a goroutine reading a feed entry
	// becomes a failed Item. Fuzz tests read without it to see panics.
	guard bool
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return DefaultMaxBytes
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o Options) fetcher() *Fetcher {
	if o.Fetcher != nil {
		return o.Fetcher
	}
	return NewFetcher(o)
}

// Item is one document read, or one input that failed.
type Item struct {
	// Input is the path, URL, feed-entry URL or "-" this item came from.
	Input string
	// Doc is nil when Err is set. Otherwise Hash, SimHash, Title, Outlet,
	// URL, Source, Published, PublishedFrom, Language, Text and IngestedAt
	// are filled (Outlet, URL, Published and Language when known).
	Doc *sitrep.Document
	// Err names the input in its message.
	Err error
	// Known is set, with Doc and Err nil, for a feed entry whose URL
	// Options.Known reported stored: it was not fetched.
	Known bool
	// NotModified is set, with Doc and Err nil, for an http(s) input
	// that has not changed since the version Options.Validators
	// describes.
	NotModified bool
}

// Errors that Read wraps, for callers that want to tell failures apart
// with errors.Is.
var (
	ErrTooLarge  = errors.New("input too large")
	ErrEmpty     = errors.New("empty")
	ErrBinary    = errors.New("binary file, not text")
	ErrNotUTF8   = errors.New("not valid UTF-8 text")
	ErrHTTP      = errors.New("HTTP error")
	ErrFeed      = errors.New("malformed feed")
	ErrNoText    = errors.New("no article text found")
	ErrDirectory = errors.New("is a directory")
)

// InputError is an error about one input; its message starts with the
// input's name.
type InputError struct {
	Input string
	Err   error
}

func (e *InputError) Error() string { return e.Input + ": " + e.Err.Error() }

func (e *InputError) Unwrap() error { return e.Err }

func inputErr(input string, err error) error {
	var ie *InputError
	if errors.As(err, &ie) && ie.Input == input {
		return err
	}
	return &InputError{Input: input, Err: err}
}

// detail attaches a message to one of the sentinel errors so that the text
// reads naturally and errors.Is still works.
type detail struct {
	kind error
	msg  string
}

func (d *detail) Error() string { return d.msg }
func (d *detail) Unwrap() error { return d.kind }

func errorf(kind error, format string, args ...any) error {
	return &detail{kind: kind, msg: fmt.Sprintf(format, args...)}
}

// isURL reports whether s is an http(s) URL.
func isURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// isSidecar reports whether name is a NAME.meta.json metadata sidecar.
func isSidecar(name string) bool {
	return strings.HasSuffix(strings.ToLower(name), ".meta.json")
}

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
		info, err := statInput(in)
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

// pathErr strips the path from an *fs.PathError, whose message repeats it.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Read reads one concrete input: a file, "-" (read from stdin), an http(s)
// URL or a feed (file or URL; detected by content). A feed yields one Item
// per entry, in the feed's order: the entry's link is fetched and the
// feed's title, date and name are used as metadata; an entry whose link
// cannot be fetched is a failed Item. Anything else yields one Item. Read
// never panics: a panic in a parser becomes a failed Item.
func Read(ctx context.Context, input string, stdin io.Reader, opts Options) []Item {
	return collect(func(emit func(int, Item)) { Stream(ctx, input, stdin, opts, emit) })
}

// collect runs a streaming reader and returns its items in index order.
func collect(run func(emit func(int, Item))) []Item {
	type indexed struct {
		i  int
		it Item
	}
	var mu sync.Mutex
	var got []indexed
	run(func(i int, it Item) {
		mu.Lock()
		got = append(got, indexed{i, it})
		mu.Unlock()
	})
	sort.SliceStable(got, func(a, b int) bool { return got[a].i < got[b].i })
	items := make([]Item, len(got))
	for k, g := range got {
		items[k] = g.it
	}
	return items
}

// Stream is Read handing each item to emit as soon as it is ready, with
// its position among the input's items (a feed entry's index, 0
// otherwise), so that a caller can store a feed's entries while others are
// still being fetched. emit may be called from several goroutines at once.
// Stream returns when every item has been emitted.
func Stream(ctx context.Context, input string, stdin io.Reader, opts Options, emit func(int, Item)) {
	defer func() {
		if r := recover(); r != nil {
			emit(0, Item{Input: input, Err: inputErr(input, fmt.Errorf("internal error: %v", r))})
		}
	}()
	opts.guard = true
	stream(ctx, input, stdin, opts, emit)
}

// stream is Stream without the panic guard, so that fuzz tests see panics.
func stream(ctx context.Context, input string, stdin io.Reader, opts Options, emit func(int, Item)) {
	if opts.Fetcher == nil {
		opts.Fetcher = NewFetcher(opts) // one for all of a feed's entries
	}
	raw := input
	input = RedactURL(input)
	if opts.Published != "" {
		if _, err := time.Parse(time.DateOnly, opts.Published); err != nil {
			emit(0, failedItem(input, fmt.Errorf("published date %q is not YYYY-MM-DD", opts.Published)))
			return
		}
	}
	var (
		src *source
		err error
	)
	switch {
	case input == "-":
		if stdin == nil {
			emit(0, failedItem(input, errors.New("no standard input")))
			return
		}
		src, err = readStream(input, stdin, opts.maxBytes())
	case isURL(input) && opts.Validators != nil:
		var unchanged bool
		src, unchanged, err = fetchConditional(ctx, raw, input, opts)
		if unchanged {
			emit(0, Item{Input: input, NotModified: true})
			return
		}
	case isURL(input):
		src, err = fetch(ctx, raw, opts, "")
	default:
		src, err = readFile(input, opts.maxBytes())
	}
	if err != nil {
		emit(0, failedItem(input, err))
		return
	}
	readSource(ctx, src, opts, emit)
}

// read collects stream's items in order, for tests.
func read(ctx context.Context, input string, stdin io.Reader, opts Options) []Item {
	return collect(func(emit func(int, Item)) { stream(ctx, input, stdin, opts, emit) })
}

// readSource turns a prepared source into items.
func readSource(ctx context.Context, src *source, opts Options, emit func(int, Item)) {
	if src.kind == kindFeed {
		readFeed(ctx, src, opts, emit)
		return
	}
	doc, err := buildDocument(src, opts, nil)
	if err != nil {
		emit(0, failedItem(src.input, err))
		return
	}
	emit(0, Item{Input: src.input, Doc: doc})
}

func failedItem(input string, err error) Item {
	return Item{Input: input, Err: inputErr(input, err)}
}
