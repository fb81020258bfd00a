package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/sqlite"
)

// attributedDB stores one document whose events carry a source, a
// certainty, mentions and a contradiction, as the coder will code them,
// and returns the database's path.
func attributedDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const title = "Kyiv says Russian jets struck Kharkiv"
	const text = "Ukraine said Russian jets struck Kharkiv on Friday. Moscow denied the strike. The strike hit a school."
	s0, s1, s2 := strings.Index(text, "Ukraine"), strings.Index(text, "Moscow"), strings.Index(text, "The strike")
	doc := &sitrep.Document{Hash: "h1", Title: title, Outlet: "Kyiv Independent", Source: "x.txt", Published: "2023-07-15",
		Text: text, IngestedAt: time.Date(2023, 7, 15, 0, 0, 0, 0, time.UTC)}
	rus, ukr := []sitrep.Actor{{Country: "RUS", Sector: "MIL"}}, []sitrep.Actor{{Country: "UKR"}}
	a := &sitrep.Analysis{Events: []sitrep.Event{
		{
			Type: "ASSAULT", Mode: "aerial", Actor: rus, Recipient: ukr, Date: "2023-07-14",
			Evidence: text[s0 : s1-1], Sentence: 0, Start: s0, End: s1 - 1,
			Trigger: sitrep.Span{Start: strings.Index(text, "struck"), End: strings.Index(text, "struck") + 6, Text: "struck"},
			Rule:    "verb assault:strike", Quad: sitrep.QuadMaterialConflict, CAMEO: "19", Goldstein: -10,
			Source:    &sitrep.Source{Name: "Ukraine", Country: "UKR", Sector: "GOV", Kind: sitrep.SourceSpeaker},
			Certainty: sitrep.CertaintyAlleged,
			Mentions: []sitrep.EvidenceSpan{
				{Sentence: 0, Start: s0, End: s1 - 1, Text: text[s0 : s1-1]},
				{Sentence: 2, Start: s2, End: len(text), Text: text[s2:]},
				{Sentence: -1, Start: 0, End: len(title), Text: title},
			},
			ContradictedBy: []string{"e2"},
		},
		{
			Type: "REJECT", Actor: []sitrep.Actor{{Country: "RUS", Sector: "GOV"}}, Recipient: ukr, Date: "2023-07-15",
			Evidence: text[s1 : s2-1], Sentence: 1, Start: s1, End: s2 - 1, Rule: "verb reject:deny",
			Quad: sitrep.QuadVerbalConflict, CAMEO: "12", Goldstein: -4,
			Source:    &sitrep.Source{Name: "Kyiv Independent", Kind: sitrep.SourceDocument},
			Certainty: sitrep.CertaintyAsserted,
		},
		{
			Type: "CONSULT", Actor: ukr, Recipient: []sitrep.Actor{}, Evidence: text[s2:], Sentence: 2, Start: s2, End: len(text),
			Rule: "verb consult:meet", Quad: sitrep.QuadVerbalCooperation, CAMEO: "04", Goldstein: 1,
		},
	}}
	if _, _, err := db.AddDocument(ctx, doc, a); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestShowAttribution(t *testing.T) {
	db := attributedDB(t)
	code, out, stderr := sitrepCmd(t, "", "show", "--db", db, "d1-e1")
	if code != 0 {
		t.Fatalf("show: exit %d: %s", code, stderr)
	}
	golden(t, "show-attributed.txt", out)

	// An event without attribution shows dashes.
	code, out, stderr = sitrepCmd(t, "", "show", "--db", db, "d1-e3")
	if code != 0 || !strings.Contains(out, "Source     -\n") || !strings.Contains(out, "Certainty  -\n") ||
		strings.Contains(out, "Mentions") || strings.Contains(out, "Contradicted") {
		t.Errorf("show of an unattributed event: exit %d %s\n%s", code, stderr, out)
	}

	// --json carries the fields, with stored IDs.
	code, out, _ = sitrepCmd(t, "", "show", "--db", db, "--json", "d1-e1")
	var ev sitrep.Event
	if err := json.Unmarshal([]byte(out), &ev); code != 0 || err != nil {
		t.Fatalf("show --json: exit %d, %v\n%s", code, err, out)
	}
	if ev.Source == nil || ev.Source.Name != "Ukraine" || ev.Certainty != "alleged" || len(ev.Mentions) != 3 ||
		len(ev.ContradictedBy) != 1 || ev.ContradictedBy[0] != "d1-e2" {
		t.Errorf("show --json = %+v", ev)
	}
}

func TestEventsAttribution(t *testing.T) {
	db := attributedDB(t)
	tests := []struct {
		name string
		args []string
		code int
		want []string // substrings of stdout (stderr when code != 0)
		not  []string
	}{
		{"csv", []string{"--csv"}, 0, []string{
			",evidence,source,certainty\n",
			`,Ukraine said Russian jets struck Kharkiv on Friday.,"Ukraine (UKR/GOV, speaker)",alleged` + "\n",
			`,Moscow denied the strike.,Kyiv Independent (document),asserted` + "\n",
			",The strike hit a school.,,\n",
		}, nil},
		{"certainty", []string{"--certainty", "alleged"}, 0, []string{"d1-e1"}, []string{"d1-e2", "d1-e3"}},
		{"certainty, upper case", []string{"--certainty", "ASSERTED"}, 0, []string{"d1-e2"}, []string{"d1-e1", "d1-e3"}},
		{"certainty, none", []string{"--certainty", "denied"}, 0, nil, []string{"d1-e"}},
		{"certainty, bad", []string{"--certainty", "likely"}, 1, []string{`bad certainty "likely"`}, nil},
		{"json", []string{"--json", "--certainty", "alleged"}, 0, []string{`"contradicted_by":["d1-e2"]`, `"certainty":"alleged"`, `"kind":"speaker"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := sitrepCmd(t, "", append([]string{"events", "--db", db}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, stderr)
			}
			if code != 0 {
				out = stderr
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(out, w) {
					t.Errorf("output has %q:\n%s", w, out)
				}
			}
		})
	}
}
