// Package export writes events in the formats analysts load: JSON Lines,
// CSV, GeoJSON, GraphML, a GDELT 2.0-style event table and an ACLED-style
// CSV. The CLI (sitrep export) and the HTTP API (?format=) both call
// Write, so a format is defined once.
package export

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep"
)

// Format names an export format.
type Format string

// The export formats.
const (
	JSONL   Format = "jsonl"
	CSV     Format = "csv"
	GeoJSON Format = "geojson"
	GraphML Format = "graphml"
	GDELT   Format = "gdelt"
	ACLED   Format = "acled"
)

// formats lists every format with its media type and file extension.
var formats = []struct {
	f           Format
	contentType string
	ext         string
	write       func(io.Writer, Data) error
}{
	{JSONL, "application/jsonl; charset=utf-8", ".jsonl", writeJSONL},
	{CSV, "text/csv; charset=utf-8", ".csv", writeCSV},
	{GeoJSON, "application/geo+json", ".geojson", writeGeoJSON},
	{GraphML, "application/graphml+xml; charset=utf-8", ".graphml", writeGraphML},
	{GDELT, "text/tab-separated-values; charset=utf-8", ".tsv", writeGDELT},
	{ACLED, "text/csv; charset=utf-8", ".csv", writeACLED},
}

// Formats returns the names of every format, in a fixed order.
func Formats() []Format {
	out := make([]Format, len(formats))
	for i, f := range formats {
		out[i] = f.f
	}
	return out
}

// Parse returns the format named s (case-insensitively), or an error
// listing the formats.
func Parse(s string) (Format, error) {
	f := Format(strings.ToLower(s))
	for _, x := range formats {
		if x.f == f {
			return f, nil
		}
	}
	names := make([]string, len(formats))
	for i, x := range formats {
		names[i] = string(x.f)
	}
	return "", fmt.Errorf("unknown export format %q: want one of %s", s, strings.Join(names, ", "))
}

// ContentType returns the format's HTTP media type.
func (f Format) ContentType() string {
	for _, x := range formats {
		if x.f == f {
			return x.contentType
		}
	}
	return "application/octet-stream"
}

// Ext returns the usual file extension of the format, with its dot.
func (f Format) Ext() string {
	for _, x := range formats {
		if x.f == f {
			return x.ext
		}
	}
	return ""
}

// Data is what an export writes: events and the documents they were coded
// from (without their text is enough).
type Data struct {
	Events []*sitrep.Event
	// Documents maps document IDs to documents for the outlet, URL and
	// publication date columns; a missing document leaves them empty.
	Documents map[int64]*sitrep.Document
	// Admin1 returns the first-level region (province, oblast,
	// governorate) of an event's location, or "". Nil leaves the column
	// empty: the store does not keep regions, and the knowledge base that
	// knows them is not always loaded.
	Admin1 func(sitrep.Location) string
}

// Write writes d in format f.
func Write(w io.Writer, f Format, d Data) error {
	for _, x := range formats {
		if x.f == f {
			return x.write(w, d)
		}
	}
	_, err := Parse(string(f))
	return err
}

// DocumentIDs returns the IDs of the documents of evs, each once, for
// fetching just those (sitrep.DocumentFilter.IDs).
func DocumentIDs(evs []*sitrep.Event) []int64 {
	seen := map[int64]bool{}
	ids := []int64{}
	for _, e := range evs {
		if !seen[e.Document] {
			seen[e.Document] = true
			ids = append(ids, e.Document)
		}
	}
	return ids
}

func (d Data) doc(e *sitrep.Event) *sitrep.Document {
	if doc := d.Documents[e.Document]; doc != nil {
		return doc
	}
	return &sitrep.Document{}
}

func (d Data) admin1(l *sitrep.Location) string {
	if l == nil || d.Admin1 == nil {
		return ""
	}
	return d.Admin1(*l)
}

// Date returns the date an event is placed at — its own, else its
// document's publication date — and how precise it is: "day", "month",
// "year", "published" (the document's date, the text gave none) or ""
// when neither is known.
func Date(e *sitrep.Event, doc *sitrep.Document) (date, precision string) {
	switch len(e.Date) {
	case 10:
		return e.Date, "day"
	case 7:
		return e.Date, "month"
	case 4:
		return e.Date, "year"
	}
	if doc != nil && doc.Published != "" {
		return doc.Published, "published"
	}
	return "", ""
}

func coords(l *sitrep.Location) (lat, lon float64, ok bool) {
	if l == nil || l.Lat == nil || l.Lon == nil {
		return 0, 0, false
	}
	return *l.Lat, *l.Lon, true
}

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func fmtCoord(l *sitrep.Location) (lat, lon string) {
	if la, lo, ok := coords(l); ok {
		return fmtFloat(la), fmtFloat(lo)
	}
	return "", ""
}

// codes joins the actor codes of one side: "RUSMIL;IRNGOV".
func codes(as []sitrep.Actor) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = a.Code()
	}
	return strings.Join(s, ";")
}

// names joins the names of one side, falling back to codes.
func names(as []sitrep.Actor) string {
	s := make([]string, 0, len(as))
	for _, a := range as {
		n := a.Name
		if n == "" {
			n = a.Code()
		}
		if !slices.Contains(s, n) {
			s = append(s, n)
		}
	}
	return strings.Join(s, "; ")
}

func locName(l *sitrep.Location) string {
	if l == nil {
		return ""
	}
	return l.Name
}

func locCountry(l *sitrep.Location) string {
	if l == nil {
		return ""
	}
	return l.Country
}

// clean makes a text one line for table formats: sentences may hold line
// breaks that some readers of CSV and TSV do not accept inside fields.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }
