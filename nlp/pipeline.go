package nlp

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"
)

// Model file names, in models/ and in the directory Train writes.
const (
	TaggerFile = "tagger.zst"
	LemmaFile  = "lemma.zst"
	ParserFile = "parser.zst"
)

//go:embed models
var embedded embed.FS

// Pipeline runs tokenisation, sentence splitting, tagging, lemmatisation
// and parsing. It is safe for concurrent use.
type Pipeline struct {
	tagger *tagger
	lemmas *lemmatizer
	parser *parser
	pool   sync.Pool // *scratch
}

type scratch struct {
	tag   tagState
	parse parseScratch
}

var (
	defaultOnce sync.Once
	defaultPipe *Pipeline
	defaultErr  error
)

// Default returns the pipeline with the embedded models, loading them on
// the first call only.
func Default() (*Pipeline, error) {
	defaultOnce.Do(func() {
		sub, err := fs.Sub(embedded, "models")
		if err != nil {
			defaultErr = err
			return
		}
		defaultPipe, defaultErr = Load(sub)
		if defaultErr != nil {
			defaultErr = fmt.Errorf("embedded NLP models: %w (run 'sitrep nlp train')", defaultErr)
		}
	})
	return defaultPipe, defaultErr
}

// LoadDir loads the models Train wrote to dir.
func LoadDir(dir string) (*Pipeline, error) {
	return Load(os.DirFS(dir))
}

// Load reads the model files from fsys.
func Load(fsys fs.FS) (*Pipeline, error) {
	p := &Pipeline{}
	read := func(name string, fn func(r *modelReader)) error {
		data, err := fs.ReadFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			// Models trained before the files were Zstandard: tagger.gz…
			if old, err2 := fs.ReadFile(fsys, strings.TrimSuffix(name, ".zst")+".gz"); err2 == nil {
				data, err = old, nil
			}
		}
		if err != nil {
			return err
		}
		r, err := newModelReader(data, name)
		if err != nil {
			return err
		}
		fn(r)
		return r.err
	}
	// The parser's file is about four fifths of the work; the tagger and
	// lemmatiser load beside it, on another core when there is one. Errors
	// are reported in file order, as a sequential load would.
	var tagErr, lemmaErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		tagErr = read(TaggerFile, func(r *modelReader) { p.tagger = readTagger(r) })
		if tagErr == nil {
			lemmaErr = read(LemmaFile, func(r *modelReader) { p.lemmas = readLemmatizer(r) })
		}
	}()
	parseErr := read(ParserFile, func(r *modelReader) { p.parser = readParser(r) })
	<-done
	for _, err := range []error{tagErr, lemmaErr, parseErr} {
		if err != nil {
			return nil, err
		}
	}
	if p.tagger == nil || p.lemmas == nil || p.parser == nil {
		return nil, errors.New("incomplete model set")
	}
	p.parser.amb = p.tagger.amb
	if p.parser.rev != nil {
		p.parser.rev.amb = p.tagger.amb
	}
	return p, nil
}

func (p *Pipeline) scratch() *scratch {
	if s, ok := p.pool.Get().(*scratch); ok {
		return s
	}
	return &scratch{}
}

// Analyze tokenises text, splits it into sentences, and tags, lemmatises
// and parses each sentence.
func (p *Pipeline) Analyze(text string) []Sentence {
	sents := SplitSentences(text)
	sc := p.scratch()
	for i := range sents {
		p.parseWith(&sents[i], sc)
	}
	p.pool.Put(sc)
	return sents
}

// ParseSentence tags, lemmatises and parses an already tokenised
// sentence in place; only the tokens' Text is read.
func (p *Pipeline) ParseSentence(s *Sentence) {
	sc := p.scratch()
	p.parseWith(s, sc)
	p.pool.Put(sc)
}

func (p *Pipeline) parseWith(s *Sentence, sc *scratch) {
	if len(s.Tokens) == 0 {
		return
	}
	p.tagger.tag(s.Tokens, &sc.tag)
	for i := range s.Tokens {
		t := &s.Tokens[i]
		t.Lemma = p.lemmas.lemma(t.Text, t.XPOS)
	}
	p.parser.parse(s.Tokens, &sc.parse)
}
