package kb

import (
	"bytes"
	"slices"
	"testing"
)

// TestVillageBinUpToDate checks that the embedded villages.bin is what
// kb/gen/villageindex makes of its own rows with the current tokenize and
// villageKey, section by section (uncompressed), and that its rows come
// back as the same TSV. Run `cd kb && go run ./gen/villageindex -reencode`
// when it fails.
func TestVillageBinUpToDate(t *testing.T) {
	if !*full {
		t.Skip("a freshness check of a generated file: -full (.ci/run) runs it")
	}
	bin, err := dataFS.ReadFile("data/" + villagesFile)
	if err != nil {
		t.Skip("no village layer")
	}
	got, err := unpackVillages(bin)
	if err != nil {
		t.Fatal(err)
	}
	tsv, err := got.tsv()
	if err != nil {
		t.Fatal(err)
	}
	want, err := villageSectionsOf(tsv)
	if err != nil {
		t.Fatal(err)
	}
	if got.rows != want.rows || got.maxToks != want.maxToks || got.decimals != want.decimals {
		t.Errorf("header: rows %d maxToks %d decimals %d, regenerated %d %d %d", got.rows, got.maxToks, got.decimals,
			want.rows, want.maxToks, want.decimals)
	}
	for i, sec := range got.sections() {
		if !bytes.Equal(*sec, *want.sections()[i]) {
			t.Errorf("section %s differs from its regeneration: run cd kb && go run ./gen/villageindex -reencode", villageSectionNames[i])
		}
	}
}

// TestVillageBinRoundTrip compiles a small TSV and reads it back, through
// the index too.
func TestVillageBinRoundTrip(t *testing.T) {
	tsv := "# a comment\nname\taltnames\tcountry\tfeature\tlat\tlon\tpopulation\tadmin1\n" +
		"Kafr Nabl\tKafranbel|Kafr Nubl\tSYR\tvillage\t35.614\t36.561\t0\tIdlib\n" +
		"Kannsafra\t\tSYR\tvillage\t35.6\t36.5\t1200\tIdlib\n" +
		"Al-Jabaliyah\tJabaliya\tYEM\tdistrict\t-13.25\t44.1\t0\t\n" +
		"Hamah\t\tYEM\tvillage\t15\t44\t7\tSanaa\n"
	bin, err := EncodeVillages([]byte(tsv))
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeVillages(bin)
	if err != nil {
		t.Fatal(err)
	}
	if string(back) != tsv {
		t.Errorf("round trip:\n%s\nwant\n%s", back, tsv)
	}
	v := &villageLayer{}
	if err := v.load(bin); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		want []int32
	}{
		{"Kafranbel", []int32{0}},
		{"Kansafrah", []int32{1}},
		{"al Jabaliya", []int32{2}},
		{"Jabaliyah", []int32{2}},
		{"Hama", []int32{3}},
		{"Hims", nil},
	}
	for _, tt := range tests {
		got, _ := v.lookup(tokenize(tt.name, nil), nil)
		if !slices.Equal(got, tt.want) {
			t.Errorf("lookup(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
	if e := v.entry(2); *e.Lat != -13.25 || e.Admin1 != "" || e.Category != "district" || len(e.Aliases) != 1 {
		t.Errorf("entry 2 = %+v", e)
	}
	if e := v.entry(1); e.Population != 1200 || e.Country != "SYR" || e.Admin1 != "Idlib" {
		t.Errorf("entry 1 = %+v", e)
	}
	for _, bad := range []string{
		"name\tcountry\n",
		"name\taltnames\tcountry\tfeature\tlat\tlon\tpopulation\tadmin1\nX\t\tSYR\tvillage\t35.60\t36\t0\t\n",
		"name\taltnames\tcountry\tfeature\tlat\tlon\tpopulation\tadmin1\nX\t\tSYR\tvillage\t35.6\t36\t\t\n",
	} {
		if _, err := EncodeVillages([]byte(bad)); err == nil {
			t.Errorf("EncodeVillages(%q) succeeded", bad)
		}
	}
	if err := (&villageLayer{}).load(bin[:len(bin)/2]); err == nil {
		t.Error("a truncated file loaded")
	}
}
