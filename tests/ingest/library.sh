#!/usr/bin/env bash
# Serves every shared statement (../shared/statements/*.txt, ingested with zero hand edits) beside
# the curated Malaysia–South Korea package, and grades each question set three ways: the statement
# alone, in the library of five with the curated package as home (the drafts are drafts), and in
# the library with no home (the drafts' `drafted` lists emptied, so all five compete as equals).
#
#   bash tests/ingest/library.sh [--check] [BINARY]
#
# BINARY defaults to target/release/communique (built if missing); COMMUNIQUE_SHARED names the
# shared directory (default ../shared). With --check it exits non-zero unless the curated
# package's public sets (dev, dev2, dev-ms) score within 0.02 of their single-package scores
# when it is served as home beside the drafts: routing must not steal its questions.
# shellcheck source=tests/ingest/common.sh
source "$(dirname "$0")/common.sh"
home="$work/home"
equal="$work/equal"
mkdir -p "$home" "$equal"
own=$(find knowledge -mindepth 1 -maxdepth 1 -type d ! -name lang | head -1)
cp -r "$own" "$home/" && cp -r "$own" "$equal/"
for source in "$shared"/statements/*.txt; do
  name=$(basename "$source" .txt)
  "$bin" ingest "$source" --out "$home/$name" >/dev/null
  cp -r "$home/$name" "$equal/$name"
  # an empty `drafted` list: the package counts as curated
  python3 - "$equal/$name/statement.toml" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
text = re.sub(r"(?ms)^drafted = \[.*?\]\n", "drafted = []\n", text)
open(path, "w", encoding="utf-8").write(text)
PY
done

score() { python3 "$shared/eval/grade.py" "$@" | awk '/^score/ {print $2}'; }
failed=0
printf '%-44s %7s %7s %7s\n' "question set" alone home equal
for set in "$shared"/eval/dev.jsonl "$shared"/eval/dev2.jsonl "$shared"/eval/dev-ms.jsonl; do
  [ -f "$set" ] || continue
  alone=$(score "$set" -- "$bin" batch --json)
  with_home=$(score "$set" -- "$bin" --knowledge "$home" batch --json)
  printf '%-44s %7s %7s %7s\n' "$(basename "$set")" "$alone" "$with_home" \
    "$(score "$set" -- "$bin" --knowledge "$equal" batch --json)"
  if ! awk -v a="$alone" -v h="$with_home" 'BEGIN { exit !(h >= a - 0.02) }'; then
    failed=1
    echo "  the library takes this set's questions: $with_home beside the drafts, $alone alone"
  fi
done
for source in "$shared"/statements/*.txt; do
  name=$(basename "$source" .txt)
  set="$shared/eval/statements/$name.jsonl"
  printf '%-44s %7s %7s %7s\n' "$name" \
    "$(score "$set" -- "$bin" --knowledge "$home/$name" batch --json)" \
    "$(score "$set" -- "$bin" --knowledge "$home" batch --json)" \
    "$(score "$set" -- "$bin" --knowledge "$equal" batch --json)"
done
if $check && [ "$failed" = 1 ]; then exit 1; fi
