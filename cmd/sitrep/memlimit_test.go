package main

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestLimitGrowth(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
	for _, tc := range []struct {
		env  string
		want func(int64) bool
	}{
		{"", func(l int64) bool { return l > growthFor(1<<10) && l < math.MaxInt64 }},
		{"2GiB", func(l int64) bool { return l == old }},
	} {
		debug.SetMemoryLimit(old)
		t.Setenv("GOMEMLIMIT", tc.env)
		limitGrowth(growthFor(1 << 10))
		if l := debug.SetMemoryLimit(-1); !tc.want(l) {
			t.Errorf("GOMEMLIMIT=%q: limit %d", tc.env, l)
		}
	}
}
