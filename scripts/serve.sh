#!/usr/bin/env bash
# The README's first command: installs what a fresh machine lacks, builds the release app and
# serves it on http://127.0.0.1:${PORT:-8080}/ (the "Try sample data" button is on the page).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-tools.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Trunk asks crates.io for a newer Trunk even when offline = true: the page must cost no request.
export TRUNK_SKIP_VERSION_CHECK=true
cargo fetch --locked
trunk build --release
echo "Trailscope is served at http://127.0.0.1:${PORT:-8080}/ (Ctrl-C stops it)"
exec python3 -m http.server --bind 127.0.0.1 --directory dist "${PORT:-8080}"
