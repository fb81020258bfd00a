package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/seeds"
)

// TestUpgrade checks that a store written under the previous schema keeps
// everything when this sitrep opens it and migrates it. old returns an
// empty store at the previous schema version, and a function that closes
// it and opens it again with every migration applied.
//
// The old store is filled through this sitrep's AddDocument, so the last
// migration must not change what AddDocument writes; a migration that
// does needs a store-specific test writing the old rows itself (as
// package sqlite's TestOpen_MigrateFromVersion1 does).
func TestUpgrade(t *testing.T, old func(t *testing.T) (st sitrep.Store, upgrade func(t *testing.T) sitrep.Store)) {
	ctx := context.Background()
	st, upgrade := old(t)
	if err := seeds.Fill(ctx, st); err != nil {
		t.Fatal(err)
	}
	events, err := st.FindEvents(ctx, sitrep.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	docs, err := st.FindDocuments(ctx, sitrep.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	transfers, err := st.FindTransfers(ctx, sitrep.TransferFilter{})
	if err != nil {
		t.Fatal(err)
	}

	st = upgrade(t)
	if got, err := st.FindEvents(ctx, sitrep.EventFilter{}); err != nil || !reflect.DeepEqual(got, events) {
		t.Errorf("events after the upgrade: %d, %v; want the %d from before", len(got), err, len(events))
	}
	if got, err := st.FindDocuments(ctx, sitrep.DocumentFilter{}); err != nil || !reflect.DeepEqual(got, docs) {
		t.Errorf("documents after the upgrade: %d, %v; want the %d from before", len(got), err, len(docs))
	}
	if got, err := st.FindTransfers(ctx, sitrep.TransferFilter{}); err != nil || !reflect.DeepEqual(got, transfers) {
		t.Errorf("transfers after the upgrade: %d, %v; want the %d from before", len(got), err, len(transfers))
	}
	// The upgraded store takes new documents, and every feature.
	doc := SampleDocument(1000)
	if _, added, err := st.AddDocument(ctx, doc, SampleAnalysis(5, 3, 1)); err != nil || !added {
		t.Fatalf("AddDocument after the upgrade: %v, %v", added, err)
	}
	if n, err := st.CountEvents(ctx, sitrep.EventFilter{Document: doc.ID}); err != nil || n != 3 {
		t.Errorf("CountEvents of the new document: %d, %v", n, err)
	}
	if is, ok := st.(sitrep.IncidentStore); ok {
		link := sitrep.IncidentLink{Event: events[0].ID, Incident: "inc-1", Role: sitrep.RoleAsserts}
		if err := is.LinkIncidents(ctx, []sitrep.IncidentLink{link}); err != nil {
			t.Fatal(err)
		}
		if got, err := is.IncidentLinks(ctx); err != nil || len(got) != 1 || got[0] != link {
			t.Errorf("IncidentLinks after the upgrade: %v, %v", got, err)
		}
	}
}
