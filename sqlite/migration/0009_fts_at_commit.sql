-- The writer adds a batch's evidence to events_fts in one statement just
-- before it commits (batch.indexText), instead of this trigger adding each
-- event's: FTS5 writes what it holds to disk whenever a statement opens a
-- savepoint, and every insert into events does (its triggers and
-- indexes), so each event's words became a segment of their own, merged
-- again later.
DROP TRIGGER events_fts_insert;
