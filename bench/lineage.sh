#!/usr/bin/env bash
# What credential lineage costs a load: the CPU time (user + system) of `trailscope summary` on
# the issue's corpus, built at HEAD and at a commit before lineage existed, run alternately.
#
#   bash bench/lineage.sh [--events N] [--corpus DIR] [--base COMMIT] [--runs N]
#
# The base defaults to 4a019d4 (the last commit without lineage). Prints each run's CPU and
# wall seconds, the medians, HEAD / base, the issuances indexed, and fails when HEAD's median
# CPU is more than 5 % above the base's.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

EVENTS=1000000
CORPUS=""
BASE=4a019d4
RUNS=3
while [ $# -gt 0 ]; do
  case "$1" in
    --events) EVENTS="$2"; shift 2 ;;
    --corpus) CORPUS="$2"; shift 2 ;;
    --base) BASE="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

OUT=bench/out
mkdir -p "$OUT"
if [ ! -x /usr/bin/time ]; then
  apt-get install -y --no-install-recommends time >/dev/null
fi
# shellcheck source=bench/corpus.sh
source bench/corpus.sh
CORPUS=$(corpus_dir "$EVENTS" "$CORPUS")

cargo build --release -p trailscope-cli
HEAD_BIN="${CARGO_TARGET_DIR:-target}/release/trailscope"
BASE_TREE="$OUT/lineage-base"
if [ ! -d "$BASE_TREE" ]; then
  git worktree add --detach -q "$BASE_TREE" "$BASE"
fi
git -C "$BASE_TREE" checkout -q --detach "$BASE"
(cd "$BASE_TREE" && CARGO_TARGET_DIR="$PWD/../lineage-base-target" cargo build --release -p trailscope-cli)
BASE_BIN="$OUT/lineage-base-target/release/trailscope"

# One run: "CPU_SECONDS WALL_SECONDS".
measure() {
  /usr/bin/time -f "%U %S %e" -o "$OUT/lineage-time.txt" "$1" summary --threads 2 "$CORPUS" >/dev/null
  awk '{ printf "%.2f %.2f\n", $1 + $2, $3 }' "$OUT/lineage-time.txt"
}

measure "$HEAD_BIN" >/dev/null # warms the page cache
: >"$OUT/lineage-runs.txt"
for run in $(seq "$RUNS"); do
  echo "base $(measure "$BASE_BIN")" >>"$OUT/lineage-runs.txt"
  echo "head $(measure "$HEAD_BIN")" >>"$OUT/lineage-runs.txt"
done
ISSUANCES=$("$HEAD_BIN" summary --stats --threads 2 "$CORPUS" 2>&1 >/dev/null | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["issuances"], s["issued_keys"])')

python3 - "$OUT/lineage-runs.txt" "$EVENTS" "$ISSUANCES" <<'PY'
import statistics, sys
runs = {"base": [], "head": []}
for line in open(sys.argv[1]):
    who, cpu, wall = line.split()
    runs[who].append((float(cpu), float(wall)))
for who, xs in runs.items():
    print(f"{who:5} cpu s: {' '.join(f'{c:.2f}' for c, _ in xs)}   wall s: {' '.join(f'{w:.2f}' for _, w in xs)}")
base = statistics.median(c for c, _ in runs["base"])
head = statistics.median(c for c, _ in runs["head"])
issuances, keys = sys.argv[3].split()
print(f"events {int(sys.argv[2]):,}; issuing records {int(issuances):,}, keys issued {int(keys):,}")
print(f"median CPU: base {base:.2f} s, head {head:.2f} s; head / base = {head / base:.3f} (target <= 1.050)")
sys.exit(0 if head / base <= 1.05 else 1)
PY
