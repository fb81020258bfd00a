package seeds_test

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/seeds"
	"github.com/sitrep/sitrep/sqlite"
)

var fromDB = flag.String("from-db", "", "regenerate seeds.json from the sitrep database at `path`")

// TestGenerate rewrites seeds.json from a database filled by 'sitrep
// ingest testdata/seeds' when -from-db is given.
func TestGenerate(t *testing.T) {
	if *fromDB == "" {
		t.Skip("no -from-db")
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, *fromDB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	docs, err := db.FindDocuments(ctx, sitrep.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []seeds.Entry
	for _, d := range docs {
		doc, err := db.FindDocument(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		var a sitrep.Analysis
		if a.Sentences, err = db.FindSentences(ctx, d.ID); err != nil {
			t.Fatal(err)
		}
		if a.Mentions, err = db.FindMentions(ctx, d.ID); err != nil {
			t.Fatal(err)
		}
		evs, err := db.FindEvents(ctx, sitrep.EventFilter{Document: d.ID})
		if err != nil {
			t.Fatal(err)
		}
		// Stored order is by sentence; the coder's (and the local IDs') is
		// by ordinal.
		sort.Slice(evs, func(i, j int) bool { return ordinal(evs[i].ID) < ordinal(evs[j].ID) })
		for _, e := range evs {
			e.ID, e.Document = "", 0
			// Back to the analysis's local references ("d3-e2" -> "e2").
			for i, c := range e.ContradictedBy {
				e.ContradictedBy[i] = c[strings.LastIndex(c, "-")+1:]
			}
			a.Events = append(a.Events, *e)
		}
		trs, err := db.FindTransfers(ctx, sitrep.TransferFilter{Document: d.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, tr := range trs {
			tr.ID, tr.Document = "", 0
			a.Transfers = append(a.Transfers, *tr)
		}
		doc.ID = 0
		out = append(out, seeds.Entry{Document: *doc, Analysis: a})
	}
	data, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("seeds.json", append(data, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestFillRoundTrip checks that Fill stores every seed's events as coded.
func TestFillRoundTrip(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, t.TempDir()+"/s.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := seeds.Fill(ctx, db); err != nil {
		t.Fatal(err)
	}
	es, _ := seeds.Entries()
	want := 0
	for _, e := range es {
		want += len(e.Analysis.Events)
	}
	evs, err := db.FindEvents(ctx, sitrep.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != want {
		t.Errorf("%d events stored, want %d", len(evs), want)
	}
}

// ordinal returns n of a stored ID "dD-eN".
func ordinal(id string) int {
	n, _ := strconv.Atoi(id[strings.LastIndex(id, "-e")+2:])
	return n
}
