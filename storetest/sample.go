package storetest

import (
	"fmt"
	"strings"
	"time"

	"github.com/sitrep/sitrep"
)

// SampleDocument returns the i-th of a series of distinct documents: its
// own hash, a SimHash with the high bit set (stored as a negative integer),
// a date, a source and a text. Its IngestedAt is in another time zone and
// has microseconds, the precision every store keeps.
func SampleDocument(i int) *sitrep.Document {
	return &sitrep.Document{
		Hash:          fmt.Sprintf("%064x", i),
		SimHash:       0xF000_0000_0000_0000 | uint64(i),
		Title:         fmt.Sprintf("Article %d", i),
		Outlet:        "Example News",
		URL:           fmt.Sprintf("https://example.com/%d", i),
		Source:        fmt.Sprintf("testdata/%d.txt", i),
		Published:     "2023-07-15",
		PublishedFrom: "meta",
		Language:      "en",
		Text:          strings.Repeat(fmt.Sprintf("Sentence of article %d. ", i), 40),
		IngestedAt:    time.Date(2024, 1, 2, 3, 4, 5, 6000, time.FixedZone("CET", 3600)),
	}
}

func ptr(f float64) *float64 { return &f }

// SampleAnalysis returns a realistic analysis: sentences, about four
// mentions per sentence, events with participants, places, attribution,
// mentions and contradictions, and transfers.
func SampleAnalysis(sentences, events, transfers int) *sitrep.Analysis {
	a := &sitrep.Analysis{}
	countries := []string{"RUS", "UKR", "USA", "CHN", "IRN", "ISR", "SYR", "TUR"}
	sectors := []string{"GOV", "MIL", "", "REB"}
	types := []string{"ASSAULT", "CONSULT", "AID", "SANCTION", "COERCE", "ACCUSE", "COOPERATE"}
	off := 0
	for i := range sentences {
		text := fmt.Sprintf("Officials in %s said on Tuesday that forces from %s had struck targets near the border, according to sentence %d.",
			countries[i%len(countries)], countries[(i+1)%len(countries)], i)
		a.Sentences = append(a.Sentences, sitrep.Sentence{Index: i, Start: off, End: off + len(text), Text: text})
		for m := range 4 {
			mt := sitrep.Mention{Start: off + 10*m, End: off + 10*m + 6, Text: countries[(i+m)%len(countries)],
				Kind: sitrep.KindState, ID: countries[(i+m)%len(countries)], Name: "Country", Country: countries[(i+m)%len(countries)]}
			if m == 3 {
				mt.Kind, mt.ID, mt.Category, mt.Lat, mt.Lon = sitrep.KindPlace, fmt.Sprintf("place:p%d", i), "city", ptr(48.5+float64(i)/100), ptr(-37.9)
			}
			a.Mentions = append(a.Mentions, mt)
		}
		off += len(text) + 1
	}
	for i := range events {
		s := a.Sentences[(i*sentences/max(events, 1))%max(sentences, 1)]
		e := sitrep.Event{
			Type:      types[i%len(types)],
			Mode:      "",
			Actor:     []sitrep.Actor{{Country: countries[i%len(countries)], Sector: sectors[i%len(sectors)], Name: "Ministry of Defence"}},
			Recipient: []sitrep.Actor{{Country: countries[(i+1)%len(countries)], Sector: sectors[(i+1)%len(sectors)]}},
			Date:      "2023-07-1" + fmt.Sprint(i%10),
			Evidence:  s.Text,
			Sentence:  s.Index,
			Start:     s.Start,
			End:       s.End,
			Trigger:   sitrep.Span{Start: s.Start + 40, End: s.Start + 46, Text: "struck"},
			Rule:      fmt.Sprintf("plover/%d", i%5),
			Quad:      "material_conflict",
			CAMEO:     "19",
			Goldstein: -9.5,
		}
		if i%2 == 0 {
			e.Actor = append(e.Actor, sitrep.Actor{Country: "IGO", Name: "NATO"})
			e.Location = &sitrep.Location{Name: "Bakhmut", Country: "UKR", Lat: ptr(48.59), Lon: ptr(38.0)}
		}
		if i%3 == 1 {
			e.Location = &sitrep.Location{Name: "somewhere"} // no coordinates
			e.Date = ""
			e.Symmetric = true
			e.Mode = "verbal"
		}
		// Attribution on some events; the others have none, like
		// events coded before the coder gave it.
		switch i % 4 {
		case 1:
			e.Source = &sitrep.Source{Name: "the ministry", Country: countries[i%len(countries)], Sector: "GOV", Kind: sitrep.SourceSpeaker}
			e.Certainty = sitrep.CertaintyReported
			e.Mentions = []sitrep.EvidenceSpan{
				{Sentence: s.Index, Start: s.Start, End: s.End, Text: s.Text},
				{Sentence: -1, Start: 0, End: 9, Text: "Article 1"},
			}
		case 2:
			e.Source = &sitrep.Source{Name: "Example News", Kind: sitrep.SourceDocument}
			e.Certainty = sitrep.CertaintyAsserted
		case 3:
			// Contradicted by the event before it ("e3" for event 4).
			e.Certainty = sitrep.CertaintyDenied
			e.ContradictedBy = []string{sitrep.LocalEventID(i)}
		}
		a.Events = append(a.Events, e)
	}
	for i := range transfers {
		s := a.Sentences[i%max(sentences, 1)]
		a.Transfers = append(a.Transfers, sitrep.Transfer{
			Supplier: countries[i%len(countries)], Recipient: countries[(i+2)%len(countries)],
			Item: "Shahed-136", Category: "drone", Quantity: fmt.Sprint(10 * (i + 1)), Status: sitrep.StatusDelivered,
			Sentence: s.Index, Start: s.Start, End: s.End, Evidence: s.Text, Date: "2023-07", Rule: "transfer/deliver",
		})
	}
	return a
}
