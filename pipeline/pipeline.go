// Package pipeline runs documents through the stages of sitrep: it checks
// them against the store for duplicates and near-duplicates, codes the new
// ones and stores each document with everything coded from it in one
// transaction.
package pipeline

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/incident"
	"github.com/sitrep/sitrep/ingest"
	"github.com/sitrep/sitrep/internal/stage"
)

// Outcome says what happened to one document.
type Outcome string

// Outcomes of Pipeline.Add and Pipeline.Ingest.
const (
	New           Outcome = "new"
	Duplicate     Outcome = "duplicate"      // identical content already stored
	NearDuplicate Outcome = "near-duplicate" // stored, linked to its original, not coded
	Failed        Outcome = "failed"
	Skipped       Outcome = "skipped"      // a feed entry whose URL is stored: not fetched again
	NotModified   Outcome = "not-modified" // a URL unchanged since its recorded validators
)

// Result reports one document's fate.
type Result struct {
	Outcome   Outcome
	ID        int64 // the stored document, or the existing one for duplicates
	Original  int64 // for near-duplicates, the document it repeats
	Events    int
	Transfers int
	Err       error
}

// Pipeline codes and stores documents. It is safe for concurrent use; the
// near-duplicate index is loaded from the store on first use.
type Pipeline struct {
	Store sitrep.Store
	Coder sitrep.Coder
	// Incidents, when set, assigns each new document's events to
	// incidents right after the document is stored.
	Incidents *incident.Assigner
	// NearDupMaxAge, when positive, reloads the near-duplicate index from
	// the store once it is older than this: for workers that share a store
	// with other processes. Zero loads it once, for a process that is the
	// store's only writer.
	NearDupMaxAge time.Duration

	once    sync.Once
	loaded  time.Time
	mu      sync.Mutex
	simhash map[int64]uint64
	loadErr error
}

// Add stores doc unless it is a duplicate, coding it unless it is a
// near-duplicate of a stored document. It is Commit(Prepare(doc)).
func (p *Pipeline) Add(ctx context.Context, doc *sitrep.Document) Result {
	return p.Commit(ctx, p.Prepare(ctx, doc))
}

// Prepared is a document made ready to store by Prepare.
type Prepared struct {
	Doc      *sitrep.Document
	analysis *sitrep.Analysis // nil when coding was pointless or failed
	err      error
}

// Prepare codes doc unless the store already holds it or a near copy of
// it. It is the expensive step and may run concurrently with other
// Prepare and Commit calls.
func (p *Pipeline) Prepare(ctx context.Context, doc *sitrep.Document) *Prepared {
	pr := &Prepared{Doc: doc}
	if err := p.loadNearDup(ctx); err != nil {
		pr.err = err
		return pr
	}
	t := time.Now()
	_, err := p.Store.FindDocumentByHash(ctx, doc.Hash)
	stage.FromContext(ctx).Since(stage.Store, t)
	if err == nil {
		return pr
	}
	if p.nearCopyOf(doc) != 0 {
		return pr
	}
	a, err := p.Coder.Code(ctx, doc.Input())
	if err != nil {
		pr.err = fmt.Errorf("coding: %w", err)
	}
	pr.analysis = a
	return pr
}

// Commit stores a prepared document in one transaction. Calls must not
// overlap; made in input order, they give the same IDs as a sequential run.
// A document that an earlier one in the same batch duplicates or nearly
// duplicates is caught here.
func (p *Pipeline) Commit(ctx context.Context, pr *Prepared) Result {
	res, a := p.store(ctx, p.Store.AddDocument, pr)
	if res.Outcome == New {
		p.linkIncidents(ctx, pr.Doc, a, &res)
	}
	return res
}

// addFunc adds a document to a store: Store.AddDocument, or Batch.Add.
type addFunc func(ctx context.Context, doc *sitrep.Document, a *sitrep.Analysis) (id int64, added bool, err error)

// store adds a prepared document with add, unless the store holds it or
// it duplicates one add has taken, and returns its result and, for a new
// document, the analysis stored with it. A new original's SimHash is
// remembered at once, so that the documents after it in a batch are
// checked against it; forget removes it if the batch fails.
func (p *Pipeline) store(ctx context.Context, add addFunc, pr *Prepared) (Result, *sitrep.Analysis) {
	doc := pr.Doc
	if pr.err != nil {
		return Result{Outcome: Failed, Err: pr.err}, nil
	}
	if old, err := p.Store.FindDocumentByHash(ctx, doc.Hash); err == nil {
		return Result{Outcome: Duplicate, ID: old.ID}, nil
	}
	if orig := p.nearCopyOf(doc); orig != 0 {
		doc.DuplicateOf = orig
		id, added, err := add(ctx, doc, nil)
		if err != nil {
			return Result{Outcome: Failed, Err: err}, nil
		}
		if !added {
			return Result{Outcome: Duplicate, ID: id}, nil
		}
		return Result{Outcome: NearDuplicate, ID: id, Original: orig}, nil
	}
	a := pr.analysis
	if a == nil { // Prepare skipped coding for a copy that has since gone
		var err error
		if a, err = p.Coder.Code(ctx, doc.Input()); err != nil {
			return Result{Outcome: Failed, Err: fmt.Errorf("coding: %w", err)}, nil
		}
	}
	id, added, err := add(ctx, doc, a)
	if err != nil {
		return Result{Outcome: Failed, Err: err}, nil
	}
	if !added {
		return Result{Outcome: Duplicate, ID: id}, nil
	}
	p.mu.Lock()
	p.simhash[id] = doc.SimHash
	p.mu.Unlock()
	return Result{Outcome: New, ID: id, Events: len(a.Events), Transfers: len(a.Transfers)}, a
}

// forget drops the SimHash of a document whose batch did not commit.
func (p *Pipeline) forget(id int64) {
	p.mu.Lock()
	delete(p.simhash, id)
	p.mu.Unlock()
}

// linkIncidents assigns a stored document's events to incidents.
func (p *Pipeline) linkIncidents(ctx context.Context, doc *sitrep.Document, a *sitrep.Analysis, res *Result) {
	if p.Incidents == nil {
		return
	}
	// The document is stored either way; the next run's Load repairs
	// links that failed here.
	if err := p.Incidents.Add(ctx, doc, a.Events); err != nil {
		res.Err = err
	}
}

// nearCopyOf returns the stored original that doc nearly duplicates, or 0.
// A SimHash of a few dozen words is too coarse to judge: short reports that
// differ in one place name would look like copies.
func (p *Pipeline) nearCopyOf(doc *sitrep.Document) int64 {
	if len(strings.Fields(doc.Text)) < ingest.MinNearDupWords {
		return 0
	}
	return p.original(doc.SimHash)
}

// original returns the stored document that h nearly duplicates, or 0.
// The lowest ID wins so that re-runs link to the same original.
func (p *Pipeline) original(h uint64) int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	var best int64
	for id, o := range p.simhash {
		if ingest.NearDuplicate(h, o) && (best == 0 || id < best) {
			best = id
		}
	}
	return best
}
