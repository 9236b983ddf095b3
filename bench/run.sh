#!/usr/bin/env bash
# Times `tradeoff report` against the scikit-learn baseline on the same 10-million-row
# Parquet file, whole process each, alternating, five rounds; prints wall time and
# peak memory (max RSS) of every run. Needs a Python with scikit-learn and pyarrow:
#   python -m venv /tmp/venv && /tmp/venv/bin/pip install scikit-learn pyarrow
#   PYTHON=/tmp/venv/bin/python bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -f bench/data/eval10m.parquet ] && [ -f bench/data/context-core.yaml ] || "$PYTHON" bench/make_data.py
cargo build --release --locked -q
measure() {
  local label=$1; shift
  /usr/bin/time -f "$label wall %e s  peak %M KiB" "$@" >/dev/null 2>>bench/data/times.txt || { cat bench/data/times.txt; exit 1; }
}
: > bench/data/times.txt
for round in 1 2 3 4 5; do
  measure "tradeoff core" target/release/tradeoff report bench/data/context-core.yaml -o bench/data/core.html --json bench/data/core.json
  measure "tradeoff full" target/release/tradeoff report bench/data/context.yaml -o bench/data/report.html --json bench/data/summary.json
  measure "sklearn      " "$PYTHON" bench/sklearn_baseline.py bench/data/eval10m.parquet
done
grep -E "wall" bench/data/times.txt
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
