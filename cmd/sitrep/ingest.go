package main

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"runtime"
	"strings"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/ingest"
	"github.com/sitrep/sitrep/pipeline"
)

func init() {
	register(&command{name: "ingest", short: "read articles, code events and store them", run: runIngest})
}

// ingestReport is one line of `ingest --json`.
type ingestReport struct {
	Input     string `json:"input"`
	Outcome   string `json:"outcome"`
	ID        int64  `json:"id,omitempty"`
	Original  int64  `json:"original,omitempty"`
	Title     string `json:"title,omitempty"`
	Events    int    `json:"events"`
	Transfers int    `json:"transfers"`
	Error     string `json:"error,omitempty"`
}

func runIngest(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "ingest", "[flags] PATH|URL|- ...", `
Reads articles — plain-text or HTML files (gzip allowed), directories
(recursively), - for standard input, http(s) URLs and RSS/Atom feeds — codes
their events and stores each document with everything coded from it in one
transaction. Identical documents are stored once; near-duplicates are linked
to their original and not coded again. Re-running on the same inputs changes
nothing. The exit status is 1 when any input failed.`)
	db := dbFlag(fs)
	published := fs.String("published", "", "publication `date` (YYYY-MM-DD) for inputs that carry none")
	jsonOut := fs.Bool("json", false, "print one JSON line per document instead of the summary")
	quiet := fs.Bool("q", false, "print only failures and the summary")
	kbDir := kbFlag(fs)
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "read and code `n` inputs at a time (storing stays sequential)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	if *published != "" && !sitrep.ValidDate(*published) || len(*published) != 0 && len(*published) != 10 {
		return fmt.Errorf("--published %q: want YYYY-MM-DD", *published)
	}
	inputs, expandErr := ingest.Expand(fs.Args())
	c, err := newCoder(*kbDir)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	p := &pipeline.Pipeline{Store: st, Coder: c}
	opts := ingest.Options{Published: *published}

	counts := map[pipeline.Outcome]int{}
	var failures []string
	if expandErr != nil {
		for _, line := range strings.Split(expandErr.Error(), "\n") {
			failures = append(failures, line)
		}
		counts[pipeline.Failed] += len(failures)
	}
	bar := newProgress(e, len(inputs), !*jsonOut)
	events, transfers := 0, 0
	for i, batch := range readAhead(ctx, inputs, max(1, *workers), func(in string) []prepared {
		var out []prepared
		for _, it := range ingest.Read(ctx, in, e.stdin, opts) {
			pr := prepared{item: it}
			if it.Err == nil {
				pr.doc = p.Prepare(ctx, it.Doc)
			}
			out = append(out, pr)
		}
		return out
	}) {
		bar.set(i, inputs[i])
		for _, pr := range batch {
			it := pr.item
			rep := ingestReport{Input: it.Input}
			if it.Err != nil {
				rep.Outcome, rep.Error = string(pipeline.Failed), it.Err.Error()
			} else {
				r := p.Commit(ctx, pr.doc)
				rep.Outcome, rep.ID, rep.Original, rep.Title = string(r.Outcome), r.ID, r.Original, it.Doc.Title
				rep.Events, rep.Transfers = r.Events, r.Transfers
				if r.Err != nil {
					rep.Error = fmt.Sprintf("%s: %v", it.Input, r.Err)
				}
			}
			counts[pipeline.Outcome(rep.Outcome)]++
			events += rep.Events
			transfers += rep.Transfers
			if rep.Error != "" {
				failures = append(failures, rep.Error)
			}
			switch {
			case *jsonOut:
				b, _ := json.Marshal(rep)
				fmt.Fprintf(e.stdout, "%s\n", b)
			case !*quiet && rep.Error == "":
				bar.clear()
				fmt.Fprintf(e.stdout, "%-14s #%-4d %3d events %2d transfers  %s\n", rep.Outcome, rep.ID, rep.Events, rep.Transfers, clip(orDash(rep.Title), 60))
			}
		}
	}
	bar.done()
	for _, f := range failures {
		fmt.Fprintln(e.stderr, "failed:", f)
	}
	summary := fmt.Sprintf("%d new (%d events, %d transfers), %d duplicate, %d near-duplicate, %d failed",
		counts[pipeline.New], events, transfers, counts[pipeline.Duplicate], counts[pipeline.NearDuplicate], counts[pipeline.Failed])
	if counts[pipeline.New]+counts[pipeline.NearDuplicate] == 0 && counts[pipeline.Duplicate] > 0 {
		summary += " — nothing changed: every document was already stored"
	}
	fmt.Fprintln(e.stderr, summary)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if counts[pipeline.Failed] > 0 {
		return exitError{1}
	}
	return nil
}

// prepared is one document read and coded, waiting to be stored.
type prepared struct {
	item ingest.Item
	doc  *pipeline.Prepared
}

// readAhead runs work on inputs with n goroutines and yields the results in
// input order, keeping at most 2n results ahead of the consumer. The
// consumer stores while the workers read and code, so a batch uses every
// core while SQLite sees one writer.
func readAhead[T any](ctx context.Context, inputs []string, n int, work func(string) T) iter.Seq2[int, T] {
	return func(yield func(int, T) bool) {
		results := make([]chan T, len(inputs))
		for i := range results {
			results[i] = make(chan T, 1)
		}
		window := make(chan struct{}, 2*n)
		next := make(chan int)
		done := make(chan struct{})
		defer close(done)
		go func() {
			defer close(next)
			for i := range inputs {
				select {
				case window <- struct{}{}:
				case <-done:
					return
				}
				select {
				case next <- i:
				case <-done:
					return
				}
			}
		}()
		for w := 0; w < n; w++ {
			go func() {
				for i := range next {
					results[i] <- work(inputs[i])
				}
			}()
		}
		for i := range inputs {
			if ctx.Err() != nil {
				return
			}
			r := <-results[i]
			<-window
			if !yield(i, r) {
				return
			}
		}
	}
}

// progress draws a one-line progress bar on stderr when it is a terminal.
type progress struct {
	e     *env
	total int
	on    bool
	drawn bool
}

func newProgress(e *env, total int, enabled bool) *progress {
	return &progress{e: e, total: total, on: enabled && e.isTerminal && total > 1}
}

func (p *progress) set(done int, label string) {
	if !p.on {
		return
	}
	const width = 30
	n := width * done / p.total
	fmt.Fprintf(p.e.rawStderr, "\r\033[K[%s%s] %d/%d %s", strings.Repeat("=", n), strings.Repeat(" ", width-n), done, p.total, sanitize(clip(label, 40)))
	p.drawn = true
}

func (p *progress) clear() {
	if p.drawn {
		fmt.Fprint(p.e.rawStderr, "\r\033[K")
		p.drawn = false
	}
}

func (p *progress) done() { p.clear() }
