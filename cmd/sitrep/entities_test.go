package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep"
)

// kbCmd runs the CLI in-process with the given environment.
func kbCmd(t *testing.T, stdin string, envs map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(k string) string { return envs[k] }}
	code := run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

func TestEntitiesCommand(t *testing.T) {
	code, out, stderr := kbCmd(t, "Moscow's forces struck Al-Tanf; the Pentagon said.", nil, "entities", "--json", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got []sitrep.Mention
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var m sitrep.Mention
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("bad JSON line %q: %v", line, err)
		}
		got = append(got, m)
	}
	if len(got) < 2 || got[0].Text != "Moscow's forces" || got[0].Country != "RUS" || got[0].Sector != "MIL" {
		t.Errorf("mentions = %+v", got)
	}
	code, out, _ = kbCmd(t, "", nil, "entities", filepath.Join("..", "..", "testdata", "seeds", "001_1a48629210037ae8.txt"))
	if code != 0 || !strings.Contains(out, "Kremlin") || !strings.Contains(out, "START") {
		t.Errorf("table output (exit %d):\n%s", code, out)
	}
	if code, _, _ := kbCmd(t, "", nil, "entities", "--date", "yesterday", "-"); code != 2 {
		t.Errorf("bad --date: exit %d, want 2", code)
	}
	if code, _, _ := kbCmd(t, "", nil, "entities", "/no/such/file"); code != 1 {
		t.Errorf("missing file: exit %d, want 1", code)
	}
}
