package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
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

func TestKBLookupCommand(t *testing.T) {
	code, out, stderr := kbCmd(t, "", nil, "kb", "lookup", "Russian", "Federation")
	if code != 0 || !strings.Contains(out, "RUS") {
		t.Fatalf("exit %d: %s%s", code, out, stderr)
	}
	code, out, _ = kbCmd(t, "", nil, "kb", "lookup", "Kremlin", "--json")
	if code != 0 || !strings.Contains(out, `"id":"kremlin"`) {
		t.Errorf("--json: exit %d: %s", code, out)
	}
	if code, _, _ := kbCmd(t, "", nil, "kb", "lookup", "Zzyzx Qwerty"); code != 1 {
		t.Errorf("unknown name: exit %d, want 1", code)
	}
	if code, _, _ := kbCmd(t, "", nil, "kb"); code != 2 {
		t.Errorf("no subcommand: exit %d, want 2", code)
	}
	// Overrides through $SITREP_KB.
	dir := t.TempDir()
	tsv := "id\tkind\tcountry\tsector\tnames\tnotes\nzeta\tarmed-group\tMEX\tREB\tLos Zetas\t\n"
	if err := os.WriteFile(filepath.Join(dir, "mine.tsv"), []byte(tsv), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr = kbCmd(t, "", map[string]string{"SITREP_KB": dir}, "kb", "lookup", "Los Zetas")
	if code != 0 || !strings.Contains(out, "zeta") {
		t.Errorf("SITREP_KB override: exit %d: %s%s", code, out, stderr)
	}
	code, out, _ = kbCmd(t, "Los Zetas attacked.", nil, "entities", "--kb", dir)
	if code != 0 || !strings.Contains(out, "armed-group") {
		t.Errorf("--kb override: exit %d: %s", code, out)
	}
}
