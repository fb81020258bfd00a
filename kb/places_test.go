package kb

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sitrep/sitrep"
)

// TestPlaceDisambiguation uses a small gazetteer of its own, so that it
// does not depend on the embedded one.
func TestPlaceDisambiguation(t *testing.T) {
	dir := t.TempDir()
	gaz := "name\taltnames\tcountry\tfeature\tlat\tlon\tpopulation\tadmin1\n" +
		"Atlanta\t\tUSA\tcity\t33.749\t-84.388\t498000\tGeorgia\n" +
		"Georgia\t\tUSA\tadmin1\t32.75\t-83.5\t10700000\t\n" +
		"Amirabad\t\tIRN\tvillage\t36.85\t53.37\t3000\tMazandaran\n" +
		"Amirabad\t\tIRN\tvillage\t32.10\t51.00\t800\tIsfahan\n" +
		"Amirabad\t\tAFG\tvillage\t34.50\t69.00\t20000\tKabul\n" +
		"Hama\tHamah|Hamāh\tSYR\tcity\t35.1318\t36.7578\t696863\tHama\n" +
		"Split\t\tHRV\tcity\t43.51\t16.44\t178000\tSplit-Dalmatia\n"
	if err := os.WriteFile(filepath.Join(dir, "gaz.tsv"), []byte(gaz), 0o644); err != nil {
		t.Fatal(err)
	}
	k, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text string
		w          want
	}{
		{"Georgia the US state", "Storms hit Atlanta, the largest city of Georgia, on Monday.", want{"of Georgia", "Georgia", L, "", "USA", "", ""}},
		{"Georgia the country", "Russian troops remain in Georgia near Tbilisi.", want{"", "Georgia", S, "GEO", "GEO", "", ""}},
		{"Amirabad with country", "shipped from Amirabad, Iran to Makhachkala", want{"", "Amirabad", L, "", "IRN", "", ""}},
		{"Amirabad by document country", "Iran said drones left from Amirabad port.", want{"", "Amirabad", L, "", "IRN", "", ""}},
		{"Amirabad elsewhere", "Afghan police in Kabul said gunmen attacked Amirabad.", want{"", "Amirabad", L, "", "AFG", "", ""}},
		{"Hamah variant", "Shelling in Hamah killed two.", want{"", "Hamah", L, "", "SYR", "", ""}},
		{"Hama governorate", "in the western Hama governorate", want{"", "Hama", L, "", "SYR", "", ""}},
		{"common word is not a place", "Split the difference, he said in Split.", want{"in Split", "Split", L, "", "HRV", "", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := k.Recognize(tt.text, "")
			start := locate(t, tt.text, tt.w.ctx, tt.w.text)
			found := false
			for _, m := range ms {
				if m.Start == start {
					found = true
					checkMention(t, m, tt.w)
				} else if m.Text == "Split" && m.Start == 0 {
					t.Errorf("sentence-initial common word %q linked as %s", m.Text, m.Kind)
				}
			}
			if !found {
				t.Errorf("no mention at %q: %v", tt.w.text, near(ms, start))
			}
		})
	}
	if loc, ok := k.Place("Amirabad", "IRN"); !ok || loc.Country != "IRN" || *loc.Lat != 36.85 {
		t.Errorf("Place(Amirabad, IRN) = %+v", loc)
	}
	if loc, ok := k.Place("Amirabad", "AFG"); !ok || loc.Country != "AFG" {
		t.Errorf("Place(Amirabad, AFG) = %+v", loc)
	}
}

// TestPlaceInNamedRegion checks that a namesake place inside a region the
// text names beats a bigger one elsewhere.
func TestPlaceInNamedRegion(t *testing.T) {
	dir := t.TempDir()
	data := "name\taltnames\tcountry\tfeature\tlat\tlon\tpopulation\tadmin1\n" +
		"Zorvaka\t\tUKR\tvillage\t48.00\t37.50\t900\tDonetsk\n" +
		"Zorvaka\t\tUKR\ttown\t46.40\t30.70\t50000\tOdesa\n"
	if err := os.WriteFile(filepath.Join(dir, "myplaces.tsv"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	k, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text string
		lat  float64
	}{
		{"Shelling was reported near Zorvaka, Donetsk.", 48.00},
		{"Shelling was reported near Zorvaka in Donetsk Oblast.", 48.00},
		{"Shelling was reported near Zorvaka.", 46.40},
	} {
		var got *float64
		for _, m := range k.Recognize(tc.text, "") {
			if m.Text == "Zorvaka" {
				got = m.Lat
			}
		}
		if got == nil || *got != tc.lat {
			t.Errorf("%q: Zorvaka at %v, want lat %v", tc.text, got, tc.lat)
		}
	}
}

// TestRegionAfterPlace checks "City, Region" and "City (Region)": the
// region is recognised when it is the city's own, and "Salvador" alone is
// the Brazilian city, not El Salvador.
func TestRegionAfterPlace(t *testing.T) {
	k, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ text, name, country string }{
		{"On 29 April 2020, in Salvador, Bahia, a man was shot.", "Bahia", "BRA"},
		{"On 29 April 2020, in Salvador, Bahia, a man was shot.", "Salvador", "BRA"},
		{"Workers protested in Ludhiana (Punjab) on Friday.", "Punjab", "IND"},
	} {
		found := false
		for _, m := range k.Recognize(tc.text, "") {
			if m.Text == tc.name && m.Kind == "place" && m.Country == tc.country {
				found = true
			}
		}
		if !found {
			t.Errorf("%q: no place %s in %s", tc.text, tc.name, tc.country)
		}
	}
}

// TestCuratedMergesGazetteer checks that a curated place and the GeoNames
// row it stands for are one entry, with the GeoNames names among its
// aliases.
func TestCuratedMergesGazetteer(t *testing.T) {
	k := testKB(t)
	cities := 0
	var latakia Entry
	for _, e := range k.Lookup("Latakia") {
		if e.Kind == sitrep.KindPlace && e.Country == "SYR" && e.Category == "city" {
			cities++
			latakia = e
		}
	}
	if cities != 1 {
		t.Fatalf("%d Syrian cities named Latakia, want 1", cities)
	}
	if !slices.Contains(latakia.Aliases, "Lattakia") || !slices.Contains(latakia.Aliases, "Latakiya") {
		t.Errorf("Latakia aliases %v: want the curated and the GeoNames spellings", latakia.Aliases)
	}
	if latakia.Population == 0 {
		t.Error("Latakia lost its population")
	}
}
