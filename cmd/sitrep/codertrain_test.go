package main

import (
	"math"
	"strings"
	"testing"
)

func TestCoderTrainSeeds(t *testing.T) {
	p := writeEvalGold(t, "small.gold.jsonl", evalGold)
	code, out, stderr := runEvalCmd(t, "coder", "train", "--cv", "2", "--seeds", "2", "--bag", "2", p)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	// The learned line sums both seeds' folds: twice the rules' records.
	for _, want := range []string{"rules          quad accuracy 1.000 (1 of 1)", "learned p>=0.10 quad accuracy 1.000 (2 of 2)",
		"over 2 seeds: mean 1.000, sd 0.000 (1.000 1.000)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(stderr, "seed 1: fold 2 of 2 done") {
		t.Errorf("progress: %s", stderr)
	}
	if code, _, _ := runEvalCmd(t, "coder", "train", "--cv", "2", "--seeds", "0", p); code == 0 {
		t.Error("--seeds 0 accepted")
	}
}

func TestSpread(t *testing.T) {
	tests := []struct {
		xs       []float64
		mean, sd float64
	}{
		{[]float64{0.43}, 0.43, 0},
		{[]float64{0.4, 0.5}, 0.45, math.Sqrt(0.005)},
		{[]float64{1, 2, 3, 4}, 2.5, math.Sqrt(5.0 / 3)},
	}
	for _, tt := range tests {
		mean, sd := spread(tt.xs)
		if math.Abs(mean-tt.mean) > 1e-12 || math.Abs(sd-tt.sd) > 1e-12 {
			t.Errorf("spread(%v) = %g, %g; want %g, %g", tt.xs, mean, sd, tt.mean, tt.sd)
		}
	}
}
