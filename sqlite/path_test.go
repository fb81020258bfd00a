package sqlite

import (
	"path/filepath"
	"testing"
)

func TestDefaultPath(t *testing.T) {
	tests := []struct {
		goos string
		env  map[string]string
		want string // "" means an error
	}{
		{"linux", map[string]string{"HOME": "/home/ann"}, "/home/ann/.local/share/sitrep/sitrep.db"},
		{"linux", map[string]string{"HOME": "/home/ann", "XDG_DATA_HOME": "/data"}, "/data/sitrep/sitrep.db"},
		{"linux", map[string]string{"HOME": "/home/ann", "XDG_DATA_HOME": "rel"}, "/home/ann/.local/share/sitrep/sitrep.db"},
		{"freebsd", map[string]string{"HOME": "/u/b"}, "/u/b/.local/share/sitrep/sitrep.db"},
		{"linux", map[string]string{}, ""},
		{"darwin", map[string]string{"HOME": "/Users/ann", "XDG_DATA_HOME": "/data"}, "/Users/ann/Library/Application Support/sitrep/sitrep.db"},
		{"darwin", map[string]string{}, ""},
		{"windows", map[string]string{"LocalAppData": `C:\Users\ann\AppData\Local`}, filepath.Join(`C:\Users\ann\AppData\Local`, "sitrep", "sitrep.db")},
		{"windows", map[string]string{"HOME": "/x"}, ""},
		{"plan9", map[string]string{"home": "/usr/ann"}, "/usr/ann/lib/sitrep/sitrep.db"},
	}
	for _, tt := range tests {
		got, err := defaultPath(tt.goos, func(k string) string { return tt.env[k] })
		if tt.want == "" {
			if err == nil {
				t.Errorf("defaultPath(%s, %v) = %q, want error", tt.goos, tt.env, got)
			}
			continue
		}
		if err != nil || got != filepath.FromSlash(tt.want) && got != tt.want {
			t.Errorf("defaultPath(%s, %v) = %q, %v; want %q", tt.goos, tt.env, got, err, tt.want)
		}
	}
}

func TestDateBounds(t *testing.T) {
	tests := []struct {
		in, lo, hi string
		ok         bool
	}{
		{"2023", "2023-00-00", "2023-99-99", true},
		{"2023-07", "2023-07-00", "2023-07-99", true},
		{"2023-07-10", "2023-07-10", "2023-07-10", true},
		{"", "", "", false},
		{"July 2023", "", "", false},
		{"2023-13", "", "", false},
		{"2023-07-32", "", "", false},
		{"2023-7-1", "", "", false},
		{"2023-07-10T00:00:00Z", "", "", false},
	}
	for _, tt := range tests {
		lo, hi, ok := dateBounds(tt.in)
		if lo != tt.lo || hi != tt.hi || ok != tt.ok {
			t.Errorf("dateBounds(%q) = %q, %q, %v; want %q, %q, %v", tt.in, lo, hi, ok, tt.lo, tt.hi, tt.ok)
		}
	}
}

// FuzzDateBounds checks that any accepted filter date yields ordered,
// day-shaped bounds and that nothing panics.
func FuzzDateBounds(f *testing.F) {
	for _, s := range []string{"2023", "2023-07", "2023-07-10", "", "2023-7", "9999-12-31", "0000-01-01", "2023-07-10x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lo, hi, ok := dateBounds(s)
		if !ok {
			if lo != "" || hi != "" {
				t.Errorf("dateBounds(%q) rejected but returned %q, %q", s, lo, hi)
			}
			return
		}
		if len(lo) != 10 || len(hi) != 10 || lo > hi || lo[:len(s)] != s || hi[:len(s)] != s {
			t.Errorf("dateBounds(%q) = %q, %q", s, lo, hi)
		}
	})
}
