package coder

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

var months = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
	"sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

const monthRE = `(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?`

// Date expressions, most specific first. Each is tried over the whole
// sentence; the first that matches nearest to the trigger wins.
var (
	reDayMonthYear = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)? ` + monthRE + `,? (\d{4})\b`)
	reMonthDayYear = regexp.MustCompile(`\b` + monthRE + ` (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b`)
	reDayMonth     = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)? ` + monthRE + `\b`)
	reMonthDay     = regexp.MustCompile(`\b` + monthRE + ` (\d{1,2})(?:st|nd|rd|th)?\b`)
	reMonthYear    = regexp.MustCompile(`\b` + monthRE + `,? (\d{4})\b`)
	reISO          = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	reWeekday      = regexp.MustCompile(`(?i)\b(?:on |last |this |early |late )?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:'s|’s)?\b`)
	reRelative     = regexp.MustCompile(`(?i)\b(yesterday|today|tonight|overnight|last night|this morning|earlier (?:this|that) (?:week|month)|last week|this week|last month|this month|last year|this year|earlier this year|in recent (?:days|weeks))\b`)
	reMonthOfYear  = regexp.MustCompile(`(?i)\b` + monthRE + `,?\s+(?:of\s+)?(last|this) year\b`)
	reLastMonth    = regexp.MustCompile(`(?i)\b(?:last|in|since|this|early|late|mid-?)\s+` + monthRE + `\b`)
	reInYear       = regexp.MustCompile(`(?i)\b(?:in|since|during|by|early|late|mid-?|end of|start of|beginning of) (19[5-9]\d|20\d\d)\b`)
	reOffset       = regexp.MustCompile(`(?i)\b(a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}) (day|days|week|weeks|month|months|year|years) (earlier|later|before|after|ago)\b`)
)

var smallNumbers = map[string]int{"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10}

// dateMatch is a resolved date expression and where it was found.
type dateMatch struct {
	date       string
	start, end int
	// intro marks an offset that introduces what it dates ("two days
	// after insurgents killed ..."): the date is of what follows, not of
	// the clause it hangs on.
	intro bool
}

// findDates finds and resolves the date expressions in s against pub (the
// publication date, zero when unknown). Expressions that need pub to be
// resolved are skipped when it is zero.
//
// anchor is the day the text was last talking about ("two days earlier" counts
// from it); it falls back to pub.
func findDates(s string, pub, anchor time.Time) []dateMatch {
	return datesWith(s, pub, anchor, cluesOf(s))
}

// datesWith is findDates trying only the expressions clue allows.
func datesWith(s string, pub, anchor time.Time, clue dateClues) []dateMatch {
	if !clue.any() {
		return nil
	}
	// find runs re over s when s has the words re needs (ok).
	find := func(re *regexp.Regexp, ok bool) [][]int {
		if !ok {
			return nil
		}
		return re.FindAllStringSubmatchIndex(s, -1)
	}
	var out []dateMatch
	taken := make([]bool, len(s)+1)
	add := func(start, end int, d string) {
		for i := start; i < end; i++ {
			if taken[i] {
				return
			}
		}
		for i := start; i < end; i++ {
			taken[i] = true
		}
		out = append(out, dateMatch{date: d, start: start, end: end})
	}
	for _, m := range find(reISO, clue.digit && clue.dash) {
		y, mo, d := atoi(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]), atoi(s[m[6]:m[7]])
		if validDay(y, mo, d) {
			add(m[0], m[1], ymd(y, time.Month(mo), d))
		}
	}
	for _, m := range find(reDayMonthYear, clue.digit && clue.month) {
		d, mo, y := atoi(s[m[2]:m[3]]), months[strings.ToLower(s[m[4]:m[5]])], atoi(s[m[6]:m[7]])
		if validDay(y, int(mo), d) {
			add(m[0], m[1], ymd(y, mo, d))
		}
	}
	for _, m := range find(reMonthDayYear, clue.digit && clue.month) {
		mo, d, y := months[strings.ToLower(s[m[2]:m[3]])], atoi(s[m[4]:m[5]]), atoi(s[m[6]:m[7]])
		if validDay(y, int(mo), d) {
			add(m[0], m[1], ymd(y, mo, d))
		}
	}
	for _, m := range find(reMonthYear, clue.digit && clue.month) {
		mo, y := months[strings.ToLower(s[m[2]:m[3]])], atoi(s[m[4]:m[5]])
		if y >= 1900 && y <= 2100 {
			add(m[0], m[1], time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC).Format("2006-01"))
		}
	}
	if !pub.IsZero() {
		for _, m := range find(reDayMonth, clue.digit && clue.month) {
			d, mo := atoi(s[m[2]:m[3]]), months[strings.ToLower(s[m[4]:m[5]])]
			if d >= 1 && d <= 31 {
				add(m[0], m[1], pastDay(pub, mo, d))
			}
		}
		for _, m := range find(reMonthDay, clue.digit && clue.month) {
			mo, d := months[strings.ToLower(s[m[2]:m[3]])], atoi(s[m[4]:m[5]])
			if d >= 1 && d <= 31 {
				add(m[0], m[1], pastDay(pub, mo, d))
			}
		}
		for _, m := range find(reWeekday, clue.weekday) {
			wd := weekdays[strings.ToLower(s[m[2]:m[3]])]
			back := (int(pub.Weekday()) - int(wd) + 7) % 7
			prefix := strings.ToLower(s[m[0]:m[2]])
			if strings.HasPrefix(prefix, "last") && back == 0 {
				back = 7
			}
			add(m[0], m[1], pub.AddDate(0, 0, -back).Format("2006-01-02"))
		}
		// "in February last year": the month of the year named, before
		// "in February" alone is read as the latest February.
		for _, m := range find(reMonthOfYear, clue.month && clue.year) {
			mo, y := months[strings.ToLower(s[m[2]:m[3]])], pub.Year()
			if strings.EqualFold(s[m[4]:m[5]], "last") {
				y--
			}
			add(m[0], m[1], time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC).Format("2006-01"))
		}
		for _, m := range find(reLastMonth, clue.month) {
			mo := months[strings.ToLower(s[m[2]:m[3]])]
			y := pub.Year()
			if mo > pub.Month() || (mo == pub.Month() && strings.HasPrefix(strings.ToLower(s[m[0]:m[1]]), "last")) {
				y--
			}
			add(m[0], m[1], time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC).Format("2006-01"))
		}
		for _, m := range find(reRelative, clue.relative) {
			var d string
			switch strings.ToLower(s[m[2]:m[3]]) {
			case "yesterday", "last night":
				d = pub.AddDate(0, 0, -1).Format("2006-01-02")
			case "today", "tonight", "overnight", "this morning":
				d = pub.Format("2006-01-02")
			case "last month":
				d = pub.AddDate(0, 0, -pub.Day()).Format("2006-01")
			case "this month", "earlier this month", "earlier that month":
				d = pub.Format("2006-01")
			case "last year":
				d = strconv.Itoa(pub.Year() - 1)
			case "this year", "earlier this year":
				d = strconv.Itoa(pub.Year())
			case "last week":
				// A week may straddle two months; the month of its middle.
				d = pub.AddDate(0, 0, -7).Format("2006-01")
			case "in recent days", "in recent weeks":
				d = pub.AddDate(0, 0, -7).Format("2006-01")
			case "this week", "earlier this week", "earlier that week":
				d = pub.AddDate(0, 0, -2).Format("2006-01")
			default:
				continue
			}
			add(m[0], m[1], d)
		}
	}
	if anchor.IsZero() {
		anchor = pub
	}
	if !anchor.IsZero() {
		for _, m := range find(reOffset, clue.offset) {
			n, ok := smallNumbers[strings.ToLower(s[m[2]:m[3]])]
			if !ok {
				n = atoi(s[m[2]:m[3]])
			}
			unit := strings.ToLower(s[m[4]:m[5]])
			if strings.HasPrefix(unit, "week") {
				n *= 7
			}
			base, sign, intro := anchor, -1, false
			switch strings.ToLower(s[m[6]:m[7]]) {
			case "ago":
				if pub.IsZero() {
					continue
				}
				base = pub
			case "later":
				sign = 1
			case "after":
				// "came two days after insurgents killed seven soldiers":
				// what follows happened that long before the story's day;
				// "two days after, ..." counts on from it.
				if intro = introduces(s, m[1]); !intro {
					sign = 1
				}
			case "before":
				// "five days before the vote": what follows is to come.
				if intro = introduces(s, m[1]); intro {
					sign = 1
				}
			}
			// Months and years are as precise as they are told: "a month
			// after" the story's February is January, "nine years after"
			// 2022 is 2013.
			switch {
			case strings.HasPrefix(unit, "month"):
				add(m[0], m[1], base.AddDate(0, sign*n, 0).Format("2006-01"))
			case strings.HasPrefix(unit, "year"):
				add(m[0], m[1], base.AddDate(sign*n, 0, 0).Format("2006"))
			default:
				add(m[0], m[1], base.AddDate(0, 0, sign*n).Format("2006-01-02"))
			}
			out[len(out)-1].intro = intro
		}
	}
	for _, m := range find(reInYear, clue.digit) {
		add(m[2], m[3], s[m[2]:m[3]])
	}
	return out
}

// introduces reports whether a word follows offset i: "after" or
// "before" there introduces what it dates, rather than ending a phrase.
func introduces(s string, i int) bool {
	for _, r := range s[i:] {
		switch {
		case r == ' ':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return true
		}
		return false
	}
	return false
}

// pastDay resolves a day and month without year to the latest such date
// not more than a few days after pub.
func pastDay(pub time.Time, mo time.Month, d int) string {
	t := time.Date(pub.Year(), mo, d, 0, 0, 0, 0, time.UTC)
	if t.After(pub.AddDate(0, 0, 7)) {
		t = t.AddDate(-1, 0, 0)
	}
	return t.Format("2006-01-02")
}

func validDay(y, m, d int) bool {
	if y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func ymd(y int, m time.Month, d int) string {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// parsePublished parses "YYYY-MM-DD"; it returns the zero time otherwise.
func parsePublished(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// dateClues says which kinds of date expression a sentence could hold,
// from words they cannot do without: most sentences hold few or none,
// and the regular expressions are slow (findDates was a twentieth of an
// ingest's CPU time when it tried every expression on every sentence
// with a digit or a date word).
type dateClues struct {
	digit, month, weekday, relative, offset, year, dash bool
}

// monthStems start every month's name and abbreviation.
var monthStems = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

func cluesOf(s string) dateClues {
	l := strings.ToLower(s)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(l, w) {
				return true
			}
		}
		return false
	}
	unit := has("day", "week", "month", "year")
	return dateClues{
		digit:    strings.ContainsAny(s, "0123456789"),
		dash:     strings.Contains(s, "-"),
		month:    has(monthStems...),
		weekday:  strings.Contains(l, "day"), // every weekday's name ends so
		relative: has("yesterday", "today", "night", "morning", "week", "month", "year", "recent"),
		offset:   unit && has("ago", "earlier", "later", "before", "after"),
		year:     strings.Contains(l, "year"),
	}
}

// any reports whether s could hold any date expression.
func (c dateClues) any() bool { return c.digit || c.month || c.weekday || c.relative || c.offset }
