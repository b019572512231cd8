#!/usr/bin/env bash
# Ingests every shared statement (../shared/statements/*.txt, and new/*.txt) into a temporary
# package with zero hand edits and grades it: the graded question set
# (../shared/eval/statements/NAME.jsonl, or new/NAME.jsonl), the
# plain BM25 paragraph retriever on the same set (the floor, tests/ingest/bm25_floor.py), and our
# own probe questions (tests/ingest/probes/NAME.jsonl). Prints one line per statement.
#
#   bash tests/ingest/score.sh [--check] [BINARY]
#
# BINARY defaults to target/release/communique (built if missing); COMMUNIQUE_SHARED names the
# shared directory (default ../shared). With --check it exits non-zero
# unless every statement scores at least 0.85 overall and 0.80 in scope and out of scope, and
# beats the floor.
# shellcheck source=tests/ingest/common.sh
source "$(dirname "$0")/common.sh"
failed=0
printf '%-54s %7s %9s %9s | %7s %9s | %7s | %6s\n' statement score in-scope out-scope floor floor-in probes ms
shopt -s nullglob
for source in "$shared"/statements/*.txt "$shared"/statements/new/*.txt; do
  name=$(basename "$source" .txt)
  # A statement of new/ has its question set in eval/statements/new/.
  sub=${source#"$shared"/statements/}
  sub=${sub%"$name".txt}
  out="$work/$name"
  started=$(date +%s%N)
  "$bin" ingest "$source" --out "$out" >/dev/null
  millis=$(( ($(date +%s%N) - started) / 1000000 ))
  "$bin" --knowledge "$out" check >/dev/null
  "$bin" --knowledge "$out" test >/dev/null
  questions="$shared/eval/statements/$sub$name.jsonl"
  grade() { python3 "$shared/eval/grade.py" "$@"; }
  product=$(grade "$questions" -- "$bin" --knowledge "$out" batch --json)
  floor=$(grade "$questions" -- python3 tests/ingest/bm25_floor.py "$source")
  probes=$(grade "tests/ingest/probes/$name.jsonl" -- "$bin" --knowledge "$out" batch --json)
  score=$(echo "$product" | awk '/^score/ {print $2}')
  in=$(echo "$product" | awk '/^in scope/ {print $(NF-1)}')
  oos=$(echo "$product" | awk '/^out of scope/ {print $(NF-1)}')
  floor_score=$(echo "$floor" | awk '/^score/ {print $2}')
  floor_in=$(echo "$floor" | awk '/^in scope/ {print $(NF-1)}')
  probe_score=$(echo "$probes" | awk '/^score/ {print $2}')
  printf '%-54s %7s %9s %9s | %7s %9s | %7s | %6s\n' "$name" "$score" "$in" "$oos" "$floor_score" "$floor_in" "$probe_score" "$millis"
  share() { echo "$1" | awk -F/ '{printf "%.3f", $1 / $2}'; }
  if ! awk -v s="$score" -v i="$(share "$in")" -v o="$(share "$oos")" -v f="$floor_score" \
      'BEGIN { exit !(s >= 0.85 && i >= 0.80 && o >= 0.80 && s > f) }'; then
    failed=1
    echo "  below the bar (0.85 overall, 0.80 in and out of scope, above the floor)"
  fi
done
# The unseen statements of tests/ingest/unseen/ (fictional, written for testing): their probes
# only, printed for information (no bar, not part of --check).
for source in tests/ingest/unseen/*.txt; do
  name=$(basename "$source" .txt)
  out="$work/unseen-$name"
  "$bin" ingest "$source" --out "$out" >/dev/null
  probes=$(python3 "$shared/eval/grade.py" "tests/ingest/unseen/$name.jsonl" -- "$bin" --knowledge "$out" batch --json)
  printf '%-54s %7s %9s %9s | %7s %9s | %7s |\n' "unseen/$name" - - - - - "$(echo "$probes" | awk '/^score/ {print $2}')"
done
if $check && [ "$failed" = 1 ]; then exit 1; fi
