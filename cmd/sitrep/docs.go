package main

import (
	"context"
	"strconv"
	"time"

	"github.com/sitrep/sitrep"
)

func init() {
	register(&command{name: "docs", short: "list ingested documents", run: runDocs})
}

func runDocs(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "docs", "[flags]", "Lists the ingested documents with their metadata.")
	db := dbFlag(fs)
	var f sitrep.DocumentFilter
	fs.StringVar(&f.Since, "since", "", "published on or after `date`")
	fs.StringVar(&f.Until, "until", "", "published on or before `date`")
	fs.IntVar(&f.Limit, "limit", 0, "at most `n` documents (0: all)")
	chosenFormat := formatFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	out, err := chosenFormat()
	if err != nil {
		return err
	}
	st, err := openReader(ctx, e, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	docs, err := st.FindDocuments(ctx, f)
	if err != nil {
		return err
	}
	if out == formatJSON {
		return writeJSONLines(e.stdout, docs)
	}
	header := []string{"ID", "PUBLISHED", "OUTLET", "TITLE", "SOURCE", "NOTE"}
	width, title := tableWidth(e), 60
	if width > 0 {
		title = 1 << 30 // fitTable cuts it to the terminal
	}
	var rows [][]string
	for _, d := range docs {
		pub := orDash(d.Published)
		if d.PublishedFrom == "inferred" {
			pub += "?"
		}
		note := ""
		if d.DuplicateOf != 0 {
			note = "near-duplicate of " + strconv.FormatInt(d.DuplicateOf, 10)
		}
		if out == formatCSV {
			rows = append(rows, []string{strconv.FormatInt(d.ID, 10), d.Published, d.PublishedFrom, d.Outlet, d.Title, d.URL, d.Source, d.Language, strconv.FormatInt(d.DuplicateOf, 10), d.IngestedAt.Format(time.RFC3339)})
			continue
		}
		rows = append(rows, []string{strconv.FormatInt(d.ID, 10), pub, clip(orDash(d.Outlet), 20), clip(d.Title, title), clip(d.Source, 40), note})
	}
	if out == formatCSV {
		return writeCSV(e.stdout, []string{"id", "published", "published_from", "outlet", "title", "url", "source", "language", "duplicate_of", "ingested_at"}, rows)
	}
	fitTable(width, header, rows, 3)
	return table(e.stdout, header, rows)
}
