-- The day and month counts of /api/stats read this index in date order,
-- grouping by day and type as they go, instead of sorting every event.
CREATE INDEX events_day ON events (date_lo, type, date_hi);
