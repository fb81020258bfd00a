package kb

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sitrep/sitrep"
)

func testKB(t testing.TB) *KB {
	t.Helper()
	k, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestRecognize covers possessives, case, composition and context.
func TestRecognize(t *testing.T) {
	k := testKB(t)
	tests := []struct {
		name, text string
		want       []want // text, kind, id, country, sector (ctx unused)
		none       []string
	}{
		{"possessive", "Iran's drones hit Russia’s forces.", []want{
			{"", "Iran's drones", "", "", "IRN", MIL, ""},
			{"", "Russia’s forces", A, "troop", "RUS", MIL, ""},
		}, nil},
		{"bare possessive", "It was Iran's decision.", []want{{"", "Iran", S, "IRN", "IRN", "-", ""}}, nil},
		// Scraped text sometimes writes the apostrophe as an acute accent.
		{"acute-accent possessive", "It was Iran´s decision.", []want{{"", "Iran", S, "IRN", "IRN", "-", ""}}, nil},
		{"plural possessive", "the Russians' plan", []want{{"", "Russians", S, "RUS", "RUS", "-", ""}}, nil},
		{"lower-case proper names do not match", "a roast turkey from chad and jordan", nil, []string{"turkey", "chad", "jordan"}},
		{"capitalised country", "Turkey and Chad signed.", []want{
			{"", "Turkey", S, "TUR", "TUR", "-", ""},
			{"", "Chad", S, "TCD", "TCD", "-", ""},
		}, nil},
		{"Türkiye with diacritics", "Türkiye and Turkiye", []want{
			{"", "Türkiye", S, "TUR", "TUR", "", ""},
			{"", "Turkiye", S, "TUR", "TUR", "", ""},
		}, nil},
		{"agents match any case", "SOLDIERS and Police clashed with protesters", []want{
			{"", "SOLDIERS", A, "troop", "-", MIL, ""},
			{"", "Police", A, "police", "-", "POL", ""},
			{"", "protesters", A, "protester", "-", "CVL", ""},
		}, nil},
		{"a currency is no side", "Rioters protested the US dollar exchange rate and the fall of the Iranian rial.", nil, []string{"US", "Iranian"}},
		{"a street noun makes a place", "Rioters blocked the Saadnayel highway.", []want{{"", "Saadnayel", sitrep.KindPlace, "", "LBN", "", ""}}, nil},
		{"one group named twice", "Turkish Military forces conducted airstrikes.", []want{{"", "Turkish Military forces", A, "troop", "TUR", MIL, ""}}, nil},
		{"an international body's people are the body's", "EU leaders met UN peacekeepers.", []want{
			{"", "EU leaders", A, "official", "IGO", "IGO", ""},
			{"", "UN peacekeepers", "", "", "IGO", "IGO", ""},
		}, nil},
		{"the international community", "The international community and European leaders urged talks.", []want{
			{"", "international community", O, "intl-community", "IGO", "IGO", ""},
			{"", "European leaders", O, "eu", "IGO", "IGO", ""},
		}, nil},
		{"an office between a state and its holder", "Turkish Trade Minister Omer Bolat met South Korea's first vice foreign minister.", []want{
			{"", "Turkish Trade Minister", A, "", "TUR", GOV, ""},
			{"", "South Korea's first vice foreign minister", A, "", "KOR", GOV, ""},
		}, nil},
		{"Gaza is the Gaza Strip, not a province of Mozambique", "Israel continued its offensive in Gaza.", []want{{"", "Gaza", sitrep.KindPlace, "", "PSE", "", ""}}, nil},
		{"the last noun says what the group is", "Niger's military government agreed.", []want{{"", "Niger's military government", A, "official", "NER", GOV, ""}}, nil},
		{"acronyms need capitals", "Tell us about the US.", []want{{"", "US", S, "USA", "USA", "", ""}}, []string{"us"}},
		{"U.S. with dots", "U.S. forces left.", []want{{"", "U.S. forces", A, "troop", "USA", MIL, ""}}, nil},
		{"compositional agents", "Iranian officials met Syrian paratroopers and US occupation forces.", []want{
			{"", "Iranian officials", A, "official", "IRN", GOV, ""},
			{"", "Syrian paratroopers", A, "troop", "SYR", MIL, ""},
			{"", "US occupation forces", A, "troop", "USA", MIL, ""},
		}, nil},
		{"capital metonym", "Moscow warned Tehran.", []want{
			{"", "Moscow", S, "RUS", "RUS", GOV, ""},
			{"", "Tehran", S, "IRN", "IRN", GOV, ""},
		}, nil},
		{"capital in place context", "A blast in Moscow and near Damascus.", []want{
			{"", "Moscow", L, "", "RUS", "", ""},
			{"", "Damascus", L, "", "SYR", "", ""},
		}, nil},
		{"institutions", "The Pentagon, the Kremlin and the CIA.", []want{
			{"", "Pentagon", I, "pentagon", "USA", MIL, ""},
			{"", "Kremlin", I, "kremlin", "RUS", GOV, ""},
			{"", "CIA", I, "cia", "USA", "SPY", ""},
		}, nil},
		{"generic ministry takes the modifier", "Iran's foreign ministry and the Turkish defence ministry", []want{
			{"", "Iran's foreign ministry", I, "foreign-ministry", "IRN", GOV, ""},
			{"", "Turkish defence ministry", I, "defence-ministry", "TUR", MIL, ""},
		}, nil},
		{"sponsor is not owner", "Turkish-backed militias attacked.", []want{
			{"", "Turkish", S, "TUR", "TUR", "", ""},
			{"", "militias", A, "rebel", "-", "REB", ""},
		}, nil},
		{"Jordan the person", "Michael Jordan visited Jordan.", []want{
			{"visited Jordan", "Jordan", S, "JOR", "JOR", "", ""},
		}, []string{"Michael Jordan"}},
		{"Chad the person", "Chad Johnson met officials from Chad and Niger.", []want{
			{"from Chad", "Chad", S, "TCD", "TCD", "", ""},
			{"", "Niger", S, "NER", "NER", "", ""},
		}, []string{"Chad Johnson"}},
		{"Niger Delta is not Niger", "Militants in the Niger Delta blew up a pipeline.", nil, []string{"Niger Delta"}},
		{"Washington newspaper", "The Washington Post said Washington would act.", []want{
			{"said Washington", "Washington", S, "USA", "USA", GOV, ""},
		}, []string{"The Washington Post"}},
		{"armed groups", "ISIS, Hezbollah, the Houthis and HTS", []want{
			{"", "ISIS", G, "isis", "SYR", "REB", ""},
			{"", "Hezbollah", G, "hezbollah", "LBN", "REB", ""},
			{"", "Houthis", G, "houthis", "YEM", "REB", ""},
			{"", "HTS", G, "hts", "SYR", "REB", ""},
		}, nil},
		{"igo", "NATO and the UN Security Council", []want{
			{"", "NATO", O, "nato", "IGO", "IGO", ""},
			{"", "UN Security Council", O, "unsc", "IGO", "IGO", ""},
		}, nil},
		{"adjective capital", "He spoke from the Syrian capital.", []want{
			{"", "Syrian capital", L, "", "SYR", "", ""},
		}, nil},
		{"longest match", "South Sudan and Sudan; Papua New Guinea and Guinea.", []want{
			{"", "South Sudan", S, "SSD", "SSD", "", ""},
			{"and Sudan", "Sudan", S, "SDN", "SDN", "", ""},
			{"", "Papua New Guinea", S, "PNG", "PNG", "", ""},
			{"and Guinea", "Guinea", S, "GIN", "GIN", "", ""},
		}, nil},
		{"title-case headline", "Iran to Receive Su-35 Jets From Russia", []want{
			{"", "Iran", S, "IRN", "IRN", "", ""},
			{"", "Russia", S, "RUS", "RUS", "", ""},
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := k.Recognize(tt.text, "")
			byStart := map[int]sitrep.Mention{}
			for _, m := range ms {
				byStart[m.Start] = m
			}
			for _, w := range tt.want {
				start := locate(t, tt.text, w.ctx, w.text)
				m, ok := byStart[start]
				if !ok {
					t.Errorf("no mention at %q; got %v", w.text, near(ms, start))
					continue
				}
				checkMention(t, m, w)
			}
			for _, n := range tt.none {
				for _, m := range ms {
					if strings.Contains(n, m.Text) && strings.Contains(tt.text, n) && m.Kind == sitrep.KindState {
						at := strings.Index(tt.text, n)
						if m.Start >= at && m.End <= at+len(n) {
							t.Errorf("%q: unexpected %s mention %q", n, m.Kind, m.Text)
						}
					}
				}
			}
			checkInvariants(t, tt.text, ms)
		})
	}
}

// TestStreetTails checks that a street noun makes a name a place only
// where the document points nowhere else: not a village in Iran for a
// square in Kandahar.
func TestStreetTails(t *testing.T) {
	k := testKB(t)
	for text, country := range map[string]string{
		"Gunmen killed a policewoman in Shaheddan Square of Kandahar city.": "AFG",
		// Nor a village in Afghanistan for one near Tooz Khurmato in a
		// text about IS.
		"The PMF shelled IS militants in the vicinity of Bara Bara village.": "IRQ",
	} {
		for _, m := range k.Recognize(text, "2020-05-04") {
			if m.Kind == sitrep.KindPlace && m.Country != country {
				t.Errorf("%q: place %q in %s", text, m.Text, m.Country)
			}
		}
	}
}

// TestVillageAfterLocative checks that a note naming no country takes a
// one-word village after a locative when its namesakes lie in one country,
// and that a country named elsewhere still rules the village out.
func TestVillageAfterLocative(t *testing.T) {
	k := testKB(t)
	for text, want := range map[string]string{
		"On 2 May 2020, approximately 10 people held a protest in Lowshan, demanding to be employed.": "IRN",
		"On 2 May 2020, Syrian protesters held a protest in Lowshan, demanding to be employed.":       "",
	} {
		got := ""
		for _, m := range k.Recognize(text, "2020-05-04") {
			if m.Kind == sitrep.KindPlace && m.Text == "Lowshan" {
				got = m.Country
			}
		}
		if got != want {
			t.Errorf("%q: Lowshan placed in %q, want %q", text, got, want)
		}
	}
}

func TestRoles(t *testing.T) {
	es := []Entry{
		{ID: "x", Role: "secretary of state", From: "2013", To: "2017-01-20"},
		{ID: "x", Role: "climate envoy", From: "2021-01-20", To: "2024-03"},
		{ID: "x", Role: "senator", From: "1985", To: "2013-02-01"},
	}
	roles := []int{0, 1, 2}
	for _, tt := range []struct {
		date string
		want int
	}{{"2016-08-17", 0}, {"2022-05-01", 1}, {"2000-01-01", 2}, {"2018-01-01", 0}, {"1970-01-01", 0}, {"", 2}} {
		if got := pickRole(es, roles, tt.date); got != tt.want {
			t.Errorf("pickRole(%q) = %d, want %d", tt.date, got, tt.want)
		}
	}
}

func TestStateAndLookup(t *testing.T) {
	k := testKB(t)
	s, ok := k.State("rus")
	if !ok || s.Name != "Russia" || s.Capital.Name != "Moscow" || s.Capital.Lat == nil {
		t.Fatalf("State(rus) = %+v, %v", s, ok)
	}
	if n := len(k.States()); n < 195 {
		t.Errorf("%d states, want at least 195", n)
	}
	for _, name := range []string{"Russian Federation", "russia", "Kremlin", "troops", "IRGC", "Daesh"} {
		if len(k.Lookup(name)) == 0 {
			t.Errorf("Lookup(%q) found nothing", name)
		}
	}
	if loc, ok := k.Place("Damascus", "SYR"); !ok || loc.Country != "SYR" || loc.Lat == nil {
		t.Errorf("Place(Damascus) = %+v, %v", loc, ok)
	}
}

func TestLoadOverrides(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("mine.tsv", "# my actors\nid\tkind\tcountry\tsector\tnames\tnotes\nkremlin\tinstitution\tRUS\tMIL\tKremlin|Red Fortress\toverridden\nzeta\tarmed-group\tMEX\tREB\tLos Zetas\t\n")
	write("people.tsv", "id\tname\taliases\tcountry\tsector\trole\tfrom\tto\njdoe\tJane Doe\tDoe\tGBR\tGOV\tminister\t2020\t\n")
	write("towns.tsv", "name\taltnames\tcountry\tfeature\tlat\tlon\tpopulation\tadmin1\nNowhereville\tNowhere Ville\tGBR\tvillage\t51.5\t-1.2\t10\tEngland\n")
	write("notes.txt", "ignored")
	k, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	ms := k.Recognize("The Red Fortress and Los Zetas met Jane Doe in Nowhereville.", "2021-01-01")
	got := map[string]string{}
	for _, m := range ms {
		got[m.Text] = m.Kind + " " + m.ID + " " + m.Country + " " + m.Sector
	}
	for text, w := range map[string]string{
		"Red Fortress": "institution kremlin RUS MIL",
		"Los Zetas":    "armed-group zeta MEX REB",
		"Jane Doe":     "person jdoe GBR GOV",
	} {
		if got[text] != w {
			t.Errorf("%q = %q, want %q (all: %v)", text, got[text], w, got)
		}
	}
	if !strings.HasPrefix(got["Nowhereville"], "place place:nowhereville GBR") {
		t.Errorf("Nowhereville = %q", got["Nowhereville"])
	}
	if es := k.Lookup("Kremlin"); len(es) != 1 || es[0].Sector != "MIL" {
		t.Errorf("Lookup(Kremlin) after override = %+v", es)
	}

	// Bad files are errors naming the file and line.
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, "x.tsv"), []byte("id\tkind\tcountry\tsector\tnames\tnotes\nx\tnonsense\t\t\tX\t\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), "x.tsv:2") {
		t.Errorf("Load(bad) error = %v, want one naming x.tsv:2", err)
	}
	if _, err := Load(filepath.Join(bad, "missing")); err == nil {
		t.Error("Load(missing dir) succeeded")
	}
}

// checkInvariants checks what every Recognize result must satisfy.
func checkInvariants(t testing.TB, text string, ms []sitrep.Mention) {
	t.Helper()
	prevEnd := 0
	for i, m := range ms {
		if m.Start < 0 || m.End > len(text) || m.Start >= m.End {
			t.Fatalf("mention %d %+v: span out of bounds (len %d)", i, m, len(text))
		}
		if m.Start < prevEnd {
			t.Fatalf("mention %d %+v overlaps or is out of order (previous end %d)", i, m, prevEnd)
		}
		if text[m.Start:m.End] != m.Text {
			t.Fatalf("mention %d: Text %q != span %q", i, m.Text, text[m.Start:m.End])
		}
		if m.Kind == "" || m.ID == "" {
			t.Fatalf("mention %d %+v: no kind or id", i, m)
		}
		prevEnd = m.End
	}
	if !sort.SliceIsSorted(ms, func(a, b int) bool { return ms[a].Start < ms[b].Start }) {
		t.Fatal("mentions not sorted")
	}
}

func FuzzRecognize(f *testing.F) {
	for _, s := range []string{"Russia's forces", "U.S. troops in Al-Tanf", "Hay'at Tahrir al-Sham’s", "'s", "’", "A. B. C.", "Iran\u00a0s", "Moscow’s\n forces", "\xff\xfeRussian"} {
		f.Add(s)
	}
	if ents, err := os.ReadDir(filepath.Join("..", "testdata", "seeds")); err == nil {
		for _, e := range ents {
			if b, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", e.Name())); err == nil && len(b) < 4000 {
				f.Add(string(b))
			}
		}
	}
	k, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkInvariants(t, text, k.Recognize(text, "2020-01-01"))
	})
}

func FuzzLoadTSV(f *testing.F) {
	f.Add([]byte("id\tkind\tcountry\tsector\tnames\tnotes\nx\tagent\t\tMIL\tgoons\t\n"))
	f.Add([]byte("iso3\tname\tvariants\tadjectives\tcapital\tlat\tlon\nXXX\tXland\t\tXish\tXcity\t1\t2\n"))
	f.Add([]byte("name\taltnames\tcountry\tfeature\tlat\tlon\tpopulation\tadmin1\nA\t\tSYR\tcity\t33\t36\t5\t\n"))
	f.Add([]byte("id\tname\taliases\tcountry\tsector\trole\tfrom\tto\np\tP Q\tQ\tUSA\tGOV\tx\t2010\t2012-01-02\n"))
	f.Add([]byte("id\tname\taliases\tcategory\torigin\tdescription\ne\tE-1\t\tdrone\tIRN\t\n"))
	f.Add([]byte("\x1f\x8b\x08\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var src sources
		if err := src.add("fuzz.tsv", data, true); err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		k, err := build(&src, nil)
		if err != nil {
			return
		}
		checkInvariants(t, "Xland Xish goons P Q E-1 A", k.Recognize("Xland Xish goons P Q E-1 A", ""))
	})
}

func BenchmarkRecognize(b *testing.B) {
	k := testKB(b)
	var sb strings.Builder
	ents, err := os.ReadDir(filepath.Join("..", "testdata", "seeds"))
	if err != nil {
		b.Fatal(err)
	}
	for sb.Len() < 1<<20 {
		for _, e := range ents {
			data, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", e.Name()))
			if err != nil {
				b.Fatal(err)
			}
			sb.Write(data)
			sb.WriteString("\n\n")
		}
	}
	text := sb.String()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k.Recognize(text, "2023-07-15")
	}
}

func BenchmarkLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}
