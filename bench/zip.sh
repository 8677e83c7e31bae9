#!/usr/bin/env bash
# The archive benchmark: `trailscope summary` on the 1M-event corpus folder, on a zip of it made
# as people make them (`zip -r`, deflate; its .json.gz entries inside) and on a tar.gz (`tar
# czf`), in the same run. Prints the wall times and peak RSS, and the ratios to the folder; fails
# if the summaries differ (paths aside) or the zip's ratio is over the target.
#
#   bash bench/zip.sh [--corpus DIR] [--threads N] [--target RATIO]
#
# Without --corpus it uses (or generates, see bench/corpus.sh) bench/out/corpus-1000000. The
# archives are made once, beside it, as bench/out/<corpus name>.zip and .tar.gz (git-ignored). Both run with the
# default cap: the zip's 1.6 GB of JSON is within 32 times its size, what its entries may inflate
# to in all.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

CORPUS=""
THREADS=$(nproc)
TARGET=1.25
while [ $# -gt 0 ]; do
  case "$1" in
    --corpus) CORPUS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --target) TARGET="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

OUT=bench/out
mkdir -p "$OUT"
# shellcheck source=bench/corpus.sh
source bench/corpus.sh
CORPUS=$(corpus_dir 1000000 "$CORPUS")
ZIP=$(corpus_zip "$CORPUS")
TGZ=$(corpus_tar_gz "$CORPUS")

cargo build --release -p trailscope-cli
TRAILSCOPE="${CARGO_TARGET_DIR:-target}/release/trailscope"

# Warm the page cache for both, so that neither pays the disk.
cat "$ZIP" "$TGZ" > /dev/null
find -L "$CORPUS" -type f -exec cat {} + > /dev/null

# measure NAME PATH: runs the summary under GNU time (peak RSS), else ps; prints "seconds rss_kb".
measure() {
  local out="$OUT/zip-bench-$1.json"
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%e %M' -o "$OUT/zip-bench-time.txt" "$TRAILSCOPE" summary --threads "$THREADS" "$2" > "$out"
    tail -n 1 "$OUT/zip-bench-time.txt"
  else
    local start peak=0 rss
    start=$(date +%s.%N)
    "$TRAILSCOPE" summary --threads "$THREADS" "$2" > "$out" &
    local pid=$!
    while rss=$(ps -o rss= -p "$pid" 2>/dev/null); do
      [ "${rss// /}" -gt "$peak" ] && peak=${rss// /}
      sleep 0.05
    done
    wait "$pid"
    echo "$(echo "$(date +%s.%N) - $start" | bc) $peak"
  fi
}

read -r FOLDER_S FOLDER_KB < <(measure folder "$CORPUS")
read -r ZIP_S ZIP_KB < <(measure zip "$ZIP")
read -r TGZ_S TGZ_KB < <(measure tgz "$TGZ")

python3 - "$OUT" "$FOLDER_S" "$FOLDER_KB" "$ZIP_S" "$ZIP_KB" "$TGZ_S" "$TGZ_KB" "$TARGET" "$THREADS" "$(stat -c %s "$ZIP")" "$(stat -c %s "$TGZ")" <<'EOF_PY'
import json, sys
out, fs, fkb, zs, zkb, ts, tkb, target, threads, zip_bytes, tgz_bytes = sys.argv[1:]
fs, zs, ts, target = max(float(fs), 0.01), float(zs), float(ts), float(target)
folder = json.load(open(f"{out}/zip-bench-folder.json"))
ratio = zs / fs
print(f"\n{folder['events']} events, {threads} threads; zip {int(zip_bytes) / 1e6:.1f} MB, tar.gz {int(tgz_bytes) / 1e6:.1f} MB")
print(f"{'input':<10}{'wall s':>9}{'peak RSS MB':>13}")
print(f"{'folder':<10}{fs:>9.2f}{int(fkb) / 1024:>13.1f}")
print(f"{'zip':<10}{zs:>9.2f}{int(zkb) / 1024:>13.1f}")
print(f"{'tar.gz':<10}{ts:>9.2f}{int(tkb) / 1024:>13.1f}")
print(f"zip/folder: {ratio:.2f}x wall time (target at most {target:.2f}x), {int(zkb) / int(fkb):.2f}x peak RSS")
print(f"tar.gz/folder: {ts / fs:.2f}x wall time, {int(tkb) / int(fkb):.2f}x peak RSS")
failed = False
for name in ["zip", "tgz"]:
    archive = json.load(open(f"{out}/zip-bench-{name}.json"))
    for key in folder:
        if key != "failed" and key != "elapsed_ms" and folder[key] != archive.get(key):
            print(f"MISMATCH: {key} differs between the folder and the {name}", file=sys.stderr)
            failed = True
    if len(folder["failed"]) != len(archive["failed"]):
        print(f"MISMATCH: the folder and the {name} fail different files", file=sys.stderr)
        failed = True
if ratio > target:
    print(f"SLOW: the zip takes {ratio:.2f}x the folder's time", file=sys.stderr)
    failed = True
sys.exit(1 if failed else 0)
EOF_PY
