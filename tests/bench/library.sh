#!/usr/bin/env bash
# Whole-process figures of a library of 100 statement packages (docs/performance.md):
#   - wall time and peak RSS of `communique --knowledge DIR ask "..."` (load + one question);
#   - peak RSS of `communique --knowledge DIR batch --json` over every question of ../shared/eval.
# The packages are drafted with `communique ingest` from ../shared/statements (or the built-in
# package's text when that is absent) and replicated under new ids up to 100, in a temporary
# directory that is removed afterwards. Needs GNU time (Debian: apt-get install -y time).
#   bash tests/bench/library.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

command -v /usr/bin/time >/dev/null || { echo "library.sh needs GNU time (apt-get install -y time)" >&2; exit 1; }

cargo build --release --no-default-features --quiet
bin=target/release/communique
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

shared=../shared
[ -d "$shared" ] || shared=../../shared
sources=("$shared"/statements/*.txt)
if [ ! -e "${sources[0]}" ]; then
  sources=(knowledge/*/source.txt)
fi
n=${#sources[@]}
for i in $(seq 0 99); do
  src=${sources[$((i % n))]}
  id=$(basename "$src" .txt | sed 's/^[0-9]*_//')
  [ "$id" = source ] && id=$(basename "$(dirname "$src")")
  out="$work/lib/$id-r$(printf %03d "$i")"
  if [ "$i" -lt "$n" ]; then
    "$bin" ingest "$src" --out "$out" --date 2024-01-01 >/dev/null
  else
    cp -r "$work/lib/$id-r$(printf %03d $((i % n)))" "$out"
  fi
done
echo "100 packages in $work/lib from ${n} statement text(s)"

python3 - "$shared" "$work/questions.txt" <<'PY'
import json, pathlib, sys
eval_dir = pathlib.Path(sys.argv[1]) / "eval"
files = [eval_dir / "dev.jsonl", *sorted((eval_dir / "statements").glob("*.jsonl"))]
qs = [json.loads(l)["q"].replace("\n", " ") for f in files if f.exists() for l in f.read_text().splitlines() if l.strip()]
pathlib.Path(sys.argv[2]).write_text("\n".join(qs or ["When will the free trade talks conclude?"]) + "\n")
PY

echo "== ask (load 100 packages + one question), 5 runs"
for _ in 1 2 3 4 5; do
  /usr/bin/time -f "%e s wall, %U s user, %M KB peak RSS" "$bin" --knowledge "$work/lib" ask "When will the free trade talks conclude?" 2>&1 >/dev/null | tail -1
done
echo "== batch --json over $(wc -l <"$work/questions.txt") questions"
/usr/bin/time -f "%e s wall, %U s user, %M KB peak RSS" "$bin" --knowledge "$work/lib" batch --json <"$work/questions.txt" 2>&1 >/dev/null | tail -1
