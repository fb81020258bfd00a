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
