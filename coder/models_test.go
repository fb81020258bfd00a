package coder

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/eval"
	"github.com/sitrep/sitrep/kb"
)

var retrain = flag.Bool("retrain", false, "retrain the coder's models from ../shared and compare them with the embedded ones")

// TestEmbeddedModelsReproduce retrains the models from the gold files and
// checks that the bytes equal the embedded models/coder.bin: the embedded
// weights are what the documented command builds from the pinned inputs.
func TestEmbeddedModelsReproduce(t *testing.T) {
	if !*retrain {
		t.Skip("run with -retrain (needs ../shared beside the checkout)")
	}
	shared := filepath.Join("..", "..", "shared")
	var sets []TrainSet
	for _, f := range TrainingFiles {
		path := filepath.Join(shared, f)
		recs, err := eval.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sets = append(sets, TrainSet{Name: filepath.Base(path), Records: recs, Weight: SetWeight(path)})
	}
	k, err := kb.Default()
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(k, WithoutModels())
	if err != nil {
		t.Fatal(err)
	}
	got, err := Train(context.Background(), c, sets, TrainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("models", "coder.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("retrained models (%d bytes) differ from models/coder.bin (%d bytes): run 'sitrep coder train' as models/README.md says", len(got), len(want))
	}
}
