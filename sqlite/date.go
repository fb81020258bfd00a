package sqlite

import (
	"fmt"

	"github.com/sitrep/sitrep"
)

// dateBounds returns the first and last day a date of year, month or day
// precision ("2023", "2023-07", "2023-07-10") can stand for, as strings
// that sort like the dates: a missing month or day is padded with "00" at
// the low end and "99" at the high end. ok is false if s is not such a
// date.
//
// Storing an event's bounds and comparing the other way round (event's
// high >= filter's low, event's low <= filter's high) makes a filter match
// every event whose period overlaps the filter's, so "2023-07" matches
// Since "2023-07-10".
func dateBounds(s string) (lo, hi string, ok bool) {
	if !sitrep.ValidDate(s) {
		return "", "", false
	}
	switch len(s) {
	case 4:
		return s + "-00-00", s + "-99-99", true
	case 7:
		return s + "-00", s + "-99", true
	default:
		return s, s, true
	}
}

// filterBounds validates a filter's Since and Until and returns the bounds
// to compare with: since's low end and until's high end ("" if unset).
func filterBounds(since, until string) (lo, hi string, err error) {
	if since != "" {
		var ok bool
		if lo, _, ok = dateBounds(since); !ok {
			return "", "", fmt.Errorf("since %q: want YYYY, YYYY-MM or YYYY-MM-DD", since)
		}
	}
	if until != "" {
		var ok bool
		if _, hi, ok = dateBounds(until); !ok {
			return "", "", fmt.Errorf("until %q: want YYYY, YYYY-MM or YYYY-MM-DD", until)
		}
	}
	return lo, hi, nil
}
