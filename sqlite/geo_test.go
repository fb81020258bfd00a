package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/sqlite"
)

// TestBBox_MigrationBackfills checks that the bounding-box filter, which
// reads the R*Tree of migration 6, finds the events of a store written
// before it, and that points on the box's edges are kept although the
// R*Tree rounds coordinates to 32 bits.
func TestBBox_MigrationBackfills(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sitrep.db")
	db := mustOpenPath(t, path)
	for i := range 3 {
		if _, _, err := db.AddDocument(ctx, sampleDocument(i+1), sampleAnalysis(10, 6, 0)); err != nil {
			t.Fatal(err)
		}
	}
	boxes := []sitrep.BBox{
		{West: 37.9, South: 48.5, East: 38.1, North: 48.6},
		{West: 38.0, South: 48.59, East: 38.0, North: 48.59}, // the point itself
		{West: 38.0000001, South: 48.5, East: 39, North: 49}, // just east of it
	}
	want := make([]int, len(boxes))
	for i := range boxes {
		n, err := db.CountEvents(ctx, sitrep.EventFilter{BBox: &boxes[i]})
		if err != nil {
			t.Fatal(err)
		}
		want[i] = n
	}
	if want[0] == 0 || want[1] != want[0] || want[2] != 0 {
		t.Fatalf("counts in the boxes: %v, want n, n, 0 with n > 0", want)
	}
	db.Close()

	// Undo migration 6 as if the store were older, then reopen.
	raw := rawDB(t, path)
	for _, q := range []string{"DROP TRIGGER events_geo_insert", "DROP TRIGGER events_geo_delete",
		"DROP TABLE events_geo", "DELETE FROM schema_migrations WHERE version = 6"} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	raw.Close()
	db = mustOpenPath(t, path)
	for i := range boxes {
		evs, err := db.FindEvents(ctx, sitrep.EventFilter{BBox: &boxes[i], Sort: sitrep.SortDateDesc, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != want[i] {
			t.Errorf("box %v after migrating: %d events, want %d", boxes[i], len(evs), want[i])
		}
	}
}

// TestBBox_Scan checks that a page of a large box, read from the order
// index, lists what the R*Tree lists, in every order and across pages.
func TestBBox_Scan(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	for i := range 4 {
		if _, _, err := db.AddDocument(ctx, sampleDocument(i+1), sampleAnalysis(10, 6, 0)); err != nil {
			t.Fatal(err)
		}
	}
	box := &sitrep.BBox{West: 37.9, South: 48.5, East: 38.1, North: 48.6}
	for _, sort := range []string{"", sitrep.SortDate, sitrep.SortDateDesc} {
		want, err := db.FindEvents(ctx, sitrep.EventFilter{BBox: box, Sort: sort, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		restore := sqlite.SetLargeBoxMatches(0)
		var got []*sitrep.Event
		cursor := ""
		for range len(want) + 2 {
			page, err := db.FindEvents(ctx, sitrep.EventFilter{BBox: box, Recipient: "", Sort: sort, Cursor: cursor, Limit: 3})
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, page...)
			if len(page) < 3 {
				break
			}
			cursor = page[len(page)-1].ID
		}
		restore()
		if len(want) == 0 || len(got) != len(want) {
			t.Fatalf("sort %q: %d events by scanning, %d from the R*Tree", sort, len(got), len(want))
		}
		for i := range want {
			if got[i].ID != want[i].ID {
				t.Fatalf("sort %q: event %d is %s, want %s", sort, i, got[i].ID, want[i].ID)
			}
		}
	}
}
