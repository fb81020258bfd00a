package incident

import (
	"context"
	"fmt"
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

	once    sync.Once
	mu      sync.Mutex
	x       *Index
	loadErr error
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
	links := a.x.AddDocument(Reports(doc, events))
	a.mu.Unlock()
	return a.Store.LinkIncidents(ctx, links)
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
