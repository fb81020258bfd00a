package main

import (
	"flag"
	"os"
	"sync"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/coder"
	"github.com/sitrep/sitrep/internal/regular"
	"github.com/sitrep/sitrep/kb"
	"github.com/sitrep/sitrep/nlp"
)

// newCoder builds the default coder; tests may replace it.
var newCoder = defaultCoder

var (
	coderOnce sync.Once
	theCoder  sitrep.Coder
	coderErr  error
)

// defaultCoder returns the rule coder over the embedded knowledge base plus
// the user's override files in kbDir (--kb, or $SITREP_KB when empty),
// built once per process.
func defaultCoder(kbDir string) (sitrep.Coder, error) {
	coderOnce.Do(func() {
		if kbDir == "" {
			kbDir = os.Getenv("SITREP_KB")
		}
		k, err := kbWith(kbDir)
		if err != nil {
			coderErr = err
			return
		}
		p, err := nlp.Default()
		if err != nil {
			coderErr = err
			return
		}
		opts := []coder.Option{coder.WithParser(p)}
		// $SITREP_CODER_MODELS names a model file written by 'sitrep coder
		// train' to use instead of the embedded models, or "none" for the
		// rules alone (to compare).
		switch m := os.Getenv("SITREP_CODER_MODELS"); m {
		case "":
		case "none":
			opts = append(opts, coder.WithoutModels())
		default:
			data, err := regular.ReadFile(m) // never blocks on a FIFO
			if err != nil {
				coderErr = err
				return
			}
			opts = append(opts, coder.WithModels(data))
		}
		theCoder, coderErr = coder.New(k, opts...)
	})
	return theCoder, coderErr
}

// kbFlag adds --kb to a command that codes text.
func kbFlag(fs *flag.FlagSet) *string {
	return fs.String("kb", "", "`dir` of knowledge-base TSV files that add to or override the embedded one (default $SITREP_KB)")
}

var (
	kbMu    sync.Mutex
	kbByDir = map[string]*kb.KB{}
)

// kbWith returns the embedded knowledge base ("") or the one with the
// override files of dir added, loaded once per process: the coder and the
// kb and entities commands share it.
func kbWith(dir string) (*kb.KB, error) {
	if dir == "" {
		return kb.Default()
	}
	kbMu.Lock()
	defer kbMu.Unlock()
	if k, ok := kbByDir[dir]; ok {
		return k, nil
	}
	k, err := kb.Load(dir)
	if err != nil {
		return nil, err
	}
	kbByDir[dir] = k
	return k, nil
}
