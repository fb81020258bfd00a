package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/sitrep/sitrep/eval"
)

func init() {
	register(&command{
		name:  "eval",
		short: "score the coder against gold files",
		run:   runEval,
	})
}

const evalDescription = `
Eval codes every record of each gold file (docs/gold-format.md) in memory,
with the record's title, text and published date, and scores the result:
event precision/recall/F1 (precision on "event" records only), the same
under strict matching ("events (strict)": the predicted evidence must also
overlap the gold evidence), date and location accuracy of matched events,
document-type P/R/F1, quad accuracy and transfer P/R/F1. A figure the
file's levels do not allow is "-" in the table and null in --json output.

With --errors, the mistakes follow each file's table: missed gold events,
false events in "event" records, loose matches (matched, but not by the
predicted evidence), wrong dates and places, missed and false document
types, wrong quads and transfer errors. With --json they go to
standard error so that standard output stays one JSON object.

With --incidents FILE (or a file whose records have an "incident" field,
docs/incidents-gold.md), eval codes the reports in memory, groups them into
incidents as ingest does, and scores the grouping: B-cubed and pairwise
precision/recall/F1 over reports, and the look-alike pairs wrongly merged;
--errors lists split and merged incidents.

Low scores are not failures: the exit status is non-zero only when a file
cannot be read or coding fails.`

func runEval(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "eval", "[--json] [--errors] [--workers N] GOLD.jsonl ...", evalDescription)
	asJSON := fs.Bool("json", false, "print the scores as one JSON object")
	showErrors := fs.Bool("errors", false, "list the coder's mistakes")
	workers := fs.Int("workers", 0, "records coded at once (default: the number of CPUs)")
	incidentsFile := fs.String("incidents", "", "score incident grouping against the incident gold `file`")
	kbDir := kbFlag(fs)
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if *incidentsFile != "" || len(paths) > 0 && eval.IsIncidentFile(paths[0]) {
		if *incidentsFile != "" {
			paths = append([]string{*incidentsFile}, paths...)
		}
		return runEvalIncidents(ctx, e, paths, *kbDir, *workers, *asJSON, *showErrors)
	}
	if len(paths) == 0 {
		fs.Usage()
		return errUsage
	}

	// Read every file before coding anything, so that a bad file fails
	// fast rather than after minutes of coding.
	sets := make([][]eval.Record, len(paths))
	for i, p := range paths {
		recs, err := eval.ReadFile(p)
		if err != nil {
			return err
		}
		sets[i] = recs
	}
	c, err := newCoder(*kbDir)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}

	errOut := e.stdout
	if *asJSON {
		errOut = e.stderr
	}
	var results []*eval.FileResult
	for i, p := range paths {
		opts := eval.Options{Workers: *workers}
		if e.isTerminal {
			opts.Progress = evalProgress(e.rawStderr, sanitize(p))
		}
		res, err := eval.Score(ctx, c, p, sets[i], opts)
		if e.isTerminal {
			fmt.Fprint(e.rawStderr, "\r\033[K")
		}
		if err != nil {
			return err
		}
		if !*showErrors {
			res.Categories = nil // part of the report of mistakes
		}
		results = append(results, res)
		if *asJSON {
			if *showErrors {
				if err := eval.WriteErrors(errOut, res); err != nil {
					return err
				}
			}
			continue
		}
		// Text output streams, one file at a time.
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		if err := eval.WriteTable(e.stdout, []*eval.FileResult{res}); err != nil {
			return err
		}
		if *showErrors && len(res.Errors) > 0 {
			fmt.Fprintln(errOut)
			if err := eval.WriteErrors(errOut, res); err != nil {
				return err
			}
			if len(res.Categories) > 0 {
				fmt.Fprintln(errOut)
				if err := eval.WriteCategories(errOut, res); err != nil {
					return err
				}
			}
		}
	}
	if *asJSON {
		return eval.WriteJSON(e.stdout, results)
	}
	return nil
}

// evalProgress returns an eval.Options.Progress that shows a counter on a
// terminal.
func evalProgress(w io.Writer, name string) func(done, total int) {
	return func(done, total int) {
		if done == total || done%10 == 0 {
			fmt.Fprintf(w, "\r%s: coded %d of %d", name, done, total)
		}
	}
}

// runEvalIncidents scores incident grouping on incident gold files.
func runEvalIncidents(ctx context.Context, e *env, paths []string, kbDir string, workers int, asJSON, showErrors bool) error {
	sets := make([][]eval.IncidentReport, len(paths))
	for i, p := range paths {
		reps, err := eval.ReadIncidentFile(p)
		if err != nil {
			return err
		}
		sets[i] = reps
	}
	c, err := newCoder(kbDir)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	var results []*eval.IncidentResult
	for i, p := range paths {
		opts := eval.Options{Workers: workers}
		if e.isTerminal {
			opts.Progress = evalProgress(e.rawStderr, sanitize(p))
		}
		res, err := eval.ScoreIncidents(ctx, c, p, sets[i], opts)
		if e.isTerminal {
			fmt.Fprint(e.rawStderr, "\r\033[K")
		}
		if err != nil {
			return err
		}
		results = append(results, res)
		errOut := e.stdout
		if asJSON {
			errOut = e.stderr
		} else if err := eval.WriteIncidentTable(e.stdout, res); err != nil {
			return err
		}
		if showErrors {
			if err := eval.WriteIncidentErrors(errOut, sets[i], res); err != nil {
				return err
			}
		}
		if !showErrors {
			res.Assignment = nil
		}
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(results)
	}
	return nil
}
