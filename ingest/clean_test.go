package ingest

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden files")

// seedDir holds the seed articles shared by the whole project.
const seedDir = "../testdata/seeds"

// goldSeeds is the hand-cleaned version of the seeds, present on dev
// machines and CI only.
const goldSeeds = "../../shared/eval/dev/seeds.gold.jsonl"

func seedFiles(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no seeds in %s: %v", seedDir, err)
	}
	return files
}

// goldenText renders a document for the golden files: metadata, then the
// cleaned text.
func goldenText(it Item) string {
	if it.Err != nil {
		return "error: " + it.Err.Error() + "\n"
	}
	d := it.Doc
	return fmt.Sprintf("title: %s\noutlet: %s\npublished: %s (%s)\nlanguage: %s\n---\n%s\n",
		d.Title, d.Outlet, d.Published, d.PublishedFrom, d.Language, d.Text)
}

func TestGoldenSeeds(t *testing.T) {
	for _, f := range seedFiles(t) {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(name, func(t *testing.T) {
			items := Read(context.Background(), f, nil, testOptions())
			if len(items) != 1 {
				t.Fatalf("%d items", len(items))
			}
			got := goldenText(items[0])
			path := filepath.Join("testdata", "golden", name+".txt")
			if *update {
				os.MkdirAll(filepath.Dir(path), 0o755)
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("cleaned %s differs from %s (go test -update rewrites it):\n%s", f, path, got)
			}
		})
	}
}

var goldSentenceRE = regexp.MustCompile(`[.!?]["”’)]*\s+`)

// sentencesOf splits text into whitespace-normalised sentences.
func sentencesOf(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.Join(strings.Fields(line), " ")
		p := 0
		for _, m := range goldSentenceRE.FindAllStringIndex(line, -1) {
			out = append(out, strings.TrimSpace(line[p:m[1]]))
			p = m[1]
		}
		if s := strings.TrimSpace(line[p:]); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// TestSeedsAgainstGold compares the cleaned seeds with the hand-cleaned
// gold texts: how many gold sentences survive, and how many lines remain
// that the gold text does not have.
func TestSeedsAgainstGold(t *testing.T) {
	f, err := os.Open(goldSeeds)
	if err != nil {
		t.Skipf("gold texts not available: %v", err)
	}
	defer f.Close()
	gold := make(map[string]struct{ Title, Text, Published string })
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var g struct{ ID, Title, Text, Published string }
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			t.Fatal(err)
		}
		gold[g.ID] = struct{ Title, Text, Published string }{g.Title, g.Text, g.Published}
	}
	var totalGold, kept, extra, rawLines, dropped int
	for _, file := range seedFiles(t) {
		id := strings.TrimSuffix(filepath.Base(file), ".txt")
		g, ok := gold[id]
		if !ok {
			continue
		}
		it := readOne(t, file, nil, testOptions())
		if it.Err != nil {
			t.Fatal(it.Err)
		}
		text := strings.Join(strings.Fields(it.Doc.Text), " ")
		gs := sentencesOf(g.Text)
		n := 0
		for _, s := range gs {
			if strings.Contains(text, s) {
				n++
			} else {
				t.Logf("%s: lost gold sentence %q", id, s)
			}
		}
		goldFlat := strings.Join(strings.Fields(g.Text), " ")
		x := 0
		for _, l := range strings.Split(it.Doc.Text, "\n") {
			if l = strings.Join(strings.Fields(l), " "); l != "" && !strings.Contains(goldFlat, l) {
				x++
				t.Logf("%s: extra line %q", id, l)
			}
		}
		raw, _ := os.ReadFile(file)
		r := 0
		for _, l := range strings.Split(string(raw), "\n") {
			if strings.TrimSpace(l) != "" {
				r++
			}
		}
		furniture := r - len(strings.Split(strings.TrimSpace(g.Text), "\n"))
		t.Logf("%s: %d/%d gold sentences kept, %d extra lines; title %q (gold %q); published %s/%s (gold %s)",
			id, n, len(gs), x, it.Doc.Title, g.Title, it.Doc.Published, it.Doc.PublishedFrom, g.Published)
		if g.Title != "" && it.Doc.Title != g.Title {
			t.Errorf("%s: title %q, gold %q", id, it.Doc.Title, g.Title)
		}
		totalGold += len(gs)
		kept += n
		extra += x
		rawLines += r
		dropped += furniture
	}
	t.Logf("all seeds: %d/%d gold sentences kept, %d extra lines (of %d furniture lines in %d input lines)",
		kept, totalGold, extra, dropped, rawLines)
	if kept*100 < totalGold*98 || extra > 2 {
		t.Errorf("cleaning regressed: %d/%d gold sentences kept, %d extra lines", kept, totalGold, extra)
	}
}

func TestLineRules(t *testing.T) {
	tests := []struct {
		line, junk string
	}{
		{"Read Also: North Korea Makes Rare Move, Defends Recent Missile Test", "related"},
		{"Also Read: Iran Re-Detains Cartoonist on Unknown Charges", "related"},
		{"Related Article: India, France Agree on Defense Ties", "related"},
		{"READ MORE: Ceasefire talks stall", "related"},
		{"Related articles", "related"},
		{"You may also like", "related"},
		{"See also the full report on page 4.", ""},
		{"Related to the talks, the ministry said it would publish the contract.", ""},
		{"(Photo : DELIL SOULEIMAN/AFP via Getty Images)", "credit"},
		{"Photo credit: REUTERS/Maxim Shemetov", "credit"},
		{"Image: Wikimedia Commons", "credit"},
		{"REUTERS/Maxim Shemetov", "credit"},
		{"AFP via Getty Images", "credit"},
		{"Reuters reported that the talks had stalled.", ""},
		{"Name *", "form"},
		{"E-mail *", "form"},
		{"Comment Title*", "form"},
		{": Characters Left", "form"},
		{"Terms of use", "form"},
		{"I agree with the Terms of Use", "form"},
		{"Your email address will not be published. Required fields are marked *", "form"},
		{"All rights reserved to Arab Today Media Group 2021 ©", "copyright"},
		{"© 2024 Harbour Herald", "copyright"},
		{"Maintained and developed by Arabs Today Group SAL.", "copyright"},
		{"Follow us on Twitter", "promo"},
		{"Share this article", "promo"},
		{"Facebook Twitter WhatsApp Email", "promo"},
		{"Advertisement", "promo"},
		{"Source: Arab News", "source"},
		{"Last Updated : GMT 06:49:16", "timestamp"},
		{"GMT 06:49 2012 Saturday ,01 September", "timestamp"},
		{"Published: 14 March 2024", "timestamp"},
		{"By Jon Eriksen", "byline"},
		{"By Tuesday, the troops had left the base.", ""},
		{"SYRIA-US-CONFLICT", "slug"},
		{"US-RUSSIA", "slug"},
		{"https://example.com/story", "url"},
		{"* * *", "symbols"},
		{"Iran-Russia Urge to Push US Out of Syria", ""},
		// Sentences that merely use furniture words stay.
		{"The Shahed drones were developed by Iran and assembled in Russia.", ""},
		{"Developed by Iran, the drone has a range of 2,000 km.", ""},
		{"Facebook changed its privacy policy.", ""},
		{"The terms of use of the base were agreed in 2017.", ""},
		{"Sponsored by the UN, the talks began on Monday.", ""},
		{"Copyright infringement cases rose sharply last year, the court said.", ""},
		{"Terms of use | Privacy policy | Contact us", "form"},
		{"Washington - Arab Today", ""},
	}
	for _, tc := range tests {
		if got := classify(tc.line).junk; got != tc.junk {
			t.Errorf("classify(%q) = %q, want %q", tc.line, got, tc.junk)
		}
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct {
		name, in, want, title, outlet, dateline string
	}{
		{
			name:  "header block, banners and headline casing",
			in:    "nato meets in brussels\nSite News, site news\nNATO meets in Brussels\nSite News, site news\nSite News, site news\n\nAlliance ministers met in Brussels on Thursday to discuss air defence.\nThey agreed to send more systems.",
			want:  "Alliance ministers met in Brussels on Thursday to discuss air defence.\nThey agreed to send more systems.",
			title: "NATO meets in Brussels",
		},
		{
			name:   "headline list and footer after the article",
			in:     "Alliance ministers met in Brussels on Thursday to discuss air defence.\n\nSource: Wire Service\n\nQatar opens new port\n\nFloods hit the north\n\nSchool year starts early\n\n© 2021 Site News",
			want:   "Alliance ministers met in Brussels on Thursday to discuss air defence.",
			outlet: "Wire Service",
		},
		{
			name: "comment form ends the article",
			in:   "Alliance ministers met in Brussels on Thursday to discuss air defence.\nName *\nComment *\nPublishing Terms: Be polite and do not insult other readers or the author of the article.\nSecurity Code*",
			want: "Alliance ministers met in Brussels on Thursday to discuss air defence.",
		},
		{
			name:   "subheadings and datelines inside the body stay",
			in:     "Alliance ministers met in Brussels on Thursday to discuss air defence.\n\nBRUSSELS - Wire Today\n\nA new plan\n\nThe plan covers the eastern flank and will be reviewed in June.",
			want:   "Alliance ministers met in Brussels on Thursday to discuss air defence.\n\nBRUSSELS - Wire Today\n\nA new plan\n\nThe plan covers the eastern flank and will be reviewed in June.",
			outlet: "Wire Today",
		},
		{
			name: "a lone furniture-like sentence does not end the article",
			in:   "Alliance ministers met in Brussels on Thursday to discuss air defence.\nThe talks were closed to the press.\nLeave a comment, the spokesman joked, as reporters waited outside.\nThe ministers agreed to send more systems to the east.\nThey will meet again in June.",
			want: "Alliance ministers met in Brussels on Thursday to discuss air defence.\nThe talks were closed to the press.\nThe ministers agreed to send more systems to the east.\nThey will meet again in June.",
		},
		{
			name: "repeated paragraph kept once",
			in:   "Alliance ministers met in Brussels on Thursday to discuss air defence.\nAlliance ministers met in Brussels on Thursday to discuss air defence.",
			want: "Alliance ministers met in Brussels on Thursday to discuss air defence.",
		},
		{
			name:     "dated header",
			in:       "Talks resume\nFriday, June 9, 2023\n\nNegotiators met in Geneva and agreed to meet again next month.",
			want:     "Negotiators met in Geneva and agreed to meet again next month.",
			title:    "Talks resume",
			dateline: "2023-06-09",
		},
		{
			name:   "agency dateline names the outlet",
			in:     "Talks resume\n\nGENEVA (Alpine Wire) - Negotiators met in Geneva and agreed to meet again next month.",
			want:   "GENEVA (Alpine Wire) - Negotiators met in Geneva and agreed to meet again next month.",
			title:  "Talks resume",
			outlet: "Alpine Wire",
		},
		{
			name:  "hard-wrapped text is rejoined",
			in:    "Talks resume in Geneva\n\nNegotiators from both countries met in Geneva on Monday for the\nfirst time since the ceasefire, officials said, and agreed to meet\nagain next month to discuss the exchange of prisoners and the\nreturn of displaced families.\n\nThe talks were held behind closed doors at a hotel near the lake\nand lasted more than six hours, according to a statement issued\nby the mediators late on Monday.\n",
			want:  "Negotiators from both countries met in Geneva on Monday for the first time since the ceasefire, officials said, and agreed to meet again next month to discuss the exchange of prisoners and the return of displaced families.\n\nThe talks were held behind closed doors at a hotel near the lake and lasted more than six hours, according to a statement issued by the mediators late on Monday.",
			title: "Talks resume in Geneva",
		},
		{
			name: "no prose at all keeps the lines",
			in:   "Ceasefire holds\nTalks next week",
			want: "Ceasefire holds\nTalks next week",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := cleanText(normalizeText(tc.in), true)
			if c.text != tc.want || c.title != tc.title || c.outlet != tc.outlet || c.dateline != tc.dateline {
				t.Errorf("got text %q title %q outlet %q dateline %q\nwant text %q title %q outlet %q dateline %q",
					c.text, c.title, c.outlet, c.dateline, tc.want, tc.title, tc.outlet, tc.dateline)
			}
		})
	}
}

func TestNormalizeText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"\ufeffa\r\nb\rc", "a\nb\nc"},
		{"a\u00a0\u00a0b \t c  ", "a b c"},
		{"\n\n a \n\n\n\n b \n\n", "a\n\nb"},
		{"zero\u200bwidth\u00adsoft", "zerowidthsoft"},
		{"bad \xff byte", "bad \ufffd byte"},
		{"ctrl\x01\x02x", "ctrlx"},
	} {
		if got := normalizeText(tc.in); got != tc.want {
			t.Errorf("normalizeText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
