// Command gen writes internal/datamanifest/manifest.tsv from sources.tsv
// and the SHA-256 of each file it lists. Run from internal/datamanifest
// (go generate ./internal/datamanifest does so).
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"github.com/sitrep/sitrep/internal/datamanifest"
)

// root is the repository root, seen from internal/datamanifest.
const root = "../.."

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "datamanifest:", err)
		os.Exit(1)
	}
}

func run() error {
	src, err := os.ReadFile("sources.tsv")
	if err != nil {
		return err
	}
	sources, err := datamanifest.ParseSources(string(src))
	if err != nil {
		return err
	}
	out, err := datamanifest.Format(sources, func(file string) (string, int64, error) {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
		if err != nil {
			return "", 0, err
		}
		sum := sha256.Sum256(b)
		return hex.EncodeToString(sum[:]), int64(len(b)), nil
	})
	if err != nil {
		return err
	}
	return os.WriteFile("manifest.tsv", []byte(out), 0o644)
}
