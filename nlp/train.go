package nlp

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// TrainOptions configures Train.
type TrainOptions struct {
	// Treebank is the directory holding *-ud-train.conllu and
	// *-ud-dev.conllu.
	Treebank string
	// Out is the directory the model files are written to.
	Out string
	// TagIterations and ParseIterations are the perceptron epochs; zero
	// means the defaults (10 and 30).
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
	// Log receives progress lines; nil discards them.
	Log io.Writer
}

const trainSeed = 20240611

// revDecodeBeam is the right-to-left parser's beam width when parsing: it
// only votes, and beam 2 votes as well as 4 on EWT dev at less cost.
const revDecodeBeam = 2

// ReadCoNLLUFile reads a CoNLL-U file.
func ReadCoNLLUFile(path string) ([]TreebankSentence, error) {
	f, err := os.Open(path)
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
// split and writes the model files to opts.Out. Training is deterministic:
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
		parseIters = 30
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
	// The right-to-left parser reads the sentences reversed; it has no
	// labeller of its own.
	var rev *parser
	wg.Add(1)
	go func() {
		defer wg.Done()
		rev = trainParser(reverseSentences(jack2), reverseSentences(train), treebankAmbiguity(train), parseIters, beam, trainSeed, false, nil)
		logf("right-to-left parser [%s]", time.Since(start).Round(time.Second))
	}()
	ps := trainParser(jack2, train, treebankAmbiguity(train), parseIters, beam, trainSeed, true, logf)
	wg.Wait()
	ps.beam = decodeBeam
	rev.beam, rev.labeler = min(decodeBeam, revDecodeBeam), ps.labeler
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
	if devPath, err := findSplit(opts.Treebank, "dev"); err == nil {
		dev, err := ReadCoNLLUFile(devPath)
		if err != nil {
			return err
		}
		p, err := LoadDir(opts.Out)
		if err != nil {
			return err
		}
		sc := p.Evaluate(dev)
		logf("dev: UPOS %.4f XPOS %.4f lemma %.4f UAS %.4f LAS %.4f [%s]", sc.UPOS, sc.XPOS, sc.Lemma, sc.UAS, sc.LAS, time.Since(start).Round(time.Second))
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
			tg.tag(jack2[i].Tokens, &st)
		}
	})
	logf("jackknifed two-pass XPOS accuracy on train: %.4f [%s]", xposAccuracy(jack2, train), time.Since(start).Round(time.Second))

	return jack1, jack2
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
