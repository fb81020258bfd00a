package ingest

import (
	"context"
	"os"
	"testing"
)

// BenchmarkReadSeeds reads the five seed articles (plain text, page dumps)
// per iteration.
func BenchmarkReadSeeds(b *testing.B) {
	files := seedFiles(b)
	var size int64
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			b.Fatal(err)
		}
		size += fi.Size()
	}
	b.SetBytes(size)
	opts := testOptions()
	for b.Loop() {
		for _, f := range files {
			if it := Read(context.Background(), f, nil, opts); it[0].Err != nil {
				b.Fatal(it[0].Err)
			}
		}
	}
}

// BenchmarkReadHTML reads the HTML fixture through go-trafilatura.
func BenchmarkReadHTML(b *testing.B) {
	data := fixture(b, "article.html")
	b.SetBytes(int64(len(data)))
	opts := testOptions()
	for b.Loop() {
		src := &source{input: "article.html", name: "article.html", data: data}
		if err := src.prepare(opts.maxBytes()); err != nil {
			b.Fatal(err)
		}
		if _, err := buildDocument(src, opts, nil); err != nil {
			b.Fatal(err)
		}
	}
}
