package kb

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep"
)

// want is one expected mention. ctx, when set, is a snippet of the text
// that contains the mention, to tell repeated names apart. id, country and
// sector are checked when non-empty; "-" means the field must be empty.
// dep names the data file the case depends on; such cases are skipped
// while that file is absent.
type want struct {
	ctx, text, kind, id, country, sector string
	dep                                  string
}

const (
	depPeople    = "people.tsv"
	depEquipment = "equipment.tsv"
	depPlaces    = "places"
	// depExtra marks places that only the hand-made gazetteer has (bases,
	// seas, special economic zones, transliterations).
	depExtra = "places_extra.tsv"
)

var (
	S   = sitrep.KindState
	I   = sitrep.KindInstitution
	A   = sitrep.KindAgent
	P   = sitrep.KindPerson
	O   = sitrep.KindIGO
	G   = sitrep.KindArmedGroup
	E   = sitrep.KindEquipment
	L   = sitrep.KindPlace
	GOV = "GOV"
	MIL = "MIL"
)

// seedWants lists every state, institution, person, armed group, weapon
// system and place named in the five seeds, with its link.
var seedWants = map[string][]want{
	"000_e6b59ee40e53f98a.txt": {
		{"", "SYRIA", S, "SYR", "SYR", "-", ""},
		{"", "US soldiers", A, "troop", "USA", MIL, ""},
		{"", "Bradley Fighting Vehicle", E, "bradley", "", "", depEquipment},
		{"", "BFV", E, "bradley", "", "", depEquipment},
		{"", "Rumaylan", L, "", "SYR", "", depExtra},
		{"", "Rmeilan", L, "", "SYR", "", depExtra},
		{"", "Hasakeh province", L, "", "SYR", "", depPlaces},
		{"", "defense official", A, "troop", "-", MIL, ""},
		{"that Iran and Russia", "Iran", S, "IRN", "IRN", "-", ""},
		{"that Iran and Russia", "Russia", S, "RUS", "RUS", "-", ""},
		{"force the United States", "United States", S, "USA", "USA", "-", ""},
		{"", "Russian aircraft", A, "aircraft", "RUS", MIL, ""},
		{"", "US MQ-9 drone", E, "mq-9", "USA", MIL, depEquipment},
		{"", "Al Tanf garrison", L, "", "SYR", "", depExtra},
		{"", "Iranian", S, "IRN", "IRN", "-", ""},
		{"aggressiveness of Russian forces", "Russian forces", A, "troop", "RUS", MIL, ""},
		{"", "Russia's military", A, "troop", "RUS", MIL, ""},
		{"", "US forces", A, "troop", "USA", MIL, ""},
		{"", "American military commanders", A, "troop", "USA", MIL, ""},
		{"", "Middle East", L, "", "", "", depExtra},
		{"conflict in Ukraine", "Ukraine", S, "UKR", "UKR", "-", ""},
		{"", "Ukrainian", S, "UKR", "UKR", "-", ""},
		{"purchase Su-35 fighter jets", "Su-35 fighter jets", E, "su-35", "", "", depEquipment},
		{"", "YAK-130 trainer aircraft", E, "yak-130", "", "", depEquipment},
		{"", "John Kirby", P, "kirby", "USA", GOV, depPeople},
		{"", "National Security Council", I, "nsc", "USA", GOV, ""},
		{"", "North Korea", S, "PRK", "PRK", "-", ""},
		{"", "UN Security Council", O, "unsc", "IGO", "IGO", ""},
		{"This year, Tehran", "Tehran", S, "IRN", "IRN", GOV, ""},
		{"", "Iran's highest-ranking officials", A, "official", "IRN", GOV, ""},
		{"", "Su-35 fighters", E, "su-35", "", "", depEquipment},
		{"", "Shahed suicide drones", E, "shahed-136", "", "", depEquipment},
		{"", "Kremlin", I, "kremlin", "RUS", GOV, ""},
		{"", "Teheran", S, "IRN", "IRN", GOV, ""},
		{"", "artillery projectiles", E, "class:artillery-shells", "", "", depEquipment},
		{"", "rounds of ammunition", E, "class:ammunition", "", "", depEquipment},
		{"", "India", S, "IND", "IND", "-", ""},
		{"", "France", S, "FRA", "FRA", "-", ""},
	},
	"001_1a48629210037ae8.txt": {
		{"", "Russian Sukhoi Su-35 jet fighters", E, "su-35", "RUS", MIL, depEquipment},
		{"", "Pentagon officials", A, "official", "USA", MIL, ""},
		{"", "Russia’s military", A, "troop", "RUS", MIL, ""},
		{"", "Syrian government", A, "official", "SYR", GOV, ""},
		{"with US occupation forces", "US occupation forces", A, "troop", "USA", MIL, ""},
		{"", "Moscow’s forces", A, "troop", "RUS", MIL, ""},
		{"", "CIA", I, "cia", "USA", "SPY", ""},
		{"US-occupied Al-Tanf base", "Al-Tanf base", L, "", "SYR", "", depExtra},
		{"The Kremlin warned", "Kremlin", I, "kremlin", "RUS", GOV, ""},
		{"warned Washington", "Washington", S, "USA", "USA", GOV, ""},
		{"allowed the Pentagon", "Pentagon", I, "pentagon", "USA", MIL, ""},
		{"", "Russian fighter jets", E, "class:fighter-jets", "RUS", MIL, depEquipment},
		{"", "Maghawir al-Thawra", G, "mat", "SYR", "REB", ""},
		{"", "MaT", G, "mat", "SYR", "REB", ""},
		{"against Russian troops", "Russian troops", A, "troop", "RUS", MIL, ""},
		{"that Russian forces", "Russian forces", A, "troop", "RUS", MIL, ""},
		{"", "US official", A, "official", "USA", GOV, ""},
		{"apprehend an ISIS", "ISIS", G, "isis", "SYR", "REB", ""},
		{"claim Moscow pulled", "Moscow", S, "RUS", "RUS", GOV, ""},
		{"", "Erik Kurilla", P, "kurilla", "USA", MIL, depPeople},
		{"", "US Central Command", I, "centcom", "USA", MIL, ""},
		{"cooperation with Damascus", "Damascus", S, "SYR", "SYR", GOV, ""},
		{"government in Damascus", "Damascus", L, "", "SYR", "", ""},
		{"justifies its illegal occupation of Syria", "Syria", S, "SYR", "SYR", "-", ""},
	},
	"002_80731594f28c9997.txt": {
		{"", "Syrian special forces", I, "armed-forces", "SYR", MIL, ""},
		{"", "Russian air force", I, "russia-army", "RUS", MIL, ""},
		{"western Hama governorate", "Hama", L, "", "SYR", "", depPlaces},
		{"", "Russian air and space forces", I, "russia-aerospace", "RUS", MIL, ""},
		{"", "Russian defense ministry", I, "defence-ministry", "RUS", MIL, ""},
		{"", "Su-24", E, "su-24", "", "", depEquipment},
		{"", "Ka-52 helicopters", E, "ka-52", "", "", depEquipment},
		{"", "Syrian paratroopers", A, "troop", "SYR", MIL, ""},
		{"", "Russian Mi-8 helicopters", E, "mi-8", "RUS", MIL, depEquipment},
		{"", "Syrian Arab Army", I, "saa", "SYR", MIL, ""},
		{"", "SAA", I, "saa", "SYR", MIL, ""},
		{"", "Turkish", S, "TUR", "TUR", "-", ""},
		{"", "US occupation army", A, "troop", "USA", MIL, ""},
		{"Washington and Moscow", "Washington", S, "USA", "USA", GOV, ""},
		{"Washington and Moscow", "Moscow", S, "RUS", "RUS", GOV, ""},
		{"push US troops", "US troops", A, "troop", "USA", MIL, ""},
		{"", "HIMARS", E, "himars", "", "", depEquipment},
		{"", "High Mobility Artillery Rocket Systems", E, "himars", "", "", depEquipment},
		{"", "Jordan", S, "JOR", "JOR", "-", ""},
		{"", "Persian Gulf", L, "", "", "", depExtra},
		{"", "Vadim Kulit", P, "kulit", "RUS", MIL, depPeople},
		{"", "Russian Center for Reconciliation of the Opposing Parties in Syria", I, "russia-reconciliation", "RUS", MIL, ""},
		{"", "US-led coalition", A, "coalition", "USA", MIL, ""},
		{"", "Faisal Mekdad", P, "mekdad", "SYR", GOV, depPeople},
		{"Mekdad told", "Mekdad", P, "mekdad", "SYR", GOV, depPeople},
		{"", "US Congress", I, "us-congress", "USA", GOV, ""},
		{"", "Iranian capital", L, "", "IRN", "", ""},
	},
	"003_ad8090e0da725716.txt": {
		{"between Tehran and Moscow", "Tehran", S, "IRN", "IRN", GOV, ""},
		{"between Tehran and Moscow", "Moscow", S, "RUS", "RUS", GOV, ""},
		{"the White House announced", "White House", I, "white-house", "USA", GOV, ""},
		{"east of Moscow", "Moscow", L, "", "RUS", "", ""},
		{"", "Alabuga Special Economic Zone", L, "", "RUS", "", depExtra},
		{"", "Caspian Sea", L, "", "", "", depExtra},
		{"from Amirabad", "Amirabad", L, "", "IRN", "", depExtra},
		{"", "Makhachkala", L, "", "RUS", "", depPlaces},
		{"by Russian forces", "Russian forces", A, "troop", "RUS", MIL, ""},
		{"", "Kyiv", L, "", "UKR", "", ""},
		{"", "Russian officials", A, "official", "RUS", GOV, ""},
		{"", "Kashan Airfield", L, "", "IRN", "", depPlaces},
		{"", "Vladimir Putin", P, "putin", "RUS", GOV, depPeople},
		{"", "Turkish counterparts", A, "official", "TUR", GOV, ""},
		{"Council's Kirby", "Kirby", P, "kirby", "USA", GOV, depPeople},
		{"", "CIA", I, "cia", "USA", "SPY", ""},
		{"", "William Burns", P, "burns", "USA", "SPY", depPeople},
		{"", "Colorado", L, "", "USA", "", depPlaces},
		{"", "European Union", O, "eu", "IGO", "IGO", ""},
		{"", "Tehran's drone", E, "class:drones", "IRN", MIL, depEquipment},
	},
	"004_c65136294b95e145.txt": {
		{"", "Russian Defence Ministry", I, "russia-mod", "RUS", MIL, ""},
		{"", "Russian long range bomber Tu-22M3", E, "tu-22m3", "RUS", MIL, depEquipment},
		{"", "Tu-22 Backfire bombers", E, "tu-22m3", "", "", depEquipment},
		{"strike over Aleppo", "Aleppo", L, "", "SYR", "", depPlaces},
		{"", "Russia's Defense Ministry", I, "russia-mod", "RUS", MIL, ""},
		{"Tuesday Russian warplanes", "Russian warplanes", E, "class:fighter-jets", "RUS", MIL, depEquipment},
		{"to target Daesh", "Daesh", G, "isis", "SYR", "REB", ""},
		{"", "Hamedan", L, "", "IRN", "", depExtra},
		{"southwest of Tehran", "Tehran", L, "", "IRN", "", ""},
		{"", "Hezbollah", G, "hezbollah", "LBN", "REB", ""},
		{"", "Bashar Assad", P, "assad", "SYR", GOV, depPeople},
		{"Bashar Assad’s government", "government", A, "official", "SYR", GOV, depPeople},
		{"sideline Iran and its proxy Hezbollah", "Iran", S, "IRN", "IRN", "-", ""},
		{"making Assad more", "Assad", P, "assad", "SYR", GOV, depPeople},
		{"Obama administration", "Obama", P, "obama", "USA", GOV, depPeople},
		{"Obama administration", "administration", A, "official", "USA", GOV, depPeople},
		{"", "George Sabra", P, "sabra", "SYR", "OPP", depPeople},
		{"", "Andrew Tabler", P, "tabler", "USA", "", depPeople},
		{"such as Turkey", "Turkey", S, "TUR", "TUR", "-", ""},
		{"", "Saudi Arabia", S, "SAU", "SAU", "-", ""},
		{"", "John Kerry", P, "kerry", "USA", GOV, depPeople},
		{"", "Sergey Lavrov", P, "lavrov", "RUS", GOV, depPeople},
		{"", "Mark Toner", P, "toner", "USA", GOV, depPeople},
		{"Department’s Toner", "Toner", P, "toner", "USA", GOV, depPeople},
		{"", "Christopher Garver", P, "garver", "USA", MIL, depPeople},
		{"", "Baghdad", L, "", "IRQ", "", ""},
		{"", "Nusra Front", G, "hts", "SYR", "REB", ""},
		{"", "Al-Qaeda", G, "al-qaeda", "-", "REB", ""},
		{"", "Deir el-Zour", L, "", "SYR", "", depExtra},
		{"", "Idlib", L, "", "SYR", "", depPlaces},
		{"advance by the UN Security Council", "UN Security Council", O, "unsc", "IGO", "IGO", ""},
		{"The State Department’s Toner", "State Department", I, "state-department", "USA", GOV, ""},
		{"", "Russia’s defense minister", A, "troop", "RUS", MIL, ""},
		{"flew over Iraq", "Iraq", S, "IRQ", "IRQ", "-", ""},
	},
}

// seedNots are names in the seeds that must not be linked as the kind
// given (they are parts of other names).
var seedNots = map[string][]want{
	"000_e6b59ee40e53f98a.txt": {{"Washington Examiner", "Washington", S, "", "", "", ""}},
	"001_1a48629210037ae8.txt": {{"International Army Games", "Army", I, "", "", "", ""}},
	"004_c65136294b95e145.txt": {{"the Washington Institute", "Washington", S, "", "", "", ""}},
}

var seedDates = map[string]string{
	"000_e6b59ee40e53f98a.txt": "2023-07-15",
	"001_1a48629210037ae8.txt": "2023-07-17",
	"002_80731594f28c9997.txt": "2023-08-05",
	"003_ad8090e0da725716.txt": "2023-06-10",
	"004_c65136294b95e145.txt": "2016-08-17",
}

// hasData reports whether the embedded data includes a file (prefix).
func hasData(name string) bool {
	des, err := dataFS.ReadDir("data")
	if err != nil {
		return false
	}
	for _, de := range des {
		if strings.HasPrefix(de.Name(), name) {
			return true
		}
	}
	return false
}

func TestSeedsGolden(t *testing.T) {
	k, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for file, wants := range seedWants {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", file))
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		ms := k.Recognize(text, seedDates[file])
		byStart := map[int]sitrep.Mention{}
		for _, m := range ms {
			byStart[m.Start] = m
		}
		for _, w := range wants {
			name := file[:3] + "/" + w.text
			if w.ctx != "" {
				name += "@" + w.ctx
			}
			t.Run(name, func(t *testing.T) {
				if w.dep != "" && !hasData(w.dep) {
					t.Skipf("kb/data/%s not there yet", w.dep)
				}
				if w.dep == depExtra && len(k.Lookup(w.text)) == 0 {
					t.Skipf("%q is not in the gazetteer yet", w.text)
				}
				start := locate(t, text, w.ctx, w.text)
				m, ok := byStart[start]
				if !ok {
					t.Fatalf("no mention starts at %q (%d); mentions near: %v", w.text, start, near(ms, start))
				}
				checkMention(t, m, w)
			})
		}
	}
	for file, nots := range seedNots {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", file))
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		for _, m := range k.Recognize(text, seedDates[file]) {
			for _, n := range nots {
				if start := locate(t, text, n.ctx, n.text); m.Start == start && m.Kind == n.kind {
					t.Errorf("%s: %q in %q linked as %s %s", file, n.text, n.ctx, m.Kind, m.ID)
				}
			}
		}
	}
}

// locate returns the byte offset of text inside the first occurrence of
// ctx (or of text itself).
func locate(t *testing.T, s, ctx, text string) int {
	t.Helper()
	if ctx == "" {
		ctx = text
	}
	c := strings.Index(s, ctx)
	if c < 0 {
		t.Fatalf("context %q not in text", ctx)
	}
	o := strings.Index(ctx, text)
	if o < 0 {
		t.Fatalf("%q not in context %q", text, ctx)
	}
	return c + o
}

func near(ms []sitrep.Mention, at int) []string {
	var out []string
	for _, m := range ms {
		if m.End >= at-40 && m.Start <= at+60 {
			out = append(out, m.Text+"="+m.Kind+":"+m.ID+":"+m.Country+":"+m.Sector)
		}
	}
	return out
}

func checkMention(t *testing.T, m sitrep.Mention, w want) {
	t.Helper()
	if m.Text != w.text {
		t.Errorf("text %q, want %q (%s %s)", m.Text, w.text, m.Kind, m.ID)
	}
	if w.kind != "" && m.Kind != w.kind {
		t.Errorf("%q: kind %s, want %s", w.text, m.Kind, w.kind)
	}
	field := func(what, got, want string) {
		switch want {
		case "":
		case "-":
			if got != "" {
				t.Errorf("%q: %s %q, want none", w.text, what, got)
			}
		default:
			if got != want {
				t.Errorf("%q: %s %q, want %q", w.text, what, got, want)
			}
		}
	}
	field("id", m.ID, w.id)
	field("country", m.Country, w.country)
	field("sector", m.Sector, w.sector)
	if m.Kind == sitrep.KindPlace && (m.Lat == nil || m.Lon == nil) {
		t.Errorf("%q: place without coordinates", w.text)
	}
}
