#!/usr/bin/env bash
# Checks the exports with the tools analysts load them with: the GeoJSON
# with GDAL's ogrinfo (Debian gdal-bin), the GraphML with networkx (Debian
# python3-networkx), the GDELT-style table with GDELT 2.0's column list,
# the CSVs with Python's csv reader. Usage: scripts/exportcheck.sh [SITREP]
# where SITREP is a built binary (default: build one).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=${1:-}
if [ -z "$bin" ]; then
  bin="$tmp/sitrep"
  go build -o "$bin" ./cmd/sitrep
fi
"$bin" ingest -q --db "$tmp/db" testdata/seeds >/dev/null 2>&1
for f in geojson graphml gdelt acled csv; do
  "$bin" export --db "$tmp/db" --format "$f" >"$tmp/events.$f"
done

# GeoJSON: GDAL reads it as one layer of points with the events' fields.
info=$(ogrinfo -ro -al -so "$tmp/events.geojson")
echo "$info" | grep -q "Geometry: Point" || { echo "exportcheck: GeoJSON is not points:"; echo "$info"; exit 1; }
n=$(echo "$info" | sed -n 's/^Feature Count: //p')
[ "${n:-0}" -gt 0 ] || { echo "exportcheck: GeoJSON has no features"; exit 1; }
echo "$info" | grep -q "^evidence: String" || { echo "exportcheck: GeoJSON lacks the evidence field"; exit 1; }
echo "geojson: $n points (ogrinfo)"

# GraphML, the GDELT table and the CSVs, in Python: the first python3 on
# PATH that has networkx (Debian's python3-networkx is /usr/bin/python3's).
py=python3
python3 -c 'import networkx' 2>/dev/null || py=/usr/bin/python3
GDELT_COLUMNS=$(go run ./internal/gdeltcolumns) "$py" - "$tmp" <<'PY'
import csv, os, sys
import networkx as nx
tmp = sys.argv[1]
g = nx.read_graphml(os.path.join(tmp, "events.graphml"))
assert g.is_directed() and g.number_of_nodes() > 0 and g.number_of_edges() > 0, "empty graph"
for u, v, d in g.edges(data=True):
    assert d["weight"] > 0 and -10 <= d["goldstein"] <= 10, (u, v, d)
print(f"graphml: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges (networkx {nx.__version__})")

# GDELT 2.0's event table columns, from the codebook.
codebook = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
for a in ("Actor1", "Actor2"):
    codebook += [a + c for c in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                                 "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code")]
codebook += ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
             "NumMentions", "NumSources", "NumArticles", "AvgTone"]
for g_ in ("Actor1Geo_", "Actor2Geo_", "ActionGeo_"):
    codebook += [g_ + c for c in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")]
codebook += ["DATEADDED", "SOURCEURL"]
assert len(codebook) == 61
assert os.environ["GDELT_COLUMNS"].split() == codebook, "export.GDELTColumns differs from the codebook"
rows = 0
with open(os.path.join(tmp, "events.gdelt"), newline="") as f:
    for r in csv.DictReader(f, fieldnames=codebook, delimiter="\t", quoting=csv.QUOTE_NONE):
        assert None not in r and r["DATEADDED"] is not None, f"row {rows+1}: not 61 columns"
        assert r["EventCode"].startswith(r["EventRootCode"]) and r["QuadClass"] in "1234", r
        assert len(r["SQLDATE"]) == 8 and -10 <= float(r["GoldsteinScale"]) <= 10, r
        if r["ActionGeo_Lat"]:
            assert -90 <= float(r["ActionGeo_Lat"]) <= 90 and -180 <= float(r["ActionGeo_Long"]) <= 180, r
        rows += 1
assert rows > 0
print(f"gdelt: {rows} rows of 61 columns")
for name, need in (("acled", {"event_date", "event_type", "actor1", "admin1", "location", "latitude", "longitude", "notes", "source"}),
                   ("csv", {"outlet", "url", "published", "admin1", "lat", "lon", "date_precision"})):
    with open(os.path.join(tmp, "events." + name), newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows and need <= set(rows[0]), (name, need - set(rows[0]))
    assert any(r["admin1"] for r in rows), f"{name}: no first-level region filled"
    print(f"{name}: {len(rows)} rows")
PY
echo "exportcheck: ok"
