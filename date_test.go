package sitrep

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestValidDate(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"2023", true},
		{"2023-07", true},
		{"2023-07-14", true},
		{"2024-02-29", true},
		{"0000-01-01", true},
		{"2023-02-29", false},
		{"2023-04-31", false},
		{"2023-00", false},
		{"2023-13", false},
		{"2023-07-00", false},
		{"2023-07-32", false},
		{"2023-7-1", false},
		{"2023/07/14", false},
		{"+123", false},
		{"20230714", false},
		{"2023-07-14T00:00:00Z", false},
		{"July 2023", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := ValidDate(tt.in); got != tt.want {
			t.Errorf("ValidDate(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func FuzzValidDate(f *testing.F) {
	for _, s := range []string{"2023", "2023-07", "2023-07-14", "2023-02-30", "9999-12-31", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !ValidDate(s) {
			return
		}
		// A valid date is ASCII of one of the three lengths, and every
		// less precise prefix of it is valid too.
		for _, n := range []int{4, 7} {
			if len(s) > n && !ValidDate(s[:n]) {
				t.Errorf("ValidDate(%q) but not %q", s, s[:n])
			}
		}
	})
}

func TestCheckDateRange(t *testing.T) {
	now := time.Date(2026, 12, 5, 7, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want string // "" for no error
	}{
		{"2023-07-15", ""},
		{"1900-01-01", ""},
		{"1900", ""},
		{"1899-12", "1899-12 is outside the accepted dates, 1900-01-01 to 2027-12-05"},
		{"1899-12-31", "outside the accepted dates"},
		{"0001-01-01", "0001-01-01 is outside the accepted dates, 1900-01-01 to 2027-12-05"},
		{"2027-12-05", ""},
		{"2027-12", ""},
		{"2027", ""},
		{"2027-12-06", "outside the accepted dates"},
		{"2028", "outside the accepted dates"},
		{"2999-12-31", "2999-12-31 is outside the accepted dates, 1900-01-01 to 2027-12-05"},
		{"2023-02-30", `"2023-02-30" is not a date`},
		{"", `"" is not a date`},
	}
	for _, tt := range tests {
		err := CheckDateRange(tt.in, now)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckDateRange(%q) = %v, want nil", tt.in, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("CheckDateRange(%q) = %v, want %q", tt.in, err, tt.want)
		case tt.want != "" && strings.Contains(tt.want, "outside") && !errors.Is(err, ErrDateRange):
			t.Errorf("CheckDateRange(%q) = %v, not ErrDateRange", tt.in, err)
		}
	}
}

func FuzzCheckDateRange(f *testing.F) {
	for _, s := range []string{"2023", "2023-07", "2023-07-14", "1899-12-31", "1900-01-01", "2999-12-31", "0001-01-01", "x"} {
		f.Add(s)
	}
	now := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		err := CheckDateRange(s, now)
		if err != nil {
			return
		}
		if !ValidDate(s) {
			t.Fatalf("CheckDateRange accepted %q, which is not a date", s)
		}
		if y := atoi(s[:4]); y < 1900 || y > 2027 {
			t.Fatalf("CheckDateRange accepted %q", s)
		}
	})
}
