# Sourced by the scripts of tests/ingest/ (run from anywhere, with `[--check] [BINARY]`): moves to
# the repository's root and sets `check` (true with --check), `bin` (BINARY, default
# target/release/communique, built if missing), `shared` (COMMUNIQUE_SHARED, default ../shared)
# and `work` (a temporary directory removed on exit). Without the shared statements and grader it
# says SKIPPED and exits 0: a loud skip, never a silent pass.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[1]}")/../.."

check=false
if [ "${1:-}" = "--check" ]; then check=true; shift; fi
bin=${1:-target/release/communique}
shared=${COMMUNIQUE_SHARED:-../shared}
if [ ! -d "$shared/statements" ] || [ ! -f "$shared/eval/grade.py" ]; then
  echo "SKIPPED: $shared/statements or $shared/eval/grade.py is missing" >&2
  exit 0
fi
if [ ! -x "$bin" ]; then
  cargo build --release --no-default-features --quiet
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
