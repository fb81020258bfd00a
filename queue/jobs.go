package queue

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/riverqueue/river"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/ingest"
	"github.com/sitrep/sitrep/pipeline"
)

// fetchWorker works FetchArgs: it reads the URL as `sitrep ingest` would
// and enqueues each document it holds, so that the coding of a feed's
// entries spreads over every worker rather than the one that read it.
type fetchWorker struct {
	river.WorkerDefaults[FetchArgs]
	q    *Queue
	p    *pipeline.Pipeline
	read ingest.Options
}

func (w *fetchWorker) Work(ctx context.Context, job *river.Job[FetchArgs]) error {
	read := w.read
	read.Published = job.Args.Published
	// Known from the store as it is now, not as it was when the worker
	// started: a feed read again skips what any worker stored since.
	read = w.p.ReadOptions(ctx, read)
	var (
		mu     sync.Mutex
		res    FetchResult
		params []river.InsertManyParams
	)
	pipeline.Documents(ctx, job.Args.URL, nil, read, func(r pipeline.Report, doc *sitrep.Document) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case doc != nil:
			params = append(params, river.InsertManyParams{Args: CodeArgs{Hash: doc.Hash, Document: doc}})
		case r.Outcome == pipeline.Skipped, r.Outcome == pipeline.NotModified:
			res.Skipped++
		case r.Err != nil:
			res.Failed = append(res.Failed, r.Err.Error())
		}
	})
	if len(params) == 0 && res.Skipped == 0 && len(res.Failed) > 0 {
		// The URL itself failed (a feed's failed entries do not fail the
		// feed): River retries with backoff, then discards the job with
		// this error, which `enqueue --wait` reports.
		return errors.New(strings.Join(res.Failed, "; "))
	}
	if len(params) > 0 {
		// A retry after a crash here inserts the same documents again;
		// they are unique by hash, so nothing is coded twice.
		ins, err := w.q.client.InsertMany(ctx, params)
		if err != nil {
			return fmt.Errorf("enqueueing %d documents: %w", len(params), err)
		}
		for _, r := range ins {
			if r.UniqueSkippedAsDuplicate {
				// Its outcome was, or will be, reported with the
				// fetch that queued it first.
				res.Queued++
				continue
			}
			res.Jobs = append(res.Jobs, r.Job.ID)
		}
	}
	return river.RecordOutput(ctx, res)
}

// codeWorker works CodeArgs through the same Pipeline.Add as `sitrep
// ingest`, so a document is stored the same whichever path it takes.
type codeWorker struct {
	river.WorkerDefaults[CodeArgs]
	p      *pipeline.Pipeline
	report func(DocResult)
}

func (w *codeWorker) Work(ctx context.Context, job *river.Job[CodeArgs]) error {
	doc := job.Args.Document
	if doc == nil {
		return river.JobCancel(errors.New("job has no document"))
	}
	r := w.p.Add(ctx, doc)
	if r.Outcome == pipeline.Failed {
		// Coding is deterministic, so a bad document fails every
		// attempt; a store that went away comes back. River retries
		// either way, with backoff, up to MaxAttempts.
		return r.Err
	}
	res := DocResult{Input: doc.Source, Title: doc.Title, Outcome: r.Outcome, ID: r.ID,
		Original: r.Original, Events: r.Events, Transfers: r.Transfers}
	if w.report != nil {
		w.report(res)
	}
	return river.RecordOutput(ctx, res)
}

// incidentsWorker works IncidentsArgs.
type incidentsWorker struct {
	river.WorkerDefaults[IncidentsArgs]
	st sitrep.Store
}

func (w *incidentsWorker) Work(ctx context.Context, _ *river.Job[IncidentsArgs]) error {
	return pipeline.ClusterIncidents(ctx, w.st)
}
