//go:build devstats

// Development diagnostics over the gold sets (not run by default):
//
//	go test -tags devstats ./coder -run DevStats -devfile ../../shared/eval/dev/news.gold.jsonl [-devv]
//
// They count, for each gold event, whether a candidate of the right type with
// reachable participants exists, and explain single texts and records.

package coder

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/eval"
	"github.com/sitrep/sitrep/kb"
)

var devFile = flag.String("devfile", "", "gold file for TestDevStats")
var devVerbose = flag.Bool("devv", false, "print misses")

func TestDevStats(t *testing.T) {
	if *devFile == "" {
		t.Skip()
	}
	k, _ := kb.Default()
	c, _ := New(k, WithoutModels())
	recs, _ := eval.ReadFile(*devFile)
	tab := map[string]int{}
	for _, rec := range recs {
		l := newLabeler(&rec)
		type info struct {
			cand, actorReach, recipReach bool
			types                        []string
		}
		infos := make([]info, len(rec.Events))
		c.code(context.Background(), rec.Input(), &hooks{cand: func(s *sentence, cd *candidate) {
			if cd.m.p.typ == noEvent {
				return
			}
			for _, g := range l.spans {
				if g.title != (s.index < 0) || s.span.Start >= g.end || s.span.End <= g.start {
					continue
				}
				gi := -1
				for k := range rec.Events {
					if &rec.Events[k] == g.ev {
						gi = k
					}
				}
				in := &infos[gi]
				typ := cd.ev.Type
				in.types = append(in.types, typ)
				if typ != g.typ {
					continue
				}
				in.cand = true
				has := func(side []sitrep.Actor) bool {
					cs := map[string]bool{}
					for _, a := range side {
						if a.Country != "" {
							cs[a.Country] = true
						}
					}
					if len(cs) == 0 {
						return true
					}
					for _, p := range s.roleCandidates(cd) {
						if cs[p.m.Country] {
							return true
						}
					}
					return false
				}
				if has(g.ev.Actor) {
					in.actorReach = true
				}
				if has(g.ev.Recipient) {
					in.recipReach = true
				}
			}
		}})
		for i, in := range infos {
			key := "no candidate of type"
			if in.cand {
				key = fmt.Sprintf("cand actorReach=%v recipReach=%v", in.actorReach, in.recipReach)
			}
			tab[key]++
			tab["type:"+rec.Events[i].Type+":"+key]++
			if *devVerbose && (!in.cand || !in.actorReach || !in.recipReach) {
				g := rec.Events[i]
				fmt.Printf("MISS %s\t%s %v->%v\t%q\tcands=%v\n", key, g.Type, cs(g.Actor), cs(g.Recipient), g.Evidence, in.types)
			}
		}
	}
	var keys []string
	for k := range tab {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Println(k, tab[k])
	}
}

func cs(side []sitrep.Actor) string {
	var out []string
	for _, a := range side {
		out = append(out, a.Country)
	}
	return strings.Join(out, ",")
}

var devText = flag.String("devtext", "", "text for TestDevExplain")
var devModels = flag.String("devmodels", "", "model file for TestDevExplain")

func TestDevExplain(t *testing.T) {
	if *devText == "" {
		t.Skip()
	}
	k, _ := kb.Default()
	opts := []Option{WithoutModels()}
	if *devModels != "" {
		data, _ := os.ReadFile(*devModels)
		opts = []Option{WithModels(data)}
	}
	c, err := New(k, opts...)
	if err != nil {
		t.Fatal(err)
	}
	c.code(context.Background(), sitrep.Input{Text: *devText, Published: "2020-01-01"}, &hooks{cand: func(s *sentence, cd *candidate) {
		fmt.Printf("cand %s %q why=%v p=%.2f accept=%v ev=%s rule-actor=%v rule-recip=%v\n", cd.m.p.rule, cd.ev.Trigger.Text, cd.why, cd.p, cd.accept, Describe(&cd.ev), names(cd.actor), names(cd.recip))
		if rm := c.models["role"]; rm != nil {
			for _, p := range s.roleCandidates(cd) {
				var f feats
				s.roleFeatures(cd, cd.ev.Type, p, ruleRoleOf(cd, p), &f)
				f.add("src", "news")
				pr := rm.scores(&f, nil)
				fmt.Printf("    %-30q none %.2f actor %.2f recip %.2f path=%s\n", p.m.Text, pr[0], pr[1], pr[2], s.depPath(s.headOf(p), cd.triggerHead()))
			}
		}
	}})
}

func names(ps []participant) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.m.Text+"/"+p.m.Country)
	}
	return strings.Join(out, ",")
}

func TestDevRoles(t *testing.T) {
	if *devFile == "" {
		t.Skip()
	}
	k, _ := kb.Default()
	rules, _ := New(k, WithoutModels())
	var sets []TrainSet
	for _, f := range strings.Split(*devFile, ",") {
		recs, _ := eval.ReadFile(f)
		sets = append(sets, TrainSet{Name: f[strings.LastIndex(f, "/")+1:], Records: recs, Weight: 1})
	}
	tab := map[string]int{}
	for fold := 0; fold < 5; fold++ {
		skip := func(_, id string) bool { return Fold(id, 5) == fold }
		data, err := Train(context.Background(), rules, sets, TrainOptions{Skip: skip})
		if err != nil {
			t.Fatal(err)
		}
		ms, _ := readModels(data, "x")
		rm := ms["role"]
		for _, rec := range sets[0].Records {
			if !skip("", rec.ID) {
				continue
			}
			l := newLabeler(&rec)
			rules.code(context.Background(), rec.Input(), &hooks{cand: func(s *sentence, cd *candidate) {
				lab, g, _ := l.label(s, cd)
				if lab != 1 || g == nil || cd.m.p.flags["self"] || cd.m.p.flags["implied"] {
					return
				}
				ok := func(gold, pred []sitrep.Actor) bool {
					gs := map[string]bool{}
					for _, a := range gold {
						if a.Country != "" {
							gs[a.Country] = true
						}
					}
					if len(gs) == 0 {
						return countryKey(pred) == ""
					}
					for _, a := range pred {
						if gs[a.Country] {
							return true
						}
					}
					return false
				}
				ma, mr := s.modelRoles(rm, cd, cd.ev.Type)
				ka, kr := s.rankRoles(ms["actor"], ms["recipient"], cd, cd.ev.Type)
				tab[fmt.Sprintf("ranker actor=%v recip=%v", ok(g.Actor, actors(ka)), ok(g.Recipient, actors(kr)))]++
				ra, rr := actors(cd.actor), actors(cd.recip)
				tab[fmt.Sprintf("rules actor=%v recip=%v", ok(g.Actor, ra), ok(g.Recipient, rr))]++
				reach := func(side []sitrep.Actor) bool {
					if countryKey(side) == "" {
						return true
					}
					for _, p := range s.roleCandidates(cd) {
						for _, a := range side {
							if a.Country == p.m.Country {
								return true
							}
						}
					}
					return false
				}
				tab[fmt.Sprintf("reach actor=%v recip=%v", reach(g.Actor), reach(g.Recipient))]++
				if reach(g.Actor) {
					tab[fmt.Sprintf("reachable actor: model right=%v rules right=%v", ok(g.Actor, actors(ma)), ok(g.Actor, ra))]++
				}
				if reach(g.Recipient) {
					tab[fmt.Sprintf("reachable recip: model right=%v rules right=%v", ok(g.Recipient, actors(mr)), ok(g.Recipient, rr))]++
				}
				tab[fmt.Sprintf("model actor=%v recip=%v", ok(g.Actor, actors(ma)), ok(g.Recipient, actors(mr)))]++
				if *devVerbose && reach(g.Recipient) && !ok(g.Recipient, actors(mr)) && !ok(g.Recipient, rr) {
					var cands []string
					for _, p := range s.roleCandidates(cd) {
						cands = append(cands, p.m.Text+"/"+p.m.Country)
					}
					fmt.Printf("ROLE %s %q gold %s->%s model %s->%s | %v\n   %s\n", cd.ev.Type, cd.ev.Trigger.Text, cs(g.Actor), cs(g.Recipient), names(ma), names(mr), cands, s.span.Text)
				}
			}})
		}
	}
	var keys []string
	for k := range tab {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Println(k, tab[k])
	}
}

func TestDevEvent(t *testing.T) {
	if *devFile == "" {
		t.Skip()
	}
	k, _ := kb.Default()
	rules, _ := New(k, WithoutModels())
	var sets []TrainSet
	for _, f := range strings.Split(*devFile, ",") {
		recs, _ := eval.ReadFile(f)
		sets = append(sets, TrainSet{Name: f[strings.LastIndex(f, "/")+1:], Records: recs, Weight: 1})
	}
	type pl struct {
		p     float64
		label int
		rule  bool
	}
	var all []pl
	for fold := 0; fold < 5; fold++ {
		skip := func(_, id string) bool { return Fold(id, 5) == fold }
		data, _ := Train(context.Background(), rules, sets, TrainOptions{Skip: skip})
		ms, _ := readModels(data, "x")
		em := ms["event"]
		for _, rec := range sets[0].Records {
			if !skip("", rec.ID) {
				continue
			}
			l := newLabeler(&rec)
			rules.code(context.Background(), rec.Input(), &hooks{cand: func(s *sentence, cd *candidate) {
				if cd.m.p.typ == noEvent {
					return
				}
				lab, _, known := l.label(s, cd)
				if !known {
					return
				}
				var f feats
				s.eventFeatures(cd, &f)
				f.add("src", "news")
				all = append(all, pl{em.scores(&f, nil)[1], lab, cd.ok()})
			}})
		}
	}
	// AUC of p; accuracy of the rules and of p>=th.
	pos, neg := 0, 0
	for _, x := range all {
		if x.label == 1 {
			pos++
		} else {
			neg++
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].p < all[j].p })
	rank, sumPos := 0.0, 0.0
	for i, x := range all {
		rank = float64(i + 1)
		if x.label == 1 {
			sumPos += rank
		}
	}
	auc := (sumPos - float64(pos*(pos+1))/2) / float64(pos*neg)
	fmt.Printf("candidates %d pos %d neg %d AUC %.3f\n", len(all), pos, neg, auc)
	for _, th := range []float64{0.2, 0.3, 0.4, 0.5} {
		tp, fp, fn := 0, 0, 0
		for _, x := range all {
			if x.p >= th && x.label == 1 {
				tp++
			} else if x.p >= th {
				fp++
			} else if x.label == 1 {
				fn++
			}
		}
		fmt.Printf("p>=%.1f tp %d fp %d fn %d\n", th, tp, fp, fn)
	}
	tp, fp, fn := 0, 0, 0
	for _, x := range all {
		if x.rule && x.label == 1 {
			tp++
		} else if x.rule {
			fp++
		} else if x.label == 1 {
			fn++
		}
	}
	fmt.Printf("rules tp %d fp %d fn %d\n", tp, fp, fn)
}

func TestDevSent(t *testing.T) {
	if *devFile == "" {
		t.Skip()
	}
	k, _ := kb.Default()
	rules, _ := New(k, WithoutModels())
	var sets []TrainSet
	for _, f := range strings.Split(*devFile, ",") {
		recs, err := eval.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		w := 1.0
		if strings.Contains(f, "acled") {
			w = 0.3
		}
		sets = append(sets, TrainSet{Name: f[strings.LastIndex(f, "/")+1:], Records: recs, Weight: w})
	}
	type cnt struct{ tp, fp, fn, rtp, rfp, rfn int }
	tab := map[string]*cnt{}
	for _, typ := range ploverTypes {
		tab[typ] = &cnt{}
	}
	for fold := 0; fold < 5; fold++ {
		skip := func(_, id string) bool { return Fold(id, 5) == fold }
		var spans []spanExample
		for _, set := range sets {
			for _, rec := range set.Records {
				if skip("", rec.ID) {
					continue
				}
				sx, _ := rules.spanExamples(context.Background(), &rec, set.Weight, sourceKind(set.Name))
				spans = append(spans, sx...)
			}
		}
		ms := map[string]*linModel{}
		for _, m := range trainTypes(spans, Variation{}) {
			ms[m.name] = m
		}
		for _, rec := range sets[0].Records {
			if !skip("", rec.ID) {
				continue
			}
			l := newLabeler(&rec)
			rules.code(context.Background(), rec.Input(), &hooks{sent: func(s *sentence) {
				var f feats
				s.spanFeatures(&f)
				f.add("src", "news")
				ps := typeProbs(ms, &f)
				gold := map[string]bool{}
				for _, g := range l.spans {
					if g.title == (s.index < 0) && s.span.Start < g.end && s.span.End > g.start {
						gold[g.typ] = true
					}
				}
				ruled := map[string]bool{}
				for _, c := range s.cands {
					if c.ok() {
						ruled[c.ev.Type] = true
					}
				}
				for i, typ := range ploverTypes {
					c := tab[typ]
					pred := ps[i] >= 0.5
					switch {
					case pred && gold[typ]:
						c.tp++
					case pred:
						c.fp++
					case gold[typ]:
						c.fn++
					}
					switch {
					case ruled[typ] && gold[typ]:
						c.rtp++
					case ruled[typ]:
						c.rfp++
					case gold[typ]:
						c.rfn++
					}
				}
			}})
		}
	}
	var T cnt
	for _, typ := range ploverTypes {
		c := tab[typ]
		fmt.Printf("%-10s model tp %3d fp %3d fn %3d | rules tp %3d fp %3d fn %3d\n", typ, c.tp, c.fp, c.fn, c.rtp, c.rfp, c.rfn)
		T.tp += c.tp
		T.fp += c.fp
		T.fn += c.fn
		T.rtp += c.rtp
		T.rfp += c.rfp
		T.rfn += c.rfn
	}
	f1 := func(tp, fp, fn int) float64 { return 2 * float64(tp) / float64(2*tp+fp+fn) }
	fmt.Printf("ALL model F1 %.3f rules F1 %.3f\n", f1(T.tp, T.fp, T.fn), f1(T.rtp, T.rfp, T.rfn))
}

var devIDs = flag.String("devids", "", "comma-separated record ids for TestDevRecords")

func TestDevRecords(t *testing.T) {
	if *devIDs == "" {
		t.Skip()
	}
	k, _ := kb.Default()
	opts := []Option{}
	if *devModels == "none" {
		opts = append(opts, WithoutModels())
	} else if *devModels != "" {
		data, err := os.ReadFile(*devModels)
		if err != nil {
			t.Fatal(err)
		}
		opts = append(opts, WithModels(data))
	}
	c, err := New(k, opts...)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, id := range strings.Split(*devIDs, ",") {
		want[id] = true
	}
	for _, f := range strings.Split(*devFile, ",") {
		recs, _ := eval.ReadFile(f)
		for _, rec := range recs {
			if !want[rec.ID] {
				continue
			}
			fmt.Printf("== %s %q\n", rec.ID, rec.Text)
			for _, g := range rec.Events {
				fmt.Printf("  GOLD %s %s -> %s %q\n", g.Type, cs(g.Actor), cs(g.Recipient), g.Evidence)
			}
			a, _ := c.Code(context.Background(), rec.Input())
			for _, e := range a.Events {
				fmt.Printf("  PRED %s [%s] %q\n", Describe(&e), e.Rule, e.Trigger.Text)
			}
		}
	}
}
