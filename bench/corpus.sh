# Sourced by the benchmarks: `corpus_dir EVENTS [DIR]` prints the corpus to measure. With DIR it
# checks DIR exists; otherwise it generates the issue's corpus (EVENTS events, 3 accounts,
# 4 regions, 7 days, seed 13) with ct-gen ($CT_GEN, default ../shared/ct-gen/ct_gen.py from the
# repo root) and caches it under bench/out/corpus-EVENTS.
corpus_dir() {
  local events="$1" corpus="${2:-}"
  if [ -z "$corpus" ]; then
    local ct_gen="${CT_GEN:-../shared/ct-gen/ct_gen.py}"
    corpus="bench/out/corpus-$events"
    if [ ! -d "$corpus" ]; then
      [ -f "$ct_gen" ] || { echo "ct-gen not found at $ct_gen: set CT_GEN or pass --corpus" >&2; return 1; }
      echo "generating $events events into $corpus ..." >&2
      # Generate under a temporary name so an interrupted run never leaves a half corpus cached.
      rm -rf "$corpus.partial"
      python3 "$ct_gen" "$corpus.partial" --events "$events" --accounts 3 \
        --regions us-east-1,us-west-2,eu-west-1,ap-southeast-1 --days 7 --seed 13 >&2
      mv "$corpus.partial" "$corpus"
    fi
  fi
  [ -d "$corpus" ] || { echo "no such corpus: $corpus" >&2; return 1; }
  echo "$corpus"
}

# `corpus_tar_gz DIR` prints a tar.gz of DIR made as people make them (`tar czf`; its .json.gz
# members inside), made once beside the corpus as bench/out/<name>.tar.gz (git-ignored).
corpus_tar_gz() {
  local corpus="$1" name tgz
  name=$(basename "$corpus")
  tgz="bench/out/$name.tar.gz"
  if [ ! -f "$tgz" ]; then
    echo "archiving $corpus into $tgz ..." >&2
    rm -f "$tgz.partial"
    tar czf "$tgz.partial" -C "$(dirname "$corpus")" "$name"
    mv "$tgz.partial" "$tgz"
  fi
  echo "$tgz"
}

# `corpus_zip DIR` prints a zip of DIR made as people make them (`zip -r`, deflate; its .json.gz
# entries inside), made once beside the corpus as bench/out/<name>.zip (git-ignored).
corpus_zip() {
  local corpus="$1" name zip
  name=$(basename "$corpus")
  zip="bench/out/$name.zip"
  if [ ! -f "$zip" ]; then
    echo "zipping $corpus into $zip ..." >&2
    # Under a temporary name, so that an interrupted run never leaves a half zip cached.
    rm -f "$zip.partial.zip"
    (cd "$(dirname "$corpus")" && zip -q -r "$OLDPWD/$zip.partial.zip" "$name")
    mv "$zip.partial.zip" "$zip"
  fi
  echo "$zip"
}
