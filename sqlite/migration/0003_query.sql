-- What the HTTP API and the exports filter and summarise by: a full-text
-- index over the evidence sentences, and indexes for the new event filters
-- and the aggregates.

-- events_fts is contentless (the evidence is in events already) and keyed
-- by document_id * 100000 + ordinal: events' own rowids are implicit (the
-- key is a TEXT id) and VACUUM may renumber them, which would silently
-- break an index keyed by them. contentless_delete lets the trigger below
-- remove an event's entry.
CREATE VIRTUAL TABLE events_fts USING fts5 (
	evidence,
	content = '',
	contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO events_fts (rowid, evidence)
	SELECT document_id * 100000 + ordinal, evidence FROM events;
CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
	INSERT INTO events_fts (rowid, evidence) VALUES (new.document_id * 100000 + new.ordinal, new.evidence);
END;
CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
	DELETE FROM events_fts WHERE rowid = old.document_id * 100000 + old.ordinal;
END;

CREATE INDEX events_quad ON events (quad);
CREATE INDEX events_location ON events (location_name COLLATE NOCASE);
CREATE INDEX events_country ON events (location_country);
CREATE INDEX events_lat_lon ON events (lat, lon) WHERE lat IS NOT NULL;
CREATE INDEX events_goldstein ON events (goldstein, document_id, sentence, ordinal);
CREATE INDEX events_date_order ON events (coalesce(date_lo, ''), document_id, sentence, ordinal);
CREATE INDEX event_actors_name ON event_actors (side, name COLLATE NOCASE);
CREATE INDEX documents_outlet ON documents (outlet COLLATE NOCASE);
-- A page of one type's events in document or date order reads its rows in
-- order and stops, instead of sorting every event of the type.
CREATE INDEX events_type_order ON events (type, document_id, sentence, ordinal);
CREATE INDEX events_type_date ON events (type, coalesce(date_lo, ''), document_id, sentence, ordinal);
