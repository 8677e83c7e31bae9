#!/usr/bin/env bash
# The release build of the app into dist/: the one build step shared by scripts/check.sh (CI),
# scripts/serve.sh and the GitHub Pages workflow (.github/workflows/pages.yml). Needs the tools
# of scripts/install-tools.sh. Trunk's post_build hook (scripts/precache.mjs) writes the list of
# dist/'s files into the service worker.
set -euo pipefail
cd "$(dirname "$0")/.."
# node_modules/.bin first: trunk must find npm's wasm-opt (binaryen) before any other one.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Trunk asks crates.io for a newer Trunk even when offline = true: the page must cost no request.
export TRUNK_SKIP_VERSION_CHECK=true
trunk build --release "$@"
