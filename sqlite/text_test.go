package sqlite_test

import (
	"context"
	"testing"

	"github.com/sitrep/sitrep"
)

// TestFindEvents_TextPages pages through text searches in document order,
// which read the full-text index only up to the page's last document:
// the pages must join up to the whole list, whatever the page size.
func TestFindEvents_TextPages(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	for i := range 6 {
		if _, _, err := db.AddDocument(ctx, sampleDocument(i+1), sampleAnalysis(12, 7, 0)); err != nil {
			t.Fatal(err)
		}
	}
	for _, text := range []string{"struck", "RUS border", "sentence 3", "bord*", "nothing"} {
		full, err := db.FindEvents(ctx, sitrep.EventFilter{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		for _, size := range []int{1, 2, 5, 7, 8, 100} {
			var paged []*sitrep.Event
			cursor := ""
			for range len(full) + 2 {
				page, err := db.FindEvents(ctx, sitrep.EventFilter{Text: text, Sort: sitrep.SortDocument, Cursor: cursor, Limit: size})
				if err != nil {
					t.Fatalf("%q, pages of %d: %v", text, size, err)
				}
				paged = append(paged, page...)
				if len(page) < size {
					break
				}
				cursor = page[len(page)-1].ID
			}
			if len(paged) != len(full) {
				t.Fatalf("%q, pages of %d: %d events, want %d", text, size, len(paged), len(full))
			}
			for i := range full {
				if paged[i].ID != full[i].ID {
					t.Fatalf("%q, pages of %d: event %d is %s, want %s", text, size, i, paged[i].ID, full[i].ID)
				}
			}
		}
	}
}
