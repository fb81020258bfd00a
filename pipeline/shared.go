package pipeline

// What `sitrep ingest` (one process) and the queue's workers (many
// processes, package queue) share: reading an input into documents,
// storing one document, and building incidents. Both paths go through these
// functions so that a document gives the same stored output whichever path
// it takes.

import (
	"context"
	"io"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/incident"
	"github.com/sitrep/sitrep/ingest"
)

// Documents reads one input — a file, "-", a URL or a feed — and calls emit
// for each document it holds, with a Report naming it (Input, Title) and
// the document; for an entry that failed or whose URL opts.Known reports
// stored or that has not changed since it was fetched, emit gets a Report
// with Outcome Failed, Skipped or NotModified and a nil
// document. emit may be called from several goroutines at once (a feed's
// entries are fetched concurrently). Documents returns when every entry has
// been emitted.
func Documents(ctx context.Context, input string, stdin io.Reader, opts ingest.Options, emit func(Report, *sitrep.Document)) {
	ingest.Stream(ctx, input, stdin, opts, func(_ int, it ingest.Item) {
		r := Report{Input: it.Input}
		switch {
		case it.Known:
			r.Outcome = Skipped
		case it.NotModified:
			r.Outcome = NotModified
		case it.Err != nil:
			r.Outcome, r.Err = Failed, it.Err
		default:
			r.Title = it.Doc.Title
			emit(r, it.Doc)
			return
		}
		emit(r, nil)
	})
}

// ReadOptions completes o for a run of many inputs: one Fetcher, so that
// per-host limits hold across inputs, and Known from the store, so that
// feed entries already stored are not fetched again.
func (p *Pipeline) ReadOptions(ctx context.Context, o ingest.Options) ingest.Options {
	if o.Fetcher == nil {
		o.Fetcher = ingest.NewFetcher(o)
	}
	if o.Known == nil {
		o.Known = p.knownURL(ctx)
	}
	return o
}

// TrackIncidents sets p.Incidents when the store keeps incidents, and
// loads the index, which also builds the incidents of a store written
// before sitrep kept them. batch is the Assigner's Batch. A store without
// incidents is left as it is.
func (p *Pipeline) TrackIncidents(ctx context.Context, batch int) error {
	is, ok := p.Store.(sitrep.IncidentStore)
	if !ok {
		return nil
	}
	p.Incidents = &incident.Assigner{Store: is, Batch: batch}
	return p.Incidents.Load(ctx)
}

// ClusterIncidents rebuilds every incident from the stored events and
// stores the links that differ. It is what the queue's single periodic
// owner runs: incidents are connected components over all documents, so
// workers that store documents concurrently cannot each keep their own
// index, and a rebuild gives the same incidents (and IDs) as `sitrep
// ingest`'s incremental assignment. A store without incidents is a no-op.
func ClusterIncidents(ctx context.Context, st sitrep.Store) error {
	is, ok := st.(sitrep.IncidentStore)
	if !ok {
		return nil
	}
	return (&incident.Assigner{Store: is}).Load(ctx)
}

// loadNearDup loads the near-duplicate index on first use and, when
// NearDupMaxAge is set, again once it is older than that: other processes
// store documents too.
func (p *Pipeline) loadNearDup(ctx context.Context) error {
	if p.NearDupMaxAge <= 0 {
		p.once.Do(func() { p.simhash, p.loadErr = p.Store.SimHashes(ctx) })
		return p.loadErr
	}
	p.mu.Lock()
	fresh := p.simhash != nil && time.Since(p.loaded) < p.NearDupMaxAge
	p.mu.Unlock()
	if fresh {
		return nil
	}
	m, err := p.Store.SimHashes(ctx)
	if err != nil {
		return err
	}
	p.mu.Lock()
	p.simhash, p.loaded = m, time.Now()
	p.mu.Unlock()
	return nil
}
