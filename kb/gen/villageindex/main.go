// Command villageindex compiles the village layer of sitrep's gazetteer
// into kb/data/villages.bin, the form the knowledge base loads (see
// kb/villagebin.go), and can write it back out as TSV.
//
// Run from the kb directory (`go generate ./kb` does so):
//
//	go run ./gen/villageindex                # rebuild villages.bin
//	go run ./gen/villageindex -dump out.tsv  # villages.bin back to TSV
//
// The input is data/villages.tsv.gz when that file exists (build.js writes
// it there; delete it once compiled), else the TSV decoded from the
// current villages.bin, so that a change to the name key (tokenize,
// villageKey) needs only a rerun. -in names another TSV. Villages without a
// first-level region take that of the nearest place within 25 km that has
// one (admin1.go). The output is written only when it changes.
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/sitrep/sitrep/kb"
)

func main() {
	in := flag.String("in", "", "village TSV (.tsv or .tsv.gz); default data/villages.tsv.gz if present, else the decoded -out")
	out := flag.String("out", "data/villages.bin", "compiled village layer")
	dump := flag.String("dump", "", "write the TSV of -out to this file instead of compiling")
	flag.Parse()
	if err := run(*in, *out, *dump); err != nil {
		fmt.Fprintln(os.Stderr, "villageindex:", err)
		os.Exit(1)
	}
}

func run(in, out, dump string) error {
	old, oldErr := os.ReadFile(out)
	if dump != "" {
		if oldErr != nil {
			return oldErr
		}
		tsv, err := kb.DecodeVillages(old)
		if err != nil {
			return err
		}
		return os.WriteFile(dump, tsv, 0o644)
	}
	var tsv []byte
	switch {
	case in != "":
		b, err := os.ReadFile(in)
		if err != nil {
			return err
		}
		tsv = b
	default:
		if b, err := os.ReadFile("data/villages.tsv.gz"); err == nil {
			tsv = b
			break
		}
		if oldErr != nil {
			return oldErr
		}
		b, err := kb.DecodeVillages(old)
		if err != nil {
			return err
		}
		tsv = b
	}
	if len(tsv) >= 2 && tsv[0] == 0x1f && tsv[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(tsv))
		if err != nil {
			return err
		}
		if tsv, err = io.ReadAll(zr); err != nil {
			return err
		}
	}
	tsv = fillAdmin1(tsv, readPlaces("data/places.tsv.zst"))
	bin, err := kb.EncodeVillages(tsv)
	if err != nil {
		return err
	}
	if bytes.Equal(bin, old) {
		return nil
	}
	return os.WriteFile(out, bin, 0o644)
}
