package coder

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/nlp"
)

// fakeKB recognises a fixed table of names, enough to test the rules
// without the real knowledge base.
type fakeKB map[string]sitrep.Mention

func (k fakeKB) Recognize(s, _ string) []sitrep.Mention {
	var out []sitrep.Mention
	for i := 0; i < len(s); {
		best := ""
		for name := range k {
			if strings.HasPrefix(s[i:], name) && len(name) > len(best) {
				end := i + len(name)
				if end == len(s) || !unicode.IsLetter(rune(s[end])) {
					best = name
				}
			}
		}
		if best != "" && (i == 0 || !unicode.IsLetter(rune(s[i-1]))) {
			m := k[best]
			m.Start, m.End, m.Text = i, i+len(best), best
			out = append(out, m)
			i += len(best)
			continue
		}
		i++
	}
	return out
}

var testKB = fakeKB{
	"Russia":             {Kind: sitrep.KindState, ID: "RUS", Country: "RUS"},
	"Iran":               {Kind: sitrep.KindState, ID: "IRN", Country: "IRN"},
	"Iraq":               {Kind: sitrep.KindState, ID: "IRQ", Country: "IRQ"},
	"Syria":              {Kind: sitrep.KindState, ID: "SYR", Country: "SYR"},
	"Ukraine":            {Kind: sitrep.KindState, ID: "UKR", Country: "UKR"},
	"the United States":  {Kind: sitrep.KindState, ID: "USA", Country: "USA"},
	"Washington":         {Kind: sitrep.KindState, ID: "USA", Country: "USA", Sector: "GOV"},
	"Moscow":             {Kind: sitrep.KindState, ID: "RUS", Country: "RUS", Sector: "GOV"},
	"Russian jets":       {Kind: sitrep.KindAgent, ID: "agent", Country: "RUS", Sector: "MIL"},
	"Israeli forces":     {Kind: sitrep.KindAgent, ID: "agent", Country: "ISR", Sector: "MIL"},
	"Russian":            {Kind: sitrep.KindState, ID: "RUS", Country: "RUS"},
	"protesters":         {Kind: sitrep.KindAgent, ID: "agent", Sector: "CVL"},
	"Villagers":          {Kind: sitrep.KindAgent, ID: "agent", Sector: "CVL"},
	"forces":             {Kind: sitrep.KindAgent, ID: "agent", Sector: "MIL"},
	"drones":             {Kind: sitrep.KindEquipment, ID: "class:drone", Category: "drone"},
	"Su-35 fighter jets": {Kind: sitrep.KindEquipment, ID: "su-35", Category: "aircraft"},
	"Al-Tanf":            {Kind: sitrep.KindPlace, ID: "place:al-tanf", Name: "Al-Tanf", Country: "SYR", Lat: ptr(33.49), Lon: ptr(38.62)},
	"BAGHDAD":            {Kind: sitrep.KindPlace, ID: "place:baghdad", Name: "Baghdad", Country: "IRQ", Lat: ptr(33.34), Lon: ptr(44.4)},
	"Baghdad":            {Kind: sitrep.KindPlace, ID: "place:baghdad", Name: "Baghdad", Country: "IRQ", Lat: ptr(33.34), Lon: ptr(44.4)},
	"Fallujah":           {Kind: sitrep.KindPlace, ID: "place:fallujah", Name: "Fallujah", Country: "IRQ", Lat: ptr(33.35), Lon: ptr(43.78), Category: "city"},
}

func ptr(f float64) *float64 { return &f }

func TestCode(t *testing.T) {
	c, err := New(testKB, WithoutModels())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text, published string
		want            []string // Describe(ev) + " @date" for each event
	}{
		{"Russian jets struck Al-Tanf on 15 June.", "2022-06-18", []string{"ASSAULT RUS/MIL -> SYR @2022-06-15 in Al-Tanf"}},
		{"Iran has supplied Russia with hundreds of lethal drones.", "2023-07-15", []string{"AID IRN/GOV -> RUS/GOV @2023-07-15"}},
		{"On Friday, Washington accused Moscow of lying.", "2023-07-15", []string{"ACCUSE USA/GOV -> RUS/GOV @2023-07-14"}},
		{"Russia did not attack Ukraine.", "", nil},
		{"Nobody in Russia attacked Ukraine.", "", nil},
		{"Iran failed to deliver the drones to Russia.", "", nil},
		{"Russia could attack Ukraine.", "", nil},
		{"Will Russia attack Ukraine?", "", nil},
		{"Ukraine was attacked by Russia.", "", []string{"ASSAULT RUS/GOV -> UKR/GOV"}},
		{"Iran and Russia held joint drills last month.", "2023-08-03", []string{"COOPERATE IRN/GOV -> RUS/GOV @2023-07"}},
		{"Russia warned it would respond.", "", []string{"THREATEN RUS/GOV -> -"}},
		{"Russia will meet Iran.", "", []string{"AGREE RUS/GOV -> IRN/GOV"}},
		{"Russia will attack Ukraine.", "", []string{"THREATEN RUS/GOV -> UKR/GOV"}},
		{"Russia may attack Ukraine.", "", nil},
		// The outcome of an attack is not another attack.
		{"Russian jets struck Al-Tanf on 15 June, killing five soldiers.", "2022-06-18", []string{"ASSAULT RUS/MIL -> SYR @2022-06-15 in Al-Tanf"}},
		// "its forces" belong to the side named before.
		{"Russia said its forces attacked Ukraine.", "", []string{"ASSAULT RUS/MIL -> UKR/GOV"}},
		// Fire as a noun is an attack; an unknown party leaves the actor
		// to the place's country.
		{"Heavy artillery fire by an unknown party was reported in Baghdad.", "", []string{"ASSAULT IRQ -> IRQ in Baghdad"}},
		// A refusal of a cooperative act is a rejection; a past act not done is nothing.
		{"Russia will not sign the treaty with Iran.", "", []string{"REJECT RUS/GOV -> IRN/GOV"}},
		{"Russia did not sign the treaty with Iran.", "", nil},
		// A cancelled visit did not take place; cancelling it rebuffs the host.
		{"Russia cancelled a planned visit to Iran.", "", []string{"REJECT RUS/GOV -> IRN/GOV"}},
		{"Russia called off the meeting with Iran.", "", []string{"REJECT RUS/GOV -> IRN/GOV"}},
		// Easing an embargo, curbs or tariffs concedes.
		{"Iran lifted the embargo on Russia.", "", []string{"CONCEDE IRN/GOV -> RUS/GOV"}},
		{"Russia will not remove the sanctions on Iran.", "", []string{"REJECT RUS/GOV -> IRN/GOV"}},
		// Peacekeepers are sent to help.
		{"Russia deployed 300 troops to the peacekeeping mission in Syria.", "", []string{"AID RUS/GOV -> SYR in "}},
		// Violence by a crowd is rioting.
		{"Villagers attacked a police station in Baghdad.", "", []string{"PROTEST IRQ/CVL -> IRQ/GOV in Baghdad"}},
		// A protest implies protesters of the place.
		{"A demonstration took place in Baghdad on Friday.", "2020-05-09", []string{"PROTEST IRQ/CVL -> IRQ/GOV @2020-05-08 in Baghdad"}},
		// "forces of Russia" are Russia's.
		{"The forces of Russia attacked Ukraine.", "", []string{"ASSAULT RUS/MIL -> UKR/GOV"}},
		// An unknown name takes the side of the title before it.
		{"Russian leader Ivan Petrov accused Ukraine.", "", []string{"ACCUSE RUS/GOV -> UKR/GOV"}},
		{"Washington demanded that Moscow withdraw.", "", []string{"REQUEST USA/GOV -> RUS/GOV"}},
		// Announcing sanctions imposes them; announcing that one will act is a plan.
		{"Washington announced sanctions on Moscow.", "", []string{"SANCTION USA/GOV -> RUS/GOV"}},
		{"Israeli forces raided a village near Baghdad.", "", []string{"ASSAULT ISR/MIL -> IRQ in Baghdad"}},
		// "be opposed to" is a stance, not a passive.
		{"Iran is opposed to engaging Russia.", "", []string{"REJECT IRN/GOV -> RUS/GOV"}},
		// A vow to attack is a threat; an event still awaited did not
		// happen; "what X called" names, it does not phone.
		{"Russia swore to attack Ukraine.", "", []string{"THREATEN RUS/GOV -> UKR/GOV"}},
		{"Russia attacked Ukraine on the eve of a summit with Iran.", "", []string{"ASSAULT RUS/GOV -> UKR/GOV"}},
		{"Iran expelled the envoy over what Russia called Iraq's lies.", "", []string{"SANCTION IRN/GOV -> RUS/GOV", "ACCUSE RUS/GOV -> IRQ/GOV"}},
		// What one is kept from doing did not happen; a conviction sanctions.
		{"Iran was prevented from attacking Iraq.", "", nil},
		{"Iraq convicted the Russian leader.", "", []string{"SANCTION IRQ/GOV -> RUS/GOV"}},
		// Spreading disinformation coerces; calling forces into action mobilises.
		{"Russia spread fake news against Ukraine.", "", []string{"COERCE RUS/GOV -> UKR/GOV"}},
		{"Russia called its reservists into action.", "", []string{"MOBILIZE RUS/GOV -> -"}},
		// A place naming a road is not where the event was.
		{"Protesters blocked the road near the Fallujah bypass in Baghdad.", "", []string{"PROTEST IRQ/CVL -> IRQ/GOV in Baghdad"}},
	}
	for _, tt := range tests {
		a, err := c.Code(context.Background(), sitrep.Input{Text: tt.text, Published: tt.published})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, ev := range a.Events {
			d := Describe(&ev)
			if ev.Date != "" {
				d += " @" + ev.Date
			}
			if ev.Location != nil {
				d += " in " + ev.Location.Name
			}
			got = append(got, d)
			if ev.Evidence != tt.text[ev.Start:ev.End] || ev.Trigger.Text != tt.text[ev.Trigger.Start:ev.Trigger.End] || ev.Rule == "" || ev.Quad == "" {
				t.Errorf("%q: bad provenance %+v", tt.text, ev)
			}
		}
		if strings.Join(got, "; ") != strings.Join(tt.want, "; ") {
			t.Errorf("%q:\n got %q\nwant %q", tt.text, got, tt.want)
		}
	}
}

func TestTransfers(t *testing.T) {
	c, _ := New(testKB, WithoutModels())
	tests := []struct{ text, want string }{
		{"Iran has supplied Russia with hundreds of lethal drones.", "IRN->RUS drone hundreds delivered"},
		{"Iran has finalized an agreement with Russia to purchase Su-35 fighter jets.", "RUS->IRN aircraft  ordered"},
		{"Iran is seeking drones from Russia.", "RUS->IRN drone  sought"},
		// A participle after the goods; a prohibition is no transfer.
		{"The report tracked hundreds of drones reportedly delivered from Iran to Russia.", "IRN->RUS drone hundreds delivered"},
		{"The resolution prohibits the supply of drones to Iran.", ""},
		// Apposition after "from".
		{"Iran bought drones from its ally, Russia.", "RUS->IRN drone  delivered"},
	}
	for _, tt := range tests {
		a, _ := c.Code(context.Background(), sitrep.Input{Text: tt.text})
		var got []string
		for _, tr := range a.Transfers {
			got = append(got, tr.Supplier+"->"+tr.Recipient+" "+tr.Category+" "+tr.Quantity+" "+tr.Status)
		}
		if strings.Join(got, ";") != tt.want {
			t.Errorf("%q: got %q want %q", tt.text, got, tt.want)
		}
	}
}

func TestFindDates(t *testing.T) {
	pub := parsePublished("2023-07-15") // a Saturday
	tests := map[string]string{
		"on Friday":                "2023-07-14",
		"on June 7, 2023":          "2023-06-07",
		"on 15 June":               "2023-06-15",
		"last month":               "2023-06",
		"On 9 May 2020":            "2020-05-09",
		"Aug. 16, 2016":            "2016-08-16",
		"last August":              "2022-08",
		"since 2015":               "2015",
		"yesterday":                "2023-07-14",
		"Tuesday's missions":       "2023-07-11",
		"in recent weeks":          "2023-07",
		"in February last year":    "2022-02",
		"in September this year":   "2023-09",
		"since March of last year": "2022-03",
		// Offsets count from the anchor (2023-07-12); what "after" and
		// "before" introduce lies the other way.
		"two days later":                  "2023-07-14",
		"two days earlier":                "2023-07-10",
		"three days ago":                  "2023-07-12",
		"came two days after rebels shot": "2023-07-10",
		"a week before the vote":          "2023-07-19",
		"two days after, they left":       "2023-07-14",
		"just a month after the lease":    "2023-06",
		"nine years after Paris sent":     "2014",
		"two months ago":                  "2023-05",
	}
	for in, want := range tests {
		ds := findDates(in, pub, parsePublished("2023-07-12"))
		if len(ds) == 0 || ds[0].date != want {
			t.Errorf("findDates(%q) = %+v, want %s", in, ds, want)
		}
	}
}

// TestDateCluesSkipNothing checks that the clues which spare findDates
// most expressions never skip one that matches: on the seed articles'
// sentences and on date phrases in every case, the dates are those of
// trying every expression.
func TestDateCluesSkipNothing(t *testing.T) {
	var texts []string
	for _, b := range seedArticles(t) {
		texts = append(texts, strings.FieldsFunc(b, func(r rune) bool { return r == '.' || r == '\n' })...)
	}
	for _, p := range []string{"on Friday", "On 9 May 2020", "Aug. 16, 2016", "2023-07-01", "LAST NIGHT", "Since March of last year",
		"in recent days", "TWO DAYS AGO", "12 Sept", "sept 12", "early 2019", "this morning", "a Year later", "earlier that month"} {
		texts = append(texts, p, strings.ToUpper(p), strings.ToLower(p))
	}
	pub, anchor := parsePublished("2023-07-15"), parsePublished("2023-07-12")
	all := dateClues{digit: true, month: true, weekday: true, relative: true, offset: true, year: true, dash: true}
	for _, s := range texts {
		if got, want := findDates(s, pub, anchor), datesWith(s, pub, anchor, all); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: clues give %+v, every expression %+v", s, got, want)
		}
	}
}

// TestEventDates checks which date expression of a sentence dates its
// event.
func TestEventDates(t *testing.T) {
	c, _ := New(testKB, WithoutModels())
	tests := []struct{ text, typ, want string }{
		// A date inside an infinitive completing the event's noun.
		{"India agreed a deal with Russia to buy S-400 missile systems on Friday, the two sides said.", "AGREE", "2023-07-14"},
		// A date in a relative clause about what the event concerns.
		{"Police in Belarus detained around 3,000 people at protests that erupted on Sunday, the ministry was cited as saying on Monday.", "COERCE", "2023-07-09"},
		// "since December" dates a state, not the arrest.
		{"Ecuadorian police arrested Jorge Glas, who has been residing in the Mexican embassy since December.", "COERCE", "2023-07-15"},
		// A day before a noun dates that noun's event only.
		{"Russia condemned the Wednesday coup in Syria.", "ACCUSE", "2023-07-15"},
		{"Russia condemned Wednesday's coup in Syria.", "ACCUSE", "2023-07-15"},
		{"Russian forces detained protesters on Friday evening.", "COERCE", "2023-07-14"},
		// "two days after X" dates X, and does not set the story's day.
		{"Russian jets struck Fallujah two days after protesters marched in Baghdad.", "ASSAULT", "2023-07-15"},
		{"Russian jets struck Fallujah two days after protesters marched in Baghdad.", "PROTEST", "2023-07-13"},
		{"The announcement came a day after protesters stormed the embassy in Baghdad. Russia later accused Iran.", "ACCUSE", "2023-07-15"},
		// A lead with no event of its own sets the story's day.
		{"The news broke on Wednesday. Turkish artillery shelled Kurdish positions near the border.", "ASSAULT", "2023-07-12"},
	}
	for _, tt := range tests {
		a, _ := c.Code(context.Background(), sitrep.Input{Text: tt.text, Published: "2023-07-15"})
		got := "no " + tt.typ
		for _, ev := range a.Events {
			if ev.Type == tt.typ {
				got = ev.Date
				break
			}
		}
		if got != tt.want {
			t.Errorf("%q: %s dated %s, want %s", tt.text, tt.typ, got, tt.want)
		}
	}
}

func TestStem(t *testing.T) {
	groups := [][]string{
		{"seize", "seized", "seizes", "seizing"},
		{"strike", "struck", "strikes", "striking"},
		{"supply", "supplied", "supplies", "supplying"},
		{"ship", "shipped", "shipping"},
		{"shell", "shelled", "shelling"},
		{"airstrike", "airstrikes"},
		{"agree", "agreed", "agrees", "agreeing"},
		{"free", "freed", "frees"},
		{"boycott", "boycotted", "boycotting", "boycotts"},
		{"rebuff", "rebuffed", "rebuffing"},
	}
	for _, g := range groups {
		for _, w := range g[1:] {
			if stem(w) != stem(g[0]) {
				t.Errorf("stem(%q) = %q, stem(%q) = %q", w, stem(w), g[0], stem(g[0]))
			}
		}
	}
}

func FuzzCode(f *testing.F) {
	c, _ := New(testKB, WithoutModels())
	f.Add("Russian jets struck Al-Tanf on 15 June.", "2022-06-18")
	f.Add("Iran has supplied Russia with hundreds of lethal drones", "")
	f.Fuzz(func(t *testing.T, s, pub string) {
		a, err := c.Code(context.Background(), sitrep.Input{Text: s, Published: pub})
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range a.Events {
			if ev.Sentence >= 0 && (ev.Start < 0 || ev.End > len(s) || s[ev.Start:ev.End] != ev.Evidence) {
				t.Fatalf("bad evidence offsets %+v", ev)
			}
		}
	})
}

func TestCodeWithParser(t *testing.T) {
	p, err := nlp.Default()
	if err != nil {
		t.Skip(err)
	}
	c, _ := New(testKB, WithParser(p))
	tests := []struct{ text, want string }{
		// A coordinated verb shares its subject (and, when reciprocal, its
		// partner), not the nearest name to its left.
		{"Iran met Russia and signed a deal.", "AGREE IRN/GOV -> RUS/GOV"},
		{"Ukraine was attacked by Russia.", "ASSAULT RUS/GOV -> UKR/GOV"},
	}
	for _, tt := range tests {
		a, _ := c.Code(context.Background(), sitrep.Input{Text: tt.text})
		var got []string
		for _, ev := range a.Events {
			got = append(got, Describe(&ev))
		}
		found := false
		for _, g := range got {
			found = found || g == tt.want
		}
		if !found {
			t.Errorf("%q: got %q, want %q among them", tt.text, got, tt.want)
		}
	}
}

// TestCAMEOReadings checks readings that the parse decides and that
// CAMEO-coded data sets share: giving back what was taken concedes (only
// with an object), breaking a ceasefire is fighting, a ceasefire one side
// declares is RETREAT however long its description, denying an accusation
// is a statement, cutting aid sanctions, taking in refugees and sending
// trainers help, harm done by nature is no event and seizing ground is
// fighting.
func TestCAMEOReadings(t *testing.T) {
	p, err := nlp.Default()
	if err != nil {
		t.Skip(err)
	}
	// The rules' readings, which the event model then weighs.
	c, _ := New(testKB, WithParser(p), WithoutModels())
	// want is the first event's type, mode and quad, or a prefix of them.
	tests := []struct{ text, want string }{
		{"Russia returned the stolen paintings to Iran.", "CONCEDE  material_cooperation"},
		{"The Russian minister returned to Iran.", ""},
		{"Iran violated the ceasefire with Iraq.", "ASSAULT  material_conflict"},
		{"Russia declared a provisional three-month ceasefire in Syria.", "RETREAT ceasefire material_cooperation"},
		{"Russia and Iran announced a ceasefire.", "AGREE  verbal_cooperation"},
		{"Iran denied charges that it had helped Russia.", "REJECT deny statement"},
		{"Iran rejected the request from Russia.", "REJECT  verbal_conflict"},
		{"Washington reduced military aid to Iraq.", "SANCTION  verbal_conflict"},
		{"Iran accepted thousands of Iraqi refugees.", "AID humanitarian material_cooperation"},
		// (Training is military aid; the mode depends on which reading wins.)
		{"Russia sent 200 troops to Syria to train its army.", "AID "},
		// Harm done by nature is no one's act; taking ground is fighting.
		{"An earthquake killed eight people in Iraq.", ""},
		{"Russian troops killed eight people in Iraq.", "ASSAULT  material_conflict"},
		{"Russian forces seized the town of Fallujah.", "ASSAULT  material_conflict"},
		{"Eight people were killed in Iraq, a monitoring group said.", "ASSAULT  material_conflict"},
		// Acts PLOVER's examples name: expelling inspectors sanctions,
		// blocking a bridge obstructs, closing a newspaper censors,
		// strengthening forces mobilises, handing over medicine aids.
		{"Iran expelled the inspectors of the IAEA.", "SANCTION  verbal_conflict"},
		{"Iraqi protesters blocked the bridge to Iran.", "PROTEST obstruct material_conflict"},
		{"Iran shut down the reformist newspaper.", "COERCE censor material_conflict"},
		{"Russia strengthened its forces in Syria.", "MOBILIZE troops material_conflict"},
		{"Russian doctors handed over 700 kg of medicine to Iraq.", "AID  material_cooperation"},
		// Leaving talks halts negotiations, suspending ties reduces them;
		// calling off a strike eases dissent.
		{"Iraq broke off peace talks with Iran.", "SANCTION  verbal_conflict"},
		{"Iran pulled out of talks with Iraq.", "SANCTION  verbal_conflict"},
		{"Iraq announced the suspension of relations with Iran.", "SANCTION  verbal_conflict"},
		{"Iraq is breaking diplomatic ties with Iran.", "SANCTION  verbal_conflict"},
		{"Iraqi workers suspended their strike.", "CONCEDE  material_cooperation"},
		// A state's boycott is a sanction, a people's a protest.
		{"Iraq is boycotting Iran.", "SANCTION  verbal_conflict"},
		{"Iraqi workers boycotted Iranian goods.", "PROTEST  material_conflict"},
		// Forces on alert show force; hostages are abducted; a state of
		// emergency restricts.
		{"Iraqi troops remained on high alert along the border with Iran.", "MOBILIZE  material_conflict"},
		{"Gunmen took 30 Iraqi soldiers hostage.", "ASSAULT abduction material_conflict"},
		{"Iraq declared a state of emergency in Basra.", "COERCE  material_conflict"},
		// What burns is not burned by anyone; an accident, a storm's
		// name, a protest's demands are no acts of their own.
		{"Six warehouses have burned in a fire in Basra, Iraq.", ""},
		{"Iraqi rebels burned the Iranian embassy.", "ASSAULT  material_conflict"},
		{"A gas explosion shook a factory in Basra, Iraq.", ""},
		{"Iraq was hit by floods triggered by Storm Sinlaku.", ""},
		{"Iraqi protesters rallied in Basra, demanding the release of activists.", "PROTEST  material_conflict"},
		// Readiness to act is a stated intent: a promise to negotiate.
		{"Iraq expressed readiness to negotiate with Iran.", "AGREE  verbal_cooperation"},
	}
	for _, tt := range tests {
		a, _ := c.Code(context.Background(), sitrep.Input{Text: tt.text})
		got := ""
		if len(a.Events) > 0 {
			ev := a.Events[0]
			got = ev.Type + " " + ev.Mode + " " + ev.Quad
		}
		if got != tt.want && (tt.want == "" || !strings.HasPrefix(got, tt.want)) {
			t.Errorf("%q: got %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestProtestContent checks that what protesters demand or denounce is
// not coded beside their protest, while a government's demand or
// condemnation is.
func TestProtestContent(t *testing.T) {
	p, err := nlp.Default()
	if err != nil {
		t.Skip(err)
	}
	c, _ := New(testKB, WithParser(p), WithoutModels())
	tests := []struct {
		text   string
		speech bool // a REQUEST or ACCUSE is coded
	}{
		{"Iraqi protesters rallied in Basra, demanding the release of activists.", false},
		{"Iraqi protesters gathered in Basra and demanded the release of activists.", false},
		{"Police dispersed the Iraqi protesters, who were demanding new elections.", false},
		{"Iraqi protesters demonstrated in Basra to denounce the arrests.", false},
		{"Iran demanded that Iraq release the prisoners.", true},
		{"Iran condemned Iraq for the arrests.", true},
	}
	for _, tt := range tests {
		a, _ := c.Code(context.Background(), sitrep.Input{Text: tt.text})
		got := false
		for _, ev := range a.Events {
			got = got || ev.Type == "REQUEST" || ev.Type == "ACCUSE"
		}
		if got != tt.speech {
			t.Errorf("%q: REQUEST or ACCUSE coded %v, want %v", tt.text, got, tt.speech)
		}
	}
}

func TestJudgementAsAccusation(t *testing.T) {
	c, _ := New(testKB, WithoutModels())
	tests := []struct{ text, want string }{
		{"Russia's behaviour has been provocative, Washington said.", "ACCUSE USA/GOV -> RUS/GOV"},
		{"Washington said Russia's behaviour was not provocative.", ""},
		{"The official said Russia's behaviour was provocative.", ""}, // no placed speaker
		// Naming is judging, said or not: the namer accuses the named.
		{"Moscow described Ukraine's move as an egregious provocation.", "ACCUSE RUS/GOV -> UKR/GOV"},
		{"Moscow called the move a provocation by Ukraine.", "ACCUSE RUS/GOV -> UKR/GOV"},
		// A judgement of an act told before is about whoever did it.
		{"Russia attacked Ukraine. Washington said the attack was unacceptable.", "ASSAULT RUS/GOV -> UKR/GOV; ACCUSE USA/GOV -> RUS/GOV"},
	}
	for _, tt := range tests {
		a, _ := c.Code(context.Background(), sitrep.Input{Text: tt.text})
		var got []string
		for _, ev := range a.Events {
			got = append(got, Describe(&ev))
		}
		if strings.Join(got, "; ") != tt.want {
			t.Errorf("%q: got %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestPromiseOfHarm checks that a promise is a threat when what it
// promises is harm, and stays a promise otherwise.
func TestPromiseOfHarm(t *testing.T) {
	c, _ := New(testKB, WithoutModels())
	tests := []struct{ text, want string }{
		{"Washington promised appropriate action against Russia.", "THREATEN USA/GOV -> RUS/GOV"},
		{"Russia vowed to extend its blockade of Ukraine.", "THREATEN RUS/GOV -> UKR/GOV"},
		{"Russia pledged support against aggression on Ukraine.", "AGREE RUS/GOV -> UKR/GOV"},
		{"Russia promised to continue military aid to war-torn Ukraine.", "AGREE RUS/GOV -> UKR/GOV"},
	}
	for _, tt := range tests {
		a, _ := c.Code(context.Background(), sitrep.Input{Text: tt.text})
		var got []string
		for _, ev := range a.Events {
			// Only the promise's own event: its object may be coded too.
			if strings.Contains(ev.Rule, ":promise") || strings.Contains(ev.Rule, ":pledge") || strings.Contains(ev.Rule, ":vow") {
				got = append(got, Describe(&ev))
			}
		}
		if strings.Join(got, "; ") != tt.want {
			t.Errorf("%q: got %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestAttribution(t *testing.T) {
	k := fakeKB{}
	for name, m := range testKB {
		k[name] = m
	}
	k["the ministry"] = sitrep.Mention{Kind: sitrep.KindInstitution, ID: "mfa", Country: "IRN", Sector: "GOV"}
	c, err := New(k, WithoutModels())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text              string
		typ, source, cert string
	}{
		{"Russia struck Ukraine on Monday.", "ASSAULT", "Wire", sitrep.CertaintyAsserted},
		{"Russia reportedly struck Ukraine on Monday.", "ASSAULT", "Wire", sitrep.CertaintyReported},
		{"Ukraine said Russia struck Kharkiv on Monday.", "ASSAULT", "Ukraine", sitrep.CertaintyReported},
		{"Russia struck Ukraine on Monday, the ministry said.", "ASSAULT", "the ministry", sitrep.CertaintyReported},
		{"Washington accused Moscow of lying.", "ACCUSE", "Wire", sitrep.CertaintyAsserted},
	}
	for _, tt := range tests {
		a, err := c.Code(context.Background(), sitrep.Input{Text: tt.text, Published: "2023-07-15", Outlet: "Wire"})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, ev := range a.Events {
			if ev.Type != tt.typ {
				continue
			}
			found = true
			if ev.Source == nil || ev.Source.Name != tt.source || ev.Certainty != tt.cert {
				t.Errorf("%q: %s source %+v certainty %q, want %q, %q", tt.text, ev.Type, ev.Source, ev.Certainty, tt.source, tt.cert)
			}
			if len(ev.Mentions) == 0 || ev.ID == "" {
				t.Errorf("%q: event without id or mentions: %+v", tt.text, ev)
			}
		}
		if !found {
			t.Errorf("%q: no %s event in %v", tt.text, tt.typ, a.Events)
		}
	}
}

func TestRestatementsMerge(t *testing.T) {
	c, err := New(testKB, WithoutModels())
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.Code(context.Background(), sitrep.Input{
		Title:     "Russian jets strike Al-Tanf",
		Text:      "Russian jets struck Al-Tanf on 15 June. The strike by Russia hit Al-Tanf.",
		Published: "2022-06-18"})
	if err != nil {
		t.Fatal(err)
	}
	var assaults []sitrep.Event
	for _, ev := range a.Events {
		if ev.Type == "ASSAULT" {
			assaults = append(assaults, ev)
		}
	}
	if len(assaults) != 1 {
		t.Fatalf("got %d ASSAULT events, want 1: %+v", len(assaults), assaults)
	}
	ev := assaults[0]
	if ev.Sentence != 0 || len(ev.Mentions) < 2 {
		t.Errorf("evidence sentence %d, %d mentions; want the first body sentence and every restatement: %+v", ev.Sentence, len(ev.Mentions), ev.Mentions)
	}
}

// TestNestedActsFold checks that a clause telling the outcome of an act
// ("strikes that killed") and a source of another sector of the same state
// do not make a second event or a second side.
func TestNestedActsFold(t *testing.T) {
	k := fakeKB{
		"U.S.":          {Kind: sitrep.KindState, ID: "USA", Country: "USA"},
		"U.S. military": {Kind: sitrep.KindAgent, ID: "agent", Country: "USA", Sector: "MIL"},
		"al-Shabab":     {Kind: sitrep.KindArmedGroup, ID: "shabaab", Country: "SOM", Sector: "REB"},
		"Somalia":       {Kind: sitrep.KindState, ID: "SOM", Country: "SOM"},
	}
	c, err := New(k)
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.Code(context.Background(), sitrep.Input{
		Text:      "The U.S. has carried out three drone strikes in southern Somalia that killed six members of the al-Shabab extremist group, the U.S. military said Tuesday.",
		Published: "2019-04-10"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range a.Events {
		got = append(got, ev.Type+" "+sideCountries(ev.Actor)+">"+sideCountries(ev.Recipient))
	}
	if len(got) != 1 || got[0] != "ASSAULT USA>SOM" {
		t.Errorf("events %q, want [ASSAULT USA>SOM]", got)
	}
}

func sideCountries(side []sitrep.Actor) string {
	var cs []string
	for _, a := range side {
		cs = append(cs, a.Country)
	}
	return strings.Join(cs, ",")
}

// TestDeniedObjectNotAsserted: what a denial names as its object ("Moscow
// denies strike on Odesa homes") is not coded as an act the text asserts.
func TestDeniedObjectNotAsserted(t *testing.T) {
	c, err := New(testKB)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"Moscow denies strike on Ukraine.", "Moscow denied responsibility for the strike on Ukraine."} {
		a, err := c.Code(context.Background(), sitrep.Input{Text: text, Published: "2024-03-02"})
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range a.Events {
			if ev.Type == "ASSAULT" && ev.Certainty != sitrep.CertaintyDenied {
				t.Errorf("%q: %s coded %s", text, Describe(&ev), ev.Certainty)
			}
		}
	}
}

func TestDenialContradicts(t *testing.T) {
	c, err := New(testKB, WithoutModels())
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.Code(context.Background(), sitrep.Input{
		Text:      "Washington accused Iran of supplying drones to Russia. Iran rejected the accusation.",
		Published: "2022-06-18"})
	if err != nil {
		t.Fatal(err)
	}
	var accuse, reject *sitrep.Event
	for i := range a.Events {
		switch a.Events[i].Type {
		case "ACCUSE":
			accuse = &a.Events[i]
		case "REJECT":
			reject = &a.Events[i]
		}
	}
	if accuse == nil || reject == nil {
		t.Fatalf("want an ACCUSE and a REJECT: %+v", a.Events)
	}
	if len(accuse.ContradictedBy) != 1 || accuse.ContradictedBy[0] != reject.ID {
		t.Errorf("accusation contradicted by %v, want [%s]", accuse.ContradictedBy, reject.ID)
	}
}

// TestFillFromPair checks that an event with an actor but no recipient
// takes the other side of the story's main pair, and only then.
func TestFillFromPair(t *testing.T) {
	side := func(c string) []sitrep.Actor {
		if c == "" {
			return nil
		}
		return []sitrep.Actor{{Country: c}}
	}
	ev := func(typ, a, r string) *coded {
		return &coded{ev: sitrep.Event{Type: typ, Actor: side(a), Recipient: side(r), Rule: "r"}}
	}
	tests := []struct {
		name string
		all  []*coded
		want []string // recipient country of each event
	}{
		{"main pair fills", []*coded{ev("ASSAULT", "IND", "PAK"), ev("ACCUSE", "PAK", "IND"), ev("REJECT", "PAK", ""), ev("CONSULT", "USA", "")}, []string{"PAK", "IND", "IND", ""}},
		{"one mention is no pair", []*coded{ev("ASSAULT", "IND", "PAK"), ev("REJECT", "PAK", "")}, []string{"PAK", ""}},
		{"one's own country as recipient is replaced, but not in violence", []*coded{ev("ASSAULT", "IND", "PAK"), ev("ACCUSE", "PAK", "IND"), ev("CONSULT", "IND", "IND"), ev("COERCE", "IND", "IND")}, []string{"PAK", "IND", "PAK", "IND"}},
		{"self and unknown sides do not count", []*coded{ev("COERCE", "IND", "IND"), ev("COERCE", "IND", "IND"), ev("AID", "IND", "")}, []string{"IND", "IND", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fillFromPair(tt.all)
			for i, c := range tt.all {
				if got := countryKey(c.ev.Recipient); got != tt.want[i] {
					t.Errorf("event %d: recipient %q, want %q", i, got, tt.want[i])
				}
			}
			if r := tt.all[len(tt.all)-2].ev.Rule; tt.name == "main pair fills" && !strings.Contains(r, "other side") {
				t.Errorf("rule %q does not say where the recipient came from", r)
			}
		})
	}
}

// TestFillActorFromPair checks that an act aimed at one side of the main
// pair with no actor is the other's, except violence.
func TestFillActorFromPair(t *testing.T) {
	all := []*coded{
		{ev: sitrep.Event{Type: "ASSAULT", Actor: []sitrep.Actor{{Country: "ISR"}}, Recipient: []sitrep.Actor{{Country: "PSE"}}}},
		{ev: sitrep.Event{Type: "ACCUSE", Actor: []sitrep.Actor{{Country: "PSE"}}, Recipient: []sitrep.Actor{{Country: "ISR"}}}},
		{ev: sitrep.Event{Type: "REQUEST", Recipient: []sitrep.Actor{{Country: "ISR"}}}},
		{ev: sitrep.Event{Type: "ASSAULT", Recipient: []sitrep.Actor{{Country: "ISR"}}}},
	}
	fillFromPair(all)
	if got := countryKey(all[2].ev.Actor); got != "PSE" {
		t.Errorf("request aimed at ISR: actor %q, want PSE", got)
	}
	if got := countryKey(all[3].ev.Actor); got != "" {
		t.Errorf("violence with no named perpetrator: actor %q, want none", got)
	}
}

// TestRestatesAcrossSentences checks which statements in different
// sentences are one event: meetings and agreements between the same
// parties are, other statements and other parties are not.
func TestRestatesAcrossSentences(t *testing.T) {
	ev := func(typ string, sentence int, a, r string) *coded {
		return newCoded(sitrep.Event{Type: typ, Sentence: sentence, Actor: []sitrep.Actor{{Country: a}}, Recipient: []sitrep.Actor{{Country: r}}}, eventMeta{})
	}
	tests := []struct {
		name string
		o, e *coded
		want bool
	}{
		{"the talks again", ev("CONSULT", 1, "RUS", "UKR"), ev("CONSULT", 4, "RUS", "UKR"), true},
		{"the talks, sides the other way", ev("CONSULT", 1, "RUS", "UKR"), ev("CONSULT", 4, "UKR", "RUS"), true},
		{"the agreement again", ev("AGREE", 0, "ETH", "ERI"), ev("AGREE", 2, "ETH", "ERI"), true},
		{"another meeting with a third party", ev("CONSULT", 1, "RUS", "IRN"), ev("CONSULT", 4, "RUS", "IRN,TUR"), false},
		{"accusations are many", ev("ACCUSE", 1, "USA", "RUS"), ev("ACCUSE", 3, "USA", "RUS"), false},
		{"an accusation in its own sentence", ev("ACCUSE", 1, "USA", "RUS"), ev("ACCUSE", 1, "USA", "RUS"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if strings.Contains(tt.name, "other way") {
				tt.o.ev.Symmetric, tt.e.ev.Symmetric = true, true // a meeting of equals
			}
			if tt.e.ev.Recipient[0].Country == "IRN,TUR" {
				tt.e.ev.Recipient = []sitrep.Actor{{Country: "IRN"}, {Country: "TUR"}}
			}
			if got := restates(tt.o, tt.e); got != tt.want {
				t.Errorf("restates = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestNoOneOnBothSides checks that coordinated names acting together are
// not split into an actor and a recipient that holds the actor again.
func TestNoOneOnBothSides(t *testing.T) {
	p, err := nlp.Default()
	if err != nil {
		t.Skip(err)
	}
	c, _ := New(testKB, WithParser(p))
	for _, text := range []string{
		"On Saturday, the United States, France and Britain launched 105 missiles targeting what the Pentagon said were chemical weapons facilities in Syria.",
		"The United States and Britain launched strikes from the air and sea against Houthi military targets in Yemen.",
	} {
		a, _ := c.Code(context.Background(), sitrep.Input{Text: text})
		for _, ev := range a.Events {
			for _, x := range ev.Actor {
				for _, y := range ev.Recipient {
					if x.Name == y.Name {
						t.Errorf("%q: %s has %s on both sides", text, Describe(&ev), x.Name)
					}
				}
			}
		}
	}
}

// TestCurrencyIsNoSide checks that a state's name before a currency noun
// is not taken for an unknown group acting in the sentence.
func TestCurrencyIsNoSide(t *testing.T) {
	p, err := nlp.Default()
	if err != nil {
		t.Skip(err)
	}
	c, _ := New(testKB, WithParser(p))
	a, _ := c.Code(context.Background(), sitrep.Input{Text: "A reason for the demonstration was not provided, but is likely related to demonstrations against the high US dollar exchange rate."})
	for _, ev := range a.Events {
		for _, side := range [][]sitrep.Actor{ev.Actor, ev.Recipient} {
			for _, x := range side {
				if x.Name == "US" {
					t.Errorf("%s: the currency's state is a side", Describe(&ev))
				}
			}
		}
	}
}

// TestRetypedRule checks that an event whose type the rules changed says
// why in its rule, with the mode that goes with the new type.
func TestRetypedRule(t *testing.T) {
	c, _ := New(testKB, WithoutModels())
	for text, want := range map[string]string{
		"Villagers attacked a police station in Baghdad.": "PROTEST riot (a crowd's: rioting)",
		"Russia will not sign the treaty with Iran.":      "REJECT  (a refusal)",
	} {
		a, err := c.Code(context.Background(), sitrep.Input{Text: text})
		if err != nil || len(a.Events) == 0 {
			t.Fatalf("%q: %v events, err %v", text, len(a.Events), err)
		}
		ev := a.Events[0]
		got := ev.Type + " " + ev.Mode + ev.Rule[strings.LastIndex(ev.Rule, " ("):]
		if got != want {
			t.Errorf("%q: %q, want %q", text, got, want)
		}
	}
}

// TestDemandMode checks that a call for measures against someone is a
// demand (verbal conflict) and a plain call an appeal.
func TestDemandMode(t *testing.T) {
	c, _ := New(testKB, WithoutModels())
	for text, want := range map[string]string{
		"Washington called for sanctions against Moscow.": "demand verbal_conflict",
		"Washington called for talks with Moscow.":        "appeal statement",
	} {
		a, err := c.Code(context.Background(), sitrep.Input{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		got := "no REQUEST"
		for _, ev := range a.Events {
			if ev.Type == "REQUEST" {
				got = ev.Mode + " " + ev.Quad
			}
		}
		if got != want {
			t.Errorf("%q: %s, want %s", text, got, want)
		}
	}
}

// TestDatelinePlace checks that an act naming no place of its own is
// placed in the dateline's city when it is in the dateline's sentence or
// involves the dateline's country, and not otherwise.
func TestDatelinePlace(t *testing.T) {
	c, _ := New(testKB, WithoutModels())
	a, _ := c.Code(context.Background(), sitrep.Input{Text: "BAGHDAD (Reuters) — Russia and Iran signed a deal on Monday. " +
		"Russia later attacked Ukraine. Iran later attacked Iraq."})
	want := map[int]string{0: "Baghdad", 1: "", 2: "Baghdad"}
	got := map[int]string{}
	for _, ev := range a.Events {
		name := ""
		if ev.Location != nil {
			name = ev.Location.Name
		}
		got[ev.Sentence] = name
	}
	for i, w := range want {
		if g, ok := got[i]; !ok || g != w {
			t.Errorf("sentence %d: placed in %q (coded: %v), want %q", i, g, ok, w)
		}
	}
}

// TestDropUnlikelier checks that a body sentence keeps the events the
// event model finds at least relativeFloor as likely as its likeliest, and
// that the headline and a coder without models are left alone.
func TestDropUnlikelier(t *testing.T) {
	tests := []struct {
		name   string
		index  int
		models bool
		ps     []float64
		want   []bool
	}{
		{"body", 0, true, []float64{0.9, 0.5, 0.2, 0.1}, []bool{true, true, false, false}},
		{"one event", 3, true, []float64{0.12}, []bool{true}},
		{"headline", -1, true, []float64{0.9, 0.1}, []bool{true, true}},
		{"rules alone", 0, false, []float64{0.9, 0.1}, []bool{true, true}},
	}
	for _, tt := range tests {
		c := &Coder{}
		if tt.models {
			c.models = map[string]*linModel{"event": {}}
		}
		s := &sentence{index: tt.index, c: c}
		for _, p := range tt.ps {
			s.cands = append(s.cands, &candidate{accept: true, p: p})
		}
		s.dropUnlikelier()
		for i, cd := range s.cands {
			if cd.accept != tt.want[i] {
				t.Errorf("%s: candidate %d (p %.2f) accepted %v, want %v", tt.name, i, tt.ps[i], cd.accept, tt.want[i])
			}
		}
	}
}

// TestNamesInNotes: the knowledge base's acronyms are names to the parser
// ("IS" is no verb), a short month beside a number is a date, and an
// unknown name after "in" or "near" is a place the gazetteer lacks: of the
// capitalised words only the forces and the group are sides.
func TestNamesInNotes(t *testing.T) {
	k := fakeKB{"IS": {Kind: sitrep.KindArmedGroup, ID: "isis", Country: "SYR", Sector: "REB"}}
	for name, m := range testKB {
		k[name] = m
	}
	c, err := New(k, WithoutModels())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ text, parts, event string }{
		{"On 28 Apr 2020, Israeli forces shelled IS groups with mortars in Mutaibijah.", "Israeli forces|IS", "ASSAULT ISR/MIL -> SYR/REB"},
		{"On 5 May 2020, Israeli forces shelled IS militants near Zaghniya.", "Israeli forces|IS", "ASSAULT ISR/MIL -> SYR/REB"},
		{"Sep 11, 2020: Russian jets struck Al-Tanf.", "Russian jets", "ASSAULT RUS/MIL -> SYR"},
	}
	for _, tt := range tests {
		var parts []string
		a, _ := c.code(context.Background(), sitrep.Input{Text: tt.text, Published: "2020-09-11"}, &hooks{sent: func(s *sentence) {
			for _, p := range s.parts {
				parts = append(parts, p.m.Text)
			}
		}})
		var got []string
		for _, ev := range a.Events {
			got = append(got, Describe(&ev))
		}
		if strings.Join(parts, "|") != tt.parts || strings.Join(got, "; ") != tt.event {
			t.Errorf("%q: sides %q and events %q, want %q and %q", tt.text, parts, got, tt.parts, tt.event)
		}
	}
}

// TestMatchIndexMissesNothing compares the lexicon's indexed match with
// trying every pattern of the first word, on the seed articles' words and
// on phrases made to match patterns with a gap and with alternatives.
func TestMatchIndexMissesNothing(t *testing.T) {
	lx, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, b := range seedArticles(t) {
		texts = append(texts, strings.Split(b, "\n")...)
	}
	texts = append(texts, "they fired two rockets and shells at the base", "held a joint naval exercise",
		"sent troops troops and drones", "make make a deal . deal", "took control of the town")
	n := 0
	for _, text := range texts {
		var stems []string
		for _, w := range strings.Fields(text) {
			stems = append(stems, stem(strings.ToLower(strings.Trim(w, ",;:\"“”()"))))
		}
		for i := range stems {
			var want []patternMatch
			for _, p := range lx.byFirst[stems[i]] {
				if end, ok := matchFrom(p, stems, i); ok {
					want = append(want, patternMatch{p, i, end})
				}
			}
			got := lx.match(stems, i)
			n += len(got)
			if !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
				t.Errorf("%q at %q: index gives %d matches, every pattern %d", text, stems[i], len(got), len(want))
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d matches: the test texts match too little to show anything", n)
	}
}

// BenchmarkLexiconMatch matches the lexicons at every word of the seed
// articles, with the index and by trying every pattern of the first word.
func BenchmarkLexiconMatch(b *testing.B) {
	lx, err := loadLexicon()
	if err != nil {
		b.Fatal(err)
	}
	var sents [][]string
	words := 0
	for _, text := range seedArticles(b) {
		for _, line := range strings.Split(text, "\n") {
			var stems []string
			for _, w := range strings.Fields(line) {
				stems = append(stems, stem(strings.ToLower(strings.Trim(w, ",.;:\"“”()"))))
			}
			sents = append(sents, stems)
			words += len(stems)
		}
	}
	b.Run("index", func(b *testing.B) {
		for b.Loop() {
			for _, stems := range sents {
				for i := range stems {
					lx.match(stems, i)
				}
			}
		}
		b.ReportMetric(float64(words*b.N)/b.Elapsed().Seconds(), "words/s")
	})
	b.Run("every-pattern", func(b *testing.B) {
		for b.Loop() {
			for _, stems := range sents {
				for i := range stems {
					for _, p := range lx.byFirst[stems[i]] {
						matchFrom(p, stems, i)
					}
				}
			}
		}
		b.ReportMetric(float64(words*b.N)/b.Elapsed().Seconds(), "words/s")
	})
}

// seedArticles returns the texts of the seed articles in testdata.
func seedArticles(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob("../testdata/seeds/*.txt")
	if err != nil || len(files) == 0 {
		tb.Fatalf("seed texts: %v, %d files", err, len(files))
	}
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

func TestLocativeRoleCandidates(t *testing.T) {
	p, err := nlp.Default()
	if err != nil {
		t.Skip(err)
	}
	c, _ := New(testKB, WithParser(p))
	tests := []struct {
		text string
		want bool // whether Baghdad may take a role
	}{
		// A place the trigger goes into may be the side acted on ...
		{"Israeli forces launched an incursion into Baghdad.", true},
		// ... a place that only says where something else is may not.
		{"Israeli forces raided a village near Baghdad.", false},
	}
	for _, tt := range tests {
		got := false
		_, err := c.code(context.Background(), sitrep.Input{Text: tt.text}, &hooks{cand: func(s *sentence, cd *candidate) {
			for _, p := range s.roleCandidates(cd) {
				got = got || p.m.Text == "Baghdad"
			}
		}})
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("%q: Baghdad a role candidate = %v, want %v", tt.text, got, tt.want)
		}
	}
}
