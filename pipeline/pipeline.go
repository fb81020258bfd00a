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
	"github.com/sitrep/sitrep/ingest"
)

// Outcome says what happened to one document.
type Outcome string

// Outcomes of Pipeline.Add.
const (
	New           Outcome = "new"
	Duplicate     Outcome = "duplicate"      // identical content already stored
	NearDuplicate Outcome = "near-duplicate" // stored, linked to its original, not coded
	Failed        Outcome = "failed"
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

	once    sync.Once
	mu      sync.Mutex
	simhash map[int64]uint64
	loadErr error
}

// Add stores doc unless it is a duplicate, coding it unless it is a
// near-duplicate of a stored document.
func (p *Pipeline) Add(ctx context.Context, doc *sitrep.Document) Result {
	p.once.Do(func() { p.simhash, p.loadErr = p.Store.SimHashes(ctx) })
	if p.loadErr != nil {
		return Result{Outcome: Failed, Err: p.loadErr}
	}
	if old, err := p.Store.FindDocumentByHash(ctx, doc.Hash); err == nil {
		return Result{Outcome: Duplicate, ID: old.ID}
	}
	// A SimHash of a few dozen words is too coarse: short reports that
	// differ in one place name would look like copies.
	if orig := p.original(doc.SimHash); orig != 0 && len(strings.Fields(doc.Text)) >= ingest.MinNearDupWords {
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
	a, err := p.Coder.Code(ctx, doc.Input())
	if err != nil {
		return Result{Outcome: Failed, Err: fmt.Errorf("coding: %w", err)}
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
	return Result{Outcome: New, ID: id, Events: len(a.Events), Transfers: len(a.Transfers)}
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
