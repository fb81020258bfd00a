package kb

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/zst"
)

// table is a parsed TSV file: a header and rows of the same width.
type table struct {
	name   string
	header []string
	col    map[string]int
	rows   [][]string
	lines  []int // 1-based line number of each row
}

// get returns the named column of row i, or "" when the file lacks it.
func (t *table) get(i int, name string) string {
	c, ok := t.col[name]
	if !ok || c >= len(t.rows[i]) {
		return ""
	}
	return t.rows[i][c]
}

// maxLine bounds one line so that a corrupt file cannot exhaust memory.
const maxLine = 1 << 20

// parseTSV reads a tab-separated file: '#' lines and blank lines are
// comments, the first other line is the header. Rows may have fewer fields
// than the header (trailing empty fields dropped by an editor) but not more.
func parseTSV(name string, data []byte) (*table, error) {
	if zst.Is(data) {
		un, err := zst.Decode(data, 0)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		data = un
	} else if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		un, err := io.ReadAll(io.LimitReader(zr, 1<<30))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		data = un
	}
	t := &table{name: name, col: map[string]int{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), maxLine)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimRight(sc.Text(), "\r")
		if line == 1 {
			s = strings.TrimPrefix(s, "\ufeff")
		}
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			continue
		}
		if !utf8.ValidString(s) {
			return nil, fmt.Errorf("%s:%d: invalid UTF-8", name, line)
		}
		fields := strings.Split(s, "\t")
		if t.header == nil {
			for i, f := range fields {
				f = strings.ToLower(strings.TrimSpace(f))
				if f == "" {
					return nil, fmt.Errorf("%s:%d: empty column name in header", name, line)
				}
				if _, dup := t.col[f]; dup {
					return nil, fmt.Errorf("%s:%d: duplicate column %q in header", name, line, f)
				}
				t.col[f] = i
				t.header = append(t.header, f)
			}
			continue
		}
		if len(fields) > len(t.header) {
			return nil, fmt.Errorf("%s:%d: %d fields, header has %d", name, line, len(fields), len(t.header))
		}
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		t.rows = append(t.rows, fields)
		t.lines = append(t.lines, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %v", name, line+1, err)
	}
	if t.header == nil {
		return nil, fmt.Errorf("%s: no header line", name)
	}
	return t, nil
}

// File kinds, recognised by their header.
const (
	fileStates    = "states"
	fileActors    = "actors"
	filePeople    = "people"
	fileEquipment = "equipment"
	filePlaces    = "places"
)

// kindOf tells which kind of knowledge-base file a header belongs to.
func (t *table) kindOf() (string, error) {
	has := func(cols ...string) bool {
		for _, c := range cols {
			if _, ok := t.col[c]; !ok {
				return false
			}
		}
		return true
	}
	switch {
	case has("iso3", "name"):
		return fileStates, nil
	case has("id", "kind", "names"):
		return fileActors, nil
	case has("id", "name", "role"):
		return filePeople, nil
	case has("id", "name", "category"):
		return fileEquipment, nil
	case has("name", "country", "lat", "lon"):
		return filePlaces, nil
	}
	return "", fmt.Errorf("%s: unknown header %q: want the columns of states, actors, people, equipment or places", t.name, strings.Join(t.header, "\t"))
}

// splitList splits a |-separated list, dropping empty items.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, "|")
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseCoord parses a latitude or longitude; empty means absent.
func parseCoord(s string, limit float64) (*float64, error) {
	v, ok, err := parseCoordValue(s, limit)
	if !ok || err != nil {
		return nil, err
	}
	return &v, nil
}

// parseCoordValue is parseCoord without the pointer; ok is false when s is
// empty.
func parseCoordValue(s string, limit float64) (v float64, ok bool, err error) {
	if s == "" {
		return 0, false, nil
	}
	v, err = strconv.ParseFloat(s, 64)
	if err != nil || v < -limit || v > limit || v != v {
		return 0, false, fmt.Errorf("bad coordinate %q", s)
	}
	return v, true, nil
}

// optionalDate accepts an empty field or a date as sitrep.ValidDate does.
func optionalDate(s string) bool { return s == "" || sitrep.ValidDate(s) }
