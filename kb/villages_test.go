package kb

import "testing"

// TestVillageKey checks that transliteration variants share a key.
func TestVillageKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"Hamah", "Hama"},
		{"Qalqiliyah", "Qalqiliya"},
		{"Al-Jabaliyah", "al Jabaliya"},
		{"El Arqoub", "Al Arqub"},
		{"Kannsafra", "Kansafrah"},
		{"Saadnayel", "Sadnayel"},
	}
	for _, tt := range tests {
		ka := string(villageKey(nil, tokenize(tt.a, nil)))
		kb := string(villageKey(nil, tokenize(tt.b, nil)))
		if ka != kb {
			t.Errorf("villageKey(%q) = %q, villageKey(%q) = %q", tt.a, ka, tt.b, kb)
		}
	}
}

// BenchmarkVillageLoad measures decoding the village layer, which
// happens once, on first need; the altnames column is inflated too, as the
// first village entry needs it.
func BenchmarkVillageLoad(b *testing.B) { benchVillageLoad(b, true) }

// BenchmarkVillageIndex measures decoding the village layer without its
// altnames: what recognising a text that names no village costs.
func BenchmarkVillageIndex(b *testing.B) { benchVillageLoad(b, false) }

func benchVillageLoad(b *testing.B, altnames bool) {
	data, err := dataFS.ReadFile("data/" + villagesFile)
	if err != nil {
		b.Skip("no village layer")
	}
	for i := 0; i < b.N; i++ {
		v := &villageLayer{}
		if err := v.load(data); err != nil {
			b.Fatal(err)
		}
		if altnames {
			v.altnames()
		}
	}
}

// BenchmarkLoadReady measures what a command that recognises text waits
// for: Load, then the village layer with its altnames.
func BenchmarkLoadReady(b *testing.B) {
	for i := 0; i < b.N; i++ {
		k, err := Load()
		if err != nil {
			b.Fatal(err)
		}
		if v := k.villages(); v.err != nil {
			b.Fatal(v.err)
		}
		k.villages().altnames()
	}
}
