#!/usr/bin/env bash
# Browser test of the web page: serves the coded seeds plus an XSS fixture,
# loads the page in headless Chromium (Debian's chromium, driven by
# playwright-core from npm) with every request off the server blocked, and
# checks that each view shows what the store holds, that clicking an event
# shows its evidence, that the filters link the views and that the fixture's
# markup stays text. Screenshots of every view go to web-screenshots/
# (git-ignored). Usage: scripts/webtest.sh [SITREP]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
bin=${1:-}
if [ -z "$bin" ]; then
  bin="$tmp/sitrep"
  go build -o "$bin" ./cmd/sitrep
fi
go run ./internal/seeds/filldb "$tmp/web.db"
port=$((20000 + RANDOM % 20000))
"$bin" serve --db "$tmp/web.db" --addr "127.0.0.1:$port" 2>"$tmp/serve.log" &
pid=$!
for _ in $(seq 50); do
  curl -sf "http://127.0.0.1:$port/api/stats" >/dev/null 2>&1 && break
  sleep 0.2
done
(cd scripts/webtest && npm ci --silent --no-audit --no-fund --ignore-scripts)
mkdir -p web-screenshots
CHROMIUM=${CHROMIUM:-/usr/bin/chromium} BASE="http://127.0.0.1:$port" OUT="$root/web-screenshots" \
  node scripts/webtest/webtest.mjs
