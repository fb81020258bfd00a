package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/sitrep/sitrep/nlp"
)

func init() {
	register(&command{name: "nlp", short: "train and evaluate the NLP models (tagger, lemmatiser, parser)", run: runNLP})
}

func runNLP(ctx context.Context, e *env, args []string) error {
	usage := func() {
		fmt.Fprint(e.stderr, `Usage: sitrep nlp <train|eval> [flags]

	sitrep nlp train --treebank DIR [--out DIR] [--iterations N]
	sitrep nlp eval --treebank FILE.conllu [--models DIR] [--json] [--raw]
`)
	}
	if len(args) == 0 {
		usage()
		return errUsage
	}
	switch args[0] {
	case "train":
		return runNLPTrain(e, args[1:])
	case "eval":
		return runNLPEval(e, args[1:])
	case "-h", "--help", "help":
		usage()
		return nil
	}
	fmt.Fprintf(e.stderr, "sitrep nlp: unknown subcommand %q\n", args[0])
	usage()
	return errUsage
}

func runNLPTrain(e *env, args []string) error {
	fs := newFlagSet(e, "nlp train", "--treebank DIR [--out DIR] [--iterations N] [--hold-out-dev]", `
Train the tagger, lemmatiser and parser on DIR/*-ud-train.conllu (UD English
EWT) and on DIR/*-ud-dev.conllu except its first 400 sentences, which are
held out and scored (the accuracy-floor test uses the same 400); with
--hold-out-dev the whole dev split is held out and scored instead. The test
split is never trained on. Training is deterministic: the same treebank
gives byte-identical models. To rebuild the models embedded in sitrep, use
--out nlp/models in the source tree and rebuild the binary.`)
	treebank := fs.String("treebank", "", "directory with the treebank's .conllu splits")
	out := fs.String("out", "nlp/models", "directory to write the model files to")
	iters := fs.Int("iterations", 0, "parser training epochs (0: default 15; the tagger always trains 10)")
	holdOut := fs.Bool("hold-out-dev", false, "train on the train split only and score the whole dev split")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *treebank == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	return nlp.Train(nlp.TrainOptions{Treebank: *treebank, Out: *out, ParseIterations: *iters, HoldOutDev: *holdOut, Log: e.stderr})
}

func runNLPEval(e *env, args []string) error {
	fs := newFlagSet(e, "nlp eval", "--treebank FILE.conllu [--models DIR] [--json] [--raw]", `
Score the models against a CoNLL-U file with gold tokenisation: UPOS, XPOS
and lemma accuracy, UAS and LAS (full relations, punctuation included).
--raw adds token and sentence F1 of sitrep's own tokenisation of the raw
text rebuilt from the "# text" comments.`)
	treebank := fs.String("treebank", "", "CoNLL-U file to score against")
	models := fs.String("models", "", "directory of model files (default: the embedded models)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	raw := fs.Bool("raw", false, "also score tokenisation and sentence splitting of the raw text")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *treebank == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	gold, err := nlp.ReadCoNLLUFile(*treebank)
	if err != nil {
		return err
	}
	var p *nlp.Pipeline
	if *models != "" {
		p, err = nlp.LoadDir(*models)
	} else {
		p, err = nlp.Default()
	}
	if err != nil {
		return err
	}
	var sc nlp.Scores
	if *raw {
		sc = p.EvaluateRaw(gold)
	} else {
		sc = p.Evaluate(gold)
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		return enc.Encode(sc)
	}
	fmt.Fprintf(e.stdout, "sentences %d\ntokens    %d\nUPOS      %.4f\nXPOS      %.4f\nlemma     %.4f\nUAS       %.4f\nLAS       %.4f\n",
		sc.Sentences, sc.Tokens, sc.UPOS, sc.XPOS, sc.Lemma, sc.UAS, sc.LAS)
	if sc.TokenF1 != nil {
		fmt.Fprintf(e.stdout, "token F1  %.4f\nsentence F1 %.4f\n", *sc.TokenF1, *sc.SentenceF1)
	}
	return nil
}
