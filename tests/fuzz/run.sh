#!/usr/bin/env bash
# Runs the fuzz targets, each for SECONDS (default 600), after seeding their corpora from the test
# fixture, the knowledge and the dev questions. Needs cargo-fuzz (`cargo install cargo-fuzz`); on a
# stable toolchain RUSTC_BOOTSTRAP=1 lets cargo-fuzz use the sanitizer flags it needs.
#   bash tests/fuzz/run.sh [SECONDS] [TARGET...]     (targets: engine knowledge dialogue)
# Crashes land in tests/fuzz/artifacts/TARGET/; reproduce one with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir tests/fuzz TARGET tests/fuzz/artifacts/TARGET/crash-...
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-600}
shift || true
targets=("${@:-engine knowledge dialogue}")
read -r -a targets <<<"${targets[*]}"
export RUSTC_BOOTSTRAP=1

corpus=tests/fuzz/corpus
mkdir -p "$corpus/engine" "$corpus/knowledge" "$corpus/dialogue"
if [ -z "$(ls -A "$corpus/dialogue")" ] && ls knowledge/*/dialogues/*.dialogue >/dev/null 2>&1; then
  cp knowledge/*/dialogues/*.dialogue "$corpus/dialogue/"
fi
if [ -z "$(ls -A "$corpus/engine")" ]; then
  i=0
  { grep -ho '"q": "[^"]*"' ../shared/eval/dev.jsonl 2>/dev/null | cut -d'"' -f4
    grep -ho '^examples = .*' knowledge/*/facts.toml | tr -d '[]' | tr ',' '\n' | tr -d '"'
  } | while IFS= read -r q; do
    i=$((i + 1))
    printf '%s' "$q" >"$corpus/engine/seed-$i"
  done
fi
if [ -z "$(ls -A "$corpus/knowledge")" ]; then
  # the test fixture and every statement package (knowledge/<id>/; knowledge/lang/ is no package)
  for dir in tests/fixtures/mini $(find knowledge -mindepth 1 -maxdepth 1 -type d ! -name lang | sort); do
    out="$corpus/knowledge/seed-$(basename "$dir")"
    : >"$out"
    for f in statement facts vocabulary smalltalk; do
      if [ -f "$dir/$f.toml" ]; then cat "$dir/$f.toml" >>"$out"; fi   # vocabulary and small talk are optional
      [ "$f" = smalltalk ] || printf '\0' >>"$out"
    done
  done
fi

for target in "${targets[@]}"; do
  echo "== fuzzing $target for ${seconds}s"
  cargo fuzz run --fuzz-dir tests/fuzz "$target" "$corpus/$target" -- \
    -max_total_time="$seconds" -max_len=1100000 -rss_limit_mb=2048 -print_final_stats=1
done
