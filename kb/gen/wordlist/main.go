// Command wordlist writes kb/data/english.txt.gz, the list of ordinary
// English words that keeps small gazetteer places named like them
// ("Commerce", "Summit") from being taken for places on weak evidence.
//
// The input is SCOWL's american-english list as the Debian package
// wamerican 2020.12.07-2 installs it (apt-get install wamerican); the
// generator refuses any other file, by checksum, so that the output is
// pinned. It keeps the lines of three or more lower-case ASCII letters
// and gzips them with a fixed header, so the same input gives the same
// bytes.
//
// Usage, from the repository root (scripts/rebuild-data.sh runs it):
//
//	go run ./kb/gen/wordlist [-in /usr/share/dict/american-english] [-out kb/data/english.txt.gz]
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"regexp"
)

// pinnedSHA256 is the checksum of /usr/share/dict/american-english from
// wamerican 2020.12.07-2.
const pinnedSHA256 = "9f513f1ceadb6a01c5485b7dbdfd5118dc66cd70b59cae2851292112d4066a32"

const header = `# English words (lower-case entries of SCOWL's american-english list, Debian package wamerican
# 2020.12.07): used only to keep small gazetteer places named like ordinary words ("Commerce",
# "Summit", "Republic") from being taken for places without a locative or place noun.
# Copyright 2000-2011 by Kevin Atkinson; permission notice in NOTICE.
`

var word = regexp.MustCompile(`^[a-z]{3,}$`)

func main() {
	in := flag.String("in", "/usr/share/dict/american-english", "SCOWL american-english word list (Debian wamerican 2020.12.07-2)")
	out := flag.String("out", "kb/data/english.txt.gz", "output file")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "wordlist:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	src, err := os.ReadFile(in)
	if err != nil {
		return fmt.Errorf("%v (install it with 'apt-get install wamerican=2020.12.07-2')", err)
	}
	if sum := sha256.Sum256(src); hex.EncodeToString(sum[:]) != pinnedSHA256 {
		return fmt.Errorf("%s has sha256 %x, not that of wamerican 2020.12.07-2 (%s)", in, sum, pinnedSHA256)
	}
	b, err := build(src)
	if err != nil {
		return err
	}
	return os.WriteFile(out, b, 0o644)
}

// build returns the gzipped list: the header, then the words in the input's
// order.
func build(src []byte) ([]byte, error) {
	var text bytes.Buffer
	text.WriteString(header)
	sc := bufio.NewScanner(bytes.NewReader(src))
	for sc.Scan() {
		if word.Match(sc.Bytes()) {
			text.Write(sc.Bytes())
			text.WriteByte('\n')
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	var z bytes.Buffer
	zw, err := gzip.NewWriterLevel(&z, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	// A name but no time stamp: the header is the same on every run.
	zw.Name = "english.txt"
	if _, err := zw.Write(text.Bytes()); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return z.Bytes(), nil
}
