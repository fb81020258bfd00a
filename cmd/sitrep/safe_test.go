package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/sitrep/sitrep"
)

func TestSafeWriter(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain\ttext\n", "plain\ttext\n"},
		{"\x1b]0;pwned\x07title", `\u001b]0;pwned\u0007title`},
		{"\x1b[2J", `\u001b[2J`},
		{"a\rb\x7fc\x00", `a\u000db\u007fc\u0000`},
		{"csi \u009b31m", `csi \u009b31m`},
		{"bidi \u202egnp.exe \u2066x\u2069", `bidi \u202egnp.exe \u2066x\u2069`},
		{"raw \x9b byte", `raw \x9b byte`},
		{"Kyiv – Київ, ‘quoted’ …", "Kyiv – Київ, ‘quoted’ …"},
	} {
		if got := sanitize(tc.in); got != tc.want {
			t.Errorf("sanitize(%q) = %q, want %q", tc.in, got, tc.want)
		}
		// Split at every byte: a rune cut in two writes is kept whole.
		for i := 0; i <= len(tc.in); i++ {
			var b strings.Builder
			w := newSafeWriter(&b)
			w.Write([]byte(tc.in[:i]))
			w.Write([]byte(tc.in[i:]))
			w.Flush()
			if b.String() != tc.want {
				t.Errorf("%q split at %d: %q, want %q", tc.in, i, b.String(), tc.want)
			}
		}
	}
	// JSON written through it stays valid and means the same.
	in := map[string]string{"title": "\x1b]0;pwned\x07 \u009b \u202e \x7f end"}
	var b bytes.Buffer
	w := newSafeWriter(&b)
	json.NewEncoder(w).Encode(in)
	var out map[string]string
	if err := json.Unmarshal(b.Bytes(), &out); err != nil || out["title"] != in["title"] {
		t.Errorf("JSON through safeWriter: %q: %v, %q", b.String(), err, out["title"])
	}
	checkTerminalSafe(t, "JSON", b.String())
}

// checkTerminalSafe fails when out holds a character a terminal acts on:
// a control character but tab and newline, DEL, a C1 control or a
// bidirectional override.
func checkTerminalSafe(t *testing.T, what, out string) {
	t.Helper()
	for i, r := range out {
		if r < 0x20 && r != '\t' && r != '\n' || r >= 0x7f && r <= 0x9f || unsafeRune(r) || r == utf8.RuneError {
			t.Errorf("%s: %U at byte %d: %q", what, r, i, out[max(0, i-20):min(len(out), i+20)])
			return
		}
	}
}

// TestHostileDocument ingests a page whose title, outlet, URL, file name
// and text carry terminal escape sequences ("\x1b]0;pwned\x07" retitles a
// terminal, "\x1b[2J" clears it) and checks that no command prints them
// raw, and that JSON output keeps them exactly.
func TestHostileDocument(t *testing.T) {
	dir := t.TempDir()
	name := "\x1b]0;pwned\x07story"
	for _, ext := range []string{".txt", ".meta.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", "hostile", "story"+ext))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+ext), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "t.db")
	code, out, stderr := sitrepCmd(t, "", "ingest", "--db", db, dir)
	if code != 0 || !strings.Contains(out, "new") {
		t.Fatalf("ingest: exit %d\n%s%s", code, out, stderr)
	}
	checkTerminalSafe(t, "ingest", out+stderr)
	_, out, stderr = sitrepCmd(t, "", "ingest", "--db", db, filepath.Join(dir, name+".nope"))
	checkTerminalSafe(t, "ingest of a missing file", out+stderr)

	var ids []string
	for _, args := range [][]string{{"docs"}, {"docs", "--csv"}, {"events"}, {"events", "--csv"}, {"transfers"}} {
		code, out, stderr := sitrepCmd(t, "", append(args, "--db", db)...)
		if code != 0 {
			t.Fatalf("%q: exit %d: %s", args, code, stderr)
		}
		checkTerminalSafe(t, strings.Join(args, " "), out+stderr)
		if args[0] == "events" && len(args) == 1 {
			for _, l := range strings.Split(out, "\n")[1:] {
				if f := strings.Fields(l); len(f) > 0 {
					ids = append(ids, f[0])
				}
			}
		}
	}
	if len(ids) == 0 {
		t.Fatal("no events coded from the hostile story")
	}
	_, out, _ = sitrepCmd(t, "", "show", ids[0], "--db", db)
	checkTerminalSafe(t, "show", out)
	if !strings.Contains(out, `\u001b]0;pwned\u0007Russian forces shell Kharkiv`) {
		t.Errorf("show does not show the title escaped:\n%s", out)
	}

	// JSON keeps the title exactly, escaped as JSON escapes it.
	_, out, _ = sitrepCmd(t, "", "docs", "--json", "--db", db)
	checkTerminalSafe(t, "docs --json", out)
	var doc sitrep.Document
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("docs --json: %v: %q", err, out)
	}
	if want := "\x1b]0;pwned\x07Russian forces shell Kharkiv \u202egnp.exe"; doc.Title != want {
		t.Errorf("title %q, want %q", doc.Title, want)
	}
	_, out, _ = sitrepCmd(t, "", "events", "--json", "--db", db)
	checkTerminalSafe(t, "events --json", out)
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if !json.Valid([]byte(l)) {
			t.Errorf("events --json: invalid line %q", l)
		}
	}

	// Text that is not stored: entities and kb read it from a file.
	_, out, stderr = sitrepCmd(t, "", "entities", filepath.Join(dir, name+".txt"))
	checkTerminalSafe(t, "entities", out+stderr)
	_, out, stderr = sitrepCmd(t, "", "kb", "lookup", "\x1b[2J")
	checkTerminalSafe(t, "kb lookup", out+stderr)
}

// TestSafeWriterConcurrent writes from many goroutines, as the server's
// handlers log: every line arrives whole (run with -race).
func TestSafeWriterConcurrent(t *testing.T) {
	var b bytes.Buffer
	w := newSafeWriter(&b)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				w.Write([]byte("line \x1b[2J Київ\n"))
			}
		}()
	}
	wg.Wait()
	for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		if l != `line \u001b[2J Київ` {
			t.Fatalf("line %q", l)
		}
	}
}
