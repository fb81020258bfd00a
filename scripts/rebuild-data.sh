#!/usr/bin/env bash
# Rebuilds sitrep's embedded data in place from its pinned inputs, with the
# generators that need no network, times each, and regenerates the data
# manifest; then 'git status' shows what changed (nothing, when the
# committed files are what their inputs give). docs/data.md lists each
# file's generator, inputs and pins.
#
#   scripts/rebuild-data.sh [--skip-nlp]
#
# --skip-nlp leaves out the NLP retraining (about 13 min of CPU, 18-30 min
# of wall time on two shared cores). Inputs found outside the repository:
# ../shared (the EWT treebank and the coder's gold sets), the CAMEO
# dictionary ($CAMEO_DICT, a petrarch2 git directory in $PETRARCH2_GIT, or
# ../shared/data/cameo/CAMEO.2.0.txt) and /usr/share/dict/american-english
# (apt-get install wamerican). A step whose input is missing is skipped and
# listed at the end. The gazetteer and the village layer need the network
# (npm packages, Who's On First clones) and are not rebuilt here; see
# docs/data.md.
set -euo pipefail
cd "$(dirname "$0")/.."
skip_nlp=
for a in "$@"; do
  case $a in
  --skip-nlp) skip_nlp=1 ;;
  *) echo "usage: scripts/rebuild-data.sh [--skip-nlp]" >&2; exit 2 ;;
  esac
done
shared=../shared
skipped=()
step() { # step NAME COMMAND...: runs and times one generator
  local name=$1 t0=$SECONDS
  shift
  echo "== $name"
  "$@"
  echo "== $name: $((SECONDS - t0)) s"
}

if [ -r /usr/share/dict/american-english ]; then
  step "word list (kb/data/english.txt.gz)" go run ./kb/gen/wordlist
else
  skipped+=("kb/data/english.txt.gz: no /usr/share/dict/american-english (apt-get install wamerican)")
fi

cameo=${CAMEO_DICT:-${PETRARCH2_GIT:-$shared/data/cameo/CAMEO.2.0.txt}}
if [ -e "$cameo" ]; then
  cameo=$(cd "$(dirname "$cameo")" && pwd)/$(basename "$cameo")
  step "CAMEO lexicon (coder/cameo.tsv)" bash -c "cd coder && go run ./gen/cameo -in '$cameo' -out cameo.tsv"
else
  skipped+=("coder/cameo.tsv: no CAMEO dictionary (CAMEO_DICT or PETRARCH2_GIT; coder/gen/cameo/README.md)")
fi

# Recompresses places.tsv.gz and compiles villages.tsv.gz when build.js has
# written them (each a no-op otherwise), then rebuilds lookup.idx.
step "knowledge base (go generate ./kb: places.tsv.zst, villages.bin, lookup.idx)" go generate ./kb

if [ -d "$shared/eval/dev" ]; then
  step "coder models (coder/models/coder.bin)" go run ./cmd/sitrep coder train --shared "$shared"
else
  skipped+=("coder/models/coder.bin: no $shared/eval/dev")
fi

if [ -n "$skip_nlp" ]; then
  skipped+=("nlp/models: --skip-nlp")
elif [ -d "$shared/data/ud-english-ewt" ]; then
  step "NLP models (nlp/models/*.zst)" go run ./cmd/sitrep nlp train --treebank "$shared/data/ud-english-ewt" --out nlp/models
else
  skipped+=("nlp/models: no $shared/data/ud-english-ewt")
fi

step "data manifest (internal/datamanifest/manifest.tsv)" go generate ./internal/datamanifest

for s in "${skipped[@]}"; do echo "skipped: $s"; done
echo "== changed files (none when the data reproduces):"
git status --short -- kb/data coder nlp/models internal/datamanifest
