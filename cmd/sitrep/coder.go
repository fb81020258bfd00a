package main

import (
	"sync"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/coder"
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

// defaultCoder returns the rule coder over the embedded knowledge base,
// built once per process.
func defaultCoder() (sitrep.Coder, error) {
	coderOnce.Do(func() {
		k, err := kb.Default()
		if err != nil {
			coderErr = err
			return
		}
		p, err := nlp.Default()
		if err != nil {
			coderErr = err
			return
		}
		theCoder, coderErr = coder.New(k, coder.WithParser(p))
	})
	return theCoder, coderErr
}
