package ingest

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestHash(t *testing.T) {
	a := Hash("Iran supplied   drones\n\nto Russia. ")
	if b := Hash(" Iran supplied drones to\tRussia."); a != b {
		t.Errorf("whitespace changed the hash: %s != %s", a, b)
	}
	if b := Hash("Iran supplied drones to Russia!"); a == b {
		t.Error("different texts hash alike")
	}
	// sha256("a b")
	if got, want := Hash(" a\n b "), "c8687a08aa5d6ed2044328fa6a697ab8e96dc34291e8c2034ae8c38e6fcc6d65"; got != want {
		t.Errorf("Hash = %s, want %s", got, want)
	}
}

// seedTexts returns the cleaned text of every seed.
func seedTexts(t testing.TB) map[string]string {
	t.Helper()
	out := make(map[string]string)
	for _, f := range seedFiles(t) {
		items := Read(context.Background(), f, nil, testOptions())
		if len(items) != 1 || items[0].Err != nil {
			t.Fatalf("%s: %+v", f, items)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".txt")] = items[0].Doc.Text
	}
	return out
}

var sentenceEndRE = regexp.MustCompile(`[.!?]["”]?\s+`)

// editSentences rewrites a few words in two sentences, as a sub-editor
// would: the second sentence and the middle one.
func editSentences(text string) string {
	ends := sentenceEndRE.FindAllStringIndex(text, -1)
	if len(ends) < 6 {
		return text + " Edited."
	}
	var b strings.Builder
	prev := 0
	for i, e := range ends {
		s := text[prev:e[1]]
		if i == 1 || i == len(ends)/2 {
			w := strings.Fields(s)
			for _, j := range []int{1, len(w) / 2, len(w) - 2} {
				if j >= 0 && j < len(w) {
					w[j] = "revised"
				}
			}
			s = strings.Join(w, " ") + " "
		}
		b.WriteString(s)
		prev = e[1]
	}
	b.WriteString(text[prev:])
	return b.String()
}

// swapSentence deletes the third sentence and appends a new one.
func swapSentence(text string) string {
	ends := sentenceEndRE.FindAllStringIndex(text, -1)
	if len(ends) < 4 {
		return text
	}
	return text[:ends[1][1]] + text[ends[2][1]:] + "\n\nThe ministry did not respond to a request for comment on Monday."
}

func TestNearDuplicate(t *testing.T) {
	texts := seedTexts(t)
	mayDiffer := map[string]bool{"one sentence swapped": true, "edited and swapped": true}
	for id, text := range texts {
		h := SimHash(text)
		for name, variant := range map[string]string{
			"re-wrapped":              strings.Join(strings.Fields(text), " "),
			"upper-cased":             strings.ToUpper(text),
			"two sentences edited":    editSentences(text),
			"one sentence swapped":    swapSentence(text),
			"edited and swapped":      swapSentence(editSentences(text)),
			"furniture line added":    text + "\n\nRead also: Ferry strike halts island traffic",
			"headline line prepended": "Russia and Iran step up cooperation\n\n" + text,
		} {
			d := Distance(h, SimHash(variant))
			t.Logf("%s %-24s distance %2d", id, name, d)
			if mayDiffer[name] {
				continue // logged only: three changed sentences may exceed the threshold
			}
			if !NearDuplicate(h, SimHash(variant)) {
				t.Errorf("%s: %s is %d bits away, not a near-duplicate", id, name, d)
			}
		}
	}
	// The seeds are five different articles on one topic (Russian-Iranian
	// military ties in Syria): none may be a near-duplicate of another.
	for a, ta := range texts {
		for b, tb := range texts {
			if a >= b {
				continue
			}
			d := Distance(SimHash(ta), SimHash(tb))
			t.Logf("%s vs %s: distance %d", a, b, d)
			if NearDuplicate(SimHash(ta), SimHash(tb)) {
				t.Errorf("%s and %s are different articles but %d bits apart", a, b, d)
			}
		}
	}
}

func TestSimHash(t *testing.T) {
	if SimHash("") != 0 || SimHash(" \n ") != 0 {
		t.Error("SimHash of empty text is not 0")
	}
	if SimHash("Hello, world") == 0 {
		t.Error("short text has no SimHash")
	}
	a := "Iran has supplied Russia with hundreds of drones, officials said."
	if SimHash(a) != SimHash(strings.ToUpper(a)) || SimHash(a) != SimHash("iran has supplied russia with hundreds of drones officials said") {
		t.Error("case or punctuation changed the SimHash")
	}
	if SimHash("Russia’s drones") != SimHash("Russia's drones") {
		t.Error("curly and straight apostrophes differ")
	}
}

func TestNearDuplicateThreshold(t *testing.T) {
	for _, tc := range []struct {
		a, b uint64
		want bool
	}{
		{0, 0, true},
		{0, 1<<NearDupDistance - 1, true},
		{0, 1<<(NearDupDistance+1) - 1, false},
		{^uint64(0), 0, false},
	} {
		if got := NearDuplicate(tc.a, tc.b); got != tc.want {
			t.Errorf("NearDuplicate(%x, %x) = %v", tc.a, tc.b, got)
		}
	}
}

// TestNearDuplicateCorpus measures the threshold on the dev gold sets
// when they are present: distinct long articles must not be
// near-duplicates, and the share of edited copies caught is logged.
func TestNearDuplicateCorpus(t *testing.T) {
	f, err := os.Open("../../shared/eval/dev/ngec-synthetic.gold.jsonl")
	if err != nil {
		t.Skipf("dev gold sets not available: %v", err)
	}
	defer f.Close()
	var texts []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var g struct{ Text string }
		if json.Unmarshal(sc.Bytes(), &g) == nil && len(strings.Fields(g.Text)) >= 200 {
			texts = append(texts, g.Text)
		}
	}
	hashes := make([]uint64, len(texts))
	for i, x := range texts {
		hashes[i] = SimHash(x)
	}
	pairs, near, minD := 0, 0, 64
	for i := range hashes {
		for j := i + 1; j < len(hashes); j++ {
			if texts[i] == texts[j] {
				continue
			}
			d := Distance(hashes[i], hashes[j])
			pairs++
			minD = min(minD, d)
			if d <= NearDupDistance {
				near++
				t.Errorf("distinct articles %d bits apart:\n%.120q\n%.120q", d, texts[i], texts[j])
			}
		}
	}
	edited, swapped := 0, 0
	for i, x := range texts {
		if NearDuplicate(hashes[i], SimHash(editSentences(x))) {
			edited++
		}
		if NearDuplicate(hashes[i], SimHash(swapSentence(x))) {
			swapped++
		}
	}
	t.Logf("%d distinct pairs of %d articles: closest %d bits, %d within %d", pairs, len(texts), minD, near, NearDupDistance)
	t.Logf("near-duplicates caught: two sentences edited %d/%d, one sentence swapped %d/%d",
		edited, len(texts), swapped, len(texts))
}
