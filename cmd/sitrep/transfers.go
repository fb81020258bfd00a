package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/sitrep/sitrep"
)

func init() {
	register(&command{name: "transfers", short: "list the arms-transfer ledger", run: runTransfers})
}

func runTransfers(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "transfers", "[flags]", "Lists the arms and equipment transfers found in ingested documents.")
	db := dbFlag(fs)
	var f sitrep.TransferFilter
	fs.StringVar(&f.Supplier, "supplier", "", "supplier `country` (IRN, Iran)")
	fs.StringVar(&f.Recipient, "recipient", "", "recipient `country` (RUS, Russia)")
	fs.StringVar(&f.Category, "category", "", "item `category` (drone, missile, aircraft, ...)")
	fs.Int64Var(&f.Document, "doc", 0, "only transfers of document `id`")
	fs.IntVar(&f.Limit, "limit", 0, "at most `n` transfers (0: all)")
	chosenFormat := formatFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	out, err := chosenFormat()
	if err != nil {
		return err
	}
	if f.Supplier, err = sideCode("supplier", f.Supplier); err != nil {
		return err
	}
	if f.Recipient, err = sideCode("recipient", f.Recipient); err != nil {
		return err
	}
	if f.Category, err = category(f.Category); err != nil {
		return err
	}
	st, err := openReader(ctx, e, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	ts, err := st.FindTransfers(ctx, f)
	if err != nil {
		return err
	}
	if out == formatJSON {
		return writeJSONLines(e.stdout, ts)
	}
	var rows [][]string
	width, evidence := tableWidth(e), 50
	if width > 0 {
		evidence = 1 << 30 // fitTable cuts it to the terminal
	}
	for _, t := range ts {
		if out == formatCSV {
			rows = append(rows, []string{t.ID, strconv.FormatInt(t.Document, 10), t.Date, t.Supplier, t.Recipient, t.Item, t.Category, t.Quantity, t.Status, t.Rule, t.Evidence})
			continue
		}
		rows = append(rows, []string{t.ID, orDash(t.Date), orDash(t.Supplier), orDash(t.Recipient), clip(t.Item, 28), t.Category, orDash(t.Quantity), t.Status, clip(t.Evidence, evidence)})
	}
	fitTable(width, transferHeader, rows, len(transferHeader)-1)
	if out == formatCSV {
		return writeCSV(e.stdout, []string{"id", "document", "date", "supplier", "recipient", "item", "category", "quantity", "status", "rule", "evidence"}, rows)
	}
	if err := table(e.stdout, transferHeader, rows); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%d transfers\n", len(ts))
	return nil
}

var transferHeader = []string{"ID", "DATE", "SUPPLIER", "RECIPIENT", "ITEM", "CATEGORY", "QTY", "STATUS", "EVIDENCE"}
