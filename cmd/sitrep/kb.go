package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/sitrep/sitrep/kb"
)

func init() {
	register(&command{
		name:  "kb",
		short: "query the knowledge base (kb lookup NAME)",
		run:   runKB,
	})
}

// loadKB returns the embedded knowledge base, or one with the override
// files of dir (or $SITREP_KB) added.
func loadKB(e *env, dir string) (*kb.KB, error) {
	if dir == "" {
		dir = e.getenv("SITREP_KB")
	}
	if dir == "" {
		return kb.Default()
	}
	return kb.Load(dir)
}

func runKB(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "kb", "lookup NAME [--json] [--kb DIR]", `
Query the knowledge base. 'sitrep kb lookup NAME' prints every state,
institution, organisation, armed group, agent noun, person (one line per
role), equipment type and place recognised by NAME, or with NAME as id.
--kb DIR (or $SITREP_KB) adds the TSV override files in DIR.`)
	asJSON := fs.Bool("json", false, "print JSON Lines, one entry a line")
	dir := fs.String("kb", "", "directory of TSV files that add to or override the embedded knowledge base")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) < 2 || rest[0] != "lookup" {
		fs.Usage()
		return errUsage
	}
	// Flags may follow the name: sitrep kb lookup Moscow --json.
	var words []string
	for n := 1; n < len(rest); n++ {
		switch a := rest[n]; {
		case a == "--json" || a == "-json":
			*asJSON = true
		case (a == "--kb" || a == "-kb") && n+1 < len(rest):
			*dir = rest[n+1]
			n++
		case strings.HasPrefix(a, "--kb="):
			*dir = strings.TrimPrefix(a, "--kb=")
		default:
			words = append(words, a)
		}
	}
	name := strings.Join(words, " ")
	k, err := loadKB(e, *dir)
	if err != nil {
		return err
	}
	entries := k.Lookup(name)
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		for _, en := range entries {
			if err := enc.Encode(en); err != nil {
				return err
			}
		}
	} else {
		tw := tabwriter.NewWriter(e.stdout, 2, 8, 2, ' ', 0)
		fmt.Fprintln(tw, "KIND\tID\tNAME\tCOUNTRY\tSECTOR\tDETAIL")
		for _, en := range entries {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", en.Kind, en.ID, en.Name, en.Country, en.Sector, detail(en))
		}
		tw.Flush()
	}
	if len(entries) == 0 {
		fmt.Fprintf(e.stderr, "sitrep kb: no entry for %q\n", name)
		return exitError{1}
	}
	return nil
}

// detail is the kind-specific part of an entry's line.
func detail(en kb.Entry) string {
	var parts []string
	if en.Role != "" {
		r := en.Role + " " + en.From + "–" + en.To
		parts = append(parts, strings.TrimSpace(r))
	}
	if en.Category != "" {
		parts = append(parts, en.Category)
	}
	if en.Origin != "" {
		parts = append(parts, "origin "+en.Origin)
	}
	if en.Lat != nil && en.Lon != nil {
		parts = append(parts, fmt.Sprintf("%.4f,%.4f", *en.Lat, *en.Lon))
	}
	if en.Admin1 != "" {
		parts = append(parts, en.Admin1)
	}
	if en.Population > 0 {
		parts = append(parts, fmt.Sprintf("pop %d", en.Population))
	}
	if en.Notes != "" && en.Kind != "place" {
		parts = append(parts, en.Notes)
	}
	return strings.Join(parts, "; ")
}
