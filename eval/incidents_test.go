package eval

import (
	"strings"
	"testing"
)

func TestClusterScores(t *testing.T) {
	tests := []struct {
		name             string
		gold, pred       string // one letter per item: its cluster
		bcubed, pairwise ClusterScore
	}{
		{"perfect", "aabbc", "xxyyz", ClusterScore{1, 1, 1}, ClusterScore{1, 1, 1}},
		{"all apart", "aaab", "wxyz", ClusterScore{1, 0.5, 0.667}, ClusterScore{1, 0, 0}},
		{"all together", "aabb", "xxxx", ClusterScore{0.5, 1, 0.667}, ClusterScore{0.333, 1, 0.5}},
		// a a a | b b, predicted a a | a b b: the third a joins the b's.
		{"one misplaced", "aaabb", "xxyyy", ClusterScore{0.733, 0.733, 0.733}, ClusterScore{0.5, 0.5, 0.5}},
	}
	for _, tt := range tests {
		g, p := strings.Split(tt.gold, ""), strings.Split(tt.pred, "")
		if got := BCubed(g, p); got != tt.bcubed {
			t.Errorf("%s: B-cubed %+v, want %+v", tt.name, got, tt.bcubed)
		}
		if got := Pairwise(g, p); got != tt.pairwise {
			t.Errorf("%s: pairwise %+v, want %+v", tt.name, got, tt.pairwise)
		}
	}
}

func TestReadIncidents(t *testing.T) {
	good := `{"incident": "i1", "id": "r1", "outlet": "AP", "url": "https://a", "published": "2024-03-02", "text": "A drone hit Odesa."}

{"incident": "x1", "id": "r2", "outlet": "BBC", "url": "https://b", "published": "2024-03-09", "text": "Odesa was hit.", "lookalike_of": "i1", "note": "a week later"}
`
	reps, err := ReadIncidents(strings.NewReader(good), "good")
	if err != nil || len(reps) != 2 || reps[1].LookalikeOf != "i1" {
		t.Fatalf("%+v, %v", reps, err)
	}
	for _, tt := range []struct{ in, want string }{
		{`{"incident": "i1", "id": "r1"}`, "bad:1: incident, id and text are required"},
		{`{"incident": "i1", "id": "r1", "text": "x", "colour": "red"}`, "unknown field"},
		{`{"incident": "i1", "id": "r1", "text": "x"}` + "\n" + `{"incident": "i2", "id": "r1", "text": "y"}`, `bad:2: id "r1" used twice`},
		{`{"incident": "i1", "id": "r1", "text": "x", "published": "2024-02-30"}`, "want YYYY-MM-DD"},
		{``, "no reports"},
		{`not json`, "bad:1:"},
	} {
		if _, err := ReadIncidents(strings.NewReader(tt.in), "bad"); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v, want %q", tt.in, err, tt.want)
		}
	}
}

// FuzzReadIncidents: any input is read or refused, never a panic, and
// what is read has its required fields.
func FuzzReadIncidents(f *testing.F) {
	f.Add(`{"incident": "i1", "id": "r1", "text": "x"}`)
	f.Add(`{"incident": "", "id": "r1", "text": "x", "published": "2024-1-1"}`)
	f.Fuzz(func(t *testing.T, in string) {
		reps, err := ReadIncidents(strings.NewReader(in), "fuzz")
		if err != nil {
			return
		}
		for _, r := range reps {
			if r.Incident == "" || r.ID == "" || r.Text == "" {
				t.Errorf("read %+v", r)
			}
		}
	})
}
