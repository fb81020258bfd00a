package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"unicode/utf8"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/regular"
)

// Annotation levels of a gold record.
const (
	LevelEvent    = "event"    // every event is listed: precision and recall
	LevelPartial  = "partial"  // listed events are true, others may be missing: recall
	LevelDocument = "document" // only the set of PLOVER types is annotated
	LevelQuad     = "quad"     // only the quad class of the main event is annotated
)

var statuses = []string{
	sitrep.StatusDelivered, sitrep.StatusOrdered, sitrep.StatusPlanned,
	sitrep.StatusSought, sitrep.StatusDenied, sitrep.StatusUnknown,
}

// Record is one line of a gold file: a text and what is annotated in it.
type Record struct {
	ID        string         `json:"id"`
	Published string         `json:"published,omitempty"`
	Title     string         `json:"title,omitempty"`
	Text      string         `json:"text"`
	Level     string         `json:"level"`
	Events    []GoldEvent    `json:"events,omitempty"`
	Types     []string       `json:"types,omitempty"` // non-nil on document records
	Quad      string         `json:"quad,omitempty"`
	Transfers []GoldTransfer `json:"transfers,omitempty"`

	// Line is the 1-based line of the record in its file.
	Line int `json:"-"`
}

// MarshalJSON writes the record in the gold format. Types is written
// whenever it is non-nil, so that a document record's "types": [] survives.
func (r Record) MarshalJSON() ([]byte, error) {
	type plain Record
	var types *[]string
	if r.Types != nil {
		types = &r.Types
	}
	return json.Marshal(struct {
		plain
		Types *[]string `json:"types,omitempty"`
	}{plain(r), types})
}

// Input returns what the coder sees of the record.
func (r *Record) Input() sitrep.Input {
	return sitrep.Input{Title: r.Title, Text: r.Text, Published: r.Published}
}

// GoldEvent is an annotated event.
type GoldEvent struct {
	Type      string           `json:"type"`
	Mode      string           `json:"mode,omitempty"`
	Actor     []sitrep.Actor   `json:"actor"`
	Recipient []sitrep.Actor   `json:"recipient"`
	Date      string           `json:"date,omitempty"`
	Location  *sitrep.Location `json:"location,omitempty"`
	Evidence  string           `json:"evidence,omitempty"`
	// Symmetric says the order of actor and recipient carries no meaning,
	// so a predicted event matches in either orientation.
	Symmetric bool `json:"symmetric,omitempty"`
}

// GoldTransfer is an annotated arms transfer.
type GoldTransfer struct {
	Supplier  string `json:"supplier"`
	Recipient string `json:"recipient"`
	Item      string `json:"item"`
	Category  string `json:"category"`
	Quantity  string `json:"quantity,omitempty"`
	Status    string `json:"status,omitempty"`
}

// maxLine bounds one record so that a file without newlines cannot exhaust
// memory.
var maxLine = 64 << 20

// ReadFile reads the gold file at path.
func ReadFile(path string) ([]Record, error) {
	f, err := regular.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(f, path)
}

// Read reads a gold file in JSON Lines form from r. Blank lines are
// skipped and unknown fields ignored. name is used in errors, which have
// the form "name:line: message".
func Read(r io.Reader, name string) ([]Record, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	var recs []Record
	seen := map[string]int{}
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		}
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		rec, err := parseRecord(b)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if prev, dup := seen[rec.ID]; dup {
			return nil, fmt.Errorf("%s:%d: duplicate id %q (first on line %d)", name, line, rec.ID, prev)
		}
		seen[rec.ID] = line
		rec.Line = line
		recs = append(recs, rec)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("%s:%d: line longer than %d MiB", name, line+1, maxLine>>20)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return recs, nil
}

// rawRecord tells a missing "types" from an empty one.
type rawRecord struct {
	ID        *string        `json:"id"`
	Published string         `json:"published"`
	Title     string         `json:"title"`
	Text      *string        `json:"text"`
	Level     *string        `json:"level"`
	Events    []GoldEvent    `json:"events"`
	Types     *[]string      `json:"types"`
	Quad      string         `json:"quad"`
	Transfers []GoldTransfer `json:"transfers"`
}

func parseRecord(b []byte) (Record, error) {
	if !utf8.Valid(b) {
		return Record{}, errors.New("invalid UTF-8")
	}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return Record{}, errors.New("not a JSON object")
	}
	var raw rawRecord
	if err := json.Unmarshal(b, &raw); err != nil {
		return Record{}, fmt.Errorf("bad JSON: %w", err)
	}
	switch {
	case raw.ID == nil || *raw.ID == "":
		return Record{}, errors.New(`missing "id"`)
	case raw.Text == nil || *raw.Text == "":
		return Record{}, fmt.Errorf(`record %q: missing "text"`, *raw.ID)
	case raw.Level == nil || *raw.Level == "":
		return Record{}, fmt.Errorf(`record %q: missing "level"`, *raw.ID)
	}
	rec := Record{
		ID: *raw.ID, Published: raw.Published, Title: raw.Title, Text: *raw.Text, Level: *raw.Level,
		Events: raw.Events, Quad: raw.Quad, Transfers: raw.Transfers,
	}
	if err := rec.validate(raw.Types); err != nil {
		return Record{}, fmt.Errorf("record %q: %w", rec.ID, err)
	}
	return rec, nil
}

func (r *Record) validate(types *[]string) error {
	switch r.Level {
	case LevelEvent, LevelPartial:
	case LevelDocument:
		if types == nil {
			return errors.New(`level "document" needs "types" (may be [])`)
		}
	case LevelQuad:
		if r.Quad == "" {
			return errors.New(`level "quad" needs "quad"`)
		}
	default:
		return fmt.Errorf("unknown level %q (want event, partial, document or quad)", r.Level)
	}
	if r.Published != "" && (len(r.Published) != 10 || !sitrep.ValidDate(r.Published)) {
		return fmt.Errorf("published %q is not YYYY-MM-DD", r.Published)
	}
	if types != nil {
		r.Types = append([]string{}, *types...)
		for _, t := range r.Types {
			if !sitrep.ValidType(t) {
				return fmt.Errorf("types: %q is not a PLOVER 2.0 type", t)
			}
		}
	}
	if r.Quad != "" && !sitrep.ValidQuad(r.Quad) {
		return fmt.Errorf("unknown quad %q", r.Quad)
	}
	for i := range r.Events {
		if err := r.Events[i].validate(); err != nil {
			return fmt.Errorf("events[%d]: %w", i, err)
		}
	}
	for i, t := range r.Transfers {
		if t.Status != "" && !slices.Contains(statuses, t.Status) {
			return fmt.Errorf("transfers[%d]: unknown status %q", i, t.Status)
		}
	}
	return nil
}

func (e *GoldEvent) validate() error {
	if e.Type == "" {
		return errors.New(`missing "type"`)
	}
	if !sitrep.ValidType(e.Type) {
		return fmt.Errorf("type %q is not a PLOVER 2.0 type", e.Type)
	}
	if e.Date != "" && !sitrep.ValidDate(e.Date) {
		return fmt.Errorf("date %q is not YYYY-MM-DD, YYYY-MM or YYYY", e.Date)
	}
	if l := e.Location; l != nil {
		if (l.Lat == nil) != (l.Lon == nil) {
			return errors.New("location has only one of lat and lon")
		}
		if l.Lat != nil && (*l.Lat < -90 || *l.Lat > 90 || *l.Lon < -180 || *l.Lon > 180) {
			return fmt.Errorf("location coordinates %v, %v out of range", *l.Lat, *l.Lon)
		}
	}
	return nil
}
