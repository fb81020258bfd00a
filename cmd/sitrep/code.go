package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/regular"
)

func init() {
	register(&command{name: "code", short: "code a text (FILE or standard input) to JSON Lines events", run: runCode})
}

func runCode(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "code", "[flags] [FILE|-]", `
Reads one text from FILE, or from standard input when FILE is - or absent,
and prints the events coded from it as JSON Lines, without touching the
database. With --transfers it prints the transfers instead; with --all one
JSON object with sentences, mentions, events and transfers.`)
	published := fs.String("published", "", "publication `date` (YYYY-MM-DD) that relative dates resolve against")
	title := fs.String("title", "", "the text's `headline`")
	outlet := fs.String("outlet", "", "the text's `outlet`, the source of events whose text names none")
	transfers := fs.Bool("transfers", false, "print transfers instead of events")
	all := fs.Bool("all", false, "print the whole analysis as one JSON object")
	kbDir := kbFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return errUsage
	}
	if err := checkPublished(*published); err != nil {
		return err
	}
	src, name := e.stdin, "standard input"
	if fs.NArg() == 1 && fs.Arg(0) != "-" {
		name = fs.Arg(0)
		f, err := regular.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		src = f
	}
	b, err := io.ReadAll(io.LimitReader(src, 20<<20+1))
	if err != nil {
		return fmt.Errorf("reading %s: %w", name, err)
	}
	if len(b) > 20<<20 {
		return fmt.Errorf("%s: larger than 20 MiB", name)
	}
	c, err := newCoder(*kbDir)
	if err != nil {
		return err
	}
	if len(b) > 1<<20 {
		// Loading leaves ~150 MB of garbage and free pages that the limit
		// would otherwise count as held: returned first, a long text is
		// coded within the 10 bytes per byte allowed above what is live.
		debug.FreeOSMemory()
	}
	limitGrowth(growthFor(int64(len(b))))
	a, err := c.Code(ctx, sitrep.Input{Title: *title, Text: string(b), Published: *published, Outlet: *outlet})
	if err != nil {
		return err
	}
	switch {
	case *all:
		return writeJSONLines(e.stdout, []*sitrep.Analysis{a})
	case *transfers:
		return writeJSONLines(e.stdout, a.Transfers)
	}
	return writeJSONLines(e.stdout, a.Events)
}
