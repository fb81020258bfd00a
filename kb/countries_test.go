package kb

import (
	"slices"
	"testing"
)

func TestCountryCode(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Russia", "RUS"}, {"russian federation", "RUS"}, {"RUS", "RUS"}, {"rus", "RUS"},
		{"Russian", "RUS"}, {"  United   States ", "USA"}, {"Ukraine", "UKR"}, {"Türkiye", "TUR"},
		{"Narnia", ""}, {"", ""}, {"GOV", ""},
	} {
		got, ok := CountryCode(tc.in)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("CountryCode(%q) = %q, %v, want %q", tc.in, got, ok, tc.want)
		}
	}
}

// TestSectorsCoverActors keeps the sector list as wide as the data: every
// sector an actor of actors.tsv has is in Sectors.
func TestSectorsCoverActors(t *testing.T) {
	data, err := dataFS.ReadFile("data/actors.tsv")
	if err != nil {
		t.Fatal(err)
	}
	tab, err := parseTSV("actors.tsv", data)
	if err != nil {
		t.Fatal(err)
	}
	for i := range tab.rows {
		if s := tab.get(i, "sector"); s != "" && !slices.Contains(Sectors(), s) {
			t.Errorf("actors.tsv:%d: sector %q is not in Sectors()", tab.lines[i], s)
		}
	}
}

// TestCategoriesCoverEquipment keeps the category list as wide as the
// data.
func TestCategoriesCoverEquipment(t *testing.T) {
	data, err := dataFS.ReadFile("data/equipment.tsv")
	if err != nil {
		t.Fatal(err)
	}
	tab, err := parseTSV("equipment.tsv", data)
	if err != nil {
		t.Fatal(err)
	}
	for i := range tab.rows {
		if c := tab.get(i, "category"); !slices.Contains(EquipmentCategories(), c) {
			t.Errorf("equipment.tsv:%d: category %q is not in EquipmentCategories()", tab.lines[i], c)
		}
	}
}
