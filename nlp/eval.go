package nlp

import "strings"

// Scores are accuracies against a treebank, as fractions in 0..1.
type Scores struct {
	UPOS      float64 `json:"upos"`
	XPOS      float64 `json:"xpos"`
	Lemma     float64 `json:"lemma"`
	UAS       float64 `json:"uas"`
	LAS       float64 `json:"las"`
	Sentences int     `json:"sentences"`
	Tokens    int     `json:"tokens"`
	// TokenF1 and SentenceF1 score the tokeniser and splitter on the raw
	// text (EvaluateRaw only).
	TokenF1    *float64 `json:"token_f1,omitempty"`
	SentenceF1 *float64 `json:"sentence_f1,omitempty"`
}

// Evaluate analyses the gold sentences with gold tokenisation and scores
// tags, lemmas and attachments over all words, punctuation included. LAS
// compares full relations, subtypes included ("nsubj:pass").
func (p *Pipeline) Evaluate(gold []TreebankSentence) Scores {
	var sc Scores
	var upos, xpos, lemma, uas, las int
	for _, g := range gold {
		s := Sentence{Tokens: make([]Token, len(g.Tokens))}
		for i, t := range g.Tokens {
			s.Tokens[i] = Token{Text: t.Text}
		}
		p.ParseSentence(&s)
		for i, t := range s.Tokens {
			gt := g.Tokens[i]
			if t.UPOS == gt.UPOS {
				upos++
			}
			if t.XPOS == gt.XPOS {
				xpos++
			}
			if t.Lemma == gt.Lemma {
				lemma++
			}
			if t.Head == gt.Head {
				uas++
				if t.Rel == gt.Rel {
					las++
				}
			}
		}
		sc.Sentences++
		sc.Tokens += len(g.Tokens)
	}
	if sc.Tokens > 0 {
		n := float64(sc.Tokens)
		sc.UPOS, sc.XPOS, sc.Lemma = float64(upos)/n, float64(xpos)/n, float64(lemma)/n
		sc.UAS, sc.LAS = float64(uas)/n, float64(las)/n
	}
	return sc
}

type offsets struct{ start, end int }

// RawText rebuilds the running text of gold sentences: sentences joined by
// a space, paragraphs by a blank line, documents by two blank lines. It
// returns the text with the gold sentence and word spans in it.
func RawText(gold []TreebankSentence) (text string, sents, words []offsets) {
	var b strings.Builder
	for i, g := range gold {
		if i > 0 {
			switch {
			case g.NewDoc:
				b.WriteString("\n\n\n")
			case g.NewPar:
				b.WriteString("\n\n")
			default:
				b.WriteString(" ")
			}
		}
		base := b.Len()
		b.WriteString(g.Text)
		sents = append(sents, offsets{base, base + len(g.Text)})
		pos := 0
		for _, t := range g.Tokens {
			for pos < len(g.Text) && (g.Text[pos] == ' ' || g.Text[pos] == '\t') {
				pos++
			}
			switch {
			case strings.HasPrefix(g.Text[pos:], t.Text):
			case strings.HasPrefix(strings.ToLower(g.Text[pos:]), strings.ToLower(t.Text)):
			default:
				// A normalised form ("gon" for "gon", "’s" written "'s"):
				// look a little ahead, else give up on this word.
				k := strings.Index(g.Text[pos:min(len(g.Text), pos+len(t.Text)+8)], t.Text)
				if k < 0 {
					words = append(words, offsets{-1, -1})
					continue
				}
				pos += k
			}
			words = append(words, offsets{base + pos, base + pos + len(t.Text)})
			pos += len(t.Text)
		}
	}
	return b.String(), sents, words
}

// EvaluateRaw scores gold-tokenised analysis as Evaluate does and adds
// token and sentence F1 of the pipeline's own tokenisation and splitting
// of the raw text rebuilt from the "# text" comments.
func (p *Pipeline) EvaluateRaw(gold []TreebankSentence) Scores {
	sc := p.Evaluate(gold)
	text, gs, gw := RawText(gold)
	pred := SplitSentences(text)
	var ps, pw []offsets
	for _, s := range pred {
		ps = append(ps, offsets{s.Start, s.End})
		for _, t := range s.Tokens {
			pw = append(pw, offsets{t.Start, t.End})
		}
	}
	tf, sf := f1(pw, gw), f1(ps, gs)
	sc.TokenF1, sc.SentenceF1 = &tf, &sf
	return sc
}

func f1(pred, gold []offsets) float64 {
	set := map[offsets]bool{}
	for _, g := range gold {
		set[g] = true
	}
	match := 0
	for _, p := range pred {
		if set[p] {
			match++
			delete(set, p)
		}
	}
	if len(pred) == 0 || len(gold) == 0 {
		return 0
	}
	prec, rec := float64(match)/float64(len(pred)), float64(match)/float64(len(gold))
	if prec+rec == 0 {
		return 0
	}
	return 2 * prec * rec / (prec + rec)
}
