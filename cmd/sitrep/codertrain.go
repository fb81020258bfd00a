package main

import (
	"context"
	"fmt"
	"math"
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
the folds, beside the rules alone on the same records. A single run moves
by about 0.01 event F1 with the models' shuffling seed: --seeds N repeats
it with N seeds and prints each set's figure per seed with their mean and
standard deviation, and --bag K averages each model over K seeds; judge a
change by such a mean (for instance --seeds 4 --bag 4 on news).`)
	out := fs.String("out", "coder/models/coder.bin", "file to write the models to")
	shared := fs.String("shared", "../shared", "`dir` holding eval/dev and train, read when no files are given")
	cv := fs.Int("cv", 0, "cross-validate over K folds instead of writing models")
	thresholds := fs.String("thresholds", "", "with --cv, comma-separated event-model thresholds to score (default: the coder's)")
	showErrors := fs.Bool("errors", false, "with --cv, list the learned coder's mistakes on the held-out records (first threshold)")
	bonus := fs.Float64("role-bonus", 2, "with --cv, log-odds bonus for each side of an event")
	ruleBonus := fs.Float64("rule-bonus", 1.5, "with --cv, log-odds bonus for the role the rules gave a participant")
	use := fs.String("use", "", "with --cv, comma-separated models to use (event, role; default: all)")
	seeds := fs.Int("seeds", 1, "with --cv, repeat it with `n` shuffling seeds (0, 1, ...): figures are summed over them, with each set's spread")
	bag := fs.Int("bag", 1, "with --cv, average each model's weights over `k` seeds: a steadier figure at k times the training")
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
	coder.WithRuleRoleBonus(*ruleBonus)(nil)
	if *seeds < 1 || *bag < 1 {
		return fmt.Errorf("--seeds and --bag: want 1 or more")
	}
	var vary []coder.Variation
	for s := range *seeds {
		vary = append(vary, coder.Variation{Seed: uint64(s), Bag: *bag})
	}
	return crossValidate(ctx, e, k, p, rules, sets, *cv, ths, only, *showErrors, vary, logf)
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

// headline returns the count's main figure: event F1, recall where
// precision is not scored, document-type F1 or quad accuracy.
func (c *cvCount) headline() float64 {
	switch {
	case c.quads > 0:
		return ratio(c.quadsAgreed, c.quads)
	case c.tGold > 0:
		return f1(ratio(c.tMatched, c.tPred), ratio(c.tMatched, c.tGold))
	case c.scoredPred == 0:
		return ratio(c.matched, c.gold)
	}
	return f1(ratio(c.scoredMatched, c.scoredPred), ratio(c.matched, c.gold))
}

// spread returns the mean and sample standard deviation of xs.
func spread(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	if len(xs) < 2 {
		return mean, 0
	}
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(xs)-1))
}

// crossValidation is one cross-validation run over several training
// variations, with its counts.
type crossValidation struct {
	e     *env
	k     *kb.KB
	p     *nlp.Pipeline
	rules *coder.Coder
	sets  []coder.TrainSet
	folds int
	ths   []float64
	only  []string
	logf  func(string, ...any)

	base    []cvCount     // [set]: the rules alone
	pooled  [][]cvCount   // [threshold][set]: the learned coder over every variation
	perSeed [][][]cvCount // [variation][threshold][set]
}

func crossValidate(ctx context.Context, e *env, k *kb.KB, p *nlp.Pipeline, rules *coder.Coder, sets []coder.TrainSet, folds int, ths []float64, only []string, showErrors bool, vary []coder.Variation, logf func(string, ...any)) error {
	cv := &crossValidation{e: e, k: k, p: p, rules: rules, sets: sets, folds: folds, ths: ths, only: only, logf: logf}
	cv.base = make([]cvCount, len(sets))
	cv.pooled = counts(len(ths), len(sets))
	for v := range vary {
		cv.perSeed = append(cv.perSeed, counts(len(ths), len(sets)))
		if err := cv.run(ctx, v, vary[v], showErrors && v == 0); err != nil {
			return err
		}
	}
	for si, set := range sets {
		fmt.Fprintf(e.stdout, "%s\n  rules          %s\n", set.Name, &cv.base[si])
		for ti, th := range ths {
			fmt.Fprintf(e.stdout, "  learned p>=%.2f %s\n", th, &cv.pooled[ti][si])
			if len(vary) > 1 {
				var figs []float64
				var each []string
				for v := range vary {
					f := cv.perSeed[v][ti][si].headline()
					figs = append(figs, f)
					each = append(each, fmt.Sprintf("%.3f", f))
				}
				mean, sd := spread(figs)
				fmt.Fprintf(e.stdout, "    over %d seeds: mean %.3f, sd %.3f (%s)\n", len(vary), mean, sd, strings.Join(each, " "))
			}
		}
		if cats := cv.perSeed[0][0][si].categories; showErrors && len(cats) > 0 {
			fmt.Fprintf(e.stdout, "  mistakes of the learned coder (p>=%.2f, first seed) by category:\n", ths[0])
			if err := eval.WriteCategories(e.stdout, &eval.FileResult{File: "   ", Categories: cats}); err != nil {
				return err
			}
		}
	}
	return nil
}

// counts returns zero counts for each threshold and set.
func counts(ths, sets int) [][]cvCount {
	out := make([][]cvCount, ths)
	for i := range out {
		out[i] = make([]cvCount, sets)
	}
	return out
}

// run cross-validates once with training variation vary (the v-th), adding
// the learned coder's counts to perSeed[v] and pooled, and on the first
// variation the rules' counts to base (they do not vary).
func (cv *crossValidation) run(ctx context.Context, v int, vary coder.Variation, showErrors bool) error {
	for fold := 0; fold < cv.folds; fold++ {
		skip := func(_, id string) bool { return coder.Fold(id, cv.folds) == fold }
		data, err := coder.Train(ctx, cv.rules, cv.sets, coder.TrainOptions{Skip: skip, Vary: vary})
		if err != nil {
			return err
		}
		for si, set := range cv.sets {
			var held []eval.Record
			for _, r := range set.Records {
				if skip(set.Name, r.ID) {
					held = append(held, r)
				}
			}
			if len(held) == 0 {
				continue
			}
			if v == 0 {
				res, err := eval.Score(ctx, cv.rules, set.Name, held, eval.Options{})
				if err != nil {
					return err
				}
				cv.base[si].add(res)
			}
			for ti, th := range cv.ths {
				opts := []coder.Option{coder.WithParser(cv.p), coder.WithModels(data), coder.WithThreshold(th)}
				if cv.only != nil {
					opts = append(opts, coder.WithOnly(cv.only...))
				}
				c, err := coder.New(cv.k, opts...)
				if err != nil {
					return err
				}
				res, err := eval.Score(ctx, c, set.Name, held, eval.Options{})
				if err != nil {
					return err
				}
				cv.perSeed[v][ti][si].add(res)
				cv.pooled[ti][si].add(res)
				if showErrors && ti == 0 {
					if err := eval.WriteErrors(cv.e.stderr, res); err != nil {
						return err
					}
				}
			}
		}
		cv.logf("seed %d: fold %d of %d done", vary.Seed, fold+1, cv.folds)
	}
	return nil
}
