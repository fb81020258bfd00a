package sitrep

import (
	"context"
	"errors"
)

// ErrInvalid is returned by a Store for a request it cannot carry out as
// asked, such as a paging cursor that names no event.
var ErrInvalid = errors.New("invalid")

// Summaries count and aggregate stored events: what a dashboard, the
// network view and the exports need without listing every event.
type Summaries interface {
	// CountEvents returns the number of events matching f (its Sort,
	// Cursor and Limit are ignored).
	CountEvents(ctx context.Context, f EventFilter) (int, error)
	// FindActors lists the actors of the events matching f, most events
	// first.
	FindActors(ctx context.Context, f EventFilter, limit int) ([]ActorCount, error)
	// FindDyads lists the actor pairs of the events matching f, most
	// events first.
	FindDyads(ctx context.Context, f EventFilter, limit int) ([]Dyad, error)
	// EventStats counts the events matching f by type, quad, month, day
	// and country.
	EventStats(ctx context.Context, f EventFilter) (*EventStats, error)
	// Revision returns a number that changes whenever the store's content
	// does, so that readers can cache what they computed from it.
	Revision(ctx context.Context) (int64, error)
}

// Code returns the CAMEO-style code of an actor: its country followed by
// its sector ("RUSMIL"), the country or sector alone when only one is
// known, or "---" when neither is.
func (a Actor) Code() string {
	if a.Country == "" && a.Sector == "" {
		return "---"
	}
	if a.Country == a.Sector {
		return a.Country // "IGO", not "IGOIGO"
	}
	return a.Country + a.Sector
}

// ActorCount is one actor (by Code) with the number of events it takes
// part in.
type ActorCount struct {
	Code    string `json:"code"`
	Country string `json:"country"`
	Sector  string `json:"sector,omitempty"`
	// Name is the name the texts most often use for it.
	Name        string `json:"name"`
	Events      int    `json:"events"`
	AsActor     int    `json:"as_actor"`
	AsRecipient int    `json:"as_recipient"`
}

// Dyad is a directed pair of actors (by Code) with the number of events in
// which one acts on the other, in all and by quad class. Every actor of an
// event is paired with every recipient; an actor is never paired with
// itself.
type Dyad struct {
	Actor     string         `json:"actor"`
	Recipient string         `json:"recipient"`
	Events    int            `json:"events"`
	ByQuad    map[string]int `json:"by_quad"`
	// Goldstein is the events' mean Goldstein score: below zero the pair
	// is mostly in conflict, above it mostly cooperating.
	Goldstein float64 `json:"goldstein"`
}

// Count is a number of events for one key (a type, a month, a country).
type Count struct {
	Key    string `json:"key"`
	Events int    `json:"events"`
}

// DayCount is the number of events of one type on one day.
type DayCount struct {
	Day    string `json:"day"`
	Type   string `json:"type"`
	Events int    `json:"events"`
}

// EventStats summarises a set of events. Lists are ordered by key, except
// ByType and ByCountry, which are most events first.
type EventStats struct {
	Events    int     `json:"events"`
	Documents int     `json:"documents"`
	ByType    []Count `json:"by_type"`
	ByQuad    []Count `json:"by_quad"`
	// ByMonth counts events dated to a day or month ("2023-07"); events
	// known only to the year are left out.
	ByMonth []Count `json:"by_month"`
	// ByCountry counts events by the country of their location.
	ByCountry []Count `json:"by_country"`
	// ByDay counts events dated to the day by day and type, for timelines.
	ByDay []DayCount `json:"by_day"`
}
