package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep"
)

// evalStubCoder codes "struck" as Russia attacking Syria and nothing else.
type evalStubCoder struct{}

func (evalStubCoder) Code(ctx context.Context, in sitrep.Input) (*sitrep.Analysis, error) {
	an := &sitrep.Analysis{}
	if strings.Contains(in.Text, "struck") {
		an.Events = append(an.Events, sitrep.Event{
			Type: "ASSAULT", Actor: []sitrep.Actor{{Country: "RUS"}}, Recipient: []sitrep.Actor{{Country: "SYR"}},
			Evidence: in.Text, Rule: "stub/struck",
		})
	}
	return an, nil
}

const evalGold = `{"id": "a", "text": "Russian jets struck rebels in Syria.", "level": "event", "events": [{"type": "ASSAULT", "actor": [{"country": "RUS"}], "recipient": [{"country": "SYR"}]}]}
{"id": "b", "text": "Iran and Russia held talks.", "level": "event", "events": [{"type": "CONSULT", "symmetric": true, "actor": [{"country": "IRN"}], "recipient": [{"country": "RUS"}]}]}
{"id": "c", "text": "Jets struck a convoy in Iraq.", "level": "event"}
{"id": "d", "text": "Jets struck a convoy.", "level": "quad", "quad": "material_conflict"}
{"id": "e", "title": "Jets strike Syria", "text": "Russian jets struck again.", "level": "event", "events": [{"type": "ASSAULT", "actor": [{"country": "RUS"}], "recipient": [{"country": "SYR"}], "evidence": "Jets strike Syria"}]}
`

// runEvalCmd runs sitrep with args and the stub coder and returns the exit
// status and output.
func runEvalCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	old := newCoder
	newCoder = func(string) (sitrep.Coder, error) { return evalStubCoder{}, nil }
	defer func() { newCoder = old }()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code = run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

func writeEvalGold(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestEvalJSON(t *testing.T) {
	p := writeEvalGold(t, "small.gold.jsonl", evalGold)
	code, out, stderr := runEvalCmd(t, "eval", "--json", "--workers", "2", p)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	var got struct {
		Files []map[string]any `json:"files"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if len(got.Files) != 1 {
		t.Fatalf("files = %v", got.Files)
	}
	f := got.Files[0]
	want := map[string]any{
		"file": "small.gold.jsonl", "documents": 5.0,
		"events":        map[string]any{"gold": 3.0, "predicted": 3.0, "matched": 2.0, "precision": 0.667, "recall": 0.667, "f1": 0.667},
		"events_strict": map[string]any{"gold": 3.0, "predicted": 3.0, "matched": 1.0, "precision": 0.333, "recall": 0.333, "f1": 0.333},
		"date_accuracy": nil, "location_accuracy": nil, "document_types": nil, "quad_accuracy": 1.0,
		"transfers": map[string]any{"gold": 0.0, "predicted": 0.0, "matched": 0.0, "precision": nil, "recall": nil, "f1": nil},
	}
	gotJSON, _ := json.Marshal(f)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("file result\n got %s\nwant %s", gotJSON, wantJSON)
	}
	if stderr != "" {
		t.Errorf("stderr = %q", stderr)
	}
}

func TestEvalTableAndErrors(t *testing.T) {
	p := writeEvalGold(t, "small.gold.jsonl", evalGold)
	code, out, stderr := runEvalCmd(t, "eval", "--errors", p, p)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	for _, want := range []string{
		"small.gold.jsonl: 5 documents",
		"events 3 3 2 0.667 0.667 0.667",
		"events (strict) 3 3 1 0.333 0.333 0.333",
		"quad accuracy 1.000 (1 of 1)",
		`small.gold.jsonl:2: missed event    b  CONSULT IRN→RUS (symmetric)  (not coded)  "Iran and Russia held talks."`,
		`small.gold.jsonl:3: false event     c  ASSAULT RUS→SYR [stub/struck]  (no gold event there)  "Jets struck a convoy in Iraq."`,
		`small.gold.jsonl:     1  missed event: not coded`,
		`small.gold.jsonl:5: loose match     e  ASSAULT RUS→SYR [stub/struck]  gold "Jets strike Syria", predicted "Russian jets struck again."`,
	} {
		// Column widths depend on the rows printed: compare words.
		if !strings.Contains(strings.Join(strings.Fields(out), " "), strings.Join(strings.Fields(want), " ")) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "date accuracy") {
		t.Errorf("a figure the file's levels do not allow is printed:\n%s", out)
	}
	if n := strings.Count(out, "5 documents"); n != 2 {
		t.Errorf("%d tables, want 2", n)
	}

	// With --json the errors go to stderr.
	code, out, stderr = runEvalCmd(t, "eval", "--json", "--errors", p)
	if code != 0 || !json.Valid([]byte(out)) || !strings.Contains(stderr, "missed event") {
		t.Errorf("--json --errors: exit %d, stdout %s, stderr %s", code, out, stderr)
	}
}

func TestEvalFlagsAfterFiles(t *testing.T) {
	p := writeEvalGold(t, "small.gold.jsonl", evalGold)
	code, out, stderr := runEvalCmd(t, "eval", p, "--json", p)
	var got struct{ Files []any }
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || len(got.Files) != 2 {
		t.Errorf("exit %d, stdout %s, stderr %s; want JSON for 2 files", code, out, stderr)
	}
	// After "--" everything is a file.
	code, _, stderr = runEvalCmd(t, "eval", p, "--", "--json")
	if code != 1 || !strings.Contains(stderr, "--json") {
		t.Errorf(`"--" then "--json": exit %d, stderr %q; want a missing file --json`, code, stderr)
	}
}

func TestEvalFailures(t *testing.T) {
	good := writeEvalGold(t, "good.gold.jsonl", evalGold)
	bad := writeEvalGold(t, "bad.gold.jsonl", evalGold+"{\"id\": \"x\"\n")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no files", []string{"eval"}, 2, "Usage: sitrep eval"},
		{"bad flag", []string{"eval", "--nope", good}, 2, "Usage: sitrep eval"},
		{"missing file", []string{"eval", good, filepath.Join(t.TempDir(), "none.jsonl")}, 1, "none.jsonl"},
		{"bad line", []string{"eval", "--json", good, bad}, 1, "bad.gold.jsonl:6: bad JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runEvalCmd(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d, stderr containing %q", code, stderr, tt.code, tt.stderr)
			}
			if tt.code == 1 && out != "" {
				t.Errorf("a file that cannot be read still printed scores:\n%s", out)
			}
		})
	}
}

func TestEvalCoderError(t *testing.T) {
	p := writeEvalGold(t, "small.gold.jsonl", evalGold)
	old := newCoder
	newCoder = func(string) (sitrep.Coder, error) { return nil, errors.New("no knowledge base") }
	defer func() { newCoder = old }()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	if code := run(context.Background(), e, []string{"eval", p}); code != 1 || !strings.Contains(errb.String(), "no knowledge base") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}
