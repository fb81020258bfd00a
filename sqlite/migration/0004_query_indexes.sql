-- The counts of /api/stats read one small index instead of every event
-- row (rows hold the evidence text) when no filter needs more.
CREATE INDEX events_stats ON events (type, quad, location_country, date_lo, date_hi);
