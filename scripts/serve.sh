#!/usr/bin/env bash
# The README's first command: installs what a fresh machine lacks, builds the release app and
# serves it on http://127.0.0.1:${PORT:-8080}/ (the "Try sample data" button is on the page).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-tools.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo fetch --locked
bash scripts/build.sh
echo "Trailscope is served at http://127.0.0.1:${PORT:-8080}/ (Ctrl-C stops it)"
exec python3 -m http.server --bind 127.0.0.1 --directory dist "${PORT:-8080}"
