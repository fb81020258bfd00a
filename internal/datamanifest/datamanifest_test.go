package datamanifest

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// TestManifestMatchesFiles checks each listed file's bytes (those go:embed
// puts in the binary) against its recorded SHA-256 and size, so that a
// data file changed without regenerating the manifest fails.
func TestManifestMatchesFiles(t *testing.T) {
	entries, err := Entries()
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("empty manifest")
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(e.File)))
		if err != nil {
			t.Errorf("%s: %v", e.File, err)
			continue
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != e.SHA256 || int64(len(b)) != e.Size {
			t.Errorf("%s: sha256 %s, %d bytes; manifest.tsv says %s, %d bytes: run 'go generate ./internal/datamanifest' (and docs/data.md's checks)",
				e.File, got, len(b), e.SHA256, e.Size)
		}
	}
}

// TestManifestMatchesSources checks that manifest.tsv was generated from
// the current sources.tsv.
func TestManifestMatchesSources(t *testing.T) {
	src, err := os.ReadFile("sources.tsv")
	if err != nil {
		t.Fatal(err)
	}
	sources, err := ParseSources(string(src))
	if err != nil {
		t.Fatal(err)
	}
	entries, err := Entries()
	if err != nil {
		t.Fatal(err)
	}
	if len(sources) != len(entries) {
		t.Fatalf("sources.tsv has %d files, manifest.tsv %d: run 'go generate ./internal/datamanifest'", len(sources), len(entries))
	}
	for i, s := range sources {
		e := entries[i]
		if (Source{e.File, e.Generator, e.Source, e.Version, e.Licence}) != s {
			t.Errorf("manifest.tsv row %d (%s) differs from sources.tsv (%s): run 'go generate ./internal/datamanifest'", i+1, e.File, s.File)
		}
	}
}

// embeddedData are the go:embed patterns of data (not code or web assets)
// in the module, from the repository root. Every file they embed must be
// in the manifest, except the notes that describe the data.
var embeddedData = []string{"kb/data/*", "nlp/models/*", "coder/models/*", "coder/*.tsv"}

// notData are embedded files that document the data rather than being it.
var notData = map[string]bool{"README.md": true, "SOURCES.md": true, "inputs.sha256": true}

func TestEveryEmbeddedFileListed(t *testing.T) {
	entries, err := Entries()
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, e := range entries {
		listed[e.File] = true
	}
	for _, pat := range embeddedData {
		files, err := filepath.Glob(filepath.Join("..", "..", filepath.FromSlash(pat)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			name := filepath.Base(f)
			if st, err := os.Stat(f); err != nil || st.IsDir() || notData[name] || strings.HasPrefix(name, ".") {
				continue
			}
			// go:embed leaves out neither git-ignored files nor
			// intermediates such as places.tsv.gz, so only committed
			// kinds count: an ignored intermediate is not embedded in a
			// clean checkout's build.
			if strings.HasSuffix(name, ".tsv.gz") {
				continue
			}
			rel := path.Join(path.Dir(pat), name)
			if !listed[rel] {
				t.Errorf("%s is embedded but not in sources.tsv", rel)
			}
		}
	}
}
