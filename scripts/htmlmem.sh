#!/bin/sh
# htmlmem.sh: peak memory and time of 'sitrep ingest' on generated hostile
# HTML (issue 11): 8 MB of tiny elements, 19 MiB of empty tags, 19 MiB of
# prose, and a one-line text for the start-up alone.
#
#   scripts/htmlmem.sh [SITREP_BINARY]   (default: builds ./cmd/sitrep)
set -eu
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
bin=${1:-}
if [ -z "$bin" ]; then
	go build -o "$dir/sitrep" ./cmd/sitrep
	bin=$dir/sitrep
fi
printf 'Officials met in the capital on Monday to discuss talks.\n' >"$dir/startup.txt"
{ printf '<html><body>'; yes '<b>x</b>' | tr -d '\n' | head -c 8000000; printf '</body></html>'; } >"$dir/tiny.html"
{ printf '<html><body>'; yes '<span></span>' | tr -d '\n' | head -c 19900000; printf '</body></html>'; } >"$dir/empty.html"
{ printf '<html><head><title>Prose</title></head><body><article>'
  awk 'BEGIN { for (i = 0; i < 140000; i++) printf "<p>Officials said the army struck positions near the border on Monday while ministers met in the capital to discuss talks, report %d.</p>\n", i }'
  printf '</article></body></html>'; } >"$dir/prose.html"
for f in startup.txt tiny.html empty.html prose.html; do
	rm -f "$dir/m.db" "$dir/m.db-wal" "$dir/m.db-shm"
	/usr/bin/time -v "$bin" ingest -q --workers 1 --db "$dir/m.db" "$dir/$f" >"$dir/out" 2>&1 || true
	size=$(wc -c <"$dir/$f")
	secs=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir/out")
	kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/out")
	outcome=$(grep -E '^[0-9]+ new' "$dir/out" || true)
	printf '%-12s %9d bytes  %8s  %7d MB  %s\n' "$f" "$size" "$secs" $((kb / 1024)) "$outcome"
done
