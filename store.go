package sitrep

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// ErrNotFound is returned by a Store when a requested item does not exist.
var ErrNotFound = errors.New("not found")

// ErrNoStore is returned when a store is opened for reading where none
// exists: reading never creates one, so that a mistyped path is not taken
// for an empty store.
var ErrNoStore = errors.New("no sitrep store there")

// ErrReadOnly is returned by AddDocument on a store opened for reading.
var ErrReadOnly = errors.New("store opened read-only")

// ErrConflict is returned by a Batch that cannot keep the IDs its Add
// calls gave, because another writer stored one of its documents while
// the batch was being replayed after a lost connection. Nothing of the
// batch is stored; adding its documents again, one at a time, stores each
// once.
var ErrConflict = errors.New("conflict with another writer")

// Reader is the read half of a Store: what the read commands, exports and
// servers need. Implementations opened only for reading never change the
// store, its schema included, and are not blocked by a writer.
type Reader interface {
	// FindDocumentByHash returns the document with that content hash, or
	// ErrNotFound.
	FindDocumentByHash(ctx context.Context, hash string) (*Document, error)
	// FindDocument returns one document by ID, with its text, or ErrNotFound.
	FindDocument(ctx context.Context, id int64) (*Document, error)
	// FindDocuments lists documents without their text, oldest first.
	FindDocuments(ctx context.Context, f DocumentFilter) ([]*Document, error)
	// SimHashes returns the SimHash of every original (non-duplicate)
	// document, keyed by document ID, for near-duplicate detection.
	SimHashes(ctx context.Context) (map[int64]uint64, error)

	// FindEvents lists events matching f, ordered by document and position.
	FindEvents(ctx context.Context, f EventFilter) ([]*Event, error)
	// FindEvent returns one event by ID, or ErrNotFound.
	FindEvent(ctx context.Context, id string) (*Event, error)
	// FindTransfers lists transfers matching f.
	FindTransfers(ctx context.Context, f TransferFilter) ([]*Transfer, error)
	// FindMentions lists the entity mentions of one document.
	FindMentions(ctx context.Context, doc int64) ([]Mention, error)
	// FindSentences lists the sentences of one document.
	FindSentences(ctx context.Context, doc int64) ([]Sentence, error)

	// Summaries count and aggregate events for the API and exports.
	Summaries

	Close() error
}

// Store keeps documents and everything coded from them. Implementations:
// package sqlite (embedded, the default) and package postgres.
type Store interface {
	Reader

	// AddDocument stores doc and its analysis in one transaction and sets
	// doc.ID and the IDs and Document fields of the analysis's events and
	// transfers. The events' ContradictedBy must hold local IDs
	// (LocalEventID) of other events of the analysis; they are stored, and
	// set, as the IDs the store gives those events. If a document with the same Hash exists, nothing is
	// written and AddDocument returns the existing ID with added == false.
	// analysis may be nil (near-duplicates are stored uncoded).
	AddDocument(ctx context.Context, doc *Document, analysis *Analysis) (id int64, added bool, err error)
}

// BatchAdder is a Store that can add many documents in one transaction:
// one commit, and one write of the pages they share, for a group of
// documents instead of one each, which is most of the cost of storing
// short texts. Package pipeline uses it when a store has it.
type BatchAdder interface {
	// BeginBatch starts a batch. Until it is committed or rolled back it
	// holds the store's write lock; other writers wait.
	BeginBatch(ctx context.Context) (Batch, error)
}

// Batch is a group of documents added in one transaction. Its methods must
// not be called concurrently.
type Batch interface {
	// Add stores doc and its analysis in the batch as AddDocument would,
	// and returns the ID doc will have once the batch commits; a document
	// whose Hash is stored, or added earlier in the batch, writes nothing
	// and returns the existing ID with added == false. A document that
	// fails leaves nothing of itself in the batch and the documents added
	// before it stay. doc and analysis are updated (IDs, IngestedAt) only
	// by Commit.
	Add(ctx context.Context, doc *Document, analysis *Analysis) (id int64, added bool, err error)
	// Commit makes every document added durable at once and then sets
	// their IDs as AddDocument would. If it fails, none is stored; an
	// error wrapping ErrConflict says adding them again will work.
	Commit() error
	// Rollback discards the batch; after Commit it does nothing.
	Rollback() error
}

// DocumentFilter selects documents. Zero fields select everything.
type DocumentFilter struct {
	Since, Until string // publication date bounds, YYYY-MM-DD, inclusive
	// After is a cursor: only documents with a greater ID (documents are
	// listed in ID order), for paging.
	After int64
	// IDs, when not nil, keeps only these documents: the documents of a
	// set of events, for an export.
	IDs   []int64
	Limit int
}

// EventFilter selects events. Zero fields select everything; set fields
// combine with AND. Validate checks one before a Store uses it.
type EventFilter struct {
	// Actor and Recipient match any participant on that side by country
	// code (RUS), sector code (MIL), both (RUSMIL, see Actor.Code) or the
	// name used in the text, ignoring case.
	Actor     string
	Recipient string
	Type      string // PLOVER type
	Mode      string // PLOVER mode
	Quad      string // one of the Quad constants
	Certainty string // one of the Certainty constants
	Since     string // event date (or document date) >= Since
	Until     string // event date (or document date) <= Until
	// Place matches the location's name, ignoring case.
	Place string
	// BBox keeps events whose location has coordinates inside it.
	BBox *BBox
	// Outlet matches the document's outlet, ignoring case.
	Outlet   string
	Document int64
	// Text is a full-text query over the evidence sentences: every word
	// must occur in the sentence, matched whole and ignoring case; a word
	// ending in * matches as a prefix.
	Text string
	// Sort is one of the Sort constants; "" is SortDocument.
	Sort string
	// Cursor continues a listing after the event with this ID, in the
	// same Sort order: pass the ID of the last event of the previous page.
	Cursor string
	Limit  int
}

// Orders of events (EventFilter.Sort).
const (
	// SortDocument is the order of documents and, within one, of the text.
	SortDocument = "document"
	// SortDate is oldest first: by the event's date (or its document's),
	// then in SortDocument order. Events without any date come first.
	SortDate = "date"
	// SortDateDesc is newest first, the exact reverse of SortDate.
	SortDateDesc = "-date"
	// SortGoldstein is most conflictual first.
	SortGoldstein = "goldstein"
	// SortGoldsteinDesc is most cooperative first.
	SortGoldsteinDesc = "-goldstein"
	// SortType is by event type, then in SortDocument order.
	SortType = "type"
	// SortActor is by the first actor's country code, then in
	// SortDocument order; events without an actor's country come first.
	SortActor = "actor"
)

// BBox is a bounding box in degrees: West <= lon <= East and South <= lat
// <= North. It does not wrap around the antimeridian.
type BBox struct {
	West, South, East, North float64
}

// ParseBBox reads "west,south,east,north" (the order of GeoJSON and of
// most map tools).
func ParseBBox(s string) (*BBox, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return nil, fmt.Errorf("bbox %q: want west,south,east,north", s)
	}
	var v [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("bbox %q: %q is not a number", s, p)
		}
		v[i] = f
	}
	b := &BBox{West: v[0], South: v[1], East: v[2], North: v[3]}
	return b, b.Validate()
}

// Validate reports whether b is a box on the globe.
func (b BBox) Validate() error {
	switch {
	case b.West < -180 || b.East > 180 || b.South < -90 || b.North > 90:
		return fmt.Errorf("bbox %v,%v,%v,%v: outside -180..180, -90..90", b.West, b.South, b.East, b.North)
	case b.West > b.East || b.South > b.North:
		return fmt.Errorf("bbox %v,%v,%v,%v: west must not exceed east, nor south north", b.West, b.South, b.East, b.North)
	}
	return nil
}

// Validate checks f's dates, type, mode, quad, certainty, box and sort,
// and puts the type in upper case and the certainty in lower case, as a
// Store compares them. It returns an error naming the first bad field.
func (f *EventFilter) Validate() error {
	for _, d := range []struct{ name, v string }{{"since", f.Since}, {"until", f.Until}} {
		if d.v != "" && !ValidDate(d.v) {
			return fmt.Errorf("%s %q: want YYYY, YYYY-MM or YYYY-MM-DD", d.name, d.v)
		}
	}
	f.Type = strings.ToUpper(f.Type)
	if f.Type != "" && !ValidType(f.Type) {
		return fmt.Errorf("type %q: not a PLOVER event type", f.Type)
	}
	f.Mode = strings.ToLower(f.Mode)
	f.Certainty = strings.ToLower(f.Certainty)
	if f.Certainty != "" && !ValidCertainty(f.Certainty) {
		return fmt.Errorf("certainty %q: want asserted, reported, alleged or denied", f.Certainty)
	}
	f.Quad = strings.ToLower(f.Quad)
	if f.Quad != "" && !ValidQuad(f.Quad) {
		return fmt.Errorf("quad %q: want statement, verbal_cooperation, material_cooperation, verbal_conflict or material_conflict", f.Quad)
	}
	if f.BBox != nil {
		if err := f.BBox.Validate(); err != nil {
			return err
		}
	}
	if f.Sort != "" && !slices.Contains(EventOrders, f.Sort) {
		return fmt.Errorf("sort %q: one of %s", f.Sort, strings.Join(EventOrders, ", "))
	}
	if f.Limit < 0 {
		return fmt.Errorf("limit %d: must not be negative", f.Limit)
	}
	return nil
}

// EventOrders are the values of EventFilter.Sort, for listing them to a
// user.
var EventOrders = []string{SortDate, SortDateDesc, SortType, SortActor, SortGoldstein, SortGoldsteinDesc, SortDocument}

// TransferFilter selects transfers. Zero fields select everything.
type TransferFilter struct {
	Supplier  string
	Recipient string
	Category  string
	Document  int64
	Limit     int
}
