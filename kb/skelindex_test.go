package kb

import (
	"slices"
	"testing"
)

func TestSkelIndex(t *testing.T) {
	var b skelBuilder
	// Entries add their names together, in order; an entry whose two
	// names share a skeleton is listed once.
	for _, p := range []struct {
		sk string
		id int32
	}{{"rk", 1}, {"rk", 1}, {"dr", 1}, {"dr", 2}, {"rk", 3}, {"", 4}, {"rk", 5}, {"hms", 5}} {
		b.add(p.sk, p.id)
	}
	x := b.index()
	for sk, want := range map[string][]int32{"rk": {1, 3, 5}, "dr": {1, 2}, "hms": {5}, "": nil, "zz": nil} {
		if got := x.lookup(sk); !slices.Equal(got, want) {
			t.Errorf("lookup(%q) = %v, want %v", sk, got, want)
		}
	}
}
