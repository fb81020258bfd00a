package ingest

import (
	"strconv"
	"strings"
	"time"
)

const (
	monthAlt   = `january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec`
	weekdayAlt = `monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun`
)

var (
	// "Friday, June 9, 2023", "Aug. 16, 2016", "June 9 2023".
	mdyRE = lazyRE(`(?i)\b(?:(` + weekdayAlt + `)\.?,?\s+)?(` + monthAlt + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,\s*|\s+)(\d{4})\b`)
	// "9 June 2023", "27 August, 2021", "Friday 9th of June 2023".
	dmyRE = lazyRE(`(?i)\b(?:(` + weekdayAlt + `)\.?,?\s+)?(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(` + monthAlt + `)\.?,?\s+(\d{4})\b`)
	// "2023-06-09", also the date part of an ISO timestamp.
	isoRE = lazyRE(`\b(\d{4})-(\d{2})-(\d{2})(?:\b|T)`)
	// "Friday, June 9" and "Friday 9 June" without a year.
	wmdRE = lazyRE(`(?i)\b(` + weekdayAlt + `)\.?,?\s+(` + monthAlt + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b`)
	wdmRE = lazyRE(`(?i)\b(` + weekdayAlt + `)\.?,?\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(` + monthAlt + `)\b`)
	// A year following a month-day match: "June 9, 2023".
	yearAfterRE = lazyRE(`^\.?,?\s*\d{4}\b`)
	yearRE      = lazyRE(`\b(19[5-9]\d|20\d\d)\b`)
	// Captions of archive pictures carry the picture's date, not the
	// story's.
	archiveRE = lazyRE(`(?i)\b(?:file|archive|archival)\s+(?:photo|picture|image|footage)`)
)

func monthNum(s string) time.Month {
	s = strings.ToLower(s)
	for m := time.January; m <= time.December; m++ {
		if strings.HasPrefix(strings.ToLower(m.String()), s[:3]) {
			return m
		}
	}
	return 0
}

func weekdayNum(s string) (time.Weekday, bool) {
	s = strings.ToLower(s)
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.HasPrefix(strings.ToLower(d.String()), s[:3]) {
			return d, true
		}
	}
	return 0, false
}

// mkDate builds a date and reports whether it exists (no 31 June) and
// agrees with the weekday, when one was given.
func mkDate(y int, m time.Month, d int, wd string) (time.Time, bool) {
	if y < 1900 || m == 0 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Month() != m {
		return time.Time{}, false
	}
	if wd != "" {
		if w, ok := weekdayNum(wd); ok && t.Weekday() != w {
			return time.Time{}, false
		}
	}
	return t, true
}

// fullDates returns every complete date written in s, in text order.
func fullDates(s string) []time.Time {
	type hit struct {
		pos int
		t   time.Time
	}
	var hits []hit
	for _, m := range mdyRE.FindAllStringSubmatchIndex(s, -1) {
		g := func(i int) string { return sub(s, m, i) }
		d, _ := strconv.Atoi(g(3))
		y, _ := strconv.Atoi(g(4))
		if t, ok := mkDate(y, monthNum(g(2)), d, g(1)); ok {
			hits = append(hits, hit{m[0], t})
		}
	}
	for _, m := range dmyRE.FindAllStringSubmatchIndex(s, -1) {
		g := func(i int) string { return sub(s, m, i) }
		d, _ := strconv.Atoi(g(2))
		y, _ := strconv.Atoi(g(4))
		if t, ok := mkDate(y, monthNum(g(3)), d, g(1)); ok {
			hits = append(hits, hit{m[0], t})
		}
	}
	for _, m := range isoRE.FindAllStringSubmatchIndex(s, -1) {
		g := func(i int) string { return sub(s, m, i) }
		y, _ := strconv.Atoi(g(1))
		mo, _ := strconv.Atoi(g(2))
		d, _ := strconv.Atoi(g(3))
		if mo >= 1 && mo <= 12 {
			if t, ok := mkDate(y, time.Month(mo), d, ""); ok {
				hits = append(hits, hit{m[0], t})
			}
		}
	}
	// Text order, so that firstDate means the first date written.
	for i := 1; i < len(hits); i++ {
		for j := i; j > 0 && hits[j].pos < hits[j-1].pos; j-- {
			hits[j], hits[j-1] = hits[j-1], hits[j]
		}
	}
	out := make([]time.Time, len(hits))
	for i, h := range hits {
		out[i] = h.t
	}
	return out
}

func sub(s string, m []int, i int) string {
	if m[2*i] < 0 {
		return ""
	}
	return s[m[2*i]:m[2*i+1]]
}

// firstDate returns the first complete date in s as YYYY-MM-DD, or "".
func firstDate(s string) string {
	if ds := fullDates(s); len(ds) > 0 {
		return ds[0].Format(time.DateOnly)
	}
	return ""
}

// inferDate guesses a publication date from the dates written in text: the
// latest complete date that is not after now. A weekday with a month and
// day but no year ("Friday, June 9") counts too, placed in the one year,
// from the latest year the text mentions to the year after, in which that
// day is that weekday; news reports the recent past, so the latest date is
// the best guess, and the caller marks it as inferred. Lines captioning
// file photos are skipped.
func inferDate(text string, now time.Time) string {
	if archiveRE.MatchString(text) {
		var keep []string
		for _, l := range strings.Split(text, "\n") {
			if !archiveRE.MatchString(l) {
				keep = append(keep, l)
			}
		}
		text = strings.Join(keep, "\n")
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	var best time.Time
	consider := func(t time.Time) {
		if !t.After(today) && t.After(best) {
			best = t
		}
	}
	for _, t := range fullDates(text) {
		consider(t)
	}
	maxYear := 0
	for _, y := range yearRE.FindAllString(text, -1) {
		n, _ := strconv.Atoi(y)
		if n <= today.Year() && n > maxYear {
			maxYear = n
		}
	}
	if maxYear > 0 {
		resolve := func(wd, mon, day string) {
			d, _ := strconv.Atoi(day)
			var found []time.Time
			for y := maxYear; y <= maxYear+1; y++ {
				if t, ok := mkDate(y, monthNum(mon), d, wd); ok && !t.After(today) {
					found = append(found, t)
				}
			}
			if len(found) == 1 {
				consider(found[0])
			}
		}
		for _, m := range wmdRE.FindAllStringSubmatchIndex(text, -1) {
			if yearAfterRE.MatchString(text[m[1]:]) {
				continue
			}
			resolve(sub(text, m, 1), sub(text, m, 2), sub(text, m, 3))
		}
		for _, m := range wdmRE.FindAllStringSubmatchIndex(text, -1) {
			if yearAfterRE.MatchString(text[m[1]:]) {
				continue
			}
			resolve(sub(text, m, 1), sub(text, m, 3), sub(text, m, 2))
		}
	}
	if best.IsZero() {
		return ""
	}
	return best.Format(time.DateOnly)
}
