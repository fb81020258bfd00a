package ingest

import "testing"

// TestLazyPatternsCompile compiles every pattern compiled on first use,
// as regexp.MustCompile at initialisation would have.
func TestLazyPatternsCompile(t *testing.T) {
	if len(allLazy) < 20 {
		t.Fatalf("only %d lazy patterns registered", len(allLazy))
	}
	for _, l := range allLazy {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("pattern %q: %v", l.expr, r)
				}
			}()
			l.get()
		}()
	}
}
