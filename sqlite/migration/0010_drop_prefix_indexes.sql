-- Each of these is the first column of a longer index that serves the same
-- lookups (events_type_order, events_day) and only costs the writer: every
-- stored event updated them too.
DROP INDEX events_type;
DROP INDEX events_date_lo;
