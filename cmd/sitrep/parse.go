package main

import (
	"context"
	"fmt"
	"io"

	"github.com/sitrep/sitrep/internal/regular"
	"github.com/sitrep/sitrep/nlp"
)

func init() {
	register(&command{name: "parse", short: "tokenise, tag and parse text; print CoNLL-U", run: runParse})
}

func runParse(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "parse", "[FILE|-]", `
Read English text from FILE (or standard input) and print its sentences as
CoNLL-U: tokens with lemma, UPOS, XPOS, head and relation; MISC holds
TokenRange=start:end byte offsets into the input.`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return errUsage
	}
	var (
		data []byte
		err  error
		name = "-"
	)
	if fs.NArg() == 1 && fs.Arg(0) != "-" {
		name = fs.Arg(0)
		data, err = regular.ReadFile(name)
	} else {
		data, err = io.ReadAll(e.stdin)
	}
	if err != nil {
		return fmt.Errorf("parse: reading %s: %w", name, err)
	}
	p, err := nlp.Default()
	if err != nil {
		return err
	}
	text := string(data)
	return nlp.WriteCoNLLU(e.stdout, p.Analyze(text), "s")
}
