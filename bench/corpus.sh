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

# `corpus_archive DIR zip|tar.gz` prints an archive of DIR made as people make them (`zip -r`,
# deflate, or `tar czf`; its .json.gz files inside), made once beside the corpus as
# bench/out/<name>.<kind> (git-ignored). `corpus_zip DIR` and `corpus_tar_gz DIR` name the two.
corpus_archive() {
  local corpus="$1" kind="$2" name archive
  name=$(basename "$corpus")
  archive="bench/out/$name.$kind"
  if [ ! -f "$archive" ]; then
    echo "archiving $corpus into $archive ..." >&2
    # Under a temporary name, so that an interrupted run never leaves a half archive cached.
    rm -f "$archive.partial.$kind"
    case "$kind" in
      zip) (cd "$(dirname "$corpus")" && zip -q -r "$OLDPWD/$archive.partial.zip" "$name") ;;
      tar.gz) tar czf "$archive.partial.tar.gz" -C "$(dirname "$corpus")" "$name" ;;
    esac
    mv "$archive.partial.$kind" "$archive"
  fi
  echo "$archive"
}

corpus_zip() { corpus_archive "$1" zip; }
corpus_tar_gz() { corpus_archive "$1" tar.gz; }
