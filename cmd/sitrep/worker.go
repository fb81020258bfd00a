package main

import (
	"context"
	"fmt"
	"log/slog"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/sitrep/sitrep/ingest"
	"github.com/sitrep/sitrep/pipeline"
	"github.com/sitrep/sitrep/queue"
)

func init() {
	register(&command{name: "worker", short: "work queued fetch, code and store jobs (PostgreSQL)", run: runWorker})
}

func runWorker(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "worker", "--db postgres://… [flags]", `
Works the jobs that 'sitrep enqueue' (or another worker) queued in the
PostgreSQL store's job queue (River, schema "river"): fetching URLs and
feeds, coding documents and storing each with everything coded from it in
one transaction, exactly as 'sitrep ingest' does. Run any number of
workers, on any number of machines, against one database. A worker killed
mid-job loses nothing: its job is retried by another after --rescue-after.
A document is stored once however often it is queued or retried.
Incidents are rebuilt every --incidents-every by one worker at a time.

Runs until interrupted (SIGINT or SIGTERM), then finishes the jobs in hand.
With an SQLite store there is no queue: 'sitrep ingest' does the same work
in one process.`)
	db := dbFlag(fs)
	kbDir := kbFlag(fs)
	concurrency := fs.Int("concurrency", runtime.GOMAXPROCS(0), "work `n` jobs at a time")
	jobTimeout := fs.Duration("job-timeout", queue.DefaultJobTimeout, "give up on one job after `duration` (it is retried)")
	rescueAfter := fs.Duration("rescue-after", 0, "retry a job still running after `duration`, its worker taken for dead (default twice --job-timeout)")
	incidentsEvery := fs.Duration("incidents-every", queue.DefaultIncidentEvery, "rebuild incidents every `duration`")
	fetchTimeout := fs.Duration("fetch-timeout", ingest.DefaultFetchTimeout, "give up on one URL or feed entry after `duration`")
	allowPrivate := fs.Bool("allow-private", false, "fetch loopback, private, link-local and cloud-metadata addresses too")
	quiet := fs.Bool("q", false, "print only failures")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	url, err := queueURL(e, *db, "sitrep worker")
	if err != nil {
		return err
	}
	if *fetchTimeout <= 0 || *jobTimeout <= 0 {
		return fmt.Errorf("--fetch-timeout and --job-timeout must be positive")
	}
	if *rescueAfter != 0 && *rescueAfter <= *jobTimeout {
		return fmt.Errorf("--rescue-after must exceed --job-timeout: a job is taken for abandoned only once it can no longer be running")
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM)
	defer stop()
	c, err := newCoder(*kbDir)
	if err != nil {
		return err
	}
	limitGrowth(batchGrowth(*concurrency, 0))
	st, err := openStore(ctx, e, url)
	if err != nil {
		return err
	}
	defer st.Close()
	// Other workers store documents too: the near-duplicate index is
	// reloaded when older than this.
	p := &pipeline.Pipeline{Store: st, Coder: c, NearDupMaxAge: 2 * time.Second}
	q, err := queue.Open(ctx, url, queue.Config{
		Pipeline: p, Concurrency: *concurrency, JobTimeout: *jobTimeout, RescueAfter: *rescueAfter,
		IncidentEvery: *incidentsEvery,
		Read:          ingest.Options{FetchTimeout: *fetchTimeout, AllowPrivate: *allowPrivate},
		Logger:        slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Report: func(r queue.DocResult) {
			if !*quiet {
				fmt.Fprintf(e.stdout, "%-14s #%-6d %3d events %2d transfers  %s\n", r.Outcome, r.ID, r.Events, r.Transfers, clip(orDash(r.Title), 60))
			}
		},
	})
	if err != nil {
		return err
	}
	defer q.Close()
	if err := q.Start(ctx); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "worker: working jobs, %d at a time; interrupt to stop\n", max(1, *concurrency))
	<-ctx.Done()
	fmt.Fprintln(e.stderr, "worker: stopping after the jobs in hand")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), *jobTimeout)
	defer cancel()
	return q.Stop(sctx)
}
