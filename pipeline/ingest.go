package pipeline

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/ingest"
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
// and stores each document in its own transaction, calling report once
// per document or failed input, from the calling goroutine. Inputs are
// read and coded Workers at a time but reported and stored in input
// order, so a run gives the same IDs as a sequential one; the entries of a
// feed are stored as soon as each is coded, so an interrupted feed keeps
// what it stored. Ingest returns ctx.Err() when interrupted.
func (p *Pipeline) Ingest(ctx context.Context, inputs []string, opts Options, report func(Report)) error {
	n := max(1, opts.Workers)
	opts.Read = p.ReadOptions(ctx, opts.Read)
	ctx, cancel := context.WithCancel(ctx)

	// One channel per input, filled by the goroutine reading it; the
	// consumer drains them in input order. At most 2n inputs are taken
	// up ahead of the consumer, n of them read at a time, and at most n
	// documents are coded at a time whatever the inputs are (one feed
	// fetches several entries at once).
	type pending struct {
		Report
		prepared *Prepared
	}
	results := make([]chan pending, len(inputs))
	for i := range results {
		results[i] = make(chan pending, 1)
	}
	window := make(chan struct{}, 2*n)
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
			case <-ctx.Done():
				for _, ch := range results[i:] {
					close(ch)
				}
				return
			}
			select {
			case readers <- struct{}{}:
			case <-ctx.Done():
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
				Documents(ctx, in, opts.Stdin, opts.Read, func(rep Report, doc *sitrep.Document) {
					r := pending{Report: rep}
					r.Index = i
					if doc != nil {
						coders <- struct{}{}
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
	for i := range inputs {
		for r := range results[i] {
			if ctx.Err() != nil {
				break
			}
			if r.prepared != nil {
				r.Result = p.Commit(ctx, r.prepared)
				r.prepared = nil
				if r.Err != nil {
					r.Err = fmt.Errorf("%s: %w", r.Input, r.Err)
				}
			}
			report(r.Report)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		<-window
	}
	return ctx.Err()
}

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
