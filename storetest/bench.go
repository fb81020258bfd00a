package storetest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sitrep/sitrep"
)

// Benchmark measures a store the same way for every implementation: open
// must return a new, empty store, closed when tb ends. Its parts:
//
//   - AddDocument: one writer storing documents with a typical analysis
//     (40 sentences, 160 mentions, 15 events, 3 transfers); ms/doc.
//   - AddDocument4: four writers at once; docs/s.
//   - AddBatch64: one writer, 64 documents a transaction (group commit,
//     sitrep.BatchAdder); docs/s.
//   - Query/…: the API's typical queries over 1,000 such documents (15,000
//     events): a page in document order, a page of one type, a full-text
//     page, a bounding-box page, the stats and the dyads.
func Benchmark(b *testing.B, open func(tb testing.TB) sitrep.Store) {
	ctx := context.Background()
	b.Run("AddDocument", func(b *testing.B) {
		db := open(b)
		base := SampleDocument(0)
		var i int
		for b.Loop() {
			i++
			doc := *base
			doc.Hash = fmt.Sprintf("%064x", i)
			if _, added, err := db.AddDocument(ctx, &doc, SampleAnalysis(40, 15, 3)); err != nil || !added {
				b.Fatal(added, err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/doc")
	})
	b.Run("AddDocument4", func(b *testing.B) {
		db := open(b)
		var next atomic.Int64
		start := time.Now()
		fill(b, db, 4, b.N, &next)
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "docs/s")
	})
	b.Run("AddBatch64", func(b *testing.B) {
		db := open(b)
		ba, ok := db.(sitrep.BatchAdder)
		if !ok {
			b.Skipf("%T does not add documents in batches", db)
		}
		base := SampleDocument(0)
		start := time.Now()
		for i := 0; i < b.N; {
			batch, err := ba.BeginBatch(ctx)
			if err != nil {
				b.Fatal(err)
			}
			for n := 0; n < 64 && i < b.N; n++ {
				i++
				doc := *base
				doc.Hash = fmt.Sprintf("%064x", i)
				if _, added, err := batch.Add(ctx, &doc, SampleAnalysis(40, 15, 3)); err != nil || !added {
					b.Fatal(added, err)
				}
			}
			if err := batch.Commit(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "docs/s")
	})
	b.Run("Query", func(b *testing.B) {
		db := open(b)
		var next atomic.Int64
		fill(b, db, 4, 1000, &next)
		// A server store's statistics are current by the time anyone
		// queries (autovacuum); bring them up to date at once.
		if a, ok := db.(interface{ Analyze(context.Context) error }); ok {
			if err := a.Analyze(ctx); err != nil {
				b.Fatal(err)
			}
		}
		box := &sitrep.BBox{West: 37, South: 48, East: 39, North: 49}
		for _, q := range []struct {
			name string
			f    sitrep.EventFilter
		}{
			{"page", sitrep.EventFilter{Limit: 100}},
			{"type", sitrep.EventFilter{Type: "ASSAULT", Limit: 100}},
			{"text", sitrep.EventFilter{Text: "struck border", Limit: 100}},
			{"text-rare", sitrep.EventFilter{Text: "sentence 16", Limit: 100}},
			{"box", sitrep.EventFilter{BBox: box, Limit: 100}},
			{"actor-newest", sitrep.EventFilter{Actor: "IRN", Sort: sitrep.SortDateDesc, Limit: 100}},
		} {
			b.Run(q.name, func(b *testing.B) {
				for b.Loop() {
					if evs, err := db.FindEvents(ctx, q.f); err != nil || len(evs) == 0 {
						b.Fatal(len(evs), err)
					}
				}
			})
		}
		b.Run("stats", func(b *testing.B) {
			for b.Loop() {
				if _, err := db.EventStats(ctx, sitrep.EventFilter{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("dyads", func(b *testing.B) {
			for b.Loop() {
				if _, err := db.FindDyads(ctx, sitrep.EventFilter{}, 100); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

// fill stores n documents from writers goroutines, numbering them from
// next.
func fill(b *testing.B, db sitrep.Store, writers, n int, next *atomic.Int64) {
	var wg sync.WaitGroup
	base := SampleDocument(0)
	for range writers {
		wg.Go(func() {
			for {
				i := next.Add(1)
				if i > int64(n) {
					return
				}
				doc := *base
				doc.Hash = fmt.Sprintf("%064x", i)
				if _, _, err := db.AddDocument(context.Background(), &doc, SampleAnalysis(40, 15, 3)); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}
