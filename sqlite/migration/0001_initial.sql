-- Initial sitrep schema: documents and everything coded from them.
--
-- Conventions: text columns are NOT NULL and hold '' when empty, so Go code
-- scans them into plain strings; nullable columns are the ones whose absence
-- means something (duplicate_of, a location, coordinates, date bounds).
-- Offsets are byte offsets into documents.text, end exclusive.

-- Marks the file as a sitrep database ("SITR"), so Open can refuse another
-- application's SQLite file instead of adding tables to it.
PRAGMA application_id = 1397314642;

CREATE TABLE documents (
	id             INTEGER PRIMARY KEY,
	hash           TEXT NOT NULL UNIQUE,
	-- simhash holds the uint64 fingerprint's bit pattern as a signed int64.
	simhash        INTEGER NOT NULL DEFAULT 0,
	duplicate_of   INTEGER REFERENCES documents (id) ON DELETE SET NULL,
	title          TEXT NOT NULL DEFAULT '',
	outlet         TEXT NOT NULL DEFAULT '',
	url            TEXT NOT NULL DEFAULT '',
	source         TEXT NOT NULL DEFAULT '',
	published      TEXT NOT NULL DEFAULT '',
	published_from TEXT NOT NULL DEFAULT '',
	language       TEXT NOT NULL DEFAULT '',
	text           TEXT NOT NULL DEFAULT '',
	-- RFC 3339 UTC with nanoseconds.
	ingested_at    TEXT NOT NULL
);
CREATE INDEX documents_published ON documents (published);
CREATE INDEX documents_duplicate_of ON documents (duplicate_of);

CREATE TABLE sentences (
	document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	idx         INTEGER NOT NULL,
	start       INTEGER NOT NULL,
	"end"       INTEGER NOT NULL,
	text        TEXT NOT NULL
);
CREATE INDEX sentences_document ON sentences (document_id, idx);

CREATE TABLE mentions (
	document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	start       INTEGER NOT NULL,
	"end"       INTEGER NOT NULL,
	text        TEXT NOT NULL,
	kind        TEXT NOT NULL,
	entity_id   TEXT NOT NULL,
	name        TEXT NOT NULL DEFAULT '',
	country     TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
	sector      TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
	category    TEXT NOT NULL DEFAULT '',
	lat         REAL,
	lon         REAL
);
CREATE INDEX mentions_document ON mentions (document_id, start);
CREATE INDEX mentions_entity ON mentions (entity_id);

CREATE TABLE events (
	-- "d<document>-e<ordinal>"
	id               TEXT PRIMARY KEY,
	document_id      INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	ordinal          INTEGER NOT NULL,
	sentence         INTEGER NOT NULL,
	start            INTEGER NOT NULL,
	"end"            INTEGER NOT NULL,
	type             TEXT NOT NULL COLLATE NOCASE,
	mode             TEXT NOT NULL DEFAULT '',
	date             TEXT NOT NULL DEFAULT '',
	-- date_lo and date_hi bound the event's date, or the document's when the
	-- event has none, at day precision: "2023-07" is stored as 2023-07-00 ..
	-- 2023-07-99 so that a month or year overlaps any day inside it. NULL
	-- when neither date is known. They make date filters index range scans.
	date_lo          TEXT,
	date_hi          TEXT,
	-- location_name is NULL when the event has no location.
	location_name    TEXT,
	location_country TEXT NOT NULL DEFAULT '',
	lat              REAL,
	lon              REAL,
	evidence         TEXT NOT NULL DEFAULT '',
	symmetric        INTEGER NOT NULL DEFAULT 0 CHECK (symmetric IN (0, 1)),
	trigger_text     TEXT NOT NULL DEFAULT '',
	trigger_start    INTEGER NOT NULL DEFAULT 0,
	trigger_end      INTEGER NOT NULL DEFAULT 0,
	quad             TEXT NOT NULL DEFAULT '',
	cameo            TEXT NOT NULL DEFAULT '',
	-- NOT NULL also rejects NaN, which SQLite stores as NULL.
	goldstein        REAL NOT NULL,
	-- Provenance: the rule that fired, the coder (sitrep version) that ran
	-- it and when.
	rule             TEXT NOT NULL DEFAULT '',
	coder            TEXT NOT NULL DEFAULT '',
	coded_at         TEXT NOT NULL DEFAULT '',
	UNIQUE (document_id, ordinal)
);
CREATE INDEX events_order ON events (document_id, sentence, ordinal);
CREATE INDEX events_type ON events (type);
CREATE INDEX events_date_lo ON events (date_lo);
CREATE INDEX events_date_hi ON events (date_hi);

CREATE TABLE event_actors (
	event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	side     TEXT NOT NULL CHECK (side IN ('actor', 'recipient')),
	position INTEGER NOT NULL,
	country  TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
	sector   TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
	name     TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (event_id, side, position)
) WITHOUT ROWID;
CREATE INDEX event_actors_country ON event_actors (side, country);
CREATE INDEX event_actors_sector ON event_actors (side, sector);

CREATE TABLE transfers (
	-- "d<document>-t<ordinal>"
	id          TEXT PRIMARY KEY,
	document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	ordinal     INTEGER NOT NULL,
	supplier    TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
	recipient   TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
	item        TEXT NOT NULL DEFAULT '',
	category    TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
	quantity    TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL DEFAULT '',
	sentence    INTEGER NOT NULL,
	start       INTEGER NOT NULL,
	"end"       INTEGER NOT NULL,
	evidence    TEXT NOT NULL DEFAULT '',
	date        TEXT NOT NULL DEFAULT '',
	rule        TEXT NOT NULL DEFAULT '',
	coder       TEXT NOT NULL DEFAULT '',
	coded_at    TEXT NOT NULL DEFAULT '',
	UNIQUE (document_id, ordinal)
);
CREATE INDEX transfers_order ON transfers (document_id, sentence, ordinal);
CREATE INDEX transfers_supplier ON transfers (supplier);
CREATE INDEX transfers_recipient ON transfers (recipient);
CREATE INDEX transfers_category ON transfers (category);
