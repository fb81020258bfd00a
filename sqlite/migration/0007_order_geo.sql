-- A page of a large bounding box in document or date order reads the order
-- index and checks each event's coordinates there, loading only the rows
-- inside the box, and stops when the page is full: listing the box's
-- thousands of events from the R*Tree and sorting them costs more.
DROP INDEX events_order;
CREATE INDEX events_order ON events (document_id, sentence, ordinal, lat, lon);
DROP INDEX events_date_order;
CREATE INDEX events_date_order ON events (coalesce(date_lo, ''), document_id, sentence, ordinal, lat, lon);
