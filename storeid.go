package sitrep

import (
	"fmt"
	"strconv"
)

// What every Store computes the same way, whatever keeps the data: the IDs
// it gives stored events and transfers, how the local references between a
// document's events become stored ones, and the day bounds that make date
// filters match periods. They are defined once here so that a document
// stored in SQLite and in PostgreSQL gets the same IDs and matches the same
// filters.

// EventID returns the ID a store gives a document's n-th event (from 1):
// "d12-e3". Since it follows the order of the Analysis, LocalEventID(n)
// and EventID(doc, n) name the same event.
func EventID(doc int64, n int) string {
	return "d" + strconv.FormatInt(doc, 10) + "-e" + strconv.Itoa(n)
}

// TransferID returns the ID a store gives a document's n-th transfer (from
// 1): "d12-t1".
func TransferID(doc int64, n int) string {
	return "d" + strconv.FormatInt(doc, 10) + "-t" + strconv.Itoa(n)
}

// ResolveContradictions checks the ContradictedBy references of a
// document's events, local IDs "eN" of its own events (LocalEventID), and
// returns them as the IDs the events are stored under (EventID(doc, N)),
// one list per event. A reference to no event of the list, or to the event
// itself, is an error: a store refuses the document rather than keep a
// dangling link.
func ResolveContradictions(doc int64, es []Event) ([][]string, error) {
	out := make([][]string, len(es))
	for i := range es {
		for _, ref := range es[i].ContradictedBy {
			n, ok := ParseLocalEventID(ref)
			switch {
			case !ok || n > len(es):
				return nil, fmt.Errorf("event %d (%s): contradicted by %q: not a local event ID e1..e%d", i+1, es[i].Type, ref, len(es))
			case n == i+1:
				return nil, fmt.Errorf("event %d (%s): contradicted by itself", i+1, es[i].Type)
			}
			out[i] = append(out[i], EventID(doc, n))
		}
	}
	return out, nil
}

// DateBounds returns the first and last day a date of year, month or day
// precision ("2023", "2023-07", "2023-07-10") can stand for, as strings
// that sort like the dates: a missing month or day is padded with "00" at
// the low end and "99" at the high end. ok is false if s is not such a
// date.
//
// Storing an event's bounds and comparing the other way round (event's
// high >= filter's low, event's low <= filter's high) makes a filter match
// every event whose period overlaps the filter's, so "2023-07" matches
// Since "2023-07-10".
func DateBounds(s string) (lo, hi string, ok bool) {
	if !ValidDate(s) {
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

// EventDateBounds returns the bounds (DateBounds) a store keeps for an
// event: those of its own date, or of its document's publication date when
// it has none; ok is false when neither is a date, and the event then
// matches no date filter.
func EventDateBounds(date, published string) (lo, hi string, ok bool) {
	if lo, hi, ok = DateBounds(date); ok {
		return lo, hi, true
	}
	return DateBounds(published)
}

// FilterBounds validates a filter's Since and Until and returns the bounds
// to compare stored bounds with: since's low end and until's high end (""
// if unset).
func FilterBounds(since, until string) (lo, hi string, err error) {
	if since != "" {
		var ok bool
		if lo, _, ok = DateBounds(since); !ok {
			return "", "", fmt.Errorf("since %q: want YYYY, YYYY-MM or YYYY-MM-DD", since)
		}
	}
	if until != "" {
		var ok bool
		if _, hi, ok = DateBounds(until); !ok {
			return "", "", fmt.Errorf("until %q: want YYYY, YYYY-MM or YYYY-MM-DD", until)
		}
	}
	return lo, hi, nil
}
