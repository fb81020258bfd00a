package sqlite_test

import (
	"context"
	"strings"
	"testing"

	"github.com/sitrep/sitrep"
)

func TestFindTransfers(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	tr := func(supplier, recipient, category string, sentence int) sitrep.Transfer {
		return sitrep.Transfer{Supplier: supplier, Recipient: recipient, Category: category, Item: "x",
			Status: sitrep.StatusOrdered, Sentence: sentence}
	}
	for i, ts := range [][]sitrep.Transfer{
		{tr("IRN", "RUS", "drone", 2), tr("PRK", "RUS", "munition", 1)},
		{tr("USA", "UKR", "air-defence", 0), tr("DEU", "UKR", "armoured-vehicle", 0), tr("IRN", "HEZ", "missile", 3)},
	} {
		if _, _, err := db.AddDocument(ctx, sampleDocument(i+1), &sitrep.Analysis{Transfers: ts}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		f    sitrep.TransferFilter
		want string
	}{
		{"all", sitrep.TransferFilter{}, "d1-t2 d1-t1 d2-t1 d2-t2 d2-t3"},
		{"supplier", sitrep.TransferFilter{Supplier: "IRN"}, "d1-t1 d2-t3"},
		{"supplier, lower case", sitrep.TransferFilter{Supplier: "irn"}, "d1-t1 d2-t3"},
		{"recipient", sitrep.TransferFilter{Recipient: "UKR"}, "d2-t1 d2-t2"},
		{"category", sitrep.TransferFilter{Category: "Drone"}, "d1-t1"},
		{"document", sitrep.TransferFilter{Document: 1}, "d1-t2 d1-t1"},
		{"limit", sitrep.TransferFilter{Limit: 3}, "d1-t2 d1-t1 d2-t1"},
		{"combined", sitrep.TransferFilter{Supplier: "IRN", Recipient: "RUS", Category: "drone", Document: 1}, "d1-t1"},
		{"no match", sitrep.TransferFilter{Supplier: "RUS"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, err := db.FindTransfers(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, x := range ts {
				ids = append(ids, x.ID)
			}
			if got := strings.Join(ids, " "); got != tt.want {
				t.Errorf("FindTransfers(%+v) = %q, want %q", tt.f, got, tt.want)
			}
		})
	}
}
