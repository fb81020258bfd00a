package bench

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteCorpus checks that the corpus is as large as asked, of distinct
// documents of each kind, and the same on every run.
func TestWriteCorpus(t *testing.T) {
	for _, tc := range []struct {
		name   string
		devDir string
		n      int
	}{
		{"seeds only", t.TempDir(), 400},
		{"with the dev sets when present", filepath.Join("..", "..", "..", "shared", "eval", "dev"), 4000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := WriteCorpus(t.TempDir(), tc.devDir, tc.n)
			if err != nil {
				t.Fatal(err)
			}
			b, err := WriteCorpus(t.TempDir(), tc.devDir, tc.n)
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Files) != tc.n || a.Originals+a.Notes+a.Articles != tc.n {
				t.Fatalf("%d files; %d + %d + %d documents; want %d", len(a.Files), a.Originals, a.Notes, a.Articles, tc.n)
			}
			if a.Notes == 0 || a.Articles == 0 {
				t.Errorf("%d notes and %d articles; want both", a.Notes, a.Articles)
			}
			seen := map[string]bool{}
			for i, f := range a.Files {
				x, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				y, err := os.ReadFile(b.Files[i])
				if err != nil {
					t.Fatal(err)
				}
				if string(x) != string(y) {
					t.Fatalf("document %d differs between runs", i)
				}
				key := strings.Join(strings.Fields(string(x)), " ")
				if seen[key] {
					t.Fatalf("document %d repeats an earlier one", i)
				}
				seen[key] = true
			}
		})
	}
}
