-- Who states each event (source), how firmly (certainty), every span that
-- states it (mentions) and the events of the same document that contradict
-- it. Events stored before this migration have none of these: empty
-- columns and no rows.

-- The source is NULL-free like the rest: all four columns '' means none.
ALTER TABLE events ADD COLUMN source_name TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN source_country TEXT NOT NULL DEFAULT '' COLLATE NOCASE;
ALTER TABLE events ADD COLUMN source_sector TEXT NOT NULL DEFAULT '' COLLATE NOCASE;
ALTER TABLE events ADD COLUMN source_kind TEXT NOT NULL DEFAULT '';
-- One of asserted, reported, alleged, denied; '' when not decided.
ALTER TABLE events ADD COLUMN certainty TEXT NOT NULL DEFAULT '';
CREATE INDEX events_certainty ON events (certainty);

CREATE TABLE event_mentions (
	event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	-- -1 for the headline, whose offsets are into documents.title.
	sentence INTEGER NOT NULL,
	start    INTEGER NOT NULL,
	"end"    INTEGER NOT NULL,
	text     TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (event_id, position)
) WITHOUT ROWID;

-- event_id is contradicted by contradicted_by, an event of the same
-- document.
CREATE TABLE event_contradictions (
	event_id        TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	position        INTEGER NOT NULL,
	contradicted_by TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	PRIMARY KEY (event_id, position)
) WITHOUT ROWID;
CREATE INDEX event_contradictions_by ON event_contradictions (contradicted_by);
