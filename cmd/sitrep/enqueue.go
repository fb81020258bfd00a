package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/ingest"
	"github.com/sitrep/sitrep/pipeline"
	"github.com/sitrep/sitrep/queue"
)

func init() {
	register(&command{name: "enqueue", short: "queue URLs and files for 'sitrep worker' (PostgreSQL)", run: runEnqueue})
}

func runEnqueue(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "enqueue", "--db postgres://… [--wait] URL|PATH|- ...", `
Queues work for 'sitrep worker' processes in the PostgreSQL store's job
queue. A URL (page or feed) is queued as a fetch, which the worker that takes
it reads and turns into one document job per page or feed entry. Files,
directories and - are read here, so the workers need not see them, and each
document is queued as a job that codes and stores it. A document is queued
once however often it is enqueued, and stored once.

With --wait, enqueue waits until every job it queued (and every document a
queued feed yields) is done, rebuilds the incidents once they are, and prints
what was stored as 'sitrep ingest' does; the exit status is 1 when any input
failed. With an SQLite store there is no queue: 'sitrep ingest' does the same
work in one process.`)
	db := dbFlag(fs)
	wait := fs.Bool("wait", false, "wait for the jobs to be done and report what was stored")
	published := fs.String("published", "", "publication `date` (YYYY-MM-DD) for inputs that carry none")
	jsonOut := fs.Bool("json", false, "with --wait, print one JSON line per document instead of the summary")
	quiet := fs.Bool("q", false, "print only failures and the summary")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	url, err := queueURL(e, *db, "sitrep enqueue")
	if err != nil {
		return err
	}
	if err := checkPublished(*published); err != nil {
		return err
	}
	inputs, skipped, expandErr := ingest.ExpandReport(fs.Args())
	if len(inputs) == 0 {
		return reportNothing(e, skipped, expandErr)
	}
	for _, s := range skipped {
		fmt.Fprintln(e.stderr, "skipped:", s)
	}
	var failures []string
	if expandErr != nil {
		failures = append(failures, strings.Split(expandErr.Error(), "\n")...)
	}
	q, err := queue.Open(ctx, url, queue.Config{})
	if err != nil {
		return err
	}
	defer q.Close()

	var jobs []int64
	queued, already := 0, 0
	add := func(j queue.Job) {
		jobs = append(jobs, j.ID)
		if j.Duplicate {
			already++
		} else {
			queued++
		}
	}
	read := ingest.Options{Published: *published}
	for _, in := range inputs {
		if strings.HasPrefix(in, "http://") || strings.HasPrefix(in, "https://") {
			j, err := q.EnqueueURL(ctx, in, *published)
			if err != nil {
				return err
			}
			add(j)
			continue
		}
		var mu sync.Mutex
		var docErr error
		pipeline.Documents(ctx, in, e.stdin, read, func(r pipeline.Report, doc *sitrep.Document) {
			mu.Lock()
			defer mu.Unlock()
			if doc == nil {
				if r.Err != nil {
					failures = append(failures, r.Err.Error())
				}
				return
			}
			j, err := q.EnqueueDocument(ctx, doc)
			if err != nil {
				docErr = err
				return
			}
			add(j)
		})
		if docErr != nil {
			return docErr
		}
	}
	fmt.Fprintf(e.stderr, "%d jobs queued, %d already queued\n", queued, already)
	if !*wait {
		for _, f := range failures {
			fmt.Fprintln(e.stderr, "failed:", f)
		}
		if len(failures) > 0 {
			return exitError{1}
		}
		return nil
	}

	counts := map[pipeline.Outcome]int{}
	counts[pipeline.Failed] = len(failures)
	events, transfers := 0, 0
	err = q.Wait(ctx, jobs, 200*time.Millisecond, func(o queue.Outcome) {
		switch {
		case o.Fetched != nil:
			counts[pipeline.Skipped] += o.Fetched.Skipped
			counts[pipeline.Duplicate] += o.Fetched.Queued
			counts[pipeline.Failed] += len(o.Fetched.Failed)
			failures = append(failures, o.Fetched.Failed...)
		case o.Result != nil:
			r := o.Result
			counts[r.Outcome]++
			events += r.Events
			transfers += r.Transfers
			switch {
			case *jsonOut:
				b, _ := json.Marshal(ingestReport{Input: r.Input, Outcome: string(r.Outcome), ID: r.ID, Original: r.Original,
					Title: r.Title, Events: r.Events, Transfers: r.Transfers})
				fmt.Fprintf(e.stdout, "%s\n", b)
			case !*quiet:
				fmt.Fprintf(e.stdout, "%-14s #%-4d %3d events %2d transfers  %s\n", r.Outcome, r.ID, r.Events, r.Transfers, clip(orDash(r.Title), 60))
			}
		case o.State != "completed":
			counts[pipeline.Failed]++
			failures = append(failures, fmt.Sprintf("job %d (%s) %s: %s", o.JobID, o.Kind, o.State, o.Err))
		}
	})
	if err != nil {
		return err
	}
	if counts[pipeline.New] > 0 {
		// The documents are stored; their incidents come from the
		// periodic rebuild, which this runs now rather than wait for.
		if err := waitIncidents(ctx, q); err != nil {
			return err
		}
	}
	for _, f := range failures {
		fmt.Fprintln(e.stderr, "failed:", f)
	}
	summary := fmt.Sprintf("%d new (%d events, %d transfers), %d duplicate, %d near-duplicate, %d failed",
		counts[pipeline.New], events, transfers, counts[pipeline.Duplicate], counts[pipeline.NearDuplicate], counts[pipeline.Failed])
	if n := counts[pipeline.Skipped]; n > 0 {
		summary += fmt.Sprintf(", %d feed entries skipped (their URL is stored)", n)
	}
	fmt.Fprintln(e.stderr, summary)
	if counts[pipeline.Failed] > 0 {
		return exitError{1}
	}
	return nil
}

// waitIncidents queues an incident rebuild and waits for it. A rebuild
// already running may have started before the documents were stored, so
// once it is done another is queued.
func waitIncidents(ctx context.Context, q *queue.Queue) error {
	for range 3 {
		j, err := q.EnqueueIncidents(ctx)
		if err != nil {
			return err
		}
		var failed string
		err = q.Wait(ctx, []int64{j.ID}, 200*time.Millisecond, func(o queue.Outcome) {
			if o.State != "completed" {
				failed = o.Err
			}
		})
		if err != nil {
			return err
		}
		if failed != "" {
			return fmt.Errorf("rebuilding incidents: %s", failed)
		}
		if !j.Duplicate {
			return nil
		}
	}
	return nil
}
