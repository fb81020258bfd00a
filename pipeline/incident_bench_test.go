package pipeline_test

import (
	"context"
	"flag"
	"fmt"
	"math/rand"
	"path/filepath"
	"testing"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/incident"
	"github.com/sitrep/sitrep/pipeline"
	"github.com/sitrep/sitrep/sqlite"
)

var benchDocs = flag.Int("incident-docs", 1000, "documents per BenchmarkIncidents run (the target is stated for 10000)")

// generatedDocs returns n short reports of a few hundred incidents: each
// a strike, clash, protest, meeting or sanction between two of a dozen
// countries in one of their cities, on one day of a year, reported by up
// to five outlets in different words.
func generatedDocs(n int) []*sitrep.Document {
	rng := rand.New(rand.NewSource(1))
	type side struct{ name, adj, city string }
	sides := []side{
		{"Russia", "Russian", "Belgorod"}, {"Ukraine", "Ukrainian", "Kharkiv"}, {"Israel", "Israeli", "Haifa"},
		{"Lebanon", "Lebanese", "Tyre"}, {"India", "Indian", "Srinagar"}, {"Pakistan", "Pakistani", "Lahore"},
		{"Iran", "Iranian", "Isfahan"}, {"Iraq", "Iraqi", "Mosul"}, {"Sudan", "Sudanese", "Khartoum"},
		{"China", "Chinese", "Xiamen"}, {"Philippines", "Philippine", "Manila"}, {"Syria", "Syrian", "Aleppo"},
	}
	templates := []string{
		"%[1]s forces struck %[3]s in %[2]s on %[5]s, killing %[4]d people, officials said.",
		"%[4]d people were killed when %[1]s shelled %[3]s on %[5]s, %[2]s authorities said.",
		"Protesters rallied in %[3]s on %[5]s against %[1]s, and police detained %[4]d people, %[2]s media reported.",
		"The foreign ministers of %[1]s and %[2]s met in %[3]s on %[5]s to discuss %[4]d prisoners.",
		"%[1]s imposed sanctions on %[4]d %[2]s officials on %[5]s over the crisis in %[3]s.",
	}
	outlets := []string{"Reuters", "AP", "AFP", "BBC", "Al Jazeera", "DW", "Xinhua", "Anadolu"}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var docs []*sitrep.Document
	for inc := 0; len(docs) < n; inc++ {
		a, b := sides[rng.Intn(len(sides))], sides[rng.Intn(len(sides))]
		day := start.AddDate(0, 0, rng.Intn(366))
		killed := 2 + rng.Intn(40)
		reports := 1 + rng.Intn(5)
		for r := 0; r < reports && len(docs) < n; r++ {
			t := templates[(inc+r)%len(templates)]
			if r > 0 && rng.Intn(2) == 0 {
				t = templates[inc%len(templates)]
			}
			text := fmt.Sprintf(t, a.name, b.adj, b.city, killed, day.Weekday()) +
				fmt.Sprintf(" The report, number %d, was filed by %s.", len(docs), outlets[r])
			published := day.AddDate(0, 0, rng.Intn(2)).Format(time.DateOnly)
			docs = append(docs, reportDoc(outlets[(inc+r)%len(outlets)], published, text))
		}
	}
	return docs
}

// BenchmarkIncidents ingests generated documents with incidents off and
// on, one at a time as the pipeline stores them; compare the two ns/op
// (docs/s is reported too). Run it on one core:
//
//	go test -run '^$' -bench Incidents -cpu 1 -incident-docs 10000 ./pipeline
func BenchmarkIncidents(b *testing.B) {
	docs := generatedDocs(*benchDocs)
	base := newPipeline(b) // one coder for both runs
	for _, on := range []bool{false, true} {
		name := "off"
		if on {
			name = "on"
		}
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "b.db"))
				if err != nil {
					b.Fatal(err)
				}
				p := &pipeline.Pipeline{Store: db, Coder: base.Coder}
				if on {
					// As sitrep ingest does.
					p.Incidents = &incident.Assigner{Store: db, Batch: 100}
				}
				b.StartTimer()
				for _, d := range docs {
					d := *d
					if r := p.Add(ctx, &d); r.Err != nil {
						b.Fatal(r.Err)
					}
				}
				if on {
					if err := p.Incidents.Flush(ctx); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				if on && i == 0 {
					b.ReportMetric(float64(p.Incidents.Index().Len()), "incidents")
				}
				db.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

// BenchmarkIncidentOverhead measures, document by document, the time to
// code and store a document and then the time to assign its incidents, so
// that both see the same load on a shared machine; it reports the second
// as a percentage of the first ("overhead-%"):
//
//	go test -run '^$' -bench IncidentOverhead -cpu 1 -benchtime 1x -incident-docs 10000 ./pipeline
func BenchmarkIncidentOverhead(b *testing.B) {
	docs := generatedDocs(*benchDocs)
	base := newPipeline(b)
	ctx := context.Background()
	var ingest, assign time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "o.db"))
		if err != nil {
			b.Fatal(err)
		}
		p := &pipeline.Pipeline{Store: db, Coder: base.Coder}
		inc := &incident.Assigner{Store: db, Batch: 100} // as sitrep ingest does
		if err := inc.Load(ctx); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for _, d := range docs {
			d := *d
			t0 := time.Now()
			r := p.Add(ctx, &d)
			t1 := time.Now()
			if r.Err != nil {
				b.Fatal(r.Err)
			}
			if r.Outcome == pipeline.New {
				evs, err := db.FindEvents(ctx, sitrep.EventFilter{Document: r.ID, Sort: sitrep.SortDocument})
				if err != nil {
					b.Fatal(err)
				}
				list := make([]sitrep.Event, len(evs))
				for k, e := range evs {
					list[k] = *e
				}
				t2 := time.Now()
				if err := inc.Add(ctx, &d, list); err != nil {
					b.Fatal(err)
				}
				assign += time.Since(t2)
			}
			ingest += t1.Sub(t0)
		}
		t3 := time.Now()
		if err := inc.Flush(ctx); err != nil {
			b.Fatal(err)
		}
		assign += time.Since(t3)
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(100*assign.Seconds()/ingest.Seconds(), "overhead-%")
	b.ReportMetric(float64(ingest.Microseconds())/float64(b.N*len(docs)), "ingest-µs/doc")
	b.ReportMetric(float64(assign.Microseconds())/float64(b.N*len(docs)), "incidents-µs/doc")
}
