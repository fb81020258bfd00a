package incident

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/sitrep/sitrep"
)

// Assigner keeps a store's incidents up to date as documents are added.
// On first use it rebuilds the index from every stored event, which
// gives the incidents the method defines whatever the store held, and
// rewrites the links that differ: a run interrupted between a document
// and its links is repaired by the next. It is safe for concurrent use.
type Assigner struct {
	Store sitrep.IncidentStore
	// Batch, when above 1, stores links once that many documents have
	// been added (and on Flush) rather than after each: one transaction
	// instead of many. Links not yet stored when a run dies are rebuilt
	// by the next run's Load.
	Batch int

	once    sync.Once
	mu      sync.Mutex
	x       *Index
	loadErr error
	pending map[string]sitrep.IncidentLink // by event, not yet stored
	docs    int                            // documents added since the last store
}

// Load builds the index from the store, if not done yet.
func (a *Assigner) Load(ctx context.Context) error {
	a.once.Do(func() { a.loadErr = a.load(ctx) })
	return a.loadErr
}

func (a *Assigner) load(ctx context.Context) error {
	docs, err := a.Store.FindDocuments(ctx, sitrep.DocumentFilter{})
	if err != nil {
		return fmt.Errorf("incidents: %w", err)
	}
	events, err := a.Store.FindEvents(ctx, sitrep.EventFilter{})
	if err != nil {
		return fmt.Errorf("incidents: %w", err)
	}
	byDoc := map[int64][]sitrep.Event{}
	for _, e := range events {
		byDoc[e.Document] = append(byDoc[e.Document], *e)
	}
	x := NewIndex()
	for _, d := range docs {
		if evs := byDoc[d.ID]; len(evs) > 0 {
			x.AddDocument(Reports(d, evs))
		}
	}
	stored, err := a.Store.IncidentLinks(ctx)
	if err != nil {
		return fmt.Errorf("incidents: %w", err)
	}
	have := make(map[string]sitrep.IncidentLink, len(stored))
	for _, l := range stored {
		have[l.Event] = l
	}
	var fix []sitrep.IncidentLink
	for _, r := range x.reports {
		if l := r.link(); have[r.Event] != l {
			fix = append(fix, l)
		}
	}
	if err := a.Store.LinkIncidents(ctx, fix); err != nil {
		return err
	}
	a.x = x
	return nil
}

// Add assigns the events of a stored document (as AddDocument left them,
// with store IDs) to incidents and stores the links that changed.
func (a *Assigner) Add(ctx context.Context, doc *sitrep.Document, events []sitrep.Event) error {
	if err := a.Load(ctx); err != nil {
		return err
	}
	if len(events) == 0 {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	links := a.x.AddDocument(Reports(doc, events))
	if a.Batch <= 1 {
		return a.Store.LinkIncidents(ctx, links)
	}
	if a.pending == nil {
		a.pending = map[string]sitrep.IncidentLink{}
	}
	for _, l := range links {
		a.pending[l.Event] = l
	}
	if a.docs++; a.docs >= a.Batch {
		return a.flush(ctx)
	}
	return nil
}

// Flush stores the links that Batch holds back.
func (a *Assigner) Flush(ctx context.Context) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.flush(ctx)
}

func (a *Assigner) flush(ctx context.Context) error {
	a.docs = 0
	if len(a.pending) == 0 {
		return nil
	}
	links := make([]sitrep.IncidentLink, 0, len(a.pending))
	for _, l := range a.pending {
		links = append(links, l)
	}
	sort.Slice(links, func(i, j int) bool { return links[i].Event < links[j].Event })
	if err := a.Store.LinkIncidents(ctx, links); err != nil {
		return err
	}
	a.pending = nil
	return nil
}

// Index returns the assigner's index once loaded, for reading.
func (a *Assigner) Index() *Index { return a.x }

// Reports describes the events of one document for the method: an event
// listed in another's ContradictedBy denies that one.
func Reports(doc *sitrep.Document, events []sitrep.Event) []*Report {
	denies := map[string]string{}
	for _, e := range events {
		for _, by := range e.ContradictedBy {
			if _, ok := denies[by]; !ok && by != e.ID {
				denies[by] = e.ID
			}
		}
	}
	rs := make([]*Report, len(events))
	for i := range events {
		rs[i] = NewReport(doc, &events[i], denies[events[i].ID])
	}
	return rs
}
