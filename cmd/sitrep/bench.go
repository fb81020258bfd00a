package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/bench"
	"github.com/sitrep/sitrep/sqlite"
)

func init() {
	register(&command{name: "bench", short: "measure ingest throughput on a generated corpus", run: runBench})
}

func runBench(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "bench", "[flags]", `
Measures ingest end to end: writes a corpus of varied documents (the seed
articles and, when present, the texts of the gold files in SHARED/eval/dev,
as they are and recombined into short notes and full articles), ingests it
into a fresh SQLite store in a temporary folder once per --workers value,
and prints documents, sentences, tokens and events a second, the time of
each stage (read, segment, recognise, tag+parse, code, store) and peak
memory. Each run has as many cores (GOMAXPROCS) as workers unless --procs is
given. The models are loaded before the runs and not measured. Figures vary
with the machine's load, which is printed beside them.`)
	docs := fs.Int("docs", 10000, "corpus size in `documents`")
	workerList := fs.String("workers", "1,2", "comma-separated worker `counts`, one run each")
	procs := fs.Int("procs", 0, "GOMAXPROCS for every run (`n`; default: the run's workers)")
	shared := fs.String("shared", "../shared", "`dir` whose eval/dev/*.gold.jsonl texts join the corpus, when present")
	dir := fs.String("dir", "", "keep the corpus and stores in `dir` (default: a temporary folder, removed)")
	jsonOut := fs.Bool("json", false, "print the results as one JSON object")
	kbDir := kbFlag(fs)
	prof := profileFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 || *docs < 1 {
		fs.Usage()
		return errUsage
	}
	var workers []int
	for _, w := range strings.Split(*workerList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(w))
		if err != nil || n < 1 {
			return fmt.Errorf("--workers %q: want positive numbers separated by commas", *workerList)
		}
		workers = append(workers, n)
	}

	work := *dir
	if work == "" {
		tmp, err := os.MkdirTemp("", "sitrep-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		work = tmp
	}
	corpusDir := filepath.Join(work, "corpus")
	if err := os.MkdirAll(corpusDir, 0o755); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "writing %d documents to %s\n", *docs, corpusDir)
	corpus, err := bench.WriteCorpus(corpusDir, filepath.Join(*shared, "eval", "dev"), *docs)
	if err != nil {
		return err
	}

	stopProfile, err := prof.start()
	if err != nil {
		return err
	}
	defer func() {
		if err := stopProfile(); err != nil {
			fmt.Fprintln(e.stderr, "profile:", err)
		}
	}()
	fmt.Fprintln(e.stderr, "loading the knowledge base and models")
	c, err := newCoder(*kbDir)
	if err != nil {
		return err
	}
	// As ingest does: the memory limit makes the peak what a user sees.
	limitGrowth(batchGrowth(slicesMax(workers), len(corpus.Files)))
	cfg := bench.Config{
		Corpus: corpus, Coder: c, Dir: work, Procs: *procs, Progress: e.stderr,
		Open: func(ctx context.Context, path string) (sitrep.Store, error) {
			db, err := sqlite.Open(ctx, path)
			if err != nil {
				return nil, err
			}
			db.Coder = "sitrep " + version
			return db, nil
		},
	}
	var runs []*bench.Run
	for _, n := range workers {
		r, err := bench.Ingest(ctx, cfg, n)
		if err != nil {
			return err
		}
		runs = append(runs, r)
	}
	if *jsonOut {
		b, err := json.Marshal(struct {
			Corpus *bench.Corpus `json:"corpus"`
			Runs   []*bench.Run  `json:"runs"`
		}{corpus, runs})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s\n", b)
		return nil
	}
	printBench(e, corpus, *shared, runs)
	return nil
}

func slicesMax(xs []int) int {
	m := 0
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

func printBench(e *env, c *bench.Corpus, shared string, runs []*bench.Run) {
	from := "the seed articles"
	if c.GoldFiles > 0 {
		from += fmt.Sprintf(" and %d gold files of %s", c.GoldFiles, filepath.Join(shared, "eval", "dev"))
	}
	fmt.Fprintf(e.stdout, "corpus: %d documents (%d source texts, %d short notes, %d articles; %.1f MB) from %s\n\n",
		len(c.Files), c.Originals, c.Notes, c.Articles, float64(c.Bytes)/1e6, from)
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "workers\tcores\tdocs/s\tsentences/s\ttokens/s\tevents/s\twall\tpeak heap\tpeak RSS\tload\t")
	for _, r := range runs {
		fmt.Fprintf(tw, "%d\t%d\t%.0f\t%.0f\t%.0f\t%.0f\t%.1fs\t%d MB\t%d MB\t%.2f\t\n", r.Workers, r.Procs,
			r.DocsPerSec, r.SentPerSec, r.TokPerSec, r.EvPerSec, r.Wall.Seconds(), r.PeakHeap>>20, r.PeakRSS>>20, r.Load)
	}
	tw.Flush()
	for _, r := range runs[1:] {
		fmt.Fprintf(e.stdout, "%d workers vs %d: %.2f×\n", r.Workers, runs[0].Workers, r.SentPerSec/runs[0].SentPerSec)
	}
	fmt.Fprintln(e.stdout, "\ntime by stage (summed over workers):")
	tw = tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "workers\t")
	for _, s := range runs[0].Stages {
		fmt.Fprintf(tw, "%s\t", s.Stage)
	}
	fmt.Fprintln(tw)
	for _, r := range runs {
		fmt.Fprintf(tw, "%d\t", r.Workers)
		for _, s := range r.Stages {
			fmt.Fprintf(tw, "%.1fs %2.0f%%\t", s.Time.Seconds(), 100*s.Share)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	for _, r := range runs {
		if r.Failed > 0 {
			fmt.Fprintf(e.stdout, "%d workers: %d documents failed, the first: %s\n", r.Workers, r.Failed, sanitize(r.FirstError))
		}
	}
}
