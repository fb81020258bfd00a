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

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/incident"
	"github.com/sitrep/sitrep/ingest"
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

	once    sync.Once
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
	if err := p.load(ctx); err != nil {
		pr.err = err
		return pr
	}
	if _, err := p.Store.FindDocumentByHash(ctx, doc.Hash); err == nil {
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
	doc := pr.Doc
	if pr.err != nil {
		return Result{Outcome: Failed, Err: pr.err}
	}
	if old, err := p.Store.FindDocumentByHash(ctx, doc.Hash); err == nil {
		return Result{Outcome: Duplicate, ID: old.ID}
	}
	if orig := p.nearCopyOf(doc); orig != 0 {
		doc.DuplicateOf = orig
		id, added, err := p.Store.AddDocument(ctx, doc, nil)
		if err != nil {
			return Result{Outcome: Failed, Err: err}
		}
		if !added {
			return Result{Outcome: Duplicate, ID: id}
		}
		return Result{Outcome: NearDuplicate, ID: id, Original: orig}
	}
	a := pr.analysis
	if a == nil { // Prepare skipped coding for a copy that has since gone
		var err error
		if a, err = p.Coder.Code(ctx, doc.Input()); err != nil {
			return Result{Outcome: Failed, Err: fmt.Errorf("coding: %w", err)}
		}
	}
	id, added, err := p.Store.AddDocument(ctx, doc, a)
	if err != nil {
		return Result{Outcome: Failed, Err: err}
	}
	if !added {
		return Result{Outcome: Duplicate, ID: id}
	}
	p.mu.Lock()
	p.simhash[id] = doc.SimHash
	p.mu.Unlock()
	res := Result{Outcome: New, ID: id, Events: len(a.Events), Transfers: len(a.Transfers)}
	if p.Incidents != nil {
		// The document is stored either way; the next run's Load repairs
		// links that failed here.
		if err := p.Incidents.Add(ctx, doc, a.Events); err != nil {
			res.Err = err
		}
	}
	return res
}

// KnownURLs returns a function reporting whether a URL is stored as a
// document's URL or source, as Ingest skips feed entries by default; the
// stored URLs are read on its first call. Wrap it to skip more.
func (p *Pipeline) KnownURLs(ctx context.Context) func(url string) bool {
	return p.knownURL(ctx)
}

func (p *Pipeline) load(ctx context.Context) error {
	p.once.Do(func() { p.simhash, p.loadErr = p.Store.SimHashes(ctx) })
	return p.loadErr
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
