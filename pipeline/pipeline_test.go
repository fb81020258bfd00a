package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/coder"
	"github.com/sitrep/sitrep/ingest"
	"github.com/sitrep/sitrep/kb"
	"github.com/sitrep/sitrep/nlp"
	"github.com/sitrep/sitrep/pipeline"
	"github.com/sitrep/sitrep/sqlite"
)

func seedDocs(tb testing.TB) []*sitrep.Document {
	tb.Helper()
	files, err := filepath.Glob("../testdata/seeds/*.txt")
	if err != nil || len(files) == 0 {
		tb.Fatal("no seeds")
	}
	var docs []*sitrep.Document
	for _, f := range files {
		for _, it := range ingest.Read(context.Background(), f, nil, ingest.Options{}) {
			if it.Err != nil {
				tb.Fatal(it.Err)
			}
			docs = append(docs, it.Doc)
		}
	}
	return docs
}

func newPipeline(tb testing.TB) *pipeline.Pipeline {
	tb.Helper()
	k, err := kb.Default()
	if err != nil {
		tb.Fatal(err)
	}
	parser, err := nlp.Default()
	if err != nil {
		tb.Fatal(err)
	}
	c, err := coder.New(k, coder.WithParser(parser))
	if err != nil {
		tb.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "p.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return &pipeline.Pipeline{Store: db, Coder: c}
}

func TestAddOutcomes(t *testing.T) {
	ctx := context.Background()
	p := newPipeline(t)
	docs := seedDocs(t)
	for _, d := range docs {
		if r := p.Add(ctx, d); r.Outcome != pipeline.New || r.Err != nil || r.Events == 0 {
			t.Fatalf("%s: %+v", d.Source, r)
		}
	}
	// The same content again is a duplicate.
	again := *docs[0]
	again.ID = 0
	if r := p.Add(ctx, &again); r.Outcome != pipeline.Duplicate || r.ID != docs[0].ID {
		t.Errorf("duplicate: %+v", r)
	}
	// The same story with a sentence edited is a near-duplicate, stored uncoded.
	edited := *docs[1]
	edited.ID = 0
	edited.Text = edited.Text + "\n\nThis article was updated to correct a spelling."
	edited.Hash = ingest.Hash(edited.Text)
	edited.SimHash = ingest.SimHash(edited.Text)
	r := p.Add(ctx, &edited)
	if r.Outcome != pipeline.NearDuplicate || r.Original != docs[1].ID || r.Events != 0 {
		t.Errorf("near-duplicate: %+v", r)
	}
}

// BenchmarkSeeds measures the whole path on the five seed articles — read,
// segment, recognise, code, store (one transaction per document) — on one
// goroutine, reporting documents and sentences per second.
func BenchmarkSeeds(b *testing.B) {
	ctx := context.Background()
	files, _ := filepath.Glob("../testdata/seeds/*.txt")
	sentences := 0
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		p := newPipeline(b)
		b.StartTimer()
		for _, f := range files {
			for _, it := range ingest.Read(ctx, f, nil, ingest.Options{}) {
				if it.Err != nil {
					b.Fatal(it.Err)
				}
				r := p.Add(ctx, it.Doc)
				if r.Err != nil {
					b.Fatal(r.Err)
				}
			}
		}
		if i == 0 {
			for _, d := range seedDocs(b) {
				a, _ := p.Coder.Code(ctx, d.Input())
				sentences += len(a.Sentences)
			}
		}
	}
	secs := b.Elapsed().Seconds()
	b.ReportMetric(float64(len(files)*b.N)/secs, "docs/s")
	b.ReportMetric(float64(sentences*b.N)/secs, "sentences/s")
}

func TestMain(m *testing.M) { os.Exit(m.Run()) }

// TestPrepareConcurrently codes documents concurrently and commits them in
// order: the outcome equals a sequential run, and a copy later in the same
// batch is caught at commit time.
func TestPrepareConcurrently(t *testing.T) {
	ctx := context.Background()
	docs := seedDocs(t)
	copyOf := *docs[0]
	batch := append(docs, &copyOf)

	seq := newPipeline(t)
	var want []pipeline.Result
	for _, d := range seedDocs(t) {
		want = append(want, seq.Add(ctx, d))
	}

	p := newPipeline(t)
	prepared := make([]*pipeline.Prepared, len(batch))
	done := make(chan int)
	for i, d := range batch {
		go func() { prepared[i] = p.Prepare(ctx, d); done <- i }()
	}
	for range batch {
		<-done
	}
	for i, pr := range prepared {
		r := p.Commit(ctx, pr)
		if i < len(want) && (r.Outcome != want[i].Outcome || r.ID != want[i].ID || r.Events != want[i].Events) {
			t.Errorf("doc %d: %+v, sequential %+v", i, r, want[i])
		}
		if i == len(batch)-1 && r.Outcome != pipeline.Duplicate {
			t.Errorf("copy in the same batch: %+v", r)
		}
	}
}
