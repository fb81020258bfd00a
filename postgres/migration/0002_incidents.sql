-- Incidents: which real-world event each event reports (package incident
-- decides; the store keeps the links). An incident is the set of events
-- linked to its ID, with no row of its own, so that a merge is an update
-- of links and nothing can go stale.
CREATE TABLE incident_links (
	event_id text COLLATE "C" PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
	incident text COLLATE "C" NOT NULL,
	role     text NOT NULL CHECK (role IN ('asserts', 'denies'))
);
CREATE INDEX incident_links_incident ON incident_links (incident, event_id);
