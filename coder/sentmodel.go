package coder

import (
	"context"
	"strings"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/eval"
)

// The sentence model reads a sentence (or a short text) as a whole and
// says which PLOVER types it states, one binary logistic regression per
// type. It sees what the trigger lexicon cannot: the words of the
// sentence, its verbs with their objects and prepositions, the kinds of
// actor it names, and which types its triggers proposed. The coder uses it
// to propose events of a type the sentence clearly states but no trigger
// found ("Sudan would respond to the aggression by all means").

// typeIndex maps each PLOVER type to its position in sitrep.Types.
var typeIndex = func() map[string]int {
	m := map[string]int{}
	for i, t := range ploverTypes {
		m[t] = i
	}
	return m
}()

// ploverTypes are the 16 types in the root table's order.
var ploverTypes = func() []string {
	var out []string
	for _, t := range sitrep.EventTypes() {
		out = append(out, t.Name)
	}
	return out
}()

// spanFeatures describes sentence s for the sentence model, adding to f
// (several sentences may add to one feature set).
func (s *sentence) spanFeatures(f *feats) {
	t := s.dep
	f.add("bias", "")
	for i, tok := range s.toks {
		switch tok.UPOS {
		case "VERB", "NOUN", "ADJ":
		default:
			if negators[s.lower[i]] {
				f.add("neg", "")
			}
			if tok.UPOS == "AUX" && modals[s.lower[i]] {
				f.add("modal", s.lower[i])
			}
			continue
		}
		lemma := strings.ToLower(tok.Lemma)
		f.add("w", lemma)
		if tok.UPOS != "VERB" {
			continue
		}
		for _, c := range t.children[i] {
			switch r := t.toks[c].Rel; r {
			case "obj":
				f.add("vo", lemma+"|"+strings.ToLower(t.toks[c].Lemma))
			case "obl", "obl:arg":
				if p := s.caseOf(c); p != "" {
					f.add("vp", lemma+"|"+p)
				}
			case "xcomp", "ccomp":
				f.add("vc", lemma+"|"+strings.ToLower(t.toks[c].Lemma))
			}
		}
	}
	for _, p := range s.parts {
		f.add("part", p.m.Kind+"/"+p.m.Sector)
	}
	for _, e := range s.equipment {
		f.add("equip", e.m.Category)
	}
	for _, c := range s.cands {
		if c.m.p.typ == noEvent {
			continue
		}
		f.add("cand", c.ev.Type)
		if c.ok() {
			f.add("cand-ok", c.ev.Type)
		}
	}
	if len(s.speech) > 0 {
		f.add("speech", s.speech[0].certainty)
	}
	if strings.HasSuffix(strings.TrimSpace(s.span.Text), "?") {
		f.add("question", "")
	}
}

// typeProbs returns, for each type, the sentence model's probability that
// features f state it; nil without a model.
func typeProbs(models map[string]*linModel, f *feats) []float64 {
	if models["type:"+ploverTypes[0]] == nil {
		return nil
	}
	out := make([]float64, len(ploverTypes))
	var buf []float64
	for i, t := range ploverTypes {
		buf = models["type:"+t].scores(f, buf)
		out[i] = buf[1]
	}
	return out
}

// spanExample is one unit the sentence model learns from: a sentence or a
// short text, and for each type whether it is stated (1), not (0) or
// unknown (-1).
type spanExample struct {
	f      feats
	labels []int8
	weight float64
}

// spanExamples makes the sentence model's examples of one gold record:
// every sentence of an "event" record, labelled by the gold evidence it
// holds; the whole text of a "partial" or "document" record, positive for
// its types and, in a "document" record, negative for the others; the
// headline of a synthetic story (its label is the headline's event); and
// a "quad" record's sentence, negative for the types outside its class.
func (c *Coder) spanExamples(ctx context.Context, rec *eval.Record, weight float64, src string) ([]spanExample, error) {
	in := rec.Input()
	if src == "ngec" {
		if rec.Title == "" {
			return nil, nil
		}
		in = sitrep.Input{Text: rec.Title, Published: rec.Published}
	}
	n := len(ploverTypes)
	var whole spanExample
	whole.labels = make([]int8, n)
	var out []spanExample
	l := newLabeler(rec)
	h := &hooks{sent: func(s *sentence) {
		if rec.Level == eval.LevelEvent && !l.whole {
			ex := spanExample{labels: make([]int8, n), weight: weight}
			s.spanFeatures(&ex.f)
			ex.f.add("src", src)
			for _, g := range l.spans {
				if g.title == (s.index < 0) && s.span.Start < g.end && s.span.End > g.start {
					ex.labels[typeIndex[g.typ]] = 1
				}
			}
			out = append(out, ex)
			return
		}
		s.spanFeatures(&whole.f)
	}}
	if _, err := c.code(ctx, in, h); err != nil {
		return nil, err
	}
	if rec.Level == eval.LevelEvent && !l.whole {
		return out, nil
	}
	whole.f.add("src", src)
	whole.weight = weight
	switch rec.Level {
	case eval.LevelQuad:
		for i, t := range ploverTypes {
			whole.labels[i] = 0
			if sitrep.QuadOf(t) == rec.Quad || rec.Quad == sitrep.QuadStatement && t == "REQUEST" {
				whole.labels[i] = -1
			}
		}
	case eval.LevelDocument:
		for i := range whole.labels {
			whole.labels[i] = 0
			if src == "ngec" {
				whole.labels[i] = -1
			}
		}
		for _, t := range rec.Types {
			whole.labels[typeIndex[t]] = 1
		}
	default: // partial, or event records without evidence
		for i := range whole.labels {
			whole.labels[i] = -1
		}
		for _, g := range rec.Events {
			whole.labels[typeIndex[g.Type]] = 1
		}
	}
	return []spanExample{whole}, nil
}

// trainTypes fits one binary model per type on the examples that know it.
func trainTypes(exs []spanExample, vary Variation) []*linModel {
	var out []*linModel
	for i, t := range ploverTypes {
		var bin []example
		for _, ex := range exs {
			if ex.labels[i] < 0 {
				continue
			}
			bin = append(bin, example{f: ex.f, label: int(ex.labels[i]), weight: ex.weight})
		}
		out = append(out, trainSoftmax("type:"+t, []string{"no", "yes"}, bin, trainOptions{bits: 16, epochs: 10, rate: 0.1, l2: 1e-5, seed: uint64(10 + i), vary: vary}))
	}
	return out
}
