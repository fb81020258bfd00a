package pipeline_test

import (
	"context"
	"testing"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/pipeline"
)

// gateCoder tells when it starts coding and finishes only when released,
// failing if its context is cancelled meanwhile: it stands for a document
// in hand when a stop arrives.
type gateCoder struct {
	started chan struct{}
	release chan struct{}
}

func (c *gateCoder) Code(ctx context.Context, in sitrep.Input) (*sitrep.Analysis, error) {
	select {
	case c.started <- struct{}{}:
	default:
	}
	select {
	case <-c.release:
		return &sitrep.Analysis{}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// TestIngestStop closes Options.Stop while the first document is being
// coded, with more waiting: that document is coded, stored and reported,
// no other is started, nothing is reported failed, and Ingest returns nil.
func TestIngestStop(t *testing.T) {
	for _, workers := range []int{1, 3} {
		inputs := articles(t, 8)
		c := &gateCoder{started: make(chan struct{}, 1), release: make(chan struct{})}
		p := fakePipeline(t, c)
		stop := make(chan struct{})
		go func() {
			<-c.started
			close(stop)
			// Time for a wrong implementation to start another document
			// or cancel this one.
			time.Sleep(50 * time.Millisecond)
			close(c.release)
		}()
		counts := map[pipeline.Outcome]int{}
		done := make(chan error, 1)
		go func() {
			done <- p.Ingest(context.Background(), inputs, pipeline.Options{Workers: workers, Stop: stop}, func(r pipeline.Report) {
				counts[r.Outcome]++
				if r.Err != nil {
					t.Errorf("workers %d: %s: %v", workers, r.Input, r.Err)
				}
			})
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("workers %d: Ingest: %v", workers, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("workers %d: Ingest did not return after Stop", workers)
		}
		docs, err := p.Store.FindDocuments(context.Background(), sitrep.DocumentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		// Up to workers documents may have started coding before the
		// stop; at least the first did and was stored.
		if counts[pipeline.New] < 1 || counts[pipeline.New] > workers || len(docs) != counts[pipeline.New] {
			t.Errorf("workers %d: %v reported, %d stored; want the documents in hand (1 to %d) stored", workers, counts, len(docs), workers)
		}
		if counts[pipeline.Failed] != 0 {
			t.Errorf("workers %d: %d failures reported", workers, counts[pipeline.Failed])
		}
	}
}
