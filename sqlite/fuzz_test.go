package sqlite_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/sqlite"
)

// FuzzOpen opens damaged database files: OpenReadOnly, Open and the
// queries after them may fail, but must not panic or hang, and the reader
// must leave the file as it was. Fuzzing it is slow (a few execs per
// second: the SQLite engine is large to instrument); the seeds run with
// every go test.
func FuzzOpen(f *testing.F) {
	ctx := context.Background()
	// Seeds: a real database, truncated and with a damaged page.
	path := filepath.Join(f.TempDir(), "seed.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		f.Fatal(err)
	}
	for i := range 5 {
		if _, _, err := db.AddDocument(ctx, sampleDocument(i+1), sampleAnalysis(10, 6, 2)); err != nil {
			f.Fatal(err)
		}
	}
	if err := db.Close(); err != nil { // checkpoints the WAL into the file
		f.Fatal(err)
	}
	good, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:100])
	f.Add(good[:len(good)/2])
	damaged := append([]byte(nil), good...)
	for i := 4096 + 100; i < 4096+400 && i < len(damaged); i++ {
		damaged[i] ^= 0x5a
	}
	f.Add(damaged)
	f.Add([]byte("SQLite format 3\x00garbage"))

	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "fuzz.db")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		// A reader may fail too, but never changes a byte of the file.
		if r, err := sqlite.OpenReadOnly(ctx, path); err == nil {
			r.FindDocuments(ctx, sitrep.DocumentFilter{})
			r.FindEvents(ctx, sitrep.EventFilter{Actor: "RUS"})
			r.FindTransfers(ctx, sitrep.TransferFilter{})
			r.Close()
		}
		if after, err := os.ReadFile(path); err != nil || !bytes.Equal(after, data) {
			t.Fatalf("OpenReadOnly changed the file (%v)", err)
		}

		db, err := sqlite.Open(ctx, path)
		if err != nil {
			return
		}
		defer db.Close()
		db.FindDocuments(ctx, sitrep.DocumentFilter{})
		db.FindEvents(ctx, sitrep.EventFilter{Actor: "RUS"})
		db.FindTransfers(ctx, sitrep.TransferFilter{})
		db.DocumentStats(ctx)
		db.AddDocument(ctx, sampleDocument(99), sampleAnalysis(3, 2, 1))
	})
}
