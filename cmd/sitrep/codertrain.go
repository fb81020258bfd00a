package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/coder"
	"github.com/sitrep/sitrep/eval"
	"github.com/sitrep/sitrep/kb"
	"github.com/sitrep/sitrep/nlp"
)

func init() {
	register(&command{name: "coder", short: "train and cross-validate the coder's learned models", run: runCoder})
}

func runCoder(ctx context.Context, e *env, args []string) error {
	usage := func() {
		fmt.Fprint(e.stderr, `Usage: sitrep coder train [flags] GOLD.jsonl ...

	sitrep coder train --out coder/models/coder.bin GOLD.jsonl ...
	sitrep coder train --cv 5 GOLD.jsonl ...
`)
	}
	if len(args) == 0 {
		usage()
		return errUsage
	}
	switch args[0] {
	case "train":
		return runCoderTrain(ctx, e, args[1:])
	case "-h", "--help", "help":
		usage()
		return nil
	}
	fmt.Fprintf(e.stderr, "sitrep coder: unknown subcommand %q\n", args[0])
	usage()
	return errUsage
}

func runCoderTrain(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "coder train", "[--out FILE] [--cv K] [--shared DIR | GOLD.jsonl ...]", `
Train the coder's learned models on gold files and write them to --out:
the sentence model (which types a sentence states), the event model
(whether a trigger states an event of its type) and the role models (which
participant is actor, which recipient). Without files it reads the gold
sets the embedded models are trained on from --shared (eval/dev/... and
train/... there). Training is deterministic: the same files give
byte-identical models. To rebuild the embedded models, run it from the
source tree with the defaults and rebuild the binary.

With --cv K nothing is written: the records of every file are split into K
folds by their ids, and for each fold the models are trained on the other
folds and the coder is scored on it; the figures printed are summed over
the folds, beside the rules alone on the same records.`)
	out := fs.String("out", "coder/models/coder.bin", "file to write the models to")
	shared := fs.String("shared", "../shared", "`dir` holding eval/dev and train, read when no files are given")
	cv := fs.Int("cv", 0, "cross-validate over K folds instead of writing models")
	thresholds := fs.String("thresholds", "", "with --cv, comma-separated event-model thresholds to score (default: the coder's)")
	showErrors := fs.Bool("errors", false, "with --cv, list the learned coder's mistakes on the held-out records (first threshold)")
	bonus := fs.Float64("role-bonus", 2, "with --cv, log-odds bonus for each side of an event")
	use := fs.String("use", "", "with --cv, comma-separated models to use (event, role; default: all)")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		for _, f := range coder.TrainingFiles {
			paths = append(paths, filepath.Join(*shared, f))
		}
	}
	var sets []coder.TrainSet
	for _, p := range paths {
		recs, err := eval.ReadFile(p)
		if err != nil {
			return err
		}
		sets = append(sets, coder.TrainSet{Name: filepath.Base(p), Records: recs, Weight: coder.SetWeight(p)})
	}
	k, err := kb.Default()
	if err != nil {
		return err
	}
	p, err := nlp.Default()
	if err != nil {
		return err
	}
	rules, err := coder.New(k, coder.WithParser(p), coder.WithoutModels())
	if err != nil {
		return err
	}
	logf := func(format string, args ...any) { fmt.Fprintf(e.stderr, format+"\n", args...) }
	if *cv == 0 {
		data, err := coder.Train(ctx, rules, sets, coder.TrainOptions{Logf: logf})
		if err != nil {
			return err
		}
		if err := os.WriteFile(*out, data, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "wrote %s (%d bytes)\n", *out, len(data))
		return nil
	}
	ths := []float64{coder.DefaultThreshold}
	if *thresholds != "" {
		ths = nil
		for _, f := range strings.Split(*thresholds, ",") {
			v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
			if err != nil {
				return fmt.Errorf("--thresholds: %w", err)
			}
			ths = append(ths, v)
		}
	}
	var only []string
	if *use != "" {
		only = strings.Split(*use, ",")
	}
	coder.WithRoleBonus(*bonus)(nil)
	return crossValidate(ctx, e, k, p, rules, sets, *cv, ths, only, *showErrors, logf)
}

// cvCount sums event and transfer counts over folds.
type cvCount struct {
	gold, pred, matched, scoredPred, scoredMatched int
	sMatched, sScoredPred, sScoredMatched          int // strict
	tGold, tPred, tMatched                         int // document types
	quads, quadsAgreed                             int
	dates, datesAgreed                             int
	categories                                     map[string]int
}

func (c *cvCount) add(r *eval.FileResult) {
	if t := r.DocumentTypes; t != nil {
		c.tGold += t.Gold
		c.tPred += t.Predicted
		c.tMatched += t.Matched
	}
	c.quads += r.Quads
	c.quadsAgreed += r.QuadsAgreed
	for k, v := range r.Categories {
		if c.categories == nil {
			c.categories = map[string]int{}
		}
		c.categories[k] += v
	}
	c.dates += r.Dates
	c.datesAgreed += r.DatesAgreed
	if s := r.EventsStrict; s != nil {
		c.sMatched += s.Matched
		c.sScoredMatched += s.ScoredMatched
		c.sScoredPred += s.ScoredPredicted
	}
	if r.Events == nil {
		return
	}
	c.gold += r.Events.Gold
	c.pred += r.Events.Predicted
	c.matched += r.Events.Matched
	c.scoredPred += r.Events.ScoredPredicted
	c.scoredMatched += r.Events.ScoredMatched
}

func (c *cvCount) String() string {
	if c.quads > 0 {
		return fmt.Sprintf("quad accuracy %.3f (%d of %d)", ratio(c.quadsAgreed, c.quads), c.quadsAgreed, c.quads)
	}
	if c.tGold > 0 {
		p, r := ratio(c.tMatched, c.tPred), ratio(c.tMatched, c.tGold)
		return fmt.Sprintf("types gold %4d  pred %4d  matched %4d  P %.3f  R %.3f  F1 %.3f", c.tGold, c.tPred, c.tMatched, p, r, f1(p, r))
	}
	r := ratio(c.matched, c.gold)
	if c.scoredPred == 0 {
		return fmt.Sprintf("gold %4d  pred %4d  matched %4d  R %.3f", c.gold, c.pred, c.matched, r)
	}
	p := ratio(c.scoredMatched, c.scoredPred)
	sp, sr := ratio(c.sScoredMatched, c.sScoredPred), ratio(c.sMatched, c.gold)
	return fmt.Sprintf("gold %4d  pred %4d  matched %4d  P %.3f  R %.3f  F1 %.3f  strict F1 %.3f  dates %.3f", c.gold, c.pred, c.matched, p, r, f1(p, r), f1(sp, sr), ratio(c.datesAgreed, c.dates))
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func crossValidate(ctx context.Context, e *env, k *kb.KB, p *nlp.Pipeline, rules *coder.Coder, sets []coder.TrainSet, folds int, ths []float64, only []string, showErrors bool, logf func(string, ...any)) error {
	base := make([]cvCount, len(sets))
	learned := make([][]cvCount, len(ths))
	for i := range learned {
		learned[i] = make([]cvCount, len(sets))
	}
	for fold := 0; fold < folds; fold++ {
		skip := func(_, id string) bool { return coder.Fold(id, folds) == fold }
		data, err := coder.Train(ctx, rules, sets, coder.TrainOptions{Skip: skip})
		if err != nil {
			return err
		}
		for si, set := range sets {
			var held []eval.Record
			for _, r := range set.Records {
				if skip(set.Name, r.ID) {
					held = append(held, r)
				}
			}
			if len(held) == 0 {
				continue
			}
			res, err := eval.Score(ctx, rules, set.Name, held, eval.Options{})
			if err != nil {
				return err
			}
			base[si].add(res)
			for ti, th := range ths {
				opts := []coder.Option{coder.WithParser(p), coder.WithModels(data), coder.WithThreshold(th)}
				if only != nil {
					opts = append(opts, coder.WithOnly(only...))
				}
				c, err := coder.New(k, opts...)
				if err != nil {
					return err
				}
				res, err := eval.Score(ctx, c, set.Name, held, eval.Options{})
				if err != nil {
					return err
				}
				learned[ti][si].add(res)
				if showErrors && ti == 0 {
					if err := eval.WriteErrors(e.stderr, res); err != nil {
						return err
					}
				}
			}
		}
		logf("fold %d of %d done", fold+1, folds)
	}
	for si, set := range sets {
		fmt.Fprintf(e.stdout, "%s\n  rules          %s\n", set.Name, &base[si])
		for ti, th := range ths {
			fmt.Fprintf(e.stdout, "  learned p>=%.2f %s\n", th, &learned[ti][si])
		}
		if cats := learned[0][si].categories; showErrors && len(cats) > 0 {
			fmt.Fprintf(e.stdout, "  mistakes of the learned coder (p>=%.2f) by category:\n", ths[0])
			if err := eval.WriteCategories(e.stdout, &eval.FileResult{File: "   ", Categories: cats}); err != nil {
				return err
			}
		}
	}
	return nil
}
