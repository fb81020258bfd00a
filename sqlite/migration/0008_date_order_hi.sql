-- A date filter's lower bound is checked on date_hi, but a page in date
-- order reads the date-order index from the start of the bound's year (a
-- date of year precision starts there): with date_hi in the index, the
-- events of that year that end before the bound are rejected in the index
-- instead of each row being read (since a November day, in date order, on a
-- million events: 300 ms -> 50 ms).
DROP INDEX events_date_order;
CREATE INDEX events_date_order ON events (coalesce(date_lo, ''), document_id, sentence, ordinal, lat, lon, date_hi);
