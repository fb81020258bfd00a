package main

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"

	"github.com/sitrep/sitrep/ingest"
	"github.com/sitrep/sitrep/pipeline"
)

func init() {
	register(&command{name: "ingest", short: "read articles, code events and store them", run: runIngest})
}

// ingestReport is one line of `ingest --json`.
type ingestReport struct {
	Input     string `json:"input"`
	Outcome   string `json:"outcome"`
	ID        int64  `json:"id,omitempty"`
	Original  int64  `json:"original,omitempty"`
	Title     string `json:"title,omitempty"`
	Events    int    `json:"events"`
	Transfers int    `json:"transfers"`
	Error     string `json:"error,omitempty"`
}

func runIngest(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "ingest", "[flags] PATH|URL|- ...", `
Reads articles — plain-text or HTML files (gzip allowed), directories
(recursively), - for standard input, http(s) URLs and RSS/Atom feeds — codes
their events and stores each document with everything coded from it in one
transaction. Identical documents are stored once; near-duplicates are linked
to their original and not coded again. Re-running on the same inputs changes
nothing. The exit status is 1 when any input failed.

Feed entries are fetched several at a time (at most 2 per site, spaced by
half a second or the site's robots.txt Crawl-delay) and each is stored as
soon as it is coded; entries whose URL is already stored are skipped, so an
interrupted feed resumes where it stopped. robots.txt is honoured. Loopback,
private, link-local and cloud-metadata addresses are refused (after DNS
resolution and on every redirect) unless --allow-private is given; user
names and passwords in URLs are never stored or printed.`)
	db := dbFlag(fs)
	published := fs.String("published", "", "publication `date` (YYYY-MM-DD) for inputs that carry none")
	jsonOut := fs.Bool("json", false, "print one JSON line per document instead of the summary")
	quiet := fs.Bool("q", false, "print only failures and the summary")
	kbDir := kbFlag(fs)
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "read and code `n` inputs at a time (storing stays sequential)")
	fetchTimeout := fs.Duration("fetch-timeout", ingest.DefaultFetchTimeout, "give up on one URL or feed entry after `duration`")
	fetchDeadline := fs.Duration("fetch-deadline", ingest.DefaultFetchDeadline, "stop fetching after `duration` in all (what was fetched is kept; re-run to resume)")
	allowPrivate := fs.Bool("allow-private", false, "fetch loopback, private, link-local and cloud-metadata addresses too")
	prof := profileFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	if err := checkPublished(*published); err != nil {
		return err
	}
	inputs, skipped, expandErr := ingest.ExpandReport(fs.Args())
	if len(inputs) == 0 {
		// Nothing to read: a mistyped path must not load the models for
		// nothing or leave an empty store behind.
		return reportNothing(e, skipped, expandErr)
	}
	stopProfile, err := prof.start()
	if err != nil {
		return err
	}
	defer func() {
		if err := stopProfile(); err != nil {
			fmt.Fprintln(e.stderr, "profile:", err)
		}
	}()
	c, err := newCoder(*kbDir)
	if err != nil {
		return err
	}
	// Each worker codes at most one capped text at a time; what is kept
	// per document grows with the inputs (a feed counts as one).
	limitGrowth(batchGrowth(*workers, len(inputs)))
	st, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	p := &pipeline.Pipeline{Store: st, Coder: c}
	// Loading first also builds the incidents of a store written before
	// sitrep kept them, even when no document is new.
	if err := p.TrackIncidents(ctx, 100); err != nil {
		return err
	}
	if p.Incidents != nil {
		// Stored even when interrupted; what a crash loses, the next
		// run's Load rebuilds.
		defer func() {
			if err := p.Incidents.Flush(context.WithoutCancel(ctx)); err != nil {
				fmt.Fprintln(e.stderr, "incidents:", err)
			}
		}()
	}
	if *fetchTimeout <= 0 || *fetchDeadline <= 0 {
		return fmt.Errorf("--fetch-timeout and --fetch-deadline must be positive")
	}
	opts := pipeline.Options{Workers: *workers, Stdin: e.stdin, Read: ingest.Options{
		Published: *published, FetchTimeout: *fetchTimeout, FetchDeadline: *fetchDeadline, AllowPrivate: *allowPrivate,
	}}

	counts := map[pipeline.Outcome]int{}
	var failures []string
	if expandErr != nil {
		for _, line := range strings.Split(expandErr.Error(), "\n") {
			failures = append(failures, line)
		}
		counts[pipeline.Failed] += len(failures)
	}
	bar := newProgress(e, len(inputs), !*jsonOut)
	events, transfers := 0, 0
	p.Ingest(ctx, inputs, opts, func(r pipeline.Report) {
		bar.set(r.Index, ingest.RedactURL(inputs[r.Index]))
		rep := ingestReport{Input: r.Input, Outcome: string(r.Outcome), ID: r.ID, Original: r.Original,
			Title: r.Title, Events: r.Events, Transfers: r.Transfers}
		if r.Err != nil {
			rep.Error = r.Err.Error()
		}
		counts[r.Outcome]++
		events += rep.Events
		transfers += rep.Transfers
		if rep.Error != "" {
			failures = append(failures, rep.Error)
		}
		switch {
		case *jsonOut:
			b, _ := json.Marshal(rep)
			fmt.Fprintf(e.stdout, "%s\n", b)
		case !*quiet && rep.Error == "" && r.Outcome != pipeline.Skipped:
			bar.clear()
			fmt.Fprintf(e.stdout, "%-14s #%-4d %3d events %2d transfers  %s\n", rep.Outcome, rep.ID, rep.Events, rep.Transfers, clip(orDash(rep.Title), 60))
		}
	})
	bar.done()
	for _, s := range skipped {
		fmt.Fprintln(e.stderr, "skipped:", s)
	}
	for _, f := range failures {
		fmt.Fprintln(e.stderr, "failed:", f)
	}
	summary := fmt.Sprintf("%d new (%d events, %d transfers), %d duplicate, %d near-duplicate, %d failed",
		counts[pipeline.New], events, transfers, counts[pipeline.Duplicate], counts[pipeline.NearDuplicate], counts[pipeline.Failed])
	if n := counts[pipeline.Skipped]; n > 0 {
		summary += fmt.Sprintf(", %d feed entries skipped (their URL is stored)", n)
	}
	if counts[pipeline.New]+counts[pipeline.NearDuplicate] == 0 && counts[pipeline.Duplicate]+counts[pipeline.Skipped] > 0 {
		summary += " — nothing changed: every document was already stored"
	}
	fmt.Fprintln(e.stderr, summary)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if counts[pipeline.Failed] > 0 {
		return exitError{1}
	}
	return nil
}

// reportNothing reports an ingest whose inputs all failed or were skipped
// before any was read.
func reportNothing(e *env, skipped []ingest.Skipped, expandErr error) error {
	for _, s := range skipped {
		fmt.Fprintln(e.stderr, "skipped:", s)
	}
	failed := 0
	if expandErr != nil {
		for _, line := range strings.Split(expandErr.Error(), "\n") {
			fmt.Fprintln(e.stderr, "failed:", line)
			failed++
		}
	}
	fmt.Fprintf(e.stderr, "0 new (0 events, 0 transfers), 0 duplicate, 0 near-duplicate, %d failed — nothing to read\n", failed)
	if failed > 0 {
		return exitError{1}
	}
	return nil
}

// progress draws a one-line progress bar on stderr when it is a terminal.
type progress struct {
	e     *env
	total int
	on    bool
	drawn bool
}

func newProgress(e *env, total int, enabled bool) *progress {
	return &progress{e: e, total: total, on: enabled && e.isTerminal && total > 1}
}

func (p *progress) set(done int, label string) {
	if !p.on {
		return
	}
	const width = 30
	n := width * done / p.total
	fmt.Fprintf(p.e.rawStderr, "\r\033[K[%s%s] %d/%d %s", strings.Repeat("=", n), strings.Repeat(" ", width-n), done, p.total, sanitize(clip(label, 40)))
	p.drawn = true
}

func (p *progress) clear() {
	if p.drawn {
		fmt.Fprint(p.e.rawStderr, "\r\033[K")
		p.drawn = false
	}
}

func (p *progress) done() { p.clear() }
