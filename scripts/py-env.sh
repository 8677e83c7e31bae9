#!/usr/bin/env bash
# Makes the Python virtualenv the SQL tests run DuckDB and sqlglot in, once: DIR/bin/python
# afterwards (DIR is the first argument, default target/py-env). Never installs into the system.
set -euo pipefail
dir="${1:-target/py-env}"
pins=(duckdb==1.4.4 sqlglot==30.31.0)
stamp="$dir/.pins"
if [[ -x "$dir/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "${pins[*]}" ]]; then
  exit 0
fi
python3 -m venv "$dir"
"$dir/bin/python" -m pip install --quiet --disable-pip-version-check "${pins[@]}"
echo "${pins[*]}" > "$stamp"
