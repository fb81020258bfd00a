package sitrep

import (
	"context"
	"errors"
)

// ErrNotFound is returned by a Store when a requested item does not exist.
var ErrNotFound = errors.New("not found")

// ErrNoStore is returned when a store is opened for reading where none
// exists: reading never creates one, so that a mistyped path is not taken
// for an empty store.
var ErrNoStore = errors.New("no sitrep store there")

// ErrReadOnly is returned by AddDocument on a store opened for reading.
var ErrReadOnly = errors.New("store opened read-only")

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

// DocumentFilter selects documents. Zero fields select everything.
type DocumentFilter struct {
	Since, Until string // publication date bounds, YYYY-MM-DD, inclusive
	Limit        int
}

// EventFilter selects events. Zero fields select everything.
type EventFilter struct {
	Actor     string // country code or sector code on the actor side
	Recipient string // country code or sector code on the recipient side
	Type      string // PLOVER type
	Certainty string // one of the Certainty constants
	Since     string // event date (or document date) >= Since
	Until     string // event date (or document date) <= Until
	Document  int64
	Limit     int
	// Order is one of EventOrders; "" is document order.
	Order string
}

// EventOrders are the orders events can be listed in: by date (oldest
// first; "-date" newest first; events without a date last), by type, by
// the actor's country, or as their documents were stored, each tied by
// document order.
var EventOrders = []string{"date", "-date", "type", "actor", "document"}

// TransferFilter selects transfers. Zero fields select everything.
type TransferFilter struct {
	Supplier  string
	Recipient string
	Category  string
	Document  int64
	Limit     int
}
