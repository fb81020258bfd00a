package kb

import (
	"strings"
	"testing"

	"github.com/sitrep/sitrep"
)

// TestStatedRegion checks that a gazetteer namesake outside the region the
// text puts a place in is not taken for it, and that a name which starts
// earlier is not cut short, with the embedded gazetteer.
func TestStatedRegion(t *testing.T) {
	k, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text, place string
		// wantCountry is the country the place must have; "" means the
		// name must not be linked to a place at all, or only to one within
		// 100 km of near when near is set.
		wantCountry string
		near        []float64
	}{
		{"namesake in another oblast", "The rebels fired mortars at positions near Pisky, Donetsk.", "Pisky", "", []float64{48.0, 37.8}},
		{"place noun before the region", "Police clashed with Taliban militants in Sarobi district, Paktika.", "Sarobi", "", []float64{32.8, 69.1}},
		{"namesake across the border", "The Ukrainian forces fired mortars in the area of Azov, Donetsk.", "Azov", "", []float64{48.0, 37.8}},
		{"longer unknown name", "On 1 May, in Kyar Nyo Kan village, Sittwe District, Rakhine State, troops fired on the village and the surrounding areas.", "Kan", "", nil},
		{"article before the name", "Gunmen killed a man near the traffic HQ in Ar-Raqqa city.", "Raqqa", "SYR", nil},
		{"place inside its region", "Protesters gathered in Uvira (Uvira, South Kivu).", "Uvira", "COD", nil},
		{"region of an unnamed country", "Soldiers shot a man in Bamenda town (Mezam, Nord-Ouest).", "Bamenda", "CMR", nil},
		{"capital after a place and a comma", "Workers staged a demonstration in Tondo, Manila to mark Labor Day.", "Manila", "PHL", nil},
		{"capital in brackets", "Residents demonstrated in several districts of Bamako (Bamako) on Monday.", "Bamako", "MLI", nil},
		{"capital closing a bracket", "Youth demonstrated in Kibera (Kibra, Nairobi) on Monday.", "Nairobi", "KEN", nil},
		{"district in a bracketed location", "Saudi forces reportedly fired artillery at residential villages (Razih, Sadah).", "Razih", "YEM", nil},
		{"person after a title", "President Bush said the war in Iraq was going well.", "Bush", "", nil},
		{"person after an honorific", "Pope Francis visited the refugees.", "Francis", "", nil},
		{"continent, not a village", "Foreign ministers met in Africa on Monday.", "Africa", "", []float64{2, 21}},
		{"after a comma the region is the next name", "Militants claimed attacks in Tikrit, Samarra and the northern city of Kirkuk.", "Tikrit", "IRQ", nil},
		{"dates anchor no villages", "On 9 May 2020, the Ukrainian Forces fired mortars in the area of Azov, Donetsk.", "Azov", "UKR", []float64{48.0, 37.8}},
		{"chain of places ending in a region", "On 30 April 2020, in Caracoli, Malambo, Atlantico department, residents protested.", "Caracoli", "", []float64{10.86, -74.77}},
		{"short form of a Spanish name", "On 2 May 2020, in Acapulco, Guerrero, a woman was shot dead.", "Acapulco", "MEX", []float64{16.85, -99.9}},
		{"ordinary word, not a small town", "The United States said the Council has voted on the plan.", "Council", "", nil},
		{"name of a foreign region", "On Monday, in Sucre, Chuquisaca, health workers staged a demonstration.", "Sucre", "BOL", nil},
		{"region noun after a capital's name", "On Monday, wildfires spread across Washington state near Seattle.", "Washington", "USA", []float64{47.3, -121.5}},
		{"town in the brackets locating a place", "On Monday, militants killed five people in the area of Bambofa (Dori, Seno).", "Dori", "BFA", nil},
		{"surnames in brackets are no places", "He met the party leaders (Smith, Jones) in Paris on Monday.", "Smith", "", nil},
		{"French name of a region", "On Monday, soldiers abducted civilians from Kabizo village (Rutshuru, Nord-Kivu).", "Nord-Kivu", "COD", nil},
		{"a capital's namesake in a text about its country", "On Monday, protesters gathered in Tripoli and Beirut.", "Tripoli", "LBN", nil},
		{"a hamlet is no capital's rival", "On Monday, officials in Tripoli and Washington talked.", "Tripoli", "LBY", nil},
		{"a region at its namesake seat", "On Monday, farmers protested in Kerman province.", "Kerman", "IRN", []float64{30.28, 57.08}},
		{"region in brackets after a district", "On Monday, gunmen seized a farm in the east of Qaatabah district (Ad Dali) and fled.", "Ad Dali", "YEM", nil},
		{"village where a mission operates", "On Monday, the OSCE SMM observed 6 explosions near Vesele.", "Vesele", "UKR", []float64{48.0, 37.8}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *sitrep.Mention
			ms := k.Recognize(tt.text, "2020-05-01")
			for i := range ms {
				if ms[i].Kind == sitrep.KindPlace && strings.Contains(ms[i].Text, tt.place) {
					got = &ms[i]
				}
			}
			switch {
			case tt.wantCountry == "" && got != nil && (tt.near == nil || sitrep.DistanceKm(*got.Lat, *got.Lon, tt.near[0], tt.near[1]) > 100):
				t.Errorf("%q linked to %s (%s)", tt.place, got.ID, got.Country)
			case tt.wantCountry != "" && got == nil:
				t.Errorf("%q not linked: %+v", tt.place, ms)
			case tt.wantCountry != "" && got.Country != tt.wantCountry:
				t.Errorf("%q linked to %s in %s, want %s", tt.place, got.ID, got.Country, tt.wantCountry)
			case tt.wantCountry != "" && tt.near != nil && sitrep.DistanceKm(*got.Lat, *got.Lon, tt.near[0], tt.near[1]) > 100:
				t.Errorf("%q linked to %s, over 100 km from %v", tt.place, got.ID, tt.near)
			}
		})
	}
}

// TestPlaceIn checks that a name resolves to the namesake its text points
// to, and that "City-Part" names resolve to the city.
func TestPlaceIn(t *testing.T) {
	k, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, country, text string
		lat, lon            float64
	}{
		{"Pisky", "UKR", "The rebels fired mortars at positions near Pisky, Donetsk.", 48.0, 37.8},
		{"Rio de Janeiro-West Zone", "BRA", "A shoot-out broke out in the west of the city.", -22.9, -43.2},
		{"Aleppo", "SYR", "", 36.2, 37.16},
		// A region spelt unlike the gazetteer ("Dar'a") places the namesake.
		{"Jasim", "SYR", "Gunmen shot a man in Jasim city in Dar'a countryside.", 32.99, 36.06},
		// A name the gazetteer lacks: the district the note locates it in.
		{"Wadi Zubayrat", "YEM", "Shelling hit farms in Wadi Zubayrat area (Hays, Al Hudaydah).", 13.93, 43.48},
		// A Spanish "X de Y" is X in the news, in the region the note names.
		{"Zamora de Hidalgo", "MEX", "On Monday, in Zamora, Michoacan, a man was found dead.", 19.99, -102.28},
		// "Ciudad X" is X in the news.
		{"Benito Juarez", "MEX", "On Monday, in Benito Juarez, Nuevo Leon, two men were shot.", 25.65, -100.10},
		// A namesake outside the region the note puts the name in is
		// not it: the region is the better answer.
		{"Floresta", "BRA", "On Monday, in Floresta, Parana, police seized drugs.", -24.46, -51.41},
		// A well-known city is not traded for the district after it.
		{"Marawi", "PHL", "Police raided a house in Barangay Poblacion, Marawi, Lanao del Sur.", 8.0, 124.29},
	}
	for _, tt := range tests {
		loc, ok := k.PlaceIn(tt.name, tt.country, tt.text)
		if !ok {
			t.Errorf("PlaceIn(%q) found nothing", tt.name)
			continue
		}
		if d := sitrep.DistanceKm(*loc.Lat, *loc.Lon, tt.lat, tt.lon); d > 50 {
			t.Errorf("PlaceIn(%q) = %s (%.2f, %.2f), %.0f km off", tt.name, loc.Name, *loc.Lat, *loc.Lon, d)
		}
	}
}

// TestPlaceInActorArea checks that an actor that operates in known regions
// (the OSCE monitors in Donetsk and Luhansk) makes a namesake there the
// likelier one.
func TestPlaceInActorArea(t *testing.T) {
	k, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	loc, ok := k.PlaceIn("Vesele", "UKR", "The OSCE SMM recorded 12 explosions near Vesele.")
	if !ok {
		t.Fatal("Vesele not found")
	}
	// Donetsk and Luhansk oblasts lie within about 200 km of this point.
	if d := sitrep.DistanceKm(*loc.Lat, *loc.Lon, 48.3, 38.6); d > 200 {
		t.Errorf("Vesele = %s (%.2f, %.2f), %.0f km from Donbas", loc.Name, *loc.Lat, *loc.Lon, d)
	}
}

// TestFoldsAndSkeletons checks the spelling folds that let a name match
// its gazetteer entry: Cyrillic romanised, rarer diacritics dropped, an
// initial vowel or ayin spelt either way.
func TestFoldsAndSkeletons(t *testing.T) {
	folds := []struct{ in, want string }{
		{"Старомихайлівка", "staromykhailivka"},
		{"Саханка", "sakhanka"},
		{"Новгородське", "novhorodske"},
		{"Saṟōbī", "sarobi"},
		{"Dar‘ā", "dara"}, // a turned comma inside a word is an apostrophe
		{"Ta‘izz", "taizz"},
		{"Đà Nẵng", "da nang"},
	}
	for _, f := range folds {
		if got := nameKey(f.in); got != f.want {
			t.Errorf("nameKey(%q) = %q, want %q", f.in, got, f.want)
		}
	}
	same := [][2]string{
		{"Ein Issa", "‘Ayn ‘Īsá"},
		{"Abtaa", "Ibta`"},
		{"Staromykhaylivka", "Старомихайлівка"},
		{"Lattakia", "Latakia"},
	}
	for _, p := range same {
		if a, b := skeleton(p[0]), skeleton(p[1]); a != b || a == "" {
			t.Errorf("skeleton(%q) = %q, skeleton(%q) = %q: want equal", p[0], a, p[1], b)
		}
	}
}

// FuzzPlaceIn checks that any name, country and text resolve without a
// panic, and that a result has coordinates.
func FuzzPlaceIn(f *testing.F) {
	f.Add("Vesele", "UKR", "The OSCE SMM recorded explosions near Vesele.")
	f.Add("Wadi Zubayrat", "YEM", "Shelling hit Wadi Zubayrat area (Hays, Al Hudaydah).")
	f.Add("Al", "", "Al Al Al (")
	f.Add("Beirut-Port", "lbn", "")
	f.Add("-", "X", "\xff'")
	k, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, name, country, text string) {
		if loc, ok := k.PlaceIn(name, country, text); ok && (loc.Lat == nil || loc.Lon == nil) {
			t.Fatalf("PlaceIn(%q, %q) = %+v without coordinates", name, country, loc)
		}
	})
}
