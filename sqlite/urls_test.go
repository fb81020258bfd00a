package sqlite_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/sqlite"
)

func TestDocumentURLs(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "u.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i, d := range []sitrep.Document{
		{URL: "https://example.com/canonical", Source: "https://example.com/feed-link"},
		{URL: "", Source: "/home/me/story.txt"},
		{URL: "https://example.com/canonical", Source: "http://example.com/other"},
	} {
		d.Hash, d.Text, d.IngestedAt = string(rune('a'+i)), "text", time.Now()
		if _, _, err := db.AddDocument(ctx, &d, nil); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.DocumentURLs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	want := []string{"http://example.com/other", "https://example.com/canonical", "https://example.com/feed-link"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
