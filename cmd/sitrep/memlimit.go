package main

import (
	"os"
	"runtime/debug"
	"runtime/metrics"

	"github.com/sitrep/sitrep/ingest"
)

// limitGrowth sets a soft memory limit of what the process holds now (the
// knowledge base and models, once loaded) plus extra bytes. Without it the
// collector lets the heap reach twice the ~350 MB start-up heap before it
// runs, so the garbage of coding one mid-size text adds up to ~100 MB of
// resident memory; with it the collector runs sooner instead. A limit is
// soft: memory that is truly live may exceed it, at some cost in time
// (the runtime caps the collector's share). An explicit GOMEMLIMIT wins.
func limitGrowth(extra int64) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	s := []metrics.Sample{
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
	}
	metrics.Read(s)
	held := int64(s[0].Value.Uint64() - s[1].Value.Uint64())
	debug.SetMemoryLimit(held + extra)
}

// growthFor is the extra memory allowed for coding n bytes of text at a
// time: the 10 bytes per byte of issue 11's rule, plus room for the
// per-sentence scratch and the caches the knowledge base fills lazily.
func growthFor(n int64) int64 { return 64<<20 + 10*n }

// perDocument is the memory an ingest keeps for each document it stores
// until it ends: its SimHash for near-duplicates and its events' entries in
// the incident index (~14 KB measured on 10,000 documents of `sitrep bench`,
// rounded up). A limit that did not grow with the documents would be
// reached by what is live, and the collector would then run nearly
// without pause: a quarter of the CPU of a 10,000-document ingest.
const perDocument = 16 << 10

// batchSlack is more room for commands that code many documents in one
// run. Every collection scans the whole live heap, ~0.45 GB that is mostly
// the knowledge base and models, however little garbage it frees: with
// only growthFor's room the collector ran every ~20 MB of allocation and
// took a quarter of an ingest's CPU time (GODEBUG=gctrace=1 on sitrep
// bench). This much more lets it run several times less often, for as
// much more resident memory.
const batchSlack = 128 << 20

// batchGrowth is the extra memory of a command that codes many documents:
// each of workers codes one capped text at a time, what is kept grows
// with the documents, and batchSlack spares the collector.
func batchGrowth(workers, docs int) int64 {
	return growthFor(int64(max(workers, 1))*ingest.MaxTextBytes) + int64(docs)*perDocument + batchSlack
}
