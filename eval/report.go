package eval

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"text/tabwriter"
)

// round3 rounds a fraction to 3 decimals for output.
func round3(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := math.Round(*p*1000) / 1000
	return &v
}

// MarshalJSON writes the figure with fractions rounded to 3 decimals.
func (p PRF) MarshalJSON() ([]byte, error) {
	type plain PRF // no methods, so no recursion
	q := plain(p)
	q.Precision, q.Recall, q.F1 = round3(p.Precision), round3(p.Recall), round3(p.F1)
	return json.Marshal(q)
}

// MarshalJSON writes the result with fractions rounded to 3 decimals.
func (r FileResult) MarshalJSON() ([]byte, error) {
	type plain FileResult
	q := plain(r)
	q.DateAccuracy, q.LocationAccuracy, q.QuadAccuracy = round3(r.DateAccuracy), round3(r.LocationAccuracy), round3(r.QuadAccuracy)
	return json.Marshal(q)
}

// Report is the output of `sitrep eval --json`.
type Report struct {
	Files []*FileResult `json:"files"`
}

// WriteJSON writes the results as one indented JSON object, {"files": [...]}.
func WriteJSON(w io.Writer, results []*FileResult) error {
	if results == nil {
		results = []*FileResult{}
	}
	b, err := json.MarshalIndent(Report{Files: results}, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// WriteTable writes a readable table of each result; figures that are not
// scored show as "-".
func WriteTable(w io.Writer, results []*FileResult) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i, r := range results {
		if i > 0 {
			fmt.Fprintln(tw)
		}
		fmt.Fprintf(tw, "%s: %d documents\n", r.File, r.Documents)
		// Only the figures the file's levels allow are printed.
		if r.Events != nil || r.DocumentTypes != nil || r.Transfers != nil {
			fmt.Fprintln(tw, "  \tgold\tpredicted\tmatched\tprecision\trecall\tf1")
		}
		prfRow(tw, "events", r.Events)
		prfRow(tw, "events (strict)", r.EventsStrict)
		prfRow(tw, "document types", r.DocumentTypes)
		prfRow(tw, "transfers", r.Transfers)
		accRow(tw, "date accuracy", r.DateAccuracy, r.DatesAgreed, r.Dates)
		accRow(tw, "location accuracy", r.LocationAccuracy, r.LocationsAgreed, r.Locations)
		accRow(tw, "quad accuracy", r.QuadAccuracy, r.QuadsAgreed, r.Quads)
	}
	return tw.Flush()
}

func prfRow(w io.Writer, name string, p *PRF) {
	if p == nil {
		return
	}
	fmt.Fprintf(w, "  %s\t%d\t%d\t%d\t%s\t%s\t%s\n", name, p.Gold, p.Predicted, p.Matched,
		fraction(p.Precision), fraction(p.Recall), fraction(p.F1))
}

func accRow(w io.Writer, name string, v *float64, ok, n int) {
	if v == nil {
		return
	}
	fmt.Fprintf(w, "  %s\t%s\t(%d of %d)\n", name, fraction(v), ok, n)
}

// fraction formats a figure with 3 decimals, or "-" when it is nil.
func fraction(v *float64) string {
	if v == nil {
		return "-"
	}
	return strconv.FormatFloat(*round3(v), 'f', 3, 64)
}

// WriteErrors lists the result's mistakes, one a line, grouped by kind in
// the order misses, false alarms, loose matches (lenient but not strict),
// dates, locations, document types, quads, transfers; within a kind, in
// record order.
// WriteCategories writes the counts of missed and false events by
// category, one per line, most frequent first.
func WriteCategories(w io.Writer, r *FileResult) error {
	keys := make([]string, 0, len(r.Categories))
	for k := range r.Categories {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if a, b := r.Categories[keys[i]], r.Categories[keys[j]]; a != b {
			return a > b
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		if _, err := fmt.Fprintf(w, "%s: %5d  %s\n", r.File, r.Categories[k], k); err != nil {
			return err
		}
	}
	return nil
}

func WriteErrors(w io.Writer, r *FileResult) error {
	kinds := []string{MissedEvent, FalseEvent, LooseMatch, WrongDate, WrongLocation, MissedType, FalseType, WrongQuad, MissedTransfer, FalseTransfer}
	for _, k := range kinds {
		for _, e := range r.Errors {
			if e.Kind != k {
				continue
			}
			if _, err := fmt.Fprintf(w, "%s:%d: %s\n", r.File, e.Line, e); err != nil {
				return err
			}
		}
	}
	return nil
}
