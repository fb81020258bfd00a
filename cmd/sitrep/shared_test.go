package main

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// The tests share what is costly to build: a knowledge base with override
// files is a full load (about a second and 300 MB), so every test that
// needs one uses the same directory, which kbWith loads once.
var (
	overrideOnce sync.Once
	overrideDir  string
	overrideErr  error
)

// userKBDir returns a directory of override files for --kb and
// $SITREP_KB: an armed group the embedded base lacks (Los Zetas) and a
// village it lacks (Zorvaka, Donetsk).
func userKBDir(t *testing.T) string {
	t.Helper()
	overrideOnce.Do(func() {
		overrideDir, overrideErr = os.MkdirTemp("", "sitrep-kb-")
		if overrideErr != nil {
			return
		}
		files := map[string]string{
			"mine.tsv":     "id\tkind\tcountry\tsector\tnames\tnotes\nzeta\tarmed-group\tMEX\tREB\tLos Zetas\t\n",
			"myplaces.tsv": "name\taltnames\tcountry\tfeature\tlat\tlon\tpopulation\tadmin1\nZorvaka\t\tUKR\tvillage\t48.00\t37.50\t900\tDonetsk\n",
		}
		for name, data := range files {
			if overrideErr = os.WriteFile(filepath.Join(overrideDir, name), []byte(data), 0o644); overrideErr != nil {
				return
			}
		}
	})
	if overrideErr != nil {
		t.Fatal(overrideErr)
	}
	return overrideDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if overrideDir != "" {
		os.RemoveAll(overrideDir)
	}
	os.Exit(code)
}
