#!/usr/bin/env bash
# Refreshes server/web/vendor/ from npm at the versions pinned in
# server/web/package.json (and its package-lock.json). The copied files are
# committed: go build embeds them, so neither the build nor the page needs
# the network.
set -euo pipefail
cd "$(dirname "$0")/../server/web"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp package.json "$tmp/"
[ -f package-lock.json ] && cp package-lock.json "$tmp/"
(cd "$tmp" && npm install --ignore-scripts --no-audit --no-fund --silent)
[ -f package-lock.json ] || cp "$tmp/package-lock.json" .
m="$tmp/node_modules"
cp "$m/d3-array/dist/d3-array.min.js" "$m/d3-geo/dist/d3-geo.min.js" \
   "$m/topojson-client/dist/topojson-client.min.js" "$m/world-atlas/countries-50m.json" vendor/
for p in d3-array d3-geo topojson-client world-atlas; do
  cp "$m/$p/LICENSE" "vendor/LICENSE.$p"
done
ls -l vendor
