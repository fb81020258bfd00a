package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestVersionData(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"version", "--data"}, 0, []string{"FILE", "nlp/models/parser.zst", "kb/data/villages.bin", "CC BY-SA 4.0"}},
		{[]string{"version", "--data", "--json"}, 0, []string{`"file":"nlp/models/tagger.zst"`, `"sha256":"`}},
		{[]string{"version", "--json"}, 2, nil},
		{[]string{"version", "extra"}, 2, nil},
	}
	for _, tt := range tests {
		code, out, _ := sitrepCmd(t, "", tt.args...)
		if code != tt.code {
			t.Errorf("%v: exit %d, want %d", tt.args, code, tt.code)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q:\n%s", tt.args, w, out)
			}
		}
	}
	_, out, _ := sitrepCmd(t, "", "version", "--data", "--json")
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var m struct {
			File, SHA256 string
			Bytes        int64
		}
		if err := json.Unmarshal([]byte(line), &m); err != nil || len(m.SHA256) != 64 || m.Bytes <= 0 {
			t.Errorf("bad JSON line %q: %v", line, err)
		}
	}
}
