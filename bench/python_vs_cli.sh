#!/usr/bin/env bash
# The Python API's benchmark target (issue 25): `tradeoff.report(df)` on a polars
# DataFrame in memory against `tradeoff report` on the same rows as Parquet, both
# from release builds. Whole processes, interleaved (CLI, Python, CLI, Python, …),
# REPS rounds; wall time and peak RSS from GNU time, and the seconds of the
# `tradeoff.report` call alone (bench/python_api.py prints them). Prints a
# markdown table of medians and the ratio.
#
#   PYTHON=venv/bin/python TRADEOFF=venv/bin/tradeoff bench/python_vs_cli.sh [ROWS] [REPS]
#
# ROWS: 10m (default) or 1m, bench/'s full64 Parquet data (made with
# bench/make_data.py when missing); the context is run.sh's "full" one (id,
# timestamp, segments, examples, capacity). PYTHON needs polars and the tradeoff
# package installed from a release build (`maturin build --profile wheel`, then
# pip install the wheel); TRADEOFF is a release `tradeoff` (the wheel's console
# script, or `cargo build --release`'s binary). Nothing here builds anything.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-10m}
REPS=${2:-5}
PYTHON=${PYTHON:?set PYTHON to a Python with polars and a release build of tradeoff}
TRADEOFF=${TRADEOFF:?set TRADEOFF to a release tradeoff command}
DATA=bench/data
FILE=$DATA/full64-$ROWS.parquet
YAML=$DATA/full64-$ROWS-parquet.full.yaml
mkdir -p "$DATA/out"
[ -f "$FILE" ] || "$PYTHON" bench/make_data.py --rows "${ROWS^^}" --variant full64 --format parquet >/dev/null
cat > "$YAML" <<YAML
title: Benchmark (full) — full64, $ROWS rows, parquet
date: 2026-11-28
data:
  path: $(basename "$FILE")
  score: score
  label: label
  id: id
  timestamp: timestamp
  show: [amount, merchant]
  segments: [segment]
business:
  positive: fraudulent transaction
  negative: valid transaction
  action: sent to manual review
  volume_per_day: 8280
  capacity_per_day: 500
thresholds:
  current: 0.5
YAML
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cat "$FILE" > /dev/null  # in the page cache before the first timed run
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
for rep in $(seq 1 "$REPS"); do
  /usr/bin/time -f '%e %M' -o "$TMP/time" "$TRADEOFF" report "$YAML" \
    -o "$DATA/out/python_vs_cli.html" --json "$DATA/out/python_vs_cli.json" >/dev/null 2>"$TMP/err" \
    || { cat "$TMP/err" >&2; exit 1; }
  echo "cli $(cat "$TMP/time")" >> "$TMP/runs"
  /usr/bin/time -f '%e %M' -o "$TMP/time" "$PYTHON" bench/python_api.py "$FILE" "$YAML" \
    > "$TMP/api.json" 2>"$TMP/err" || { cat "$TMP/err" >&2; exit 1; }
  echo "python $(cat "$TMP/time") $(cat "$TMP/api.json")" >> "$TMP/runs"
  echo "python_vs_cli.sh: round $rep of $REPS done" >&2
done
"$PYTHON" - "$TMP/runs" "$DATA/out/python_vs_cli.json" "$LOAD_START" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, os, statistics, sys

runs, cli_json, load_start, load_end = sys.argv[1:]
cli, api = [], []
for line in open(runs):
    tool, wall, kib, *rest = line.split(" ", 3)
    if tool == "cli":
        cli.append((float(wall), int(kib) / 1024))
    else:
        api.append((float(wall), int(kib) / 1024, json.loads(rest[0])))
med = statistics.median
auc = json.load(open(cli_json))["metrics"]["roc_auc"]
print(f"Machine: {os.cpu_count()} cores, load {load_start} at start, {load_end} at the end; {len(cli)} rounds; medians.\n")
print("| | wall | peak RSS |")
print("|---|---:|---:|")
print(f"| `tradeoff report` on the Parquet file | {med(w for w, _ in cli):.2f} s | {med(k for _, k in cli):,.0f} MiB |")
print(f"| Python: `pl.read_parquet` then `tradeoff.report(df)` (whole process) | {med(w for w, _, _ in api):.2f} s | {med(k for _, k, _ in api):,.0f} MiB |")
print(f"| of which `pl.read_parquet` | {med(a['read_s'] for *_, a in api):.2f} s | frame resident: {med(a['rss_after_read_mib'] for *_, a in api):,.0f} MiB |")
print(f"| of which `tradeoff.report(df)` | {med(a['report_s'] for *_, a in api):.2f} s | +{med(a['peak_mib'] - a['peak_before_report_mib'] for *_, a in api):,.0f} MiB above the peak before it |")
ratio = med(a["report_s"] / w for (w, _), (*_, a) in zip(cli, api))
print(f"\n`tradeoff.report(df)` / CLI, pair by pair, median: {ratio:.2f}x (target: at most 1.3x).")
same = all(a["roc_auc"] == auc for *_, a in api)
print(f"ROC AUC: CLI {auc!r}; the API's {'the same' if same else 'DIFFERENT'}.")
PY
