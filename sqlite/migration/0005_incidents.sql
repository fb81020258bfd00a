-- Incidents: which real-world event each event reports (package incident
-- decides; the store keeps the links). An incident is the set of events
-- linked to its ID; it has no row of its own, so that a merge or a rename
-- is an update of links and nothing can go stale.
CREATE TABLE incident_links (
	event_id TEXT PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
	incident TEXT NOT NULL,
	-- asserts or denies.
	role     TEXT NOT NULL CHECK (role IN ('asserts', 'denies'))
) WITHOUT ROWID;
CREATE INDEX incident_links_incident ON incident_links (incident, event_id);
