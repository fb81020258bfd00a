package main

import (
	"runtime/debug"
	"testing"
)

// TestNoHeavyInit keeps out of the binary the modules whose package
// initialisation costs every command's start-up: go-dateparser built its
// locale tables at start (78 MB, 0.25 s of CPU before 'sitrep events' or
// '--version' could do anything); go.mod replaces go-htmldate, which
// imported it, with internal/htmldate.
func TestNoHeavyInit(t *testing.T) {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		t.Skip("no build information")
	}
	for _, m := range bi.Deps {
		switch m.Path {
		case "github.com/markusmobius/go-dateparser", "github.com/tetratelabs/wazero":
			t.Errorf("%s is linked: its initialisation slows every command's start-up", m.Path)
		case "github.com/markusmobius/go-htmldate":
			if m.Replace == nil {
				t.Errorf("go-htmldate is not replaced by internal/htmldate")
			}
		}
	}
}
