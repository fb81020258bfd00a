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
	// means the defaults (10 and 12).
	TagIterations, ParseIterations int
	// Beam is the parser's beam width; zero means 4.
	Beam int
	// Folds is the number of jackknife folds used to give the parser
	// realistic predicted tags; zero means 5.
	Folds int
	// Log receives progress lines; nil discards them.
	Log io.Writer
}

const trainSeed = 20240611

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
		parseIters = 12
	}
	if folds <= 0 {
		folds = 5
	}
	beam := opts.Beam
	if beam <= 0 {
		beam = 4
	}
	if v := os.Getenv("NLP_BEAM"); v != "" {
		fmt.Sscanf(v, "%d", &beam)
	}
	if v := os.Getenv("NLP_BITS"); v != "" {
		fmt.Sscanf(v, "%d,%d", &transBits, &labelBits)
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

	// Jackknifed tags for parser training; two folds at a time.
	jack := make([]TreebankSentence, len(train))
	for i, s := range train {
		jack[i] = s
		jack[i].Tokens = append([]Token(nil), s.Tokens...)
	}
	var wg sync.WaitGroup
	cache := os.Getenv("NLP_JACK_CACHE")
	if c, err := ReadCoNLLUFile(cache); cache != "" && err == nil {
		jack = c
	} else {
		sem := make(chan struct{}, 2)
		for k := range folds {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				var in []TreebankSentence
				for i, s := range train {
					if i%folds != k {
						in = append(in, s)
					}
				}
				tg := trainTagger(in, tagIters, trainSeed+uint64(k), nil)
				var st tagState
				for i := k; i < len(jack); i += folds {
					tg.tag(jack[i].Tokens, &st)
				}
			}()
		}
		wg.Wait()
		if cache != "" {
			f, _ := os.Create(cache)
			ss := make([]Sentence, len(jack))
			for i := range jack {
				ss[i].Tokens = jack[i].Tokens
			}
			WriteCoNLLU(f, "", ss, "j")
			f.Close()
		}
	}
	var right, all int
	for i, s := range jack {
		for j, t := range s.Tokens {
			if t.XPOS == train[i].Tokens[j].XPOS {
				right++
			}
			all++
		}
	}
	logf("jackknifed XPOS accuracy on train (%d folds): %.4f [%s]", folds, float64(right)/float64(all), time.Since(start).Round(time.Second))

	// The final tagger and the parser are independent: train both at once.
	var tg *tagger
	wg.Add(1)
	go func() {
		defer wg.Done()
		tg = trainTagger(train, tagIters, trainSeed, logf)
		logf("tagger: %d classes [%s]", len(tg.classes), time.Since(start).Round(time.Second))
	}()
	ps := trainParser(jack, parseIters, beam, trainSeed, logf)
	wg.Wait()
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
