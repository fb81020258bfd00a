// Command lookupindex writes kb/data/lookup.idx, the prebuilt index with
// which 'sitrep kb lookup' answers without loading the knowledge base (see
// kb/lookupindex.go), from the embedded data as built now.
//
// Run from the kb directory after the data changes (`go generate ./kb`
// does so, after the gazetteer and the village layer are rebuilt); the
// file is written only when it changes.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/sitrep/sitrep/kb"
)

func main() {
	out := flag.String("out", "data/lookup.idx", "index file to write")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "lookupindex:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	k, err := kb.Default()
	if err != nil {
		return err
	}
	idx, err := kb.BuildLookupIndex(k)
	if err != nil {
		return err
	}
	if old, err := os.ReadFile(out); err == nil && bytes.Equal(old, idx) {
		return nil
	}
	return os.WriteFile(out, idx, 0o644)
}
