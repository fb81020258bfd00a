package sitrep

import (
	"errors"
	"fmt"
	"time"
)

// ValidDate reports whether s is a date as events, gold files and filters
// write it: YYYY, YYYY-MM or YYYY-MM-DD, as precisely as the text allows,
// naming a real month and day ("2023-02-30" is not one).
func ValidDate(s string) bool {
	if len(s) != 4 && len(s) != 7 && len(s) != 10 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i == 4 || i == 7 {
			if s[i] != '-' {
				return false
			}
		} else if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	year := atoi(s[:4])
	if len(s) == 4 {
		return true
	}
	month := atoi(s[5:7])
	if month < 1 || month > 12 {
		return false
	}
	if len(s) == 7 {
		return true
	}
	day := atoi(s[8:10])
	// time.Date normalises the 0th of the next month to the last of this.
	last := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return day >= 1 && day <= last
}

// atoi converts a string of ASCII digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// MinDate is the earliest date accepted for a document: sitrep codes news,
// and an earlier date is a typo or a placeholder such as 0001-01-01.
const MinDate = "1900-01-01"

// ErrDateRange is wrapped by the errors of CheckDateRange for dates outside
// the accepted range.
var ErrDateRange = errors.New("outside the accepted dates")

// CheckDateRange checks a document's date (YYYY, YYYY-MM or YYYY-MM-DD, as
// ValidDate accepts): it must name a period that reaches MinDate or later
// and begins no more than a year after now, which leaves room for time
// zones and embargoed releases but not for a placeholder like 2999-12-31.
// Events are dated relative to their document, so one wrong date spreads.
func CheckDateRange(date string, now time.Time) error {
	if !ValidDate(date) {
		return fmt.Errorf("%q is not a date (want YYYY-MM-DD)", date)
	}
	latest := now.AddDate(1, 0, 0).Format(time.DateOnly)
	// The period's first and last possible days compare as strings.
	first := date + "-01-01"[len(date)-4:]
	last := date + "-12-31"[len(date)-4:]
	if last < MinDate || first > latest {
		return fmt.Errorf("%s is %w, %s to %s", date, ErrDateRange, MinDate, latest)
	}
	return nil
}
