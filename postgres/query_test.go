package postgres

import (
	"sync"
	"testing"
)

func TestSearchText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Russia's Su-35 jets", "russia s su 35 jets"},
		{"Kyïv, KYIV and 1.5 km", "kyiv kyiv and 1 5 km"},
		{"", ""},
	} {
		if got := searchText(tc.in); got != tc.want {
			t.Errorf("searchText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"drones", "'drones'"},
		{"Russia*", "'russia':*"},
		{`(Russia's" AND`, "'russia' & 's' & 'and'"},
		{"' & !", ""},
	} {
		if got := tsQuery(tc.in); got != tc.want {
			t.Errorf("tsQuery(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// Writers fold text at once; run with -race.
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 100 {
				if got := searchText("Kyïv Ménard"); got != "kyiv menard" {
					t.Errorf("searchText = %q", got)
					return
				}
			}
		})
	}
	wg.Wait()
}
