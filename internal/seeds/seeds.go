// Package seeds fills a store with the documents of testdata/seeds as the
// coder analysed them, plus a hostile fixture document, so that tests of
// the exports, the server and the web page run against realistic data
// without loading the knowledge base and models (which takes seconds and
// most of the memory of a test binary).
//
// seeds.json is regenerated from a database that 'sitrep ingest' filled
// from testdata/seeds with
//
//	go test ./internal/seeds -run TestGenerate -from-db PATH
package seeds

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"time"

	"github.com/sitrep/sitrep"
)

// Entry is one stored document with everything coded from it.
type Entry struct {
	Document sitrep.Document `json:"document"`
	Analysis sitrep.Analysis `json:"analysis"`
}

//go:embed seeds.json
var seedsJSON []byte

// Entries returns the seed documents with their analyses, in ingest order;
// the last one is the XSS fixture (see XSS).
func Entries() ([]Entry, error) {
	var es []Entry
	if err := json.Unmarshal(seedsJSON, &es); err != nil {
		return nil, fmt.Errorf("seeds.json: %w", err)
	}
	return append(es, XSS()), nil
}

// Fill adds every entry to st, in order, so document IDs are 1..n. It
// gives every document the same ingestion time, so that what a test
// prints does not depend on the clock.
func Fill(ctx context.Context, st sitrep.Store) error {
	es, err := Entries()
	if err != nil {
		return err
	}
	for i := range es {
		doc, a := es[i].Document, es[i].Analysis
		doc.ID = 0
		doc.IngestedAt = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		if _, _, err := st.AddDocument(ctx, &doc, &a); err != nil {
			return fmt.Errorf("seed %d (%s): %w", i+1, doc.Title, err)
		}
	}
	return nil
}

// XSS is a document whose title, text, actor names and evidence carry
// markup that would run script if a page inserted it as HTML. Pages must
// show it as text.
func XSS() Entry {
	title := `<script>window.__xss=1</script> Raid "><img src=x onerror="window.__xss=2">`
	lead := `Militants <b>attacked</b> a checkpoint near Aleppo "><img src=x onerror="window.__xss=3"> on Monday, officials said.`
	text := lead + "\n\nNo one was hurt. <script>window.__xss=4</script>"
	lat, lon := 36.2021, 37.1343
	trig := len("Militants <b>")
	return Entry{
		Document: sitrep.Document{
			Hash: "xss-fixture", Title: title, Outlet: `<i>Evil Times</i>`, URL: `javascript:window.__xss=5`,
			Source: "xss-fixture.html", Published: "2023-07-17", PublishedFrom: "meta", Language: "en", Text: text,
		},
		Analysis: sitrep.Analysis{
			Sentences: []sitrep.Sentence{{Index: 0, Start: 0, End: len(lead), Text: lead}},
			Mentions: []sitrep.Mention{{Start: 48, End: 54, Text: "Aleppo", Kind: sitrep.KindPlace, ID: "place:aleppo",
				Name: "Aleppo", Country: "SYR", Category: "city", Lat: &lat, Lon: &lon}},
			Events: []sitrep.Event{{
				Type: "ASSAULT", Actor: []sitrep.Actor{{Country: "SYR", Sector: "REB", Name: `<img src=x onerror="window.__xss=6">`}},
				Recipient: []sitrep.Actor{{Country: "SYR", Sector: "MIL", Name: "checkpoint"}},
				Date:      "2023-07-17",
				Location:  &sitrep.Location{Name: `Aleppo<script>window.__xss=7</script>`, Country: "SYR", Lat: &lat, Lon: &lon},
				Evidence:  lead, Sentence: 0, Start: 0, End: len(lead),
				Trigger: sitrep.Span{Start: trig, End: trig + len("attacked"), Text: "attacked"},
				Rule:    "fixture", Quad: "material_conflict", CAMEO: "18", Goldstein: -9,
				Source: &sitrep.Source{Name: "officials", Kind: sitrep.SourceSpeaker}, Certainty: sitrep.CertaintyReported,
			}},
		},
	}
}
