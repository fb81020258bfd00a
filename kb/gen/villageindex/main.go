// Command villageindex compiles the village layer of sitrep's gazetteer
// into kb/data/villages.bin, the form the knowledge base loads (see
// kb/villagebin.go), and can write it back out as TSV.
//
// Run from the kb directory (`go generate ./kb` does so):
//
//	go run ./gen/villageindex                # compile data/villages.tsv.gz, if present
//	go run ./gen/villageindex -reencode      # re-encode villages.bin's own rows
//	go run ./gen/villageindex -dump out.tsv  # villages.bin back to TSV
//
// The input is data/villages.tsv.gz (build.js writes it there from the
// pinned Who's On First commits; delete it once compiled), or the TSV -in
// names. Without either it leaves villages.bin alone and says so: the
// layer is never silently rebuilt from its own output, which would hide
// that it was not rebuilt from its sources. After a change to the name key
// (tokenize, villageKey), -reencode re-encodes the rows villages.bin holds,
// explicitly. Villages without a
// first-level region take that of the nearest place within 25 km that has
// one, repeated until nothing changes (admin1.go). The output is written
// only when it changes.
package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/sitrep/sitrep/kb"
)

func main() {
	in := flag.String("in", "", "village TSV (.tsv or .tsv.gz); default data/villages.tsv.gz if present, else the decoded -out")
	out := flag.String("out", "data/villages.bin", "compiled village layer")
	dump := flag.String("dump", "", "write the TSV of -out to this file instead of compiling")
	reencode := flag.Bool("reencode", false, "re-encode the rows of -out (after a change to tokenize or villageKey) instead of compiling a source TSV")
	flag.Parse()
	if err := run(*in, *out, *dump, *reencode); err != nil {
		fmt.Fprintln(os.Stderr, "villageindex:", err)
		os.Exit(1)
	}
}

func run(in, out, dump string, reencode bool) error {
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
	case !reencode:
		b, err := os.ReadFile("data/villages.tsv.gz")
		if errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintln(os.Stderr, "villageindex: no data/villages.tsv.gz (kb/gen/places/build.js --wof writes it; docs/data.md): villages.bin left as it is")
			return nil
		}
		if err != nil {
			return err
		}
		tsv = b
	default:
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
