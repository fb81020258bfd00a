package incident

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/sitrep/sitrep"
)

// benchReports returns the reports of n documents of two events each:
// strikes and talks between a dozen countries over a year, about three
// documents an incident.
func benchReports(n int) [][]*Report {
	rng := rand.New(rand.NewSource(1))
	countries := []string{"RUS", "UKR", "ISR", "LBN", "IND", "PAK", "IRN", "IRQ", "SDN", "CHN", "PHL", "SYR"}
	var docs [][]*Report
	for inc := 0; len(docs) < n; inc++ {
		a, b := countries[rng.Intn(len(countries))], countries[rng.Intn(len(countries))]
		day := fmt.Sprintf("2024-%02d-%02d", 1+rng.Intn(12), 1+rng.Intn(28))
		lat, lon := -60+rng.Float64()*120, -180+rng.Float64()*360
		for r := 0; r < 1+rng.Intn(5) && len(docs) < n; r++ {
			id := int64(len(docs) + 1)
			d := &sitrep.Document{ID: id, Hash: fmt.Sprintf("%016x", id*2654435761), Published: day}
			var rs []*Report
			for k, typ := range []string{"ASSAULT", "CONSULT"} {
				e := &sitrep.Event{ID: fmt.Sprintf("d%d-e%d", id, k+1), Type: typ, Date: day,
					Actor: []sitrep.Actor{{Country: a}}, Recipient: []sitrep.Actor{{Country: b}},
					Location: &sitrep.Location{Name: fmt.Sprint("place", inc), Lat: &lat, Lon: &lon},
					Evidence: fmt.Sprintf("Forces of %s hit %d targets in Place%d, killing %d.", a, inc%50, inc, 2+inc%30)}
				rs = append(rs, NewReport(d, e, ""))
			}
			docs = append(docs, rs)
		}
	}
	return docs
}

// BenchmarkIndex measures assigning the events of 10,000 documents, the
// part of ingest that incidents add besides storing the links.
func BenchmarkIndex(b *testing.B) {
	docs := benchReports(10000)
	b.ResetTimer()
	for range b.N {
		x := NewIndex()
		for _, rs := range docs {
			x.AddDocument(rs)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(docs)), "ns/doc")
}
