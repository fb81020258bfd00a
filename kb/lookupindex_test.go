package kb

import (
	"bytes"
	"encoding/json"
	"flag"
	"testing"
)

// full runs the checks that generated files are current, which rebuild
// them from the whole data: go test ./kb -full (.ci/run does). The default
// run compares the lookup index with the knowledge base on a sample of
// names (TestLookupEmbedded) instead.
var full = flag.Bool("full", false, "check that the generated data files (villages.bin, lookup.idx) are current")

// TestLookupIndexFresh checks that data/lookup.idx is what the embedded
// data builds now: after a change to the data or to how names are
// indexed, run go generate ./kb.
func TestLookupIndexFresh(t *testing.T) {
	if !*full {
		t.Skip("a freshness check of a generated file: -full (.ci/run) runs it")
	}
	k, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	// The frames are compared before compression, which at the best
	// ratio takes seconds; the compression itself is deterministic.
	want, chunks, err := lookupFrames(k)
	if err != nil {
		t.Fatal(err)
	}
	li, err := openLookupIndex()
	if err != nil {
		t.Fatal(err)
	}
	if li.entries != len(k.entries) || li.chunks != chunks || len(li.offsets) != len(want)+1 {
		t.Fatalf("data/%s is stale (%d entries in %d frames, rebuilt %d in %d): run go generate ./kb",
			lookupFile, li.entries, len(li.offsets)-1, len(k.entries), len(want))
	}
	for i, w := range want {
		got, err := li.frame(i)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, w) {
			t.Fatalf("data/%s is stale (frame %d differs): run go generate ./kb", lookupFile, i)
		}
	}
}

// TestLookupEmbedded checks that the index answers as the knowledge base
// does, for names and ids of every kind of entry.
func TestLookupEmbedded(t *testing.T) {
	k, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"Russian Federation", "russia", "Kremlin", "KREMLIN", " kremlin ", "Hmeimim", "Vesele",
		"Kiev", "Putin", "Leopard 2", "Zzyzx Qwerty", "", "-h", "place:vesele-ukr-2", "Donetsk", "US", "Hays"}
	for i := 0; i < len(k.entries); i += 8009 {
		e := &k.entries[i]
		names = append(names, e.Name, e.ID)
		if len(e.Aliases) > 0 {
			names = append(names, e.Aliases[len(e.Aliases)-1])
		}
	}
	for _, n := range names {
		want, _ := json.Marshal(k.Lookup(n))
		es, err := LookupEmbedded(n)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := json.Marshal(es)
		if len(es) == 0 {
			got = []byte("null")
		}
		if !bytes.Equal(got, want) {
			t.Errorf("LookupEmbedded(%q):\n%s\nLookup:\n%s", n, got, want)
		}
	}
}

func BenchmarkLookupEmbedded(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := LookupEmbedded("Hmeimim"); err != nil {
			b.Fatal(err)
		}
	}
}
