// Package bench measures ingest end to end: it writes a corpus of varied
// documents to a folder, ingests it into a fresh store with a given number
// of workers, and reports throughput (documents, sentences, tokens and
// events a second), the time of each stage and peak memory. `sitrep bench`
// runs it; the figures are what a user ingesting an archive can expect.
package bench

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/incident"
	"github.com/sitrep/sitrep/internal/stage"
	"github.com/sitrep/sitrep/pipeline"
)

// Config is one benchmark.
type Config struct {
	// Corpus is what is ingested.
	Corpus *Corpus
	// Coder codes the documents; it is loaded once, before the runs, so
	// that loading is not measured.
	Coder sitrep.Coder
	// Open creates an empty store at path; the benchmark does not know
	// which store it measures.
	Open func(ctx context.Context, path string) (sitrep.Store, error)
	// Dir holds the stores, one per run.
	Dir string
	// Procs, when above 0, is GOMAXPROCS for every run; 0 gives each run
	// as many as it has workers, so that "one worker" means one core.
	Procs int
	// Progress, when set, receives a line per thousand documents.
	Progress io.Writer
}

// Run is the outcome of ingesting the corpus once.
type Run struct {
	Workers   int `json:"workers"`
	Procs     int `json:"gomaxprocs"`
	Documents int `json:"documents"` // stored (new and near-duplicate)
	Failed    int `json:"failed"`
	// FirstError is why the first failed document failed.
	FirstError string        `json:"first_error,omitempty"`
	Sentences  int64         `json:"sentences"`
	Tokens     int64         `json:"tokens"`
	Events     int           `json:"events"`
	Transfers  int           `json:"transfers"`
	Wall       time.Duration `json:"wall_ns"`
	DocsPerSec float64       `json:"docs_per_sec"`
	SentPerSec float64       `json:"sentences_per_sec"`
	TokPerSec  float64       `json:"tokens_per_sec"`
	EvPerSec   float64       `json:"events_per_sec"`
	// Stages is the time spent in each stage, summed over workers (with
	// more workers than cores it includes time waiting for one).
	Stages []StageTime `json:"stages"`
	// PeakHeap is the most memory held by live and not yet collected Go
	// objects, sampled every 10 ms; PeakRSS the process's peak resident
	// size during the run (Linux; 0 elsewhere).
	PeakHeap uint64 `json:"peak_heap_bytes"`
	PeakRSS  uint64 `json:"peak_rss_bytes"`
	// Load is the system's one-minute load average when the run ended
	// (Linux; 0 elsewhere): figures taken on a busy machine are lower.
	Load float64 `json:"load_average"`
}

// StageTime is the time of one stage and its share of all stages.
type StageTime struct {
	Stage string        `json:"stage"`
	Time  time.Duration `json:"ns"`
	Share float64       `json:"share"`
}

// Ingest ingests the corpus into a fresh store with n workers and
// measures it.
func Ingest(ctx context.Context, cfg Config, n int) (*Run, error) {
	procs := cfg.Procs
	if procs <= 0 {
		procs = min(n, runtime.NumCPU())
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))

	st, err := cfg.Open(ctx, filepath.Join(cfg.Dir, fmt.Sprintf("bench-%d.db", n)))
	if err != nil {
		return nil, err
	}
	defer st.Close()
	p := &pipeline.Pipeline{Store: st, Coder: cfg.Coder}
	if is, ok := st.(sitrep.IncidentStore); ok {
		// As sitrep ingest does.
		p.Incidents = &incident.Assigner{Store: is, Batch: 100}
	}

	// Start from a collected heap, so that one run's garbage is not
	// measured in the next.
	runtime.GC()
	resetPeakRSS()
	mem := startHeapSampler()
	clock := &stage.Clock{}
	r := &Run{Workers: n, Procs: procs}
	start := time.Now()
	err = p.Ingest(stage.WithClock(ctx, clock), cfg.Corpus.Files, pipeline.Options{Workers: n}, func(rep pipeline.Report) {
		switch rep.Outcome {
		case pipeline.New, pipeline.NearDuplicate:
			r.Documents++
		case pipeline.Failed:
			r.Failed++
			if r.FirstError == "" && rep.Err != nil {
				r.FirstError = rep.Err.Error()
			}
		}
		r.Events += rep.Events
		r.Transfers += rep.Transfers
		if cfg.Progress != nil && (rep.Index+1)%1000 == 0 {
			fmt.Fprintf(cfg.Progress, "  %d workers: %d/%d documents, %.0fs\n", n, rep.Index+1, len(cfg.Corpus.Files), time.Since(start).Seconds())
		}
	})
	if err == nil && p.Incidents != nil {
		t := time.Now()
		err = p.Incidents.Flush(ctx)
		clock.Add(stage.Store, time.Since(t))
	}
	r.Wall = time.Since(start)
	r.PeakHeap = mem.stop()
	r.PeakRSS = peakRSS()
	r.Load = loadAverage()
	if err != nil {
		return nil, err
	}
	snap := clock.Snapshot()
	r.Sentences, r.Tokens = snap.Sentences, snap.Tokens
	sec := r.Wall.Seconds()
	r.DocsPerSec = float64(r.Documents) / sec
	r.SentPerSec = float64(r.Sentences) / sec
	r.TokPerSec = float64(r.Tokens) / sec
	r.EvPerSec = float64(r.Events) / sec
	total := snap.Total()
	for s := range stage.NumStages {
		st := StageTime{Stage: s.String(), Time: snap.Time[s]}
		if total > 0 {
			st.Share = float64(snap.Time[s]) / float64(total)
		}
		r.Stages = append(r.Stages, st)
	}
	return r, nil
}

// heapSampler records the peak of the Go heap's objects, live and not yet
// collected, which a profile of the run would not show.
type heapSampler struct {
	done chan struct{}
	wg   sync.WaitGroup
	peak uint64
}

func startHeapSampler() *heapSampler {
	h := &heapSampler{done: make(chan struct{})}
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() {
		metrics.Read(s)
		h.peak = max(h.peak, s[0].Value.Uint64())
	}
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			read()
			select {
			case <-h.done:
				return
			case <-t.C:
			}
		}
	}()
	return h
}

func (h *heapSampler) stop() uint64 {
	close(h.done)
	h.wg.Wait()
	return h.peak
}
