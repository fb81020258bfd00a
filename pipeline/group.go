package pipeline

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/stage"
)

// Group commit: Ingest stores documents in groups of up to
// DefaultGroupSize, one transaction each, and commits a group once its
// first document has waited DefaultGroupWait, so that a slow stream of
// documents is not held back. A transaction per document costs short
// texts more than coding them.
const (
	DefaultGroupSize = 64
	DefaultGroupWait = 200 * time.Millisecond
)

// pending is a Report on its way to the caller: read and coded, not yet
// stored.
type pending struct {
	Report
	prepared *Prepared
}

// group collects the documents of one transaction for Ingest, with the
// reports of failed and skipped inputs between them, and reports them in
// input order once the transaction has committed: a document is reported
// as stored only when it is.
type group struct {
	p      *Pipeline
	report func(Report)
	clock  *stage.Clock
	// adder is nil when the store adds documents one at a time only, or
	// groups are of one; each is then committed, and reported, as it
	// comes.
	adder    sitrep.BatchAdder
	batch    sitrep.Batch // open from the group's first document
	size     int
	wait     time.Duration
	items    []groupItem
	deadline time.Time // when the group is committed at the latest
}

// groupItem is one report of a group and what it added to the batch.
type groupItem struct {
	Report
	staged   bool // added to the batch: it stands or falls with it
	prepared *Prepared
	doc      *sitrep.Document
	analysis *sitrep.Analysis // of a new document, for incidents
}

func (p *Pipeline) newGroup(ctx context.Context, opts Options, report func(Report)) *group {
	g := &group{p: p, report: report, clock: stage.FromContext(ctx), size: opts.GroupSize, wait: opts.GroupWait}
	if g.size <= 0 {
		g.size = DefaultGroupSize
	}
	if g.wait <= 0 {
		g.wait = DefaultGroupWait
	}
	if g.size > 1 {
		g.adder, _ = p.Store.(sitrep.BatchAdder)
	}
	return g
}

// receive returns the next report of ch, committing the group when its
// deadline passes while it waits.
func (g *group) receive(ch <-chan pending) (pending, bool) {
	if len(g.items) > 0 {
		select {
		case r, ok := <-ch:
			return r, ok
		default:
		}
		t := time.NewTimer(time.Until(g.deadline))
		select {
		case r, ok := <-ch:
			t.Stop()
			return r, ok
		case <-t.C:
			g.flush()
		}
	}
	r, ok := <-ch
	return r, ok
}

// add stores r's document, if it has one, in the group's transaction and
// queues r; it commits the group when it is full or due.
func (g *group) add(ctx context.Context, r pending) {
	t0 := time.Now()
	it := groupItem{Report: r.Report}
	if r.prepared != nil {
		if g.adder == nil {
			it.Result = g.p.Commit(ctx, r.prepared)
		} else {
			it.Result, it.analysis = g.stage(ctx, r.prepared)
			it.staged, it.prepared, it.doc = true, r.prepared, r.prepared.Doc
		}
		if it.Err != nil {
			it.Err = fmt.Errorf("%s: %w", it.Input, it.Err)
		}
	}
	if len(g.items) == 0 {
		g.deadline = t0.Add(g.wait)
	}
	g.items = append(g.items, it)
	// flush times itself: the commit, not the reports.
	g.clock.Add(stage.Store, time.Since(t0))
	if g.adder == nil || len(g.items) >= g.size || !t0.Before(g.deadline) {
		g.flush()
	}
}

// stage adds a prepared document to the batch, beginning one if needed.
func (g *group) stage(ctx context.Context, pr *Prepared) (Result, *sitrep.Analysis) {
	if g.batch == nil {
		// Not cancelled with ctx: an interrupted run still commits what
		// it has coded and staged (flush).
		b, err := g.adder.BeginBatch(context.WithoutCancel(ctx))
		if err != nil {
			return Result{Outcome: Failed, Err: err}, nil
		}
		g.batch = b
	}
	return g.p.store(ctx, g.batch.Add, pr)
}

// flush commits the group's transaction and reports its items in order.
// If the commit fails, every document the batch was to store is reported
// failed with its error, and the next run stores it; if it failed for a
// conflict with another writer, they are stored one at a time instead.
func (g *group) flush() {
	if len(g.items) == 0 {
		return
	}
	t0 := time.Now()
	if g.batch != nil {
		err := g.batch.Commit()
		g.batch = nil
		switch {
		case errors.Is(err, sitrep.ErrConflict):
			g.redo()
		case err != nil:
			g.fail(err)
		default:
			ctx := context.Background()
			for i := range g.items {
				if it := &g.items[i]; it.staged && it.Outcome == New {
					g.p.linkIncidents(ctx, it.doc, it.analysis, &it.Result)
				}
			}
		}
	}
	g.clock.Add(stage.Store, time.Since(t0))
	for _, it := range g.items {
		g.report(it.Report)
	}
	clear(g.items) // let the analyses go
	g.items = g.items[:0]
}

// redo stores a group's documents one at a time after its batch failed
// for a conflict with another writer, which may have stored some of them
// meanwhile: those are then duplicates.
func (g *group) redo() {
	ctx := context.Background() // as flush: what was coded is stored
	for _, it := range g.items {
		if it.staged && it.Outcome == New {
			g.p.forget(it.ID)
		}
	}
	for i := range g.items {
		it := &g.items[i]
		if !it.staged {
			continue
		}
		it.doc.DuplicateOf = 0 // store judges it again
		it.Result = g.p.Commit(ctx, it.prepared)
		if it.Err != nil {
			it.Err = fmt.Errorf("%s: %w", it.Input, it.Err)
		}
	}
}

// fail marks what a failed batch was to store as failed: its new
// documents and near-duplicates, and the duplicates of them.
func (g *group) fail(err error) {
	lost := map[int64]bool{}
	for i := range g.items {
		it := &g.items[i]
		if !it.staged {
			continue
		}
		switch {
		case it.Outcome == New || it.Outcome == NearDuplicate:
			lost[it.ID] = true
			if it.Outcome == New {
				g.p.forget(it.ID)
			}
		case it.Outcome == Duplicate && lost[it.ID]:
		default:
			continue
		}
		it.Result = Result{Outcome: Failed, Err: fmt.Errorf("%s: %w", it.Input, err)}
	}
}
