package nlp

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/sitrep/sitrep/internal/regular"
)

// TrainOptions configures Train.
type TrainOptions struct {
	// Treebank is the directory holding *-ud-train.conllu and
	// *-ud-dev.conllu.
	Treebank string
	// Out is the directory the model files are written to.
	Out string
	// TagIterations and ParseIterations are the perceptron epochs; zero
	// means the defaults (10 and 15). The labeller trains for
	// ParseIterations epochs too.
	TagIterations, ParseIterations int
	// Beam is the parser's beam width in training; zero means 8.
	Beam int
	// DecodeBeam is the beam width stored with the model for parsing;
	// zero means 4, which is nearly as accurate as 8 and twice as fast.
	// The right-to-left parser uses at most revDecodeBeam.
	DecodeBeam int
	// Folds is the number of jackknife folds used to give the parser
	// realistic predicted tags; zero means 5.
	Folds int
	// HoldOutDev keeps the whole dev split out of training, to measure on
	// it. By default the models learn from train and from dev after its
	// first devHoldOut sentences (the committed models do); test stays
	// held out either way.
	HoldOutDev bool
	// Log receives progress lines; nil discards them.
	Log io.Writer
}

const trainSeed = 20240611

// devHoldOut is the number of sentences at the start of EWT dev that never
// train the models: nlp/testdata/ewt-dev-slice.conllu, on which the
// accuracy floors are tested, is exactly these.
const devHoldOut = 400

// revDecodeBeam is the right-to-left parser's beam width when parsing: it
// only votes, and beam 2 votes as well as 4 on EWT dev at less cost.
const revDecodeBeam = 2

// ReadCoNLLUFile reads a CoNLL-U file.
func ReadCoNLLUFile(path string) ([]TreebankSentence, error) {
	f, err := regular.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadCoNLLU(f, path)
}

func findSplit(dir, split string) (string, error) {
	m, err := filepath.Glob(filepath.Join(dir, "*-ud-"+split+".conllu"))
	if err != nil {
		return "", err
	}
	if len(m) != 1 {
		return "", fmt.Errorf("treebank %s: want exactly one *-ud-%s.conllu, found %d", dir, split, len(m))
	}
	return m[0], nil
}

// Train trains the tagger, lemmatiser and parser on the treebank's train
// split and on its dev split but for the first devHoldOut sentences (on
// train only with opts.HoldOutDev), writes the model files to opts.Out
// and scores the held-out dev sentences. Training is deterministic:
// fixed seeds, sorted iteration over maps, and folds that run in parallel
// but independently.
func Train(opts TrainOptions) error {
	logf := func(format string, args ...any) {
		if opts.Log != nil {
			fmt.Fprintf(opts.Log, format+"\n", args...)
		}
	}
	tagIters, parseIters, folds := opts.TagIterations, opts.ParseIterations, opts.Folds
	if tagIters <= 0 {
		tagIters = 10
	}
	if parseIters <= 0 {
		parseIters = 15
	}
	if folds <= 0 {
		folds = 5
	}
	beam := opts.Beam
	if beam <= 0 {
		beam = 8
	}
	decodeBeam := opts.DecodeBeam
	if decodeBeam <= 0 {
		decodeBeam = 4
	}
	trainPath, err := findSplit(opts.Treebank, "train")
	if err != nil {
		return err
	}
	train, err := ReadCoNLLUFile(trainPath)
	if err != nil {
		return err
	}
	start := time.Now()
	logf("read %d training sentences from %s", len(train), trainPath)
	devPath, devErr := findSplit(opts.Treebank, "dev")
	var dev []TreebankSentence
	if devErr == nil {
		if dev, err = ReadCoNLLUFile(devPath); err != nil {
			return err
		}
		if !opts.HoldOutDev {
			k := min(devHoldOut, len(dev))
			train = append(train[:len(train):len(train)], dev[k:]...)
			logf("and %d from %s (all but the first %d)", len(dev)-k, devPath, k)
			dev = dev[:k]
		}
	}

	lem := trainLemmatizer(train)
	logf("lemmatiser: %d rules, %d exceptions", len(lem.rules), len(lem.exceptions))

	jack1, jack2 := jackknife(train, folds, tagIters, logf, start)

	// The final tagger and the parser are independent: train both at once.
	var tg *tagger
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tg = trainTagger(train, nil, tagIters, trainSeed, logf)
		tg.second = trainTagger(train, jack1, tagIters, trainSeed, logf).model
		logf("tagger: %d classes [%s]", len(tg.classes), time.Since(start).Round(time.Second))
	}()
	// The labeller learns from the gold trees with predicted and with gold
	// tags, and from trees parsed by weak jackknifed parsers, so that it
	// meets attachment errors around the arcs it labels.
	var lab *labeler
	wg.Add(1)
	go func() {
		defer wg.Done()
		parsed := parsedTrees(train, jack2, folds, parsedTreeIterations)
		logf("jackknifed greedy parses of train [%s]", time.Since(start).Round(time.Second))
		lsents := append(append(append([]TreebankSentence(nil), jack2...), train...), parsed...)
		lab = trainLabeler(lsents, parseIters, trainSeed, logf)
		logf("labeller [%s]", time.Since(start).Round(time.Second))
	}()
	// The right-to-left parser reads the sentences reversed.
	var rev *parser
	wg.Add(1)
	go func() {
		defer wg.Done()
		rev = trainParser(reverseSentences(jack2), reverseSentences(train), treebankAmbiguity(train), parseIters, beam, trainSeed, nil)
		logf("right-to-left parser [%s]", time.Since(start).Round(time.Second))
	}()
	ps := trainParser(jack2, train, treebankAmbiguity(train), parseIters, beam, trainSeed, logf)
	wg.Wait()
	ps.beam, ps.labeler = decodeBeam, lab
	rev.beam, rev.labeler = min(decodeBeam, revDecodeBeam), lab
	ps.rev = rev
	logf("parser: beam %d, %d labels [%s]", ps.beam, len(ps.labeler.labels), time.Since(start).Round(time.Second))

	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return err
	}
	write := func(name string, enc func(*modelWriter)) error {
		var w modelWriter
		enc(&w)
		var buf bytes.Buffer
		if err := w.writeTo(&buf); err != nil {
			return err
		}
		path := filepath.Join(opts.Out, name)
		logf("wrote %s (%d bytes)", path, buf.Len())
		return os.WriteFile(path, buf.Bytes(), 0o644)
	}
	if err := write(TaggerFile, tg.write); err != nil {
		return err
	}
	if err := write(LemmaFile, lem.write); err != nil {
		return err
	}
	if err := write(ParserFile, ps.write); err != nil {
		return err
	}
	if dev != nil {
		p, err := LoadDir(opts.Out)
		if err != nil {
			return err
		}
		sc := p.Evaluate(dev)
		what := "dev"
		if !opts.HoldOutDev {
			what = fmt.Sprintf("dev, first %d sentences", len(dev))
		}
		logf("%s: UPOS %.4f XPOS %.4f lemma %.4f UAS %.4f LAS %.4f [%s]", what, sc.UPOS, sc.XPOS, sc.Lemma, sc.UAS, sc.LAS, time.Since(start).Round(time.Second))
	}
	return nil
}

// jackknife tags train with taggers trained on the other folds. The tagger
// runs two passes; the second sees the first's tags to the right. Both
// passes are jackknifed over folds so that the second pass and the parser
// train on tags as noisy as they will meet. It returns the first-pass and
// the two-pass tags.
func jackknife(train []TreebankSentence, folds, tagIters int, logf func(string, ...any), start time.Time) (jack1, jack2 []TreebankSentence) {
	copyTokens := func() []TreebankSentence {
		out := make([]TreebankSentence, len(train))
		for i, s := range train {
			out[i] = s
			out[i].Tokens = append([]Token(nil), s.Tokens...)
		}
		return out
	}
	inFold := func(k int) []TreebankSentence {
		var in []TreebankSentence
		for i, s := range train {
			if i%folds != k {
				in = append(in, s)
			}
		}
		return in
	}
	// parallel runs fn(0..n-1) two at a time.
	parallel := func(n int, fn func(k int)) {
		var wg sync.WaitGroup
		sem := make(chan struct{}, 2)
		for k := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				fn(k)
			}()
		}
		wg.Wait()
	}
	jack1, jack2 = copyTokens(), copyTokens()
	firsts := make([]*tagger, folds)
	parallel(folds, func(k int) {
		firsts[k] = trainTagger(inFold(k), nil, tagIters, trainSeed+uint64(k), nil)
		var st tagState
		for i := k; i < len(jack1); i += folds {
			firsts[k].tag(jack1[i].Tokens, &st)
		}
	})
	logf("jackknifed first-pass XPOS accuracy on train (%d folds): %.4f [%s]", folds, xposAccuracy(jack1, train), time.Since(start).Round(time.Second))
	parallel(folds, func(k int) {
		var in, first []TreebankSentence
		for i, s := range train {
			if i%folds != k {
				in, first = append(in, s), append(first, jack1[i])
			}
		}
		tg := firsts[k]
		tg.second = trainTagger(in, first, tagIters, trainSeed+uint64(k), nil).model
		var st tagState
		for i := k; i < len(jack2); i += folds {
			tagBothPasses(tg, jack2[i].Tokens, &st)
		}
	})
	logf("jackknifed two-pass XPOS accuracy on train: %.4f [%s]", xposAccuracy(jack2, train), time.Since(start).Round(time.Second))

	return jack1, jack2
}

// tagBothPasses tags toks like t.tag but runs the second pass on every
// token, never skipping it where the first pass is sure. The jackknifed
// tags the parsers and the labeller learn from are a full two-pass
// tagging: the skip is an inference shortcut taken after the models were
// fixed, and letting it into training made the parser depend on the skip
// margin (retraining then no longer rebuilt the embedded parser, issue 16).
func tagBothPasses(t *tagger, toks []Token, st *tagState) {
	st.ws = t.wordInfos(toks, st.ws)
	if cap(st.scores) < len(t.classes) {
		st.scores = make([]int32, len(t.classes))
	}
	t.pass(toks, st, t.model, false)
	if t.second == nil {
		return
	}
	// A margin of zero never exceeds tagKeepMargin, so the second pass
	// scores every token the tag dictionary leaves to the model.
	clear(st.margin)
	t.pass(toks, st, t.second, true)
}

// parsedTreeIterations is the epochs of the greedy parsers behind
// parsedTrees: a few give trees somewhat worse than the final parser's
// (UAS about 0.83 on EWT train).
const parsedTreeIterations = 3

// parsedTrees parses each sentence of jack (train with jackknifed tags)
// with a greedy parser trained on the other folds, and blanks the
// relation of each wrongly attached word: the labeller learns only the
// right arcs of these trees, but with the wrong ones around them.
func parsedTrees(train, jack []TreebankSentence, folds, iters int) []TreebankSentence {
	amb := treebankAmbiguity(train)
	out := make([]TreebankSentence, len(jack))
	var wg sync.WaitGroup
	for k := range folds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var in, gold []TreebankSentence
			for i := range jack {
				if i%folds != k {
					in, gold = append(in, jack[i]), append(gold, train[i])
				}
			}
			ps := trainParser(in, gold, amb, iters, 1, trainSeed+uint64(k), nil)
			var sc parseScratch
			for i := k; i < len(jack); i += folds {
				toks := append([]Token(nil), jack[i].Tokens...)
				ps.search(toks, &sc)
				ps.finish(toks, sc.beam[0])
				sc.free = append(sc.free, sc.beam...)
				sc.beam = sc.beam[:0]
				for j := range toks {
					if toks[j].Head != jack[i].Tokens[j].Head {
						toks[j].Rel = ""
					}
				}
				out[i] = jack[i]
				out[i].Tokens = toks
			}
		}()
	}
	wg.Wait()
	return out
}

// reverseSentences returns copies of sents with the words in reverse
// order and the heads renumbered, for training the right-to-left parser.
func reverseSentences(sents []TreebankSentence) []TreebankSentence {
	out := make([]TreebankSentence, len(sents))
	for i, s := range sents {
		out[i] = s
		n := len(s.Tokens)
		out[i].Tokens = make([]Token, n)
		for j, t := range s.Tokens {
			if t.Head > 0 {
				t.Head = n + 1 - t.Head
			}
			out[i].Tokens[n-1-j] = t
		}
	}
	return out
}

func xposAccuracy(pred, gold []TreebankSentence) float64 {
	var right, all int
	for i, s := range pred {
		for j, t := range s.Tokens {
			if t.XPOS == gold[i].Tokens[j].XPOS {
				right++
			}
			all++
		}
	}
	return float64(right) / float64(max(all, 1))
}
