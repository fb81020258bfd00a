package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/sqlite"
)

// BenchmarkAddDocument stores documents with a typical analysis: 40
// sentences, 160 mentions, 15 events and 3 transfers each.
func BenchmarkAddDocument(b *testing.B) {
	ctx := context.Background()
	db := MustOpenDB(b)
	a := sampleAnalysis(40, 15, 3)
	base := sampleDocument(0)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		doc := *base
		doc.Hash = fmt.Sprintf("%064x", i)
		if _, added, err := db.AddDocument(ctx, &doc, a); err != nil || !added {
			b.Fatal(added, err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkFindEvents queries 1,000 stored documents (15,000 events) by
// actor and date.
func BenchmarkFindEvents(b *testing.B) {
	ctx := context.Background()
	db := MustOpenDB(b)
	a := sampleAnalysis(40, 15, 3)
	for i := range 1000 {
		doc := sampleDocument(i + 1)
		if _, _, err := db.AddDocument(ctx, doc, a); err != nil {
			b.Fatal(err)
		}
	}
	f := sitrep.EventFilter{Actor: "IRN", Since: "2023-07-12", Until: "2023-07-14"}
	b.ReportAllocs()
	for b.Loop() {
		events, err := db.FindEvents(ctx, f)
		if err != nil || len(events) == 0 {
			b.Fatal(len(events), err)
		}
	}
}

// BenchmarkOpen compares opening a store with ten documents for reading
// (what docs and events do) and for writing (what ingest does).
func BenchmarkOpen(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "sitrep.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	for i := range 10 {
		if _, _, err := db.AddDocument(ctx, sampleDocument(i+1), sampleAnalysis(40, 15, 3)); err != nil {
			b.Fatal(err)
		}
	}
	db.Close()
	for name, open := range map[string]func(context.Context, string) (*sqlite.DB, error){
		"read-only": sqlite.OpenReadOnly, "read-write": sqlite.Open,
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				db, err := open(ctx, path)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := db.FindDocuments(ctx, sitrep.DocumentFilter{}); err != nil {
					b.Fatal(err)
				}
				db.Close()
			}
		})
	}
}

// BenchmarkEventQueries runs the API's typical queries over 1,000 stored
// documents (15,000 events): a page of one type, of one actor newest
// first, a full-text search, the stats and the dyads.
func BenchmarkEventQueries(b *testing.B) {
	ctx := context.Background()
	db := MustOpenDB(b)
	for i := range 1000 {
		doc := *sampleDocument(i)
		doc.Hash = fmt.Sprintf("%064x", i)
		// AddDocument rewrites the analysis's references: a fresh one each.
		if _, _, err := db.AddDocument(ctx, &doc, sampleAnalysis(40, 15, 3)); err != nil {
			b.Fatal(err)
		}
	}
	evs, err := db.FindEvents(ctx, sitrep.EventFilter{Limit: 1})
	if err != nil || len(evs) == 0 {
		b.Fatal(err)
	}
	typ, actor := evs[0].Type, evs[0].Actor[0].Country
	word := strings.Fields(evs[0].Evidence)[0]
	for _, q := range []struct {
		name string
		run  func() error
	}{
		{"type", func() error { _, err := db.FindEvents(ctx, sitrep.EventFilter{Type: typ, Limit: 100}); return err }},
		{"actor-newest", func() error {
			_, err := db.FindEvents(ctx, sitrep.EventFilter{Actor: actor, Sort: sitrep.SortDateDesc, Limit: 100})
			return err
		}},
		{"text", func() error { _, err := db.FindEvents(ctx, sitrep.EventFilter{Text: word, Limit: 100}); return err }},
		{"stats", func() error { _, err := db.EventStats(ctx, sitrep.EventFilter{}); return err }},
		{"dyads", func() error { _, err := db.FindDyads(ctx, sitrep.EventFilter{}, 100); return err }},
	} {
		b.Run(q.name, func(b *testing.B) {
			for b.Loop() {
				if err := q.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
