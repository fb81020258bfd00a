package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/sitrep/sitrep/internal/regular"
)

func init() {
	register(&command{
		name:  "entities",
		short: "print the entities recognised in a text",
		run:   runEntities,
	})
}

func runEntities(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "entities", "[FILE|-] [--json] [--date YYYY-MM-DD] [--kb DIR]", `
Print the states, institutions, organisations, armed groups, agents,
people, equipment and places recognised in a text (FILE, or standard input
when FILE is - or absent), one per line with byte offsets, kind, id,
country, sector and coordinates; --json prints JSON Lines of mentions.
--date picks the roles people held on that day. --kb DIR (or $SITREP_KB)
adds the TSV override files in DIR.`)
	asJSON := fs.Bool("json", false, "print JSON Lines, one mention a line")
	date := fs.String("date", "", "date of the text, YYYY-MM-DD, for people's roles")
	dir := fs.String("kb", "", "directory of TSV files that add to or override the embedded knowledge base")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *date != "" && !validDay(*date) {
		fmt.Fprintf(e.stderr, "sitrep entities: --date %q: want YYYY-MM-DD\n", *date)
		return errUsage
	}
	var src io.Reader = e.stdin
	switch fs.NArg() {
	case 0:
	case 1:
		if name := fs.Arg(0); name != "-" {
			f, err := regular.Open(name)
			if err != nil {
				return err
			}
			defer f.Close()
			src = f
		}
	default:
		fs.Usage()
		return errUsage
	}
	text, err := io.ReadAll(src)
	if err != nil {
		return err
	}
	k, err := loadKB(e, *dir)
	if err != nil {
		return err
	}
	ms := k.Recognize(string(text), *date)
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		for _, m := range ms {
			if err := enc.Encode(m); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "START\tEND\tTEXT\tKIND\tID\tCOUNTRY\tSECTOR\tCATEGORY\tLAT,LON")
	for _, m := range ms {
		ll := ""
		if m.Lat != nil && m.Lon != nil {
			ll = strconv.FormatFloat(*m.Lat, 'f', 4, 64) + "," + strconv.FormatFloat(*m.Lon, 'f', 4, 64)
		}
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", m.Start, m.End, m.Text, m.Kind, m.ID, m.Country, m.Sector, m.Category, ll)
	}
	return tw.Flush()
}

// validDay accepts YYYY-MM-DD.
func validDay(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, c := range s {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
