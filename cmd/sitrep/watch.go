package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"sync"
	"syscall"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/incident"
	"github.com/sitrep/sitrep/ingest"
	"github.com/sitrep/sitrep/internal/regular"
	"github.com/sitrep/sitrep/pipeline"
	"github.com/sitrep/sitrep/postgres"
	"github.com/sitrep/sitrep/watch"
)

func init() {
	register(&command{name: "watch", short: "follow feeds and pages, ingesting what is new", run: runWatch})
}

func runWatch(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "watch", "[flags] URL ... (or --list FILE)", `
Follows RSS/Atom feeds and pages: polls each one every --every, ingests the
entries that are new (as 'sitrep ingest' does), and keeps going until
interrupted. Polls are conditional (ETag, Last-Modified, or the digest of
the body when a server sends neither), so an unchanged feed costs one short
answer; entries whose URL is stored are not fetched again. After a
transient failure (a 429 or 5xx answer, a network error) a host is left
alone for a minute, doubling with each failure in a row up to an hour, or
for as long as its Retry-After asks. robots.txt is honoured and read again
daily.

What the watcher knows is saved to a state file (--state; by default the
database's path with .watch.json added; required with a postgres:// URL),
so that a restart fetches nothing again that has not changed. Ctrl-C or
SIGTERM stops it once the documents being coded are stored; a second one
stops it at once.

--json prints one line per event: fetched, not-modified, stored,
duplicate, failed or deferred (a host backing off). --metrics ADDR serves
counters per feed at http://ADDR/metrics in the Prometheus text format.`)
	db := dbFlag(fs)
	kbDir := kbFlag(fs)
	every := fs.Duration("every", watch.DefaultEvery, "poll each feed every `duration`")
	once := fs.Bool("once", false, "poll each feed once and exit (status 1 if anything failed)")
	list := fs.String("list", "", "read the URLs to watch from `file`, one a line (# starts a comment)")
	statePath := fs.String("state", "", "keep the watcher's state in `file` (default: the database's path + .watch.json; required with a postgres:// URL)")
	quiet := fs.Bool("q", false, "print only failures")
	jsonOut := fs.Bool("json", false, "print one JSON line per event")
	metricsAddr := fs.String("metrics", "", "serve Prometheus metrics on `host:port` at /metrics")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "read and code `n` inputs at a time (storing stays sequential)")
	fetchTimeout := fs.Duration("fetch-timeout", ingest.DefaultFetchTimeout, "give up on one URL or feed entry after `duration`")
	allowPrivate := fs.Bool("allow-private", false, "fetch loopback, private, link-local and cloud-metadata addresses too")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	feeds, err := watchList(fs.Args(), *list)
	if err != nil {
		return err
	}
	if len(feeds) == 0 {
		fs.Usage()
		return errUsage
	}
	if *every <= 0 || *fetchTimeout <= 0 {
		return errors.New("--every and --fetch-timeout must be positive")
	}
	// Each worker codes at most one capped text at a time.
	limitGrowth(batchGrowth(*workers, 0))
	state, err := watchStatePath(e, *db, *statePath)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	w, err := newWatcher(st, *kbDir, state)
	if err != nil {
		return err
	}
	w.Every, w.Workers = *every, *workers
	w.Read = ingest.Options{FetchTimeout: *fetchTimeout, AllowPrivate: *allowPrivate}
	failed := 0
	w.Report = func(ev watch.Event) {
		if ev.Kind == watch.Failed {
			failed++
		}
		printEvent(e, ev, *jsonOut, *quiet)
	}
	if *metricsAddr != "" {
		stopMetrics, err := serveMetrics(e, *metricsAddr, w.Metrics)
		if err != nil {
			return err
		}
		defer stopMetrics()
	}
	work, stop, release := gentleStop(ctx, e)
	defer release()
	if !*quiet && !*jsonOut {
		how := fmt.Sprintf("every %v", *every)
		if *once {
			how = "once"
		}
		fmt.Fprintf(e.stderr, "sitrep: watching %d feeds and pages %s (state %s)\n", len(feeds), how, w.StatePath)
	}
	if *once {
		err = w.Poll(work, feeds, stop)
	} else {
		err = w.Run(work, feeds, stop)
	}
	if err != nil {
		return err
	}
	if *once && failed > 0 {
		return exitError{1}
	}
	return nil
}

// watchList gathers the URLs named on the command line and in the list
// file, checking each.
func watchList(args []string, list string) ([]string, error) {
	var feeds []string
	for _, a := range args {
		if err := watch.CheckURL(a); err != nil {
			return nil, err
		}
		feeds = append(feeds, a)
	}
	if list != "" {
		f, err := regular.Open(list)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		l, err := watch.ReadList(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", list, err)
		}
		feeds = append(feeds, l...)
	}
	return watch.Unique(feeds), nil
}

// watchStatePath returns the watcher's state file: statePath (--state)
// or, when it is empty, the SQLite store's path with .watch.json added.
// A PostgreSQL store has no file to keep it beside: its URL, taken as a
// path, named a folder "postgres:" that does not exist, so every poll
// stored its documents and then failed to save the state, and the next
// fetched every feed again. --state is then required, and checked before
// anything is fetched.
func watchStatePath(e *env, dbFlag, statePath string) (string, error) {
	if statePath != "" {
		return statePath, nil
	}
	path, err := storePath(e, dbFlag)
	if err != nil {
		return "", err
	}
	if postgres.IsURL(path) {
		return "", errors.New("with a postgres:// database, name the watcher's state file with --state")
	}
	return path + ".watch.json", nil
}

// newWatcher builds a watcher storing into st: the pipeline (the coder
// and the incident assigner) and the state, read from statePath (see
// watchStatePath).
func newWatcher(st sitrep.Store, kbDir, statePath string) (*watch.Watcher, error) {
	state, err := watch.LoadState(statePath)
	if err != nil {
		return nil, err
	}
	// NearDupMaxAge: another watcher or ingest may store into the same
	// store while this one runs for days.
	p := &pipeline.Pipeline{Store: st, Coder: &lazyCoder{kbDir: kbDir}, NearDupMaxAge: 5 * time.Minute}
	if is, ok := st.(sitrep.IncidentStore); ok {
		// Loaded when the first document is added, like the coder; the
		// watcher flushes the links after each poll.
		p.Incidents = &incident.Assigner{Store: is, Batch: 100}
	}
	return &watch.Watcher{Pipeline: p, State: state, StatePath: statePath, Metrics: &watch.Metrics{}}, nil
}

// lazyCoder builds the coder when the first document needs coding: a
// poll that finds every feed unchanged, as most do, then costs no loading
// of the knowledge base and models (seconds, and their memory).
type lazyCoder struct {
	kbDir string
	once  sync.Once
	c     sitrep.Coder
	err   error
}

// Code codes in with the coder, built on first use; if it cannot be
// built, every call fails with the reason.
func (l *lazyCoder) Code(ctx context.Context, in sitrep.Input) (*sitrep.Analysis, error) {
	l.once.Do(func() { l.c, l.err = newCoder(l.kbDir) })
	if l.err != nil {
		return nil, l.err
	}
	return l.c.Code(ctx, in)
}

// printEvent prints one watcher event: a JSON line, or a line of text
// (with -q, failures only).
func printEvent(e *env, ev watch.Event, jsonOut, quiet bool) {
	if jsonOut {
		b, _ := json.Marshal(ev)
		fmt.Fprintf(e.stdout, "%s\n", b)
		return
	}
	if quiet && ev.Kind != watch.Failed {
		return
	}
	at := ev.Time.Format(time.TimeOnly)
	switch ev.Kind {
	case watch.Stored:
		fmt.Fprintf(e.stdout, "%s %-12s #%-4d %3d events %2d transfers  %s\n", at, ev.Outcome, ev.ID, ev.Events, ev.Transfers, clip(orDash(ev.Title), 60))
	case watch.Failed:
		fmt.Fprintf(e.stderr, "%s failed: %s\n", at, ev.Error)
	case watch.Deferred:
		fmt.Fprintf(e.stdout, "%s %-12s %s until %s\n", at, ev.Kind, ev.Feed, ev.RetryAt.Local().Format(time.DateTime))
	case watch.Duplicate:
		fmt.Fprintf(e.stdout, "%s %-12s #%-4d %s\n", at, ev.Kind, ev.ID, ev.URL)
	default:
		fmt.Fprintf(e.stdout, "%s %-12s %s\n", at, ev.Kind, ev.Feed)
	}
}

// serveMetrics serves m at http://addr/metrics until the returned function
// is called.
func serveMetrics(e *env, addr string, m *watch.Metrics) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go hs.Serve(ln)
	fmt.Fprintf(e.stderr, "sitrep: metrics on http://%s/metrics\n", ln.Addr())
	return func() { hs.Close() }, nil
}

// gentleStop splits the command's context in two: stop is closed at the
// first interrupt (the context's end, Ctrl-C, or SIGTERM), so that the
// work in hand is finished; work is cancelled at the second, abandoning
// it. release stops listening for signals.
func gentleStop(ctx context.Context, e *env) (work context.Context, stop <-chan struct{}, release func()) {
	work, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stopc := make(chan struct{})
	// SIGINT is also delivered to main's context, which ends: both
	// count as the same first interrupt.
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		signals := 0
		select {
		case <-sigs:
			signals++
		case <-ctx.Done():
		case <-work.Done():
			return
		}
		close(stopc)
		fmt.Fprintln(e.stderr, "sitrep: stopping once the documents in hand are stored (interrupt again to stop at once)")
		for {
			select {
			case <-sigs:
				if signals++; signals >= 2 {
					cancel()
					return
				}
			case <-work.Done():
				return
			}
		}
	}()
	return work, stopc, func() { signal.Stop(sigs); cancel() }
}
