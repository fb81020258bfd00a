package incident

import (
	"strings"
	"time"
	"unicode"

	"github.com/sitrep/sitrep"
)

// Report is one event as the method sees it: what it compares, drawn from
// the event and its document by NewReport.
type Report struct {
	// Event is the stored event's ID.
	Event string
	// Key is stable across stores: the document's content hash and the
	// event's ordinal in it. The earliest report's key names the incident.
	Key string
	// Doc is the stored document; events of one document are not linked
	// to each other by score.
	Doc int64
	// Published is the document's publication date, or "".
	Published string
	// Contradicts is the ID of the event of the same document that this
	// one denies, or "".
	Contradicts string
	// Role is sitrep.RoleAsserts or sitrep.RoleDenies.
	Role string

	Type                string
	actors, recipients  []string // countries, sorted, without ""
	symmetric           bool
	lo, hi              int  // days since 1970, inclusive
	dayPrecise, undated bool // lo..hi is one stated day; no date at all
	place, placeCountry string
	lat, lon            float64
	hasCoords           bool
	names, numbers      map[string]bool
	incident            *incident
}

// undatedDay is the day that every report without any date is filed
// under, so that such reports are compared only with each other.
const undatedDay = -1 << 20

// NewReport describes ev, an event of doc, for the method. contradicts is
// the ID of the event of the same document that ev denies, or "".
func NewReport(doc *sitrep.Document, ev *sitrep.Event, contradicts string) *Report {
	r := &Report{
		Event:       ev.ID,
		Key:         stableKey(doc, ev),
		Doc:         doc.ID,
		Published:   doc.Published,
		Contradicts: contradicts,
		Role:        sitrep.RoleAsserts,
		Type:        ev.Type,
		actors:      countries(ev.Actor),
		recipients:  countries(ev.Recipient),
		symmetric:   ev.Symmetric,
	}
	if ev.Certainty == sitrep.CertaintyDenied || contradicts != "" {
		r.Role = sitrep.RoleDenies
	}
	switch {
	case ev.Date != "":
		r.lo, r.hi = dayRange(ev.Date)
		r.dayPrecise = len(ev.Date) == 10
		if !r.dayPrecise && doc.Published != "" {
			// "This month" in a report of the 20th names no day, but news
			// reports what is recent: the days up to publication, as for
			// an undated event, when the month or year includes them.
			if p, _ := dayRange(doc.Published); p >= r.lo && p <= r.hi {
				r.lo, r.hi = max(r.lo, p-undatedDays), p
			}
		}
	case doc.Published != "":
		lo, hi := dayRange(doc.Published)
		r.lo, r.hi = lo-undatedDays, hi
	default:
		r.lo, r.hi, r.undated = undatedDay, undatedDay, true
	}
	if l := ev.Location; l != nil {
		r.place, r.placeCountry = strings.ToLower(l.Name), l.Country
		if l.Lat != nil && l.Lon != nil {
			r.lat, r.lon, r.hasCoords = *l.Lat, *l.Lon, true
		}
	}
	r.names, r.numbers = tokens(ev.Evidence)
	return r
}

// stableKey is the document's content hash (or, without one, its ID) and
// the event's ordinal: "3fa9c0…-e2".
func stableKey(doc *sitrep.Document, ev *sitrep.Event) string {
	ord := ev.ID
	if i := strings.LastIndexByte(ord, '-'); i >= 0 {
		ord = ord[i+1:]
	}
	h := doc.Hash
	if len(h) > 16 {
		h = h[:16]
	}
	if h == "" {
		h = ev.ID
	}
	return h + "-" + ord
}

// earlier orders reports by publication (undated last), then by key.
func (r *Report) earlier(o *Report) bool {
	a, b := r.Published, o.Published
	if a != b {
		if a == "" || b == "" {
			return b == ""
		}
		return a < b
	}
	return r.Key < o.Key
}

func (r *Report) link() sitrep.IncidentLink {
	return sitrep.IncidentLink{Event: r.Event, Incident: r.incident.id, Role: r.Role}
}

func countries(as []sitrep.Actor) []string {
	var out []string
	for _, a := range as {
		if a.Country != "" && !contains(out, a.Country) {
			out = append(out, a.Country)
		}
	}
	return out
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// dayRange returns the first and last day, since 1970, of a YYYY,
// YYYY-MM or YYYY-MM-DD date; an invalid date spans nothing known and is
// treated as a whole year 0.
func dayRange(d string) (lo, hi int) {
	if !sitrep.ValidDate(d) {
		return undatedDay, undatedDay
	}
	var first, last time.Time
	switch len(d) {
	case 4:
		first, _ = time.Parse("2006", d)
		last = first.AddDate(1, 0, -1)
	case 7:
		first, _ = time.Parse("2006-01", d)
		last = first.AddDate(0, 1, -1)
	default:
		first, _ = time.Parse(time.DateOnly, d)
		last = first
	}
	return int(first.Unix() / 86400), int(last.Unix() / 86400)
}

// numberWords are the spelled-out numbers that casualty figures use.
var numberWords = map[string]string{
	"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
	"nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14",
	"fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19",
	"twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "dozens": "dozens", "hundreds": "hundreds",
}

// commonNames are capitalised words that say nothing about which incident
// a sentence reports.
var commonNames = map[string]bool{
	"the": true, "a": true, "an": true, "on": true, "in": true, "at": true, "monday": true, "tuesday": true,
	"wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true, "he": true,
	"she": true, "it": true, "they": true, "we": true, "but": true, "and": true, "after": true, "earlier": true,
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true, "mr": true,
	"ms": true, "president": true, "minister": true, "ministry": true, "officials": true, "police": true,
	"army": true, "military": true, "government": true, "reuters": true, "ap": true, "afp": true,
}

// tokens returns the names (capitalised words past the sentence's first,
// lower-cased) and numbers (digits or spelled casualty figures; years
// excluded) of an evidence sentence.
func tokens(s string) (names, numbers map[string]bool) {
	names, numbers = map[string]bool{}, map[string]bool{}
	words := strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
	})
	for i, w := range words {
		w = strings.Trim(w, "-")
		if w == "" {
			continue
		}
		lw := strings.ToLower(w)
		switch {
		case isDigits(w):
			if len(w) == 4 && (w[0] == '1' || w[0] == '2') {
				continue // a year
			}
			numbers[w] = true
		case numberWords[lw] != "":
			numbers[numberWords[lw]] = true
		case i > 0 && unicode.IsUpper([]rune(w)[0]) && len(w) > 2 && !commonNames[lw]:
			names[lw] = true
		}
	}
	return names, numbers
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
