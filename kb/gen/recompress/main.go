// Command recompress turns a gzipped data file into the Zstandard form
// the knowledge base embeds (internal/zst), which inflates in about half
// the time. kb/gen/places/build.js writes data/places.tsv.gz; `go
// generate ./kb` then runs, from the kb directory,
//
//	go run ./gen/recompress data/places.tsv.gz data/places.tsv.zst
//
// which does nothing when the .gz is absent (it is not committed) and
// writes the output only when it changes.
package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"

	"github.com/sitrep/sitrep/internal/zst"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: recompress IN.gz OUT.zst")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "recompress:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	gz, err := os.ReadFile(in)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return fmt.Errorf("%s: %v", in, err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return fmt.Errorf("%s: %v", in, err)
	}
	z, err := zst.Encode(raw)
	if err != nil {
		return err
	}
	if old, err := os.ReadFile(out); err == nil && bytes.Equal(old, z) {
		return nil
	}
	return os.WriteFile(out, z, 0o644)
}
