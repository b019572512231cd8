#!/usr/bin/env bash
# Whole-process figures of the release binary (docs/performance.md):
#   - wall time of `communique ask "..."` (hyperfine, no shell, after warm-up);
#   - peak RSS of `communique batch --json` over 10,000 questions (/usr/bin/time -v);
#   - batch throughput on one core (taskset -c 0), in questions per second.
# Needs hyperfine and GNU time (Debian: apt-get install -y hyperfine time).
#   bash tests/bench/process.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

for tool in hyperfine /usr/bin/time taskset python3; do
  command -v "$tool" >/dev/null || { echo "process.sh needs $tool (apt-get install -y hyperfine time util-linux)" >&2; exit 1; }
done

cargo build --release --quiet
bin=target/release/communique
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 10,000 questions: the dev questions repeated (or the knowledge's examples without the dev set).
python3 - "$work/questions.txt" <<'PY'
import json, pathlib, re, sys
dev = pathlib.Path("../shared/eval/dev.jsonl")
if dev.exists():
    qs = [json.loads(line)["q"] for line in dev.read_text().splitlines() if line.strip()]
else:
    text = "".join(p.read_text() for p in sorted(pathlib.Path("knowledge").glob("*/facts.toml")))
    qs = [q for m in re.finditer(r"^examples = (\[.*\])$", text, re.M) for q in json.loads(m.group(1))]
lines = (qs * (10_000 // len(qs) + 1))[:10_000]
pathlib.Path(sys.argv[1]).write_text("\n".join(lines) + "\n")
PY

echo "== ask: wall time of one whole process"
hyperfine -N --warmup 10 --runs 200 --export-json "$work/ask.json" \
  "$bin ask 'When will the free trade talks conclude?'"

echo
echo "== batch --json over 10,000 questions: peak memory"
/usr/bin/time -v "$bin" batch --json <"$work/questions.txt" >/dev/null 2>"$work/time.txt" || true
grep -E "Maximum resident set size|Elapsed \(wall clock\)" "$work/time.txt"

echo
echo "== batch --json over 10,000 questions on one core: throughput"
hyperfine --warmup 2 --runs 10 --export-json "$work/batch.json" \
  "taskset -c 0 $bin batch --json <$work/questions.txt >/dev/null"

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
ask = json.load(open(f"{work}/ask.json"))["results"][0]
batch = json.load(open(f"{work}/batch.json"))["results"][0]
rss_kb = next(int(l.split(":")[1]) for l in open(f"{work}/time.txt") if "Maximum resident" in l)
print()
print("figure                                   measured        target")
print(f"ask, wall time (median of 200)           {ask['median']*1000:7.2f} ms      <= 20 ms")
print(f"batch --json, 10,000 questions, peak RSS {rss_kb/1024:7.2f} MiB     <= 20 MiB")
print(f"batch throughput, one core               {10_000/batch['median']:9,.0f} q/s  >= 50,000 q/s")
PY
