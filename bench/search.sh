#!/usr/bin/env bash
# Search in every field against loading, in the same run: `trailscope summary` (the load) and
# `trailscope search` for a text with few hits and one with many, on the same corpus and cores.
#
#   bash bench/search.sh [--events N] [--corpus DIR] [--few TEXT] [--many TEXT] [--runs R]
#
# The corpus is the one bench/summary.sh uses (generated with ct-gen and cached under
# bench/out/ unless --corpus is given). The few-hits text defaults to the eventID of the first
# event of the first file (one event), the many-hits text to "amazonaws.com" (every event).
# Runs are interleaved (load, few, many) R times (default 3); prints each command's best and
# median wall seconds and the search's ratio to the load.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

EVENTS=1000000
CORPUS=""
FEW=""
MANY="amazonaws.com"
RUNS=3
while [ $# -gt 0 ]; do
  case "$1" in
    --events) EVENTS="$2"; shift 2 ;;
    --corpus) CORPUS="$2"; shift 2 ;;
    --few) FEW="$2"; shift 2 ;;
    --many) MANY="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

OUT=bench/out
mkdir -p "$OUT"
# shellcheck source=bench/corpus.sh
source bench/corpus.sh
CORPUS=$(corpus_dir "$EVENTS" "$CORPUS")

cargo build --release -p trailscope-cli
TRAILSCOPE="${CARGO_TARGET_DIR:-target}/release/trailscope"

if [ -z "$FEW" ]; then
  FIRST=$(find "$CORPUS" -type f -name '*.json.gz' | sort | sed -n 1p)
  FEW=$(python3 -c 'import gzip, json, sys; print(json.load(gzip.open(sys.argv[1]))["Records"][0]["eventID"])' "$FIRST")
fi
# Warm the page cache, so that the first timed run does not pay for the disk.
find "$CORPUS" -type f -exec cat {} + > /dev/null

# seconds CMD...: runs CMD, prints its wall seconds; its output goes to $OUT/last.json.
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" > "$OUT/last.json"
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.3f}')"
}

: > "$OUT/search-times.txt"
for run in $(seq "$RUNS"); do
  echo "run $run of $RUNS" >&2
  echo "load $(seconds "$TRAILSCOPE" summary "$CORPUS")" >> "$OUT/search-times.txt"
  echo "few $(seconds "$TRAILSCOPE" search "$FEW" "$CORPUS")" >> "$OUT/search-times.txt"
  cp "$OUT/last.json" "$OUT/search-few.json"
  echo "many $(seconds "$TRAILSCOPE" search "$MANY" "$CORPUS")" >> "$OUT/search-times.txt"
  cp "$OUT/last.json" "$OUT/search-many.json"
done

python3 - "$OUT" "$CORPUS" "$(nproc)" <<'PY'
import json, statistics, sys
out, corpus, cores = sys.argv[1], sys.argv[2], sys.argv[3]
times = {}
for line in open(f"{out}/search-times.txt"):
    name, secs = line.split()
    times.setdefault(name, []).append(float(secs))
hits = {k: json.load(open(f"{out}/search-{k}.json")) for k in ("few", "many")}
load = statistics.median(times["load"])
print(f"\ncorpus {corpus}, {cores} cores, {len(times['load'])} interleaved runs")
print(f"{'command':<46}{'best s':>8}{'median s':>10}{'vs load':>9}")
for name in ("load", "few", "many"):
    label = "summary (load)" if name == "load" else f"search {hits[name]['text'][:22]!r}: {hits[name]['events']:,} events"
    t = statistics.median(times[name])
    print(f"{label:<46}{min(times[name]):>8.2f}{t:>10.2f}{t / load:>8.2f}x")
PY
