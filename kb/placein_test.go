package kb

import "testing"

// TestPlaceInWithoutCountry: with no country, the text's places give it,
// and without any, only a place of that very name answers.
func TestPlaceInWithoutCountry(t *testing.T) {
	k, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, text, wantName, wantCountry string
	}{
		{"Vesele", "", "Vesele", "UKR"}, // not Visalia, USA
		{"Kiev", "", "Kyiv", "UKR"},
		{"Wadi X area (Hays, Al Hudaydah)", "", "Ḩays", "YEM"},
		{"Wadi Zubayrat", "Shelling hit farms in Wadi Zubayrat area (Hays, Al Hudaydah).", "Ḩays", "YEM"},
		{"Zzyzxq Qwv", "", "", ""},
	} {
		loc, ok := k.PlaceIn(tt.name, "", tt.text)
		if ok != (tt.wantName != "") || loc.Name != tt.wantName || loc.Country != tt.wantCountry {
			t.Errorf("PlaceIn(%q, \"\", %q) = %q %q %v, want %q %q", tt.name, tt.text, loc.Name, loc.Country, ok, tt.wantName, tt.wantCountry)
		}
	}
}
