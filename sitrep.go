// Package sitrep holds the domain types and service interfaces of sitrep,
// a tool that turns news articles into sourced, structured event data.
//
// The types here are shared by every stage of the pipeline: ingest reads
// inputs into Documents; the coder turns a Document's text into an Analysis
// (sentences, entity mentions, events, transfers); a Store keeps documents
// with their analyses; eval scores a Coder against gold files. Adapter
// packages (sqlite, postgres, server) implement or consume these interfaces
// and are wired together only in cmd/sitrep.
package sitrep

import (
	"context"
	"strconv"
)

// Actor is one participant on either side of an event, in the gold-file
// shape: the ISO 3166-1 alpha-3 country (or "IGO"), an optional sector code
// (GOV, MIL, REB, ...) and the name used in the text.
type Actor struct {
	Country string `json:"country"`
	Sector  string `json:"sector,omitempty"`
	Name    string `json:"name,omitempty"`
}

// Location is where an event happened. Lat and Lon are nil when the place
// has no known coordinates.
type Location struct {
	Name    string   `json:"name"`
	Country string   `json:"country,omitempty"`
	Lat     *float64 `json:"lat,omitempty"`
	Lon     *float64 `json:"lon,omitempty"`
}

// Span is a range of characters in a document's text: Start and End are
// byte offsets into the UTF-8 text, End exclusive.
type Span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Event is one coded PLOVER 2.0 event. Its JSON form is a superset of the
// gold format's event object, so any tool that reads gold files reads it.
type Event struct {
	// Gold-format fields.
	Type      string    `json:"type"`
	Mode      string    `json:"mode,omitempty"`
	Actor     []Actor   `json:"actor"`
	Recipient []Actor   `json:"recipient"`
	Date      string    `json:"date,omitempty"`
	Location  *Location `json:"location,omitempty"`
	Evidence  string    `json:"evidence"`
	Symmetric bool      `json:"symmetric,omitempty"`

	// ID is a stable identifier: the document's ID and the event's ordinal
	// within it ("d12-e3"). Empty for events coded outside a store.
	ID string `json:"id,omitempty"`
	// Document is the ID of the stored document; 0 outside a store.
	Document int64 `json:"document,omitempty"`
	// Sentence is the 0-based index of the evidence sentence.
	Sentence int `json:"sentence"`
	// Start and End are the evidence sentence's byte offsets in the text.
	Start int `json:"start"`
	End   int `json:"end"`
	// Trigger is the word or phrase that made the rule fire.
	Trigger Span `json:"trigger"`
	// Rule names the rule or model decision that produced the event.
	Rule string `json:"rule"`
	// Quad is the CAMEO penta class: statement, verbal_cooperation,
	// material_cooperation, verbal_conflict or material_conflict.
	Quad string `json:"quad"`
	// CAMEO is the CAMEO root code ("19") corresponding to Type and Mode.
	CAMEO string `json:"cameo"`
	// Goldstein is a Goldstein-style score from -10 (most conflictual)
	// to +10 (most cooperative).
	Goldstein float64 `json:"goldstein"`

	// Source is who says the event happened; nil when the coder could not
	// tell. A reader weighs "the ministry said" differently from the
	// outlet's own account.
	Source *Source `json:"source,omitempty"`
	// Certainty is how the text states the event: one of the Certainty
	// constants, or "" when the coder did not decide.
	Certainty string `json:"certainty"`
	// Mentions are every span that states this event, when the text says
	// it more than once and the restatements were merged into this one
	// event; the first, most specific one is the event's own evidence.
	Mentions []EvidenceSpan `json:"mentions,omitempty"`
	// ContradictedBy lists the IDs of events of the same document that
	// deny or contradict this one ("Moscow denied the strike"). Outside a
	// store they are local IDs, LocalEventID(n) for the n-th event of the
	// Analysis ("e3"); a Store turns them into its own IDs for the same
	// events, so that the references stay valid.
	ContradictedBy []string `json:"contradicted_by,omitempty"`
}

// Source is who states an event: a person or institution the text names
// as saying it, or the document itself when the text names no one.
type Source struct {
	Name    string `json:"name"`
	Country string `json:"country,omitempty"`
	Sector  string `json:"sector,omitempty"`
	// Kind is SourceSpeaker or SourceDocument.
	Kind string `json:"kind"`
}

// Source kinds.
const (
	// SourceSpeaker is a person or institution the text names as saying
	// it ("the Pentagon said").
	SourceSpeaker = "speaker"
	// SourceDocument is the outlet or author itself, when the text names
	// no one; Name is the outlet (Input.Outlet).
	SourceDocument = "document"
)

// Certainties: how firmly the text states an event.
const (
	// CertaintyAsserted: the source states it as fact.
	CertaintyAsserted = "asserted"
	// CertaintyReported: the source relays it from someone else
	// ("reportedly", "according to").
	CertaintyReported = "reported"
	// CertaintyAlleged: an accusation or claim that the text does not
	// vouch for ("accused Russia of shelling").
	CertaintyAlleged = "alleged"
	// CertaintyDenied: the text reports it only to deny it.
	CertaintyDenied = "denied"
)

// ValidCertainty reports whether c is one of the Certainty constants.
func ValidCertainty(c string) bool {
	switch c {
	case CertaintyAsserted, CertaintyReported, CertaintyAlleged, CertaintyDenied:
		return true
	}
	return false
}

// EvidenceSpan is one span of a document that states an event: the span's
// byte offsets into the document's text (into its title when Sentence is
// -1), End exclusive, and the index of its sentence.
type EvidenceSpan struct {
	Sentence int    `json:"sentence"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Text     string `json:"text"`
}

// LocalEventID returns the ID that events of one Analysis use to refer to
// its n-th event (from 1) before a store has given them IDs: "e3".
func LocalEventID(n int) string { return "e" + strconv.Itoa(n) }

// ParseLocalEventID returns n for a local event ID "eN" with N a positive
// decimal number without leading zeros, and whether id is one.
func ParseLocalEventID(id string) (n int, ok bool) {
	if len(id) < 2 || id[0] != 'e' || id[1] == '0' {
		return 0, false
	}
	n, err := strconv.Atoi(id[1:])
	if err != nil || n <= 0 || LocalEventID(n) != id {
		return 0, false
	}
	return n, true
}

// Transfer is one arms or military-equipment transfer stated in a text.
type Transfer struct {
	Supplier  string `json:"supplier"`
	Recipient string `json:"recipient"`
	Item      string `json:"item"`
	Category  string `json:"category"`
	Quantity  string `json:"quantity,omitempty"`
	Status    string `json:"status"`

	ID       string `json:"id,omitempty"`
	Document int64  `json:"document,omitempty"`
	Sentence int    `json:"sentence"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Evidence string `json:"evidence"`
	Date     string `json:"date,omitempty"`
	Rule     string `json:"rule"`
}

// Transfer statuses, as in the gold format.
const (
	StatusDelivered = "delivered"
	StatusOrdered   = "ordered"
	StatusPlanned   = "planned"
	StatusSought    = "sought"
	StatusDenied    = "denied"
	StatusUnknown   = "unknown"
)

// Sentence is one sentence of a document's text.
type Sentence struct {
	Index int    `json:"index"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Mention kinds.
const (
	KindState       = "state"
	KindInstitution = "institution"
	KindAgent       = "agent"
	KindPerson      = "person"
	KindIGO         = "igo"
	KindArmedGroup  = "armed-group"
	KindEquipment   = "equipment"
	KindPlace       = "place"
)

// Mention is a recognised and linked entity in a text.
type Mention struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	// Kind is one of the Kind constants.
	Kind string `json:"kind"`
	// ID is the canonical knowledge-base identifier, e.g. "RUS", "kremlin",
	// "su-35", "place:al-tanf".
	ID      string `json:"id"`
	Name    string `json:"name,omitempty"`
	Country string `json:"country,omitempty"`
	Sector  string `json:"sector,omitempty"`
	// Category is the equipment category (drone, aircraft, ...) or the
	// place's feature type (city, base, region, ...).
	Category string   `json:"category,omitempty"`
	Lat      *float64 `json:"lat,omitempty"`
	Lon      *float64 `json:"lon,omitempty"`
}

// Analysis is everything a Coder derived from one text.
type Analysis struct {
	Sentences []Sentence `json:"sentences"`
	Mentions  []Mention  `json:"mentions"`
	Events    []Event    `json:"events"`
	Transfers []Transfer `json:"transfers"`
}

// Input is what a Coder sees: the text, its title, its publication date
// and its outlet.
type Input struct {
	Title string
	Text  string
	// Published is "YYYY-MM-DD" or empty; relative dates resolve against it.
	Published string
	// Outlet is who published the text ("Reuters"), or empty; the coder
	// names it as an event's source when the text names no one else.
	Outlet string
}

// Coder turns a text into events. Implementations must be safe for
// concurrent use and must not panic on any input.
type Coder interface {
	Code(ctx context.Context, in Input) (*Analysis, error)
}
