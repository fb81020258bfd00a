package main

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// tableWidth is the width tables are fitted to: $COLUMNS when set, else
// the width of the terminal standard output is; 0 (no fitting, the cells'
// own limits) when output goes to a file or a pipe.
func tableWidth(e *env) int {
	if n, err := strconv.Atoi(strings.TrimSpace(e.getenv("COLUMNS"))); err == nil && n > 0 {
		return n
	}
	return e.stdoutWidth
}

// minFlex is the fewest characters a fitted column is cut to, however
// narrow the terminal: a wrapped line reads better than an empty cell.
const minFlex = 20

// fitTable cuts the cells of column flex so that the table, laid out as
// table lays it out, fits width characters; width 0 leaves rows as they
// are. The other columns are short codes and dates, kept whole.
func fitTable(width int, header []string, rows [][]string, flex int) {
	if width <= 0 || flex < 0 || flex >= len(header) {
		return
	}
	widths := make([]int, len(header))
	for c, h := range header {
		widths[c] = utf8.RuneCountInString(h)
	}
	for _, r := range rows {
		for c, cell := range r {
			if c < len(widths) {
				widths[c] = max(widths[c], utf8.RuneCountInString(cell))
			}
		}
	}
	used := 0
	for c, w := range widths {
		if c != flex {
			used += w + tablePadding
		}
	}
	room := width - used
	if flex != len(header)-1 {
		room -= tablePadding
	}
	room = max(room, minFlex)
	for _, r := range rows {
		if flex < len(r) {
			r[flex] = clip(r[flex], room)
		}
	}
}
