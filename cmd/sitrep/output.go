package main

import (
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/sitrep/sitrep"
)

// format is the output format chosen with --json / --csv.
type format int

const (
	formatTable format = iota
	formatJSON
	formatCSV
)

// formatFlags adds --json and --csv to fs; the function it returns reports
// the format chosen once the flags are parsed.
func formatFlags(fs *flag.FlagSet) func() (format, error) {
	jsonOut := fs.Bool("json", false, "print JSON Lines")
	csvOut := fs.Bool("csv", false, "print CSV")
	return func() (format, error) { return pickFormat(*jsonOut, *csvOut) }
}

func pickFormat(jsonOut, csvOut bool) (format, error) {
	switch {
	case jsonOut && csvOut:
		return 0, fmt.Errorf("choose one of --json and --csv")
	case jsonOut:
		return formatJSON, nil
	case csvOut:
		return formatCSV, nil
	}
	return formatTable, nil
}

// writeJSONLines writes each value as one line of JSON.
func writeJSONLines[T any](w io.Writer, vs []T) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, v := range vs {
		if err := enc.Encode(v); err != nil {
			return err
		}
	}
	return nil
}

// tablePadding is the space between table columns.
const tablePadding = 2

// table writes rows aligned in columns.
func table(w io.Writer, header []string, rows [][]string) error {
	tw := tabwriter.NewWriter(w, 0, 0, tablePadding, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

func writeCSV(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	cw.Write(header)
	cw.WriteAll(rows)
	return cw.Error()
}

// side renders an actor list compactly: "RUS/MIL+IRN".
func side(as []sitrep.Actor) string {
	var parts []string
	for _, a := range as {
		s := a.Country
		if s == "" {
			s = "?"
		}
		if a.Sector != "" {
			s += "/" + a.Sector
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, "+")
}

func names(as []sitrep.Actor) string {
	var parts []string
	for _, a := range as {
		parts = append(parts, a.Name)
	}
	return strings.Join(parts, "; ")
}

// clip shortens s to n characters for table cells.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func locName(l *sitrep.Location) string {
	if l == nil {
		return "-"
	}
	return l.Name
}

// sourceString renders who states an event: "Dmitry Peskov (RUS/GOV,
// speaker)", "Arab News (document)"; "" when unknown.
func sourceString(s *sitrep.Source) string {
	if s == nil {
		return ""
	}
	var about []string
	if s.Country != "" || s.Sector != "" {
		about = append(about, side([]sitrep.Actor{{Country: s.Country, Sector: s.Sector}}))
	}
	if s.Kind != "" {
		about = append(about, s.Kind)
	}
	name := s.Name
	if name == "" {
		name = "?"
	}
	if len(about) == 0 {
		return name
	}
	return name + " (" + strings.Join(about, ", ") + ")"
}
