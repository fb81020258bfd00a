package sitrep

import "context"

// IncidentLink ties one stored event to the incident it reports: one
// real-world event across every article that reports it. Package incident
// decides the links; a store only keeps them.
type IncidentLink struct {
	// Event is the stored event's ID ("d12-e3").
	Event string `json:"event"`
	// Incident is the incident's ID ("inc-3f9a0c1b2d4e").
	Incident string `json:"incident"`
	// Role is how the event stands to the incident: one of the Role
	// constants.
	Role string `json:"role"`
}

// Roles of an event in its incident (IncidentLink.Role).
const (
	// RoleAsserts: the event reports the incident as happening (asserted,
	// reported or alleged).
	RoleAsserts = "asserts"
	// RoleDenies: the event denies it: an event with certainty denied, or
	// an event that contradicts a report of it (a REJECT of the claim).
	RoleDenies = "denies"
)

// IncidentReader is a Reader that keeps incident links. It is a separate
// interface so that stores (and test fakes) without incidents still
// satisfy Reader.
type IncidentReader interface {
	// IncidentLinks lists the links of the given incidents, or every link
	// when none is given, ordered by incident and then by event ID.
	IncidentLinks(ctx context.Context, incidents ...string) ([]IncidentLink, error)
	// EventIncidents returns the links of the given events, keyed by event
	// ID; events without a link are absent.
	EventIncidents(ctx context.Context, events ...string) (map[string]IncidentLink, error)
}

// IncidentStore is a Store that keeps incident links.
type IncidentStore interface {
	Store
	IncidentReader
	// LinkIncidents stores each link in one transaction, replacing the
	// link its event had. Storing the same links twice changes nothing, so
	// an assignment interrupted after a document was stored can be redone.
	LinkIncidents(ctx context.Context, links []IncidentLink) error
}
