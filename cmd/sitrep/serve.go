package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"runtime"
	"strings"
	"sync"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/incident"
	"github.com/sitrep/sitrep/ingest"
	"github.com/sitrep/sitrep/pipeline"
	"github.com/sitrep/sitrep/server"
	"github.com/sitrep/sitrep/watch"
)

func init() {
	register(&command{name: "serve", short: "serve the store: JSON API, exports and the web page", run: runServe})
}

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "serve", "[flags]", `
Serves the store over HTTP until interrupted: the web page at /, a read-only
JSON API under /api/ (described at /api/openapi.json) and every export
format through /api/events?format=. The page and its map work with no
network.

With --token (or $SITREP_TOKEN), POST /api/documents with the header
"Authorization: Bearer TOKEN" ingests a text, HTML page or URL through the
same pipeline as 'sitrep ingest'; the knowledge base and models are loaded
on the first such request, not before. Without a token the server only
reads. It listens on loopback by default; CORS stays off unless --cors
names an origin allowed to read the API from its pages. Exports leave
first-level regions empty unless --regions loads the knowledge base.

With --watch FILE, a watcher runs beside the server, as 'sitrep watch
--list FILE' does (the server then writes to the store), and /metrics
serves its counters in the Prometheus text format.`)
	db := dbFlag(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "listen on `host:port`")
	token := fs.String("token", "", "accept POST /api/documents with this bearer `token` (default $SITREP_TOKEN)")
	cors := fs.String("cors", "", "let pages from `origin` (or * for any) read the API")
	kbDir := kbFlag(fs)
	regions := fs.Bool("regions", false, "load the knowledge base to fill in first-level regions in exports (a second or two, and its memory)")
	verbose := fs.Bool("v", false, "log every request")
	indexEvents := fs.Bool("index", true, "keep the events' filter and order columns in memory (an embedded store; about 160 bytes an event, made as the server starts) so that filtered pages stay fast under load")
	watchFile := fs.String("watch", "", "watch the feeds and pages listed in `file` and ingest what is new")
	every := fs.Duration("every", watch.DefaultEvery, "with --watch, poll each feed every `duration`")
	statePath := fs.String("state", "", "with --watch, keep the watcher's state in `file` (default: the database's path + .watch.json; required with a postgres:// URL)")
	allowPrivate := fs.Bool("allow-private", false, "with --watch, fetch loopback, private, link-local and cloud-metadata addresses too")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	if *token == "" {
		*token = e.getenv("SITREP_TOKEN")
	}
	// Without a token nothing is written: the store is opened read-only,
	// so a writer (sitrep ingest) is never blocked and the file never
	// changed. With one, the server is the writer.
	var (
		st     sitrep.Reader
		writer sitrep.Store
		err    error
	)
	var feeds []string
	if *watchFile != "" {
		if feeds, err = watchList(nil, *watchFile); err != nil {
			return err
		}
		if len(feeds) == 0 {
			return fmt.Errorf("%s: no URL to watch", *watchFile)
		}
		if *every <= 0 {
			return fmt.Errorf("--every must be positive")
		}
		if *statePath, err = watchStatePath(e, *db, *statePath); err != nil {
			return err
		}
	}
	if *token != "" || *watchFile != "" {
		writer, err = openStore(ctx, e, *db)
		st = writer
	} else {
		st, err = openReader(ctx, e, *db)
	}
	if err != nil {
		return err
	}
	defer st.Close()
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelDebug
	}
	srv := &server.Server{
		Store:      st,
		Token:      *token,
		CORSOrigin: *cors,
		Log:        slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level})),
	}
	if *token != "" {
		srv.Ingester = &serveIngester{store: writer, kbDir: *kbDir}
	}
	if *regions {
		k, err := loadKB(e, *kbDir)
		if err != nil {
			return err
		}
		srv.Admin1 = admin1Of(k)
	}
	type indexer interface {
		IndexEvents()
		LoadEventIndex(context.Context) error
	}
	if ix, ok := st.(indexer); ok && *indexEvents {
		ix.IndexEvents()
		// Made while the server starts; pages wait for nothing meanwhile.
		go func() {
			if err := ix.LoadEventIndex(ctx); err != nil && ctx.Err() == nil {
				srv.Log.Warn("event index", "error", err)
			}
		}()
	}
	ready := func(a net.Addr) {
		mode := "read-only"
		if *token != "" {
			mode = "accepting documents with the token"
		}
		if *watchFile != "" {
			mode += fmt.Sprintf(", watching %d feeds and pages every %v", len(feeds), *every)
		}
		fmt.Fprintf(e.stderr, "sitrep: serving on http://%s/ (%s)\n", a, mode)
	}
	if *watchFile == "" {
		return srv.ListenAndServe(ctx, *addr, ready)
	}
	w, err := newWatcher(writer, *kbDir, *statePath)
	if err != nil {
		return err
	}
	w.Every, w.Workers = *every, runtime.GOMAXPROCS(0)
	w.Read = ingest.Options{AllowPrivate: *allowPrivate}
	w.Report = func(ev watch.Event) {
		if ev.Kind == watch.Failed {
			srv.Log.Warn("watch: failed", "feed", ev.Feed, "error", ev.Error)
			return
		}
		srv.Log.Debug("watch: "+ev.Kind, "feed", ev.Feed, "url", ev.URL, "id", ev.ID, "events", ev.Events)
	}
	srv.Metrics = w.Metrics
	return serveWatching(ctx, e, srv, w, feeds, *addr, ready)
}

// serveWatching serves srv and runs w beside it until the first interrupt
// (Ctrl-C or SIGTERM), or until either fails; the watcher then finishes
// the documents in hand before the store is closed.
func serveWatching(ctx context.Context, e *env, srv *server.Server, w *watch.Watcher, feeds []string, addr string, ready func(net.Addr)) error {
	work, stop, release := gentleStop(ctx, e)
	defer release()
	quit := make(chan struct{})
	var once sync.Once
	end := func() { once.Do(func() { close(quit) }) }
	serving, stopServing := context.WithCancel(ctx)
	defer stopServing()
	go func() {
		select {
		case <-stop:
		case <-quit:
		}
		end()
		stopServing()
	}()
	watched := make(chan error, 1)
	go func() {
		err := w.Run(work, feeds, quit)
		end() // a failed watcher stops the server rather than leave it serving a stale store
		watched <- err
	}()
	err := srv.ListenAndServe(serving, addr, ready)
	end()
	return errors.Join(err, <-watched)
}

// serveIngester ingests POSTed documents with pipeline.Ingest, as 'sitrep
// ingest' does (URLs through its fetch policy: no private addresses),
// building the coder on first use. One document at a time: SQLite has one
// writer anyway.
type serveIngester struct {
	store sitrep.Store
	kbDir string

	mu sync.Mutex
	p  *pipeline.Pipeline
}

func (si *serveIngester) Ingest(ctx context.Context, req server.IngestRequest) (*server.IngestResult, error) {
	si.mu.Lock()
	defer si.mu.Unlock()
	if si.p == nil {
		c, err := newCoder(si.kbDir)
		if err != nil {
			return nil, err
		}
		si.p = &pipeline.Pipeline{Store: si.store, Coder: c}
		if is, ok := si.store.(sitrep.IncidentStore); ok {
			si.p.Incidents = &incident.Assigner{Store: is}
		}
	}
	input := req.URL
	if input == "" {
		input = "-"
	}
	var (
		first   *server.IngestResult
		failure error
	)
	opts := pipeline.Options{Workers: 1, Read: ingest.Options{Published: req.Published}, Stdin: strings.NewReader(req.Text)}
	err := si.p.Ingest(ctx, []string{input}, opts, func(r pipeline.Report) {
		switch {
		case first != nil:
		case r.Outcome == pipeline.Failed:
			if failure == nil {
				failure = r.Err
			}
		default:
			first = &server.IngestResult{Outcome: string(r.Outcome), ID: r.ID, Original: r.Original, Events: r.Events, Transfers: r.Transfers}
		}
	})
	switch {
	case err != nil:
		return nil, err
	case first != nil:
		return first, nil
	case failure != nil:
		return nil, server.InputError(failure)
	}
	return nil, server.InputError(fmt.Errorf("%s: nothing to read", input))
}
