#!/usr/bin/env bash
# Rebuilds static/sample/trailscope-sample.zip, the archive behind the app's "Try sample data"
# button (committed, so the build and the tests never need ct-gen or the seeds):
#   * a ct-gen S3 delivery tree: ~3,000 events, 2 accounts, 3 regions, 2 days, with digests;
#   * every ```-fenced JSON example of the service documents in $SEEDS as seeds/<service>-<n>.json,
#     kept as written: one is invalid JSON on purpose, the app must show it as a failed file.
# Inputs (defaults relative to the repo root): CT_GEN=../shared/ct-gen/ct_gen.py, SEEDS=../shared/seeds.
# The zip is deterministic (fixed timestamps and modes, sorted names): same inputs, same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."

CT_GEN="${CT_GEN:-../shared/ct-gen/ct_gen.py}"
SEEDS="${SEEDS:-../shared/seeds}"
OUT=static/sample/trailscope-sample.zip

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

python3 "$CT_GEN" "$WORK/tree" --quiet --events 3000 --accounts 2 \
  --regions us-east-1,eu-west-1,ap-southeast-1 --days 2 --seed 42 --digest

mkdir -p "$(dirname "$OUT")"
python3 - "$WORK/tree" "$SEEDS" "$OUT" <<'EOF'
import glob, os, re, sys, zipfile
tree, seeds, out = sys.argv[1:]
entries = {}
for root, _, names in os.walk(tree):
    for name in names:
        path = os.path.join(root, name)
        entries[os.path.relpath(path, tree)] = open(path, "rb").read()
for doc in sorted(glob.glob(os.path.join(seeds, "*.txt"))):
    text = open(doc, encoding="utf-8").read()
    # "Logging Amazon Polly API Calls ..." -> "polly"; the file stem when there is no title.
    title = re.search(r"Amazon (\w+)", text.splitlines()[0] if text else "")
    service = title.group(1).lower() if title else os.path.basename(doc)[:-4]
    for n, block in enumerate(re.findall(r"^```[^\n]*\n(.*?)^```", text, re.S | re.M), 1):
        entries[f"seeds/{service}-{n}.json"] = block.encode("utf-8")
tmp = out + ".tmp"
with zipfile.ZipFile(tmp, "w") as z:
    for name in sorted(entries):
        info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
        info.external_attr = 0o100644 << 16
        info.create_system = 3
        # .json.gz is already compressed: stored; the plain seeds are deflated.
        info.compress_type = zipfile.ZIP_STORED if name.endswith(".gz") else zipfile.ZIP_DEFLATED
        z.writestr(info, entries[name], compresslevel=9)
os.replace(tmp, out)
seeds_n = sum(1 for n in entries if n.startswith("seeds/"))
print(f"{out}: {len(entries)} entries ({seeds_n} seeds), {os.path.getsize(out)} bytes")
EOF
