package nlp

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want string // tokens joined by " | "
	}{
		{"The U.S. Army's Gen. Smith met Lt. Col. Jones on Jan. 5.",
			"The | U.S. | Army | 's | Gen. | Smith | met | Lt. | Col. | Jones | on | Jan. | 5 | ."},
		{"Russia's Su-35 and MQ-9 drones over Al-Tanf; Tu-22M3 bombers.",
			"Russia | 's | Su-35 | and | MQ-9 | drones | over | Al-Tanf | ; | Tu-22M3 | bombers | ."},
		{"Moscow’s forces hit the al-Thawra group's F-16s.",
			"Moscow | ’s | forces | hit | the | al-Thawra | group | 's | F-16s | ."},
		{"He said: “We don't know.”",
			"He | said | : | “ | We | do | n't | know | . | ”"},
		{"About 300,000 troops and $1.5bn in aid, 1.5 percent.",
			"About | 300,000 | troops | and | $ | 1.5bn | in | aid | , | 1.5 | percent | ."},
		{"Visit https://example.com/a?b=1, or mail info@example.org.",
			"Visit | https://example.com/a?b=1 | , | or | mail | info@example.org | ."},
		{"the war-torn country of co-workers and a 15-year term",
			"the | war | - | torn | country | of | co-workers | and | a | 15 | - | year | term"},
		{"It cannot be—she said—gonna happen...",
			"It | can | not | be | — | she | said | — | gon | na | happen | ..."},
		{"At 06:49:16 GMT on 11/28/2000 (Photo: AFP/Getty)",
			"At | 06:49:16 | GMT | on | 11/28/2000 | ( | Photo | : | AFP | / | Getty | )"},
		{"They won't, I'm sure, and we'd say \"no\" -- or not.",
			"They | wo | n't | , | I | 'm | sure | , | and | we | 'd | say | \" | no | \" | -- | or | not | ."},
		{"the students' books e.g. at 5 p.m. today",
			"the | students | ' | books | e.g. | at | 5 | p.m. | today"},
		{"COVID-19 and Iran-Russia ties", "COVID-19 | and | Iran | - | Russia | ties"},
		{"", ""},
		{"   \n\t ", ""},
	}
	for _, tt := range tests {
		toks := Tokenize(tt.in)
		var got []string
		for _, tok := range toks {
			got = append(got, tok.Text)
			if tt.in[tok.Start:tok.End] != tok.Text {
				t.Errorf("Tokenize(%q): token %q has offsets %d:%d = %q", tt.in, tok.Text, tok.Start, tok.End, tt.in[tok.Start:tok.End])
			}
		}
		if g := strings.Join(got, " | "); g != tt.want {
			t.Errorf("Tokenize(%q)\n got %s\nwant %s", tt.in, g, tt.want)
		}
	}
}

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"He arrived in the U.S. The talks began.", []string{"He arrived in the U.S.", "The talks began."}},
		{"Mr. Smith went to Washington. He left on Jan. 5.", []string{"Mr. Smith went to Washington.", "He left on Jan. 5."}},
		{"Gen. Erik Kurilla said “we will stay.” The U.S. Army agreed!", []string{"Gen. Erik Kurilla said “we will stay.”", "The U.S. Army agreed!"}},
		{"Iran-Russia Urge to Push US Out of Syria\nThe official said so.", []string{"Iran-Russia Urge to Push US Out of Syria", "The official said so."}},
		{"A line that is\nhard wrapped here. Next one?\n\nNew paragraph", []string{"A line that is\nhard wrapped here.", "Next one?", "New paragraph"}},
		{"Jennifer M. Anderson was nominated... and confirmed.", []string{"Jennifer M. Anderson was nominated... and confirmed."}},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range SplitSentences(tt.in) {
			got = append(got, s.Text)
			if tt.in[s.Start:s.End] != s.Text {
				t.Errorf("sentence offsets %d:%d do not match %q", s.Start, s.End, s.Text)
			}
		}
		if strings.Join(got, "‖") != strings.Join(tt.want, "‖") {
			t.Errorf("SplitSentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"The U.S. Army's Gen. Smith met Lt. Col. Jones on Jan. 5.",
		"“We don't know.” -- Su-35, MQ-9 (Al-Tanf) 300,000 1.5bn https://x.org/a?b",
		"'90s '' \"\" ... …… —– $ ' ’s n't", "\xff\xfe.\x00", "a-b-c- -d --e", "U.S.A.. e.g.,",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		last := 0
		for _, tok := range Tokenize(text) {
			if tok.Start < last || tok.End <= tok.Start || tok.End > len(text) {
				t.Fatalf("bad offsets %d:%d after %d in %q", tok.Start, tok.End, last, text)
			}
			if tok.Text != text[tok.Start:tok.End] || strings.TrimSpace(tok.Text) == "" && utf8.ValidString(tok.Text) {
				t.Fatalf("bad token %q at %d:%d in %q", tok.Text, tok.Start, tok.End, text)
			}
			last = tok.End
		}
		last = 0
		for _, s := range SplitSentences(text) {
			if s.Start < last || s.End > len(text) || len(s.Tokens) == 0 || s.Text != text[s.Start:s.End] {
				t.Fatalf("bad sentence %d:%d in %q", s.Start, s.End, text)
			}
			last = s.End
		}
	})
}
