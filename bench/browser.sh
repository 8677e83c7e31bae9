#!/usr/bin/env bash
# The browser benchmark: builds the release app (Trunk) and the CLI, then loads a corpus into the
# app in headless Chromium through the real file input and prints a table (bench/browser.mjs).
#
#   bash bench/browser.sh [--events N | --corpus DIR] [--drop 1] [--runs N] [--json OUT] [--verbose 1] [--threads 1] [--with-jq]
#
# Each run also loads a zip and a tar.gz of the corpus (made once beside it) and the corpus picked as a folder.
# Without --corpus it generates N events (default 1,000,000: 3 accounts, 4 regions, 7 days,
# seed 13, as bench/summary.sh) with ct-gen into bench/out/corpus-N (git-ignored, cached).
# ct-gen is found at $CT_GEN, default ../shared/ct-gen/ct_gen.py relative to the repo root.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

EVENTS=1000000
CORPUS=""
PASS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --events) EVENTS="$2"; shift 2 ;;
    --corpus) CORPUS="$2"; shift 2 ;;
    --runs|--json|--verbose|--timeout|--threads|--drop) PASS+=("$1" "$2"); shift 2 ;;
    --with-jq) PASS+=(--jq bench/jq_summary.sh); shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

OUT=bench/out
mkdir -p "$OUT"
# shellcheck source=bench/corpus.sh
source bench/corpus.sh
CORPUS=$(corpus_dir "$EVENTS" "$CORPUS")
ZIP=$(corpus_zip "$CORPUS")
TGZ=$(corpus_tar_gz "$CORPUS")

# A private dist, so that a concurrent `trunk build` (check.sh) cannot swap files mid-run.
trunk build --release --dist bench/out/dist >&2
cargo build --release -p trailscope-cli >&2
TRAILSCOPE="${CARGO_TARGET_DIR:-target}/release/trailscope"
for wasm in bench/out/dist/*.wasm; do
  echo "$(basename "$wasm"): $(stat -c %s "$wasm") bytes, $(gzip -9c "$wasm" | wc -c) gzipped" >&2
done
node bench/browser.mjs --dist bench/out/dist --corpus "$CORPUS" --zip "$ZIP" --tar "$TGZ" --folder 1 --native "$TRAILSCOPE" "${PASS[@]}"
