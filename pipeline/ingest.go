package pipeline

import (
	"context"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/ingest"
	"github.com/sitrep/sitrep/internal/stage"
)

// Options configure Pipeline.Ingest.
type Options struct {
	// Workers is how many inputs are read, and documents coded, at a time;
	// below 1 means 1. Storing stays sequential: SQLite has one writer.
	Workers int
	// Read configures reading: publication date, HTTP client, size limit.
	Read ingest.Options
	// Stdin is read for the input "-".
	Stdin io.Reader
	// GroupSize is the most documents committed in one transaction
	// (default DefaultGroupSize; 1 commits each alone), GroupWait how long
	// the first of a group may wait for its commit (default
	// DefaultGroupWait).
	GroupSize int
	GroupWait time.Duration
	// Stop, when closed, stops Ingest gently: no input or feed entry is
	// started and fetches in flight are abandoned, but the documents
	// being coded are stored and reported before Ingest returns nil.
	// Cancelling the context instead abandons them too.
	Stop <-chan struct{}
}

// Report is the fate of one document, or of an input that failed.
type Report struct {
	// Index is the position in the inputs of the input it came from; a
	// feed reports one Report per entry, all with the feed's index.
	Index int
	// Input names the file, URL or feed entry.
	Input string
	// Title is the document's title, when one was read.
	Title string
	// Result says what was stored. Its Err, when set, names the input.
	Result
}

// Ingest reads the inputs (files, "-", URLs, feeds), codes what they hold
// and stores each document with everything coded from it, calling report
// once per document or failed input, from the calling goroutine. Inputs
// are read and coded Workers at a time but stored and reported in input
// order, so a run gives the same IDs as a sequential one. Documents are
// committed in groups (Options.GroupSize, GroupWait) when the store is a
// sitrep.BatchAdder, and each is reported only once its group has
// committed: a document reported as stored is stored, and a document is
// stored whole or not at all, so a re-run after a crash completes what was
// not committed. The entries of a feed are stored within GroupWait of
// being coded, so an interrupted feed keeps what it stored. Ingest returns
// ctx.Err() when interrupted, after committing what it had coded, and nil
// when stopped by opts.Stop, after storing the documents in hand.
func (p *Pipeline) Ingest(ctx context.Context, inputs []string, opts Options, report func(Report)) error {
	n := max(1, opts.Workers)
	opts.Read = p.ReadOptions(ctx, opts.Read)
	ctx, cancel := context.WithCancel(ctx)
	clock := stage.FromContext(ctx)
	// reading ends with ctx or at Stop; coding and storing only with ctx,
	// so that the documents in hand at Stop are finished.
	reading, stopReading := context.WithCancel(ctx)
	defer stopReading()
	if opts.Stop != nil {
		go func() {
			select {
			case <-opts.Stop:
				stopReading()
			case <-reading.Done():
			}
		}()
	}

	// One channel per input, filled by the goroutine reading it; the
	// consumer drains them in input order. At most aheadPerWorker*n
	// inputs are taken up ahead of the consumer, n of them read at a time,
	// and at most n documents are coded at a time whatever the inputs are
	// (one feed fetches several entries at once).
	results := make([]chan pending, len(inputs))
	for i := range results {
		results[i] = make(chan pending, 1)
	}
	window := make(chan struct{}, aheadPerWorker*n)
	readers := make(chan struct{}, n)
	coders := make(chan struct{}, n)
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	wg.Add(1) // the dispatcher, so that its Adds never race with Wait
	go func() {
		defer wg.Done()
		for i, in := range inputs {
			select {
			case window <- struct{}{}:
			case <-reading.Done():
				for _, ch := range results[i:] {
					close(ch)
				}
				return
			}
			select {
			case readers <- struct{}{}:
			case <-reading.Done():
				for _, ch := range results[i:] {
					close(ch)
				}
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-readers }()
				defer close(results[i])
				// The read stage is timed to the input's first item: a
				// file's reading, a feed's fetching before its entries.
				var first atomic.Bool
				t0 := time.Now()
				Documents(reading, in, opts.Stdin, opts.Read, func(rep Report, doc *sitrep.Document) {
					if reading.Err() != nil {
						return // stopped: not in hand, not a failure
					}
					if clock != nil && first.CompareAndSwap(false, true) {
						clock.Since(stage.Read, t0)
					}
					r := pending{Report: rep}
					r.Index = i
					if doc != nil {
						coders <- struct{}{}
						if reading.Err() != nil {
							<-coders
							return // stopped while waiting its turn
						}
						r.prepared = p.Prepare(ctx, doc)
						<-coders
					}
					select {
					case results[i] <- r:
					case <-ctx.Done():
					}
				})
			}()
		}
	}()
	g := p.newGroup(ctx, opts, report)
	for i := range inputs {
		for ctx.Err() == nil {
			r, ok := g.receive(results[i])
			if !ok || ctx.Err() != nil {
				break
			}
			g.add(ctx, r)
		}
		if ctx.Err() != nil {
			break
		}
		if reading.Err() != nil {
			continue // stopped: the dispatcher takes no more slots
		}
		<-window
	}
	// Interrupted or not, what is staged is coded: it is committed and
	// reported.
	g.flush()
	return ctx.Err()
}

// aheadPerWorker bounds the inputs taken up ahead of the consumer, per
// worker. Documents are stored in input order, so while one worker codes a
// long article the others run ahead of it; with two per worker they soon
// waited for it (sitrep bench --docs 10000 --workers 2: 165, 185 docs/s
// with two, 181, 201 with eight, alternated; sixteen gave no more).
const aheadPerWorker = 8

// URLLister is a Store that lists the URLs of its documents (their URL and
// their source when it is one) more cheaply than FindDocuments.
type URLLister interface {
	DocumentURLs(ctx context.Context) ([]string, error)
}

// knownURL returns a function reporting whether a URL is stored as a
// document's URL or source. The stored URLs are loaded on first use, when
// a feed is read; if they cannot be, every entry is fetched and duplicates
// are caught by their content as before.
func (p *Pipeline) knownURL(ctx context.Context) func(string) bool {
	var once sync.Once
	var known map[string]bool
	return func(u string) bool {
		once.Do(func() {
			known = make(map[string]bool)
			if l, ok := p.Store.(URLLister); ok {
				if urls, err := l.DocumentURLs(ctx); err == nil {
					for _, u := range urls {
						known[u] = true
					}
					return
				}
			}
			docs, err := p.Store.FindDocuments(ctx, sitrep.DocumentFilter{})
			if err != nil {
				return
			}
			for _, d := range docs {
				for _, u := range []string{d.URL, d.Source} {
					if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
						known[u] = true
					}
				}
			}
		})
		return known[u]
	}
}
