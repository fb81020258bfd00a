package main

import (
	"strings"
	"testing"
)

func TestFillAdmin1(t *testing.T) {
	villages := strings.Join([]string{
		"# comment",
		"Near\t\tUKR\tvillage\t48.000\t38.000\t0\t",         // 1 km from Known: takes Donetsk
		"Known\t\tUKR\tvillage\t48.009\t38.000\t0\tDonetsk", // has its region
		"Far\t\tUKR\tvillage\t49.000\t38.000\t0\t",          // 100 km from anything: stays empty
		"Abroad\t\tRUS\tvillage\t48.010\t38.001\t0\t",       // another country's neighbour does not count
	}, "\n")
	places := "Town\t\tUKR\ttown\t49.5\t38.0\t900\tLuhansk\nRegion\t\tUKR\tadmin1\t49.0\t38.0\t0\tKharkiv\n"
	got := strings.Split(string(fillAdmin1([]byte(villages), []byte(places))), "\n")
	want := []string{"", "Donetsk", "Donetsk", "", ""}
	for i, w := range want {
		f := strings.Split(got[i], "\t")
		if i == 0 {
			if got[0] != "# comment" {
				t.Errorf("comment line = %q", got[0])
			}
			continue
		}
		if len(f) < 8 || f[7] != w {
			t.Errorf("row %d = %q, want admin1 %q", i, got[i], w)
		}
	}
}
