package eval

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/sitrep/sitrep"
)

var update = flag.Bool("update", false, "rewrite golden files")

// scoreOne scores recs against a coder that returns ans[i] for recs[i].
func scoreOne(t *testing.T, recs []Record, ans ...*sitrep.Analysis) *FileResult {
	t.Helper()
	c := &fakeCoder{byText: map[string]*sitrep.Analysis{}}
	for i := range recs {
		if recs[i].Text == "" {
			recs[i].Text = "text " + recs[i].ID
		}
		if i < len(ans) {
			c.byText[recs[i].Text] = ans[i]
		}
	}
	res, err := Score(context.Background(), c, "dir/x.gold.jsonl", recs, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func val(p *float64) string {
	if p == nil {
		return "null"
	}
	return fraction(p)
}

func prfString(p *PRF) string {
	if p == nil {
		return "null"
	}
	return strings.Join([]string{
		strconv.Itoa(p.Gold), strconv.Itoa(p.Predicted), strconv.Itoa(p.Matched), val(p.Precision), val(p.Recall), val(p.F1),
	}, " ")
}

func TestScoreEvents(t *testing.T) {
	rus, syr, tur := actors("RUS"), actors("SYR"), actors("TUR")
	assault := func(a, r []sitrep.Actor) sitrep.Event { return sitrep.Event{Type: "ASSAULT", Actor: a, Recipient: r} }
	gassault := func(a, r []sitrep.Actor) GoldEvent { return GoldEvent{Type: "ASSAULT", Actor: a, Recipient: r} }
	tests := []struct {
		name   string
		recs   []Record
		ans    []*sitrep.Analysis
		events string // gold predicted matched P R F1
	}{
		{
			name:   "event: precision and recall",
			recs:   []Record{{ID: "a", Level: LevelEvent, Events: []GoldEvent{gassault(rus, syr), gassault(tur, syr)}}},
			ans:    []*sitrep.Analysis{analysis(assault(rus, syr), assault(syr, tur), assault(rus, tur))},
			events: "2 3 1 0.333 0.500 0.400",
		},
		{
			name:   "event: symmetric gold matches swapped",
			recs:   []Record{{ID: "a", Level: LevelEvent, Events: []GoldEvent{{Type: "ASSAULT", Actor: tur, Recipient: syr, Symmetric: true}}}},
			ans:    []*sitrep.Analysis{analysis(assault(syr, tur))},
			events: "1 1 1 1.000 1.000 1.000",
		},
		{
			name:   "partial: recall only, predictions counted",
			recs:   []Record{{ID: "a", Level: LevelPartial, Events: []GoldEvent{gassault(rus, nil)}}},
			ans:    []*sitrep.Analysis{analysis(assault(tur, syr), assault(rus, syr))},
			events: "1 2 1 null 1.000 null",
		},
		{
			name: "mixed: precision on event records only",
			recs: []Record{
				{ID: "a", Level: LevelEvent, Events: []GoldEvent{gassault(rus, syr)}},
				{ID: "b", Level: LevelPartial, Events: []GoldEvent{gassault(tur, syr), gassault(rus, syr)}},
			},
			ans: []*sitrep.Analysis{
				analysis(assault(rus, syr), assault(tur, syr)),
				analysis(assault(tur, syr), assault(syr, syr), assault(syr, syr)),
			},
			// P = 1/2 (record a), R = 2/3.
			events: "3 5 2 0.500 0.667 0.571",
		},
		{
			name:   "event: nothing predicted",
			recs:   []Record{{ID: "a", Level: LevelEvent, Events: []GoldEvent{gassault(rus, syr)}}},
			ans:    []*sitrep.Analysis{analysis()},
			events: "1 0 0 null 0.000 0.000",
		},
		{
			name:   "event: nothing to find, nothing found",
			recs:   []Record{{ID: "a", Level: LevelEvent}},
			events: "0 0 0 null null null",
		},
		{
			name:   "event: nothing to find, something found",
			recs:   []Record{{ID: "a", Level: LevelEvent}},
			ans:    []*sitrep.Analysis{analysis(assault(rus, syr))},
			events: "0 1 0 0.000 null 0.000",
		},
		{
			name:   "greedy in file order",
			recs:   []Record{{ID: "a", Level: LevelPartial, Events: []GoldEvent{gassault(rus, nil), gassault(rus, syr)}}},
			ans:    []*sitrep.Analysis{analysis(assault(rus, syr), assault(rus, tur))},
			events: "2 2 1 null 0.500 null",
		},
		{
			name:   "one prediction matches one gold event",
			recs:   []Record{{ID: "a", Level: LevelEvent, Events: []GoldEvent{gassault(rus, syr), gassault(rus, syr)}}},
			ans:    []*sitrep.Analysis{analysis(assault(rus, syr))},
			events: "2 1 1 1.000 0.500 0.667",
		},
		{
			name:   "events on document and quad records are ignored",
			recs:   []Record{{ID: "a", Level: LevelDocument, Types: []string{"ASSAULT"}, Events: []GoldEvent{gassault(rus, syr)}}},
			ans:    []*sitrep.Analysis{analysis(assault(rus, syr))},
			events: "null",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := scoreOne(t, tt.recs, tt.ans...)
			if got := prfString(res.Events); got != tt.events {
				t.Errorf("events = %s, want %s", got, tt.events)
			}
		})
	}
}

func TestScoreStrict(t *testing.T) {
	// Two sentences of the same kind of event, so that only the evidence
	// tells the gold events apart.
	const title = "Russian strikes on Kharkiv and Odesa"
	const text = "Russian missiles struck Kharkiv. Russian drones hit Odesa."
	const s1, s2 = "Russian missiles struck Kharkiv.", "Russian drones hit Odesa."
	rus, ukr := actors("RUS"), actors("UKR")
	g := func(evidence string) GoldEvent {
		return GoldEvent{Type: "ASSAULT", Actor: rus, Recipient: ukr, Evidence: evidence}
	}
	gsym := func(evidence string) GoldEvent {
		e := g(evidence)
		e.Symmetric = true
		return e
	}
	// p codes the sentence at [start, end) of the text, or of the title
	// when sentence is -1.
	p := func(sentence, start, end int) sitrep.Event {
		return sitrep.Event{Type: "ASSAULT", Actor: rus, Recipient: ukr, Sentence: sentence, Start: start, End: end}
	}
	swapped := func(e sitrep.Event) sitrep.Event {
		e.Actor, e.Recipient = e.Recipient, e.Actor
		return e
	}
	first, second, headline := p(0, 0, 32), p(1, 33, 58), p(-1, 0, len(title))
	tests := []struct {
		name           string
		level          string
		gold           []GoldEvent
		pred           []sitrep.Event
		events, strict string // gold predicted matched P R F1
		loose          int    // LooseMatch errors
	}{
		{"evidence overlaps", LevelEvent, []GoldEvent{g(s1), g(s2)}, []sitrep.Event{first, second},
			"2 2 2 1.000 1.000 1.000", "2 2 2 1.000 1.000 1.000", 0},
		{"the prediction states the other gold event", LevelEvent, []GoldEvent{g(s1), g(s2)}, []sitrep.Event{second},
			"2 1 1 1.000 0.500 0.667", "2 1 1 1.000 0.500 0.667", 1},
		{"evidence elsewhere", LevelEvent, []GoldEvent{g(s1)}, []sitrep.Event{second},
			"1 1 1 1.000 1.000 1.000", "1 1 0 0.000 0.000 0.000", 1},
		{"strict pairs independently", LevelEvent, []GoldEvent{g(s1), g(s2)}, []sitrep.Event{second, first},
			"2 2 2 1.000 1.000 1.000", "2 2 2 1.000 1.000 1.000", 0},
		{"headline event, gold in the text", LevelEvent, []GoldEvent{g(s1)}, []sitrep.Event{headline},
			"1 1 1 1.000 1.000 1.000", "1 1 0 0.000 0.000 0.000", 1},
		{"headline event, gold in the title", LevelEvent, []GoldEvent{g("strikes on Kharkiv")}, []sitrep.Event{headline},
			"1 1 1 1.000 1.000 1.000", "1 1 1 1.000 1.000 1.000", 0},
		{"text event, gold in the title", LevelEvent, []GoldEvent{g("strikes on Kharkiv")}, []sitrep.Event{first},
			"1 1 1 1.000 1.000 1.000", "1 1 0 0.000 0.000 0.000", 1},
		{"symmetric, swapped, overlapping", LevelEvent, []GoldEvent{gsym(s2)}, []sitrep.Event{swapped(second)},
			"1 1 1 1.000 1.000 1.000", "1 1 1 1.000 1.000 1.000", 0},
		{"symmetric, swapped, elsewhere", LevelEvent, []GoldEvent{gsym(s2)}, []sitrep.Event{swapped(first)},
			"1 1 1 1.000 1.000 1.000", "1 1 0 0.000 0.000 0.000", 1},
		{"not symmetric, swapped, overlapping", LevelEvent, []GoldEvent{g(s2)}, []sitrep.Event{swapped(second)},
			"1 1 0 0.000 0.000 0.000", "1 1 0 0.000 0.000 0.000", 0},
		{"gold without evidence", LevelEvent, []GoldEvent{g("")}, []sitrep.Event{second},
			"1 1 1 1.000 1.000 1.000", "1 1 1 1.000 1.000 1.000", 0},
		{"gold evidence not in the record", LevelEvent, []GoldEvent{g("Shells fell on Kherson.")}, []sitrep.Event{second},
			"1 1 1 1.000 1.000 1.000", "1 1 1 1.000 1.000 1.000", 0},
		{"prediction without offsets: its evidence string", LevelEvent, []GoldEvent{g(s1)},
			[]sitrep.Event{{Type: "ASSAULT", Actor: rus, Recipient: ukr, Evidence: "drones hit Odesa"}},
			"1 1 1 1.000 1.000 1.000", "1 1 0 0.000 0.000 0.000", 1},
		{"partial: recall only", LevelPartial, []GoldEvent{g(s1), g(s2)}, []sitrep.Event{second, second},
			"2 2 2 null 1.000 null", "2 2 1 null 0.500 null", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := scoreOne(t, []Record{{ID: "a", Level: tt.level, Title: title, Text: text, Events: tt.gold}}, analysis(tt.pred...))
			if got := prfString(res.Events); got != tt.events {
				t.Errorf("events = %s, want %s", got, tt.events)
			}
			if got := prfString(res.EventsStrict); got != tt.strict {
				t.Errorf("events_strict = %s, want %s", got, tt.strict)
			}
			loose := 0
			for _, e := range res.Errors {
				if e.Kind == LooseMatch {
					loose++
					if e.Gold == nil || e.Predicted == nil || !strings.Contains(e.String(), "gold ") {
						t.Errorf("loose match item %+v", e)
					}
				}
			}
			if loose != tt.loose {
				t.Errorf("%d loose matches, want %d", loose, tt.loose)
			}
		})
	}
}

func TestScoreDatesAndLocations(t *testing.T) {
	g := func(date string, loc *sitrep.Location) GoldEvent {
		return GoldEvent{Type: "PROTEST", Actor: actors("IND"), Date: date, Location: loc}
	}
	p := func(date string, loc *sitrep.Location) sitrep.Event {
		return sitrep.Event{Type: "PROTEST", Actor: actors("IND"), Date: date, Location: loc}
	}
	recs := []Record{
		{ID: "a", Level: LevelPartial, Events: []GoldEvent{
			g("2023-07", pt(10, 20)),               // day-precise prediction, 0 km: both agree
			g("2023-07-14", pt(10, 20)),            // year only, 67 km: neither
			g("", &sitrep.Location{Name: "Delhi"}), // nothing to score
			g("2020", nil),                         // unmatched: not scored
		}},
	}
	ans := analysis(
		p("2023-07-14", pt(10, 20)),
		p("2023", pt(10.6, 20)),
		p("2023-07-14", pt(50, 50)),
		sitrep.Event{Type: "ASSAULT", Date: "2020"},
	)
	res := scoreOne(t, recs, ans)
	if got := val(res.DateAccuracy); got != "0.500" || res.Dates != 2 {
		t.Errorf("date accuracy = %s of %d, want 0.500 of 2", got, res.Dates)
	}
	if got := val(res.LocationAccuracy); got != "0.500" || res.Locations != 2 {
		t.Errorf("location accuracy = %s of %d, want 0.500 of 2", got, res.Locations)
	}

	// No gold dates or coordinates: null.
	res = scoreOne(t, []Record{{ID: "a", Level: LevelEvent, Events: []GoldEvent{g("", nil)}}}, analysis(p("2023", pt(1, 1))))
	if res.DateAccuracy != nil || res.LocationAccuracy != nil {
		t.Errorf("accuracies = %s, %s; want null", val(res.DateAccuracy), val(res.LocationAccuracy))
	}
}

func TestScoreDocumentTypes(t *testing.T) {
	ev := func(types ...string) *sitrep.Analysis {
		var es []sitrep.Event
		for _, t := range types {
			es = append(es, sitrep.Event{Type: t})
		}
		return analysis(es...)
	}
	tests := []struct {
		name  string
		recs  []Record
		ans   []*sitrep.Analysis
		types string
	}{
		{"exact", []Record{{ID: "a", Level: LevelDocument, Types: []string{"ASSAULT"}}}, []*sitrep.Analysis{ev("ASSAULT")}, "1 1 1 1.000 1.000 1.000"},
		{"repeats count once", []Record{{ID: "a", Level: LevelDocument, Types: []string{"ASSAULT", "ASSAULT"}}}, []*sitrep.Analysis{ev("ASSAULT", "ASSAULT", "COERCE")}, "1 2 1 0.500 1.000 0.667"},
		{"empty types: every emitted type is false", []Record{{ID: "a", Level: LevelDocument, Types: []string{}}}, []*sitrep.Analysis{ev("ASSAULT", "PROTEST")}, "0 2 0 0.000 null 0.000"},
		{"empty types, nothing emitted", []Record{{ID: "a", Level: LevelDocument, Types: []string{}}}, []*sitrep.Analysis{ev()}, "0 0 0 null null null"},
		{
			"micro-averaged",
			[]Record{
				{ID: "a", Level: LevelDocument, Types: []string{"ASSAULT", "PROTEST"}},
				{ID: "b", Level: LevelDocument, Types: []string{"AGREE"}},
				{ID: "c", Level: LevelDocument, Types: []string{}},
			},
			[]*sitrep.Analysis{ev("ASSAULT"), ev("AGREE", "CONSULT"), ev("ASSAULT")},
			"3 4 2 0.500 0.667 0.571",
		},
		{"not on event records", []Record{{ID: "a", Level: LevelEvent}}, []*sitrep.Analysis{ev("ASSAULT")}, "null"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := scoreOne(t, tt.recs, tt.ans...)
			if got := prfString(res.DocumentTypes); got != tt.types {
				t.Errorf("document types = %s, want %s", got, tt.types)
			}
		})
	}
}

func TestScoreQuad(t *testing.T) {
	recs := []Record{
		{ID: "none", Level: LevelQuad, Quad: sitrep.QuadStatement},
		{ID: "type", Level: LevelQuad, Quad: sitrep.QuadMaterialConflict},
		{ID: "field", Level: LevelQuad, Quad: sitrep.QuadVerbalConflict},
		{ID: "first", Level: LevelQuad, Quad: sitrep.QuadVerbalCooperation},
		{ID: "wrong", Level: LevelQuad, Quad: sitrep.QuadVerbalConflict},
	}
	res := scoreOne(t, recs,
		analysis(),
		analysis(sitrep.Event{Type: "ASSAULT"}),
		analysis(sitrep.Event{Type: "ASSAULT", Quad: sitrep.QuadVerbalConflict}),
		analysis(sitrep.Event{Type: "CONSULT"}, sitrep.Event{Type: "ASSAULT"}),
		analysis(),
	)
	if got := val(res.QuadAccuracy); got != "0.800" {
		t.Errorf("quad accuracy = %s, want 0.800", got)
	}
	if len(res.Errors) != 1 || res.Errors[0].Kind != WrongQuad || res.Errors[0].PredictedQuad != sitrep.QuadStatement {
		t.Errorf("errors = %v, want one wrong quad predicted statement", res.Errors)
	}
	if res.Events != nil || res.DocumentTypes != nil || res.Transfers != nil || res.DateAccuracy != nil {
		t.Errorf("figures not allowed by the quad level are set: %+v", res)
	}
}

func TestScoreTransfers(t *testing.T) {
	gt := func(s, r, c string) GoldTransfer { return GoldTransfer{Supplier: s, Recipient: r, Category: c} }
	pt := func(s, r, c string) sitrep.Transfer { return sitrep.Transfer{Supplier: s, Recipient: r, Category: c} }
	tests := []struct {
		name      string
		recs      []Record
		ans       []*sitrep.Analysis
		transfers string
	}{
		{
			"event: precision and recall",
			[]Record{{ID: "a", Level: LevelEvent, Transfers: []GoldTransfer{gt("IRN", "RUS", "drone"), gt("IRN", "RUS", "drone"), gt("RUS", "IRN", "aircraft")}}},
			[]*sitrep.Analysis{{Transfers: []sitrep.Transfer{pt("IRN", "RUS", "drone"), pt("IRN", "RUS", "missile"), pt("IRN", "RUS", "aircraft")}}},
			"3 3 1 0.333 0.333 0.333",
		},
		{
			"event without gold transfers: predictions are false",
			[]Record{{ID: "a", Level: LevelEvent}},
			[]*sitrep.Analysis{{Transfers: []sitrep.Transfer{pt("IRN", "RUS", "drone")}}},
			"0 1 0 0.000 null 0.000",
		},
		{
			"partial: recall only",
			[]Record{{ID: "a", Level: LevelPartial, Transfers: []GoldTransfer{gt("IRN", "RUS", "drone")}}},
			[]*sitrep.Analysis{{Transfers: []sitrep.Transfer{pt("IRN", "RUS", "drone"), pt("USA", "UKR", "armour")}}},
			"1 2 1 null 1.000 null",
		},
		{
			"partial without gold transfers: not scored",
			[]Record{{ID: "a", Level: LevelPartial}},
			[]*sitrep.Analysis{{Transfers: []sitrep.Transfer{pt("IRN", "RUS", "drone")}}},
			"null",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := scoreOne(t, tt.recs, tt.ans...)
			if got := prfString(res.Transfers); got != tt.transfers {
				t.Errorf("transfers = %s, want %s", got, tt.transfers)
			}
		})
	}
}

func TestScoreCoderFailure(t *testing.T) {
	recs := []Record{{ID: "a", Text: "fine", Level: LevelEvent, Line: 1}, {ID: "b", Text: "bad", Level: LevelEvent, Line: 2}}
	for _, c := range []*fakeCoder{{fail: "bad"}, {panic: "bad"}} {
		_, err := Score(context.Background(), c, "x.jsonl", recs, Options{})
		if err == nil || !strings.HasPrefix(err.Error(), `x.jsonl:2: record "b": `) {
			t.Errorf("err = %v, want x.jsonl:2: record \"b\": ...", err)
		}
		if c.fail != "" && !errors.Is(err, errFake) {
			t.Errorf("err = %v, want it to wrap the coder's error", err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Score(ctx, &fakeCoder{}, "x.jsonl", recs, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: err = %v", err)
	}
}

// TestScoreDeterministic checks that the number of workers does not change
// the result or the order of errors.
func TestScoreDeterministic(t *testing.T) {
	mixed, err := ReadFile("testdata/mixed.gold.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	c := loadPredictions(t, mixed)
	var want string
	for _, workers := range []int{1, 3, 16} {
		var calls int
		res, err := Score(context.Background(), c, "mixed.gold.jsonl", mixed, Options{Workers: workers, Progress: func(done, total int) {
			calls++
			if done != calls || total != len(mixed) {
				t.Errorf("progress(%d, %d) on call %d", done, total, calls)
			}
		}})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		WriteJSON(&b, []*FileResult{res})
		WriteErrors(&b, res)
		if want == "" {
			want = b.String()
		} else if b.String() != want {
			t.Errorf("workers=%d gives\n%s\nwant\n%s", workers, b.String(), want)
		}
	}
}

// TestGolden scores the testdata gold files with canned predictions and
// compares the --json output, the table and the error list with golden
// files. Run with -update to rewrite them.
func TestGolden(t *testing.T) {
	var results []*FileResult
	var all [][]Record
	names := []string{"testdata/mixed.gold.jsonl", "testdata/partial.gold.jsonl", "testdata/empty.gold.jsonl"}
	for _, name := range names {
		recs, err := ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, recs)
	}
	c := loadPredictions(t, all...)
	for i, name := range names {
		res, err := Score(context.Background(), c, name, all[i], Options{})
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, res)
	}
	var js, table, errs bytes.Buffer
	if err := WriteJSON(&js, results); err != nil {
		t.Fatal(err)
	}
	if err := WriteTable(&table, results); err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if err := WriteErrors(&errs, r); err != nil {
			t.Fatal(err)
		}
	}
	golden(t, "testdata/report.golden.json", js.Bytes())
	golden(t, "testdata/table.golden.txt", table.Bytes())
	golden(t, "testdata/errors.golden.txt", errs.Bytes())
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// BenchmarkScore measures the scoring overhead on a quad-sized file
// (1,346 records) with a coder that costs nothing.
func BenchmarkScore(b *testing.B) {
	recs := make([]Record, 1346)
	c := &fakeCoder{byText: map[string]*sitrep.Analysis{}}
	for i := range recs {
		r := &recs[i]
		r.ID, r.Text, r.Level, r.Line = strconv.Itoa(i), "text "+strconv.Itoa(i), LevelEvent, i+1
		r.Events = []GoldEvent{{Type: "ASSAULT", Actor: actors("RUS"), Recipient: actors("SYR"), Date: "2023-07-14", Location: pt(10, 20)}}
		c.byText[r.Text] = analysis(
			sitrep.Event{Type: "ASSAULT", Actor: actors("SYR"), Recipient: actors("RUS")},
			sitrep.Event{Type: "ASSAULT", Actor: actors("RUS"), Recipient: actors("SYR"), Date: "2023-07-14", Location: pt(10.1, 20)},
		)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Score(context.Background(), c, "bench.jsonl", recs, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(recs))*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
