package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// repeatedSeeds returns the seed articles concatenated, paragraph by
// paragraph, until the text is n bytes long (cut at a paragraph break).
func repeatedSeeds(tb testing.TB, n int) string {
	tb.Helper()
	files, err := filepath.Glob("../testdata/seeds/*.txt")
	if err != nil || len(files) == 0 {
		tb.Fatal("no seeds")
	}
	var b strings.Builder
	for b.Len() < n {
		for _, f := range files {
			t, err := os.ReadFile(f)
			if err != nil {
				tb.Fatal(err)
			}
			b.Write(t)
			b.WriteString("\n\n")
		}
	}
	s := b.String()[:n]
	if i := strings.LastIndex(s, "\n\n"); i > 0 {
		s = s[:i]
	}
	return s
}

// BenchmarkCodeLarge codes one long text built from the seeds; run with
// -benchmem (or -memprofile) to see what coding costs per input byte.
func BenchmarkCodeLarge(b *testing.B) {
	p := newPipeline(b)
	ctx := context.Background()
	for _, shape := range []string{"paragraphs", "one-paragraph"} {
		in := repeatedSeeds(b, 64<<10)
		if shape == "one-paragraph" {
			in = strings.ReplaceAll(in, "\n", " ")
		}
		b.Run(shape, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			d := seedDocs(b)[0]
			d.Text = in
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := p.Coder.Code(ctx, d.Input()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
