package main

import (
	"fmt"
	"time"

	"github.com/sitrep/sitrep"
)

// checkPublished checks a --published date: YYYY-MM-DD within the range
// sitrep.CheckDateRange accepts today. "" (not given) passes.
func checkPublished(date string) error {
	if date == "" {
		return nil
	}
	if len(date) != len(time.DateOnly) || !sitrep.ValidDate(date) {
		return fmt.Errorf("--published %q: want YYYY-MM-DD", date)
	}
	if err := sitrep.CheckDateRange(date, time.Now()); err != nil {
		return fmt.Errorf("--published %w", err)
	}
	return nil
}
