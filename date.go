package sitrep

import "time"

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
