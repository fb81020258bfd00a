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
		"Chain2\t\tUKR\tvillage\t48.360\t38.000\t0",         // 20 km from Chain1 only: takes it in a second pass
		"Chain1\t\tUKR\tvillage\t48.180\t38.000\t0\t",       // 19 km from Known: first pass
	}, "\n")
	places := "Town\t\tUKR\ttown\t49.5\t38.0\t900\tLuhansk\nRegion\t\tUKR\tadmin1\t49.0\t38.0\t0\tKharkiv\n"
	got := strings.Split(string(fillAdmin1([]byte(villages), []byte(places))), "\n")
	want := []string{"", "Donetsk", "Donetsk", "", "", "Donetsk", "Donetsk"}
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
	// The fill is a fixed point: filling its output changes nothing.
	once := fillAdmin1([]byte(villages), []byte(places))
	if again := fillAdmin1(once, []byte(places)); string(again) != string(once) {
		t.Errorf("a second fill changed the rows:\n%s\nto\n%s", once, again)
	}
}
