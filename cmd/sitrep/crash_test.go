package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/bench"
	"github.com/sitrep/sitrep/sqlite"
)

// A test binary started with $SITREP_TEST_MAIN=1 is sitrep itself, so that
// the crash test can kill a real ingest without building the command.
func init() {
	if os.Getenv("SITREP_TEST_MAIN") != "1" {
		return
	}
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	os.Exit(run(context.Background(), e, os.Args[1:]))
}

// TestIngestKilled kills ingest with SIGKILL after it has reported n
// documents, for several n, and re-runs it: every document reported as
// stored is stored, with what was reported; after the re-run every
// document is stored exactly once, each with exactly what an
// uninterrupted run stores for it (nothing half-stored).
func TestIngestKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts several ingest processes")
	}
	corpus, err := bench.WriteCorpus(t.TempDir(), "", 80)
	if err != nil {
		t.Fatal(err)
	}
	ingestTo := func(db string, killAfter int) []ingestReport {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, os.Args[0], "ingest", "--json", "--workers", "2", "--db", db, corpus.Dir)
		cmd.Env = append(os.Environ(), "SITREP_TEST_MAIN=1")
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var reps []ingestReport
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			var r ingestReport
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatalf("%q: %v", sc.Text(), err)
			}
			reps = append(reps, r)
			if len(reps) == killAfter {
				cmd.Process.Kill() // SIGKILL: no deferred work runs
				break
			}
		}
		err = cmd.Wait()
		if killAfter == 0 && err != nil {
			t.Fatalf("ingest: %v", err)
		}
		return reps
	}
	// What each document is, stored whole: by content hash.
	stored := func(path string) map[string]sqlite.DocStats {
		t.Helper()
		ctx := context.Background()
		db, err := sqlite.OpenReadOnly(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		stats, err := db.DocumentStats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		docs, err := db.FindDocuments(ctx, sitrep.DocumentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]sqlite.DocStats{}
		for _, d := range docs {
			if _, dup := m[d.Hash]; dup {
				t.Errorf("%s stored twice", d.Source)
			}
			m[d.Hash] = stats[d.ID]
		}
		byID := map[int64]bool{}
		for _, d := range docs {
			byID[d.ID] = true
		}
		for id := range stats {
			if !byID[id] {
				t.Errorf("rows of document %d, which is not stored", id)
			}
		}
		return m
	}

	dir := t.TempDir()
	ref := filepath.Join(dir, "ref.db")
	ingestTo(ref, 0)
	want := stored(ref)
	if len(want) != len(corpus.Files) {
		t.Fatalf("an uninterrupted run stores %d documents of %d", len(want), len(corpus.Files))
	}
	for _, n := range []int{1, 17, 50} {
		t.Run(fmt.Sprintf("after %d", n), func(t *testing.T) {
			path := filepath.Join(dir, fmt.Sprintf("killed-%d.db", n))
			reps := ingestTo(path, n)
			if len(reps) < n {
				t.Fatalf("ingest ended after %d reports, before it could be killed", len(reps))
			}
			ctx := context.Background()
			db, err := sqlite.OpenReadOnly(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			stats, err := db.DocumentStats(ctx)
			db.Close()
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range reps {
				if r.Outcome != "new" {
					t.Errorf("first run: %+v", r)
					continue
				}
				if s, ok := stats[r.ID]; !ok || s.Events != r.Events || s.Transfers != r.Transfers {
					t.Errorf("reported %+v; stored %+v (%v)", r, s, ok)
				}
			}
			killed := stored(path)
			t.Logf("killed after %d reports: %d of %d documents stored", n, len(killed), len(corpus.Files))
			for h, s := range killed {
				if s != want[h] {
					t.Errorf("after the kill, document %s holds %+v; an uninterrupted run stores %+v", h[:12], s, want[h])
				}
			}
			again := ingestTo(path, 0)
			news := 0
			for _, r := range again {
				if r.Outcome == "new" {
					news++
				}
			}
			if news != len(corpus.Files)-len(killed) {
				t.Errorf("re-run stored %d new documents; %d were missing", news, len(corpus.Files)-len(killed))
			}
			got := stored(path)
			if len(got) != len(want) {
				t.Errorf("%d documents stored after the re-run, want %d", len(got), len(want))
			}
			for h, s := range want {
				if got[h] != s {
					t.Errorf("document %s: %+v after the re-run, want %+v", h[:12], got[h], s)
				}
			}
		})
	}
}
