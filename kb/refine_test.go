package kb

import (
	"testing"

	"github.com/sitrep/sitrep"
)

// TestRefinePlaces checks the document-wide pass over namesakes: a
// smaller namesake next to the document's other places beats a larger
// one far from them, the larger stands without such clues, and one name
// keeps one reading through a document.
func TestRefinePlaces(t *testing.T) {
	k := testKB(t)
	tests := []struct {
		text     string
		lat, lon float64
	}{
		// Şūrān near Azaz (Aleppo), not the town of 30,000 in Hama.
		{"On Monday, the Syrian army shelled targets in Suran near Azaz and Marea, killing two.", 36.57, 37.21},
		{"On Monday, the Syrian army shelled targets in Suran, north of Hama city, killing two.", 35.29, 36.75},
	}
	for _, tt := range tests {
		var got *sitrep.Mention
		for _, m := range k.Recognize(tt.text, "2020-05-01") {
			if m.Text == "Suran" {
				got = &m
			}
		}
		if got == nil || got.Lat == nil {
			t.Errorf("%q: Suran not linked", tt.text)
			continue
		}
		if d := sitrep.DistanceKm(*got.Lat, *got.Lon, tt.lat, tt.lon); d > 25 {
			t.Errorf("%q: Suran linked to %s (%.2f, %.2f), %.0f km off", tt.text, got.ID, *got.Lat, *got.Lon, d)
		}
	}
	text := "On Monday, the army shelled targets in Suran near Azaz. On Tuesday, a drone struck a house in Suran."
	var ids []string
	for _, m := range k.Recognize(text, "2020-05-01") {
		if m.Text == "Suran" {
			ids = append(ids, m.ID)
		}
	}
	if len(ids) != 2 || ids[0] != ids[1] {
		t.Errorf("Suran read as %v, want one reading twice", ids)
	}
}

// TestRefineSpelledInRegion checks that a name whose namesakes spelt so
// all lie outside the region the text names is read as the one place of
// that region spelt alike ("Mansura" in Raqqa is Al Manşūrah).
func TestRefineSpelledInRegion(t *testing.T) {
	k := testKB(t)
	text := "On Monday, gunmen attacked a checkpoint near Mansura, in the western countryside of Raqqa."
	for _, m := range k.Recognize(text, "2020-05-01") {
		if m.Text != "Mansura" {
			continue
		}
		if m.Lat == nil || sitrep.DistanceKm(*m.Lat, *m.Lon, 35.84, 38.74) > 25 {
			t.Errorf("Mansura linked to %s (%v, %v), want Al Mansurah of Raqqa", m.ID, m.Lat, m.Lon)
		}
		return
	}
	t.Error("Mansura not linked")
}
