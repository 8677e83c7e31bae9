#!/usr/bin/env bash
# The native benchmark: how fast `trailscope summary` reads a CloudTrail tree, against a plain
# Python json loop computing the same counts (bench/py_summary.py) and, optionally, jq.
#
#   bash bench/summary.sh [--events N] [--corpus DIR] [--with-jq]
#
# Without --corpus it generates the issue's corpus (1,000,000 events, 3 accounts, 4 regions,
# 7 days, seed 13; ~1.6 GB of JSON, ~2.7 min) with ct-gen and caches it under bench/out/
# (git-ignored). ct-gen is found at $CT_GEN, default ../shared/ct-gen/ct_gen.py relative to the
# repo root; only this benchmark uses it, never the build or the tests.
# Prints a table (wall seconds, MB/s of uncompressed JSON, events/s, peak RSS, time relative to
# trailscope) and fails if Python's counts differ from trailscope's.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

EVENTS=1000000
CORPUS=""
WITH_JQ=0
while [ $# -gt 0 ]; do
  case "$1" in
    --events) EVENTS="$2"; shift 2 ;;
    --corpus) CORPUS="$2"; shift 2 ;;
    --with-jq) WITH_JQ=1; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

OUT=bench/out
mkdir -p "$OUT"

# Peak RSS needs GNU time (Debian package `time`); install it when missing.
if [ ! -x /usr/bin/time ]; then
  apt-get install -y --no-install-recommends time >/dev/null
fi

# shellcheck source=bench/corpus.sh
source bench/corpus.sh
CORPUS=$(corpus_dir "$EVENTS" "$CORPUS")

cargo build --release -p trailscope-cli
TRAILSCOPE="${CARGO_TARGET_DIR:-target}/release/trailscope"

# Uncompressed JSON size, for MB/s: the gzip trailer holds it (mod 4 GiB, fine per file), so
# nothing has to be inflated. This also warms the page cache before the first timed run.
read -r FILES JSON_BYTES < <(python3 - "$CORPUS" <<'EOF'
import os, struct, sys
files = total = 0
for root, _, names in os.walk(sys.argv[1]):
    for name in names:
        path = os.path.join(root, name)
        files += 1
        with open(path, "rb") as f:
            if name.endswith(".gz"):
                f.seek(-4, os.SEEK_END)
                total += struct.unpack("<I", f.read(4))[0]
            else:
                total += os.path.getsize(path)
            f.seek(0)
            while f.read(1 << 20):
                pass
print(files, total)
EOF
)

# measure NAME STDOUT_FILE CMD...: runs CMD under GNU time, appends "NAME seconds rss_kb".
RESULTS="$OUT/results.txt"
: > "$RESULTS"
measure() {
  local name="$1" out="$2"
  shift 2
  echo "running: $name" >&2
  /usr/bin/time -f '%e %M' -o "$OUT/time.txt" "$@" > "$out"
  echo "$name $(tail -n 1 "$OUT/time.txt")" >> "$RESULTS"
}

THREADS=$(nproc)
measure "trailscope($THREADS-threads)" "$OUT/trailscope.json" "$TRAILSCOPE" summary "$CORPUS"
measure "trailscope(1-thread)" "$OUT/trailscope-1.json" "$TRAILSCOPE" summary --threads 1 "$CORPUS"
measure "python3-json" "$OUT/python.json" python3 bench/py_summary.py "$CORPUS"
if [ "$WITH_JQ" = 1 ]; then
  # jq does not de-duplicate by eventID; only events and by_source are compared, as a warning.
  measure "jq" "$OUT/jq.json" bash bench/jq_summary.sh "$CORPUS"
fi

# The table, and the equality check (events and by_source must match; other keys are reported).
python3 - "$OUT" "$FILES" "$JSON_BYTES" "$WITH_JQ" <<'EOF'
import json, sys
out, files, json_bytes, with_jq = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1"
ts = json.load(open(f"{out}/trailscope.json"))
events = ts["events"]
rows = [line.split() for line in open(f"{out}/results.txt")]
base = float(rows[0][1])
print(f"\ncorpus: {files} files, {json_bytes / 1e6:.1f} MB of JSON, {events} events, {len(ts['failed'])} failed files")
print(f"{'tool':<24}{'wall s':>9}{'MB/s':>9}{'events/s':>12}{'peak RSS MB':>13}{'vs trailscope':>15}")
for name, secs, rss_kb in rows:
    t = max(float(secs), 0.01)
    print(f"{name:<24}{t:>9.2f}{json_bytes / 1e6 / t:>9.1f}{events / t:>12,.0f}{int(rss_kb) / 1024:>13.1f}{t / base:>14.2f}x")

failed = False
def compare(label, other, keys, hard):
    global failed
    for key in keys:
        if other.get(key) != ts.get(key):
            print(f"{'MISMATCH' if hard else 'note'}: {label} {key} differs from trailscope's", file=sys.stderr)
            failed |= hard
py = json.load(open(f"{out}/python.json"))
compare("python3-json", py, ["events", "by_source"], True)
compare("python3-json", py, ["duplicates", "undated", "errors", "by_operation", "by_principal", "by_hour"], False)
if with_jq:
    compare("jq", json.load(open(f"{out}/jq.json")), ["events", "by_source"], False)
if json.load(open(f"{out}/trailscope-1.json")) != ts:
    print("MISMATCH: trailscope --threads 1 gives a different summary", file=sys.stderr)
    failed = True
if failed:
    sys.exit("FAILED: the counts differ (outputs in bench/out/*.json)")
print("counts check: python3 events and by_source equal trailscope's")
EOF
