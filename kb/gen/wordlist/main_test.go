package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"testing"
)

// TestEnglishUpToDate checks that kb/data/english.txt.gz is what the
// generator makes of the pinned word list, when it is installed.
func TestEnglishUpToDate(t *testing.T) {
	src, err := os.ReadFile("/usr/share/dict/american-english")
	if err != nil {
		t.Skip("no /usr/share/dict/american-english (apt-get install wamerican)")
	}
	if sum := sha256.Sum256(src); hex.EncodeToString(sum[:]) != pinnedSHA256 {
		t.Skipf("/usr/share/dict/american-english is not wamerican 2020.12.07-2 (sha256 %x)", sum)
	}
	got, err := build(src)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../data/english.txt.gz")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("kb/data/english.txt.gz is not what the generator builds: run 'go run ./kb/gen/wordlist' from the repository root")
	}
}
