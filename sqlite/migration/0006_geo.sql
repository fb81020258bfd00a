-- An R*Tree over the events' coordinates for the bounding-box filter: a
-- box is a small part of a large store, which the (lat, lon) index could
-- only narrow by latitude, reading every event in the band.
--
-- Like events_fts it is keyed by document_id * 100000 + ordinal, not by
-- events' implicit rowids, which VACUUM may renumber. An R*Tree keeps
-- 32-bit floats rounded outwards, so the queries use it to find candidates
-- and still compare events' own lat and lon.
CREATE VIRTUAL TABLE events_geo USING rtree (id, min_lat, max_lat, min_lon, max_lon);
INSERT INTO events_geo (id, min_lat, max_lat, min_lon, max_lon)
	SELECT document_id * 100000 + ordinal, lat, lat, lon, lon FROM events
	WHERE lat IS NOT NULL AND lon IS NOT NULL;
CREATE TRIGGER events_geo_insert AFTER INSERT ON events
	WHEN new.lat IS NOT NULL AND new.lon IS NOT NULL BEGIN
	INSERT INTO events_geo (id, min_lat, max_lat, min_lon, max_lon)
		VALUES (new.document_id * 100000 + new.ordinal, new.lat, new.lat, new.lon, new.lon);
END;
CREATE TRIGGER events_geo_delete AFTER DELETE ON events BEGIN
	DELETE FROM events_geo WHERE id = old.document_id * 100000 + old.ordinal;
END;
