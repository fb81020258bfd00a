// Package eventsort builds the ORDER BY terms of an event listing, which
// are the same SQL in the sqlite and postgres stores; keeping one copy
// keeps the two stores' orders, and so their cursors, in step.
package eventsort

import "github.com/sitrep/sitrep"

// Key returns the terms over events e that order a listing by s (one of
// the sitrep.Sort constants), and whether the order is descending.
// Every key ends with the document order, which is unique, so that a
// cursor (the key of the last event shown) resumes exactly.
func Key(s string) (terms []string, desc bool) {
	doc := []string{"e.document_id", "e.sentence", "e.ordinal"}
	switch s {
	case sitrep.SortDate, sitrep.SortDateDesc:
		return append([]string{"coalesce(e.date_lo, '')"}, doc...), s == sitrep.SortDateDesc
	case sitrep.SortGoldstein, sitrep.SortGoldsteinDesc:
		return append([]string{"e.goldstein"}, doc...), s == sitrep.SortGoldsteinDesc
	case sitrep.SortType:
		return append([]string{"e.type"}, doc...), false
	case sitrep.SortActor:
		// The cursor's copy of these terms reads "c." for "e.", which keeps
		// the subquery correlated with the cursor's event.
		first := `coalesce((SELECT a.country FROM event_actors a WHERE a.event_id = e.id AND a.side = 'actor'
			ORDER BY a.position LIMIT 1), '')`
		return append([]string{first}, doc...), false
	}
	return doc, false
}
