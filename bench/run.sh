#!/usr/bin/env bash
# Times `tradeoff report` against the scikit-learn baseline (bench/sklearn_baseline.py)
# and the polars floor (bench/polars_floor.py) on the same files: whole processes,
# interleaved (tradeoff, sklearn, floor, tradeoff, sklearn, floor, …), REPS rounds per
# (variant, format, size, context), wall time and peak RSS from GNU time. Writes
# bench/results/<date>.md (medians, peak RSS, ratios, machine) and the raw runs next
# to it (<date>.tsv).
#
#   bench/run.sh                       # 1M and 10M rows, every variant, format, context
#   bench/run.sh --huge                # also 100M rows (Parquet only)
#   bench/run.sh --sizes 1m --variants full64 --formats parquet --contexts core --reps 3
#   bench/run.sh --tools "sklearn floor"   # without tradeoff (no binary needed)
#
# The release binary must exist: this script never builds it (cargo build --release
# --locked first, with nothing else running). Missing data files are generated with
# bench/make_data.py (about 2 s per million rows and file, in constant memory; 1M rows
# is ~30 MB of Parquet or ~95 MB of CSV, so 100M rows ~3 GB of Parquet). PYTHON defaults to /work/venv-bench/bin/python, a venv with numpy, pandas,
# pyarrow, polars and scikit-learn; TRADEOFF to target/release/tradeoff.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-/work/venv-bench/bin/python}
TRADEOFF=${TRADEOFF:-target/release/tradeoff}
SIZES="1m 10m"
VARIANTS="full64 float32 rounded"
FORMATS="parquet csv"
CONTEXTS="core full"
TOOLS="tradeoff sklearn floor"
REPS=5
HUGE=0
while [ $# -gt 0 ]; do
  case $1 in
    --sizes) SIZES=$2; shift 2 ;;
    --variants) VARIANTS=$2; shift 2 ;;
    --formats) FORMATS=$2; shift 2 ;;
    --contexts) CONTEXTS=$2; shift 2 ;;
    --tools) TOOLS=$2; shift 2 ;;
    --reps) REPS=$2; shift 2 ;;
    --huge) HUGE=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

die() { echo "run.sh: $*" >&2; exit 1; }
has_tool() { [[ " $TOOLS " == *" $1 "* ]]; }

[ -x "$PYTHON" ] || die "no Python at $PYTHON; create it: python3 -m venv /work/venv-bench && /work/venv-bench/bin/pip install numpy pandas pyarrow polars scikit-learn (or set PYTHON)"
"$PYTHON" -c 'import numpy, pandas, pyarrow, polars, sklearn' 2>/dev/null \
  || die "$PYTHON lacks one of numpy, pandas, pyarrow, polars, scikit-learn"
if has_tool tradeoff; then
  [ -x "$TRADEOFF" ] || die "$TRADEOFF not found or not executable. This script does not build it: run 'cargo build --release --locked' first (or set TRADEOFF, or leave it out with --tools \"sklearn floor\")."
fi
/usr/bin/time -f '%e %M' -o /dev/null true 2>/dev/null \
  || die "GNU time is needed at /usr/bin/time (Debian: apt-get install time)"

rows_of() {  # 20k -> 20000, 1m -> 1000000
  case $1 in
    *k) echo $(( ${1%k} * 1000 )) ;;
    *m) echo $(( ${1%m} * 1000000 )) ;;
    *) echo "$1" ;;
  esac
}

DATA=bench/data
OUT=$DATA/out
mkdir -p "$DATA" "$OUT" bench/results
STAMP=$(date +%F)
[ -e "bench/results/$STAMP.md" ] && STAMP=$(date +%F-%H%M%S)
RESULT=bench/results/$STAMP.md
RAW=bench/results/$STAMP.tsv
printf 'variant\tformat\tsize\tcontext\trep\ttool\twall_s\tpeak_kib\n' > "$RAW"
CHECKS=$(mktemp)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP" "$CHECKS"' EXIT

# The two business contexts, written next to the data (paths are relative to the YAML).
write_context() {  # kind data-file yaml-file title
  local kind=$1 file=$2 yaml=$3 title=$4
  {
    echo "title: Benchmark ($kind) — $title"
    echo "date: 2026-11-28"
    echo "data:"
    echo "  path: $(basename "$file")"
    echo "  score: score"
    echo "  label: label"
    if [ "$kind" = full ]; then
      echo "  id: id"
      echo "  timestamp: timestamp"
      echo "  show: [amount, merchant]"
      echo "  segments: [segment]"
    fi
    echo "business:"
    echo "  positive: fraudulent transaction"
    echo "  negative: valid transaction"
    echo "  action: sent to manual review"
    echo "  volume_per_day: 8280"
    [ "$kind" = full ] && echo "  capacity_per_day: 500"
    echo "thresholds:"
    echo "  current: 0.5"
  } > "$yaml"
}

measure() {  # variant format size context rep tool command...
  local cell="$1	$2	$3	$4	$5	$6" tool=$6; shift 6
  if ! /usr/bin/time -f '%e %M' -o "$TMP/time" "$@" > "$TMP/stdout" 2> "$TMP/stderr"; then
    echo "run.sh: failed: $*" >&2
    tail -n 20 "$TMP/stderr" >&2
    exit 1
  fi
  local wall rss
  read -r wall rss < <(tail -n 1 "$TMP/time")
  printf '%s\t%s\t%s\n' "$cell" "$wall" "$rss" >> "$RAW"
  printf '  %-8s %6.2f s %8.0f MiB\n' "$tool" "$wall" "$((rss / 1024))" >&2
}

CELLS=()
for size in $SIZES; do
  for variant in $VARIANTS; do
    for format in $FORMATS; do CELLS+=("$variant $format $size"); done
  done
done
if [ "$HUGE" = 1 ]; then
  for variant in $VARIANTS; do CELLS+=("$variant parquet 100m"); done
fi

echo "run.sh: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at start; results in $RESULT" >&2
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
for cell in "${CELLS[@]}"; do
  read -r variant format size <<< "$cell"
  file=$DATA/$variant-$size.$format
  if [ ! -f "$file" ]; then
    "$PYTHON" bench/make_data.py --rows "$(rows_of "$size")" --variant "$variant" --format "$format" >/dev/null
  fi
  for context in $CONTEXTS; do
    yaml=$DATA/$variant-$size-$format.$context.yaml
    write_context "$context" "$file" "$yaml" "$variant, $size rows, $format"
    name=$variant-$size-$format-$context
    echo "== $name" >&2
    cat "$file" > /dev/null  # the file in the page cache before the first timed run
    for rep in $(seq 1 "$REPS"); do
      if has_tool tradeoff; then
        measure "$variant" "$format" "$size" "$context" "$rep" tradeoff \
          "$TRADEOFF" report "$yaml" -o "$OUT/$name.html" --json "$OUT/$name.tradeoff.json"
      fi
      if has_tool sklearn; then
        measure "$variant" "$format" "$size" "$context" "$rep" sklearn \
          "$PYTHON" bench/sklearn_baseline.py "$file" --context "$context" --json "$OUT/$name.sklearn.json"
      fi
      if has_tool floor; then
        measure "$variant" "$format" "$size" "$context" "$rep" floor \
          "$PYTHON" bench/polars_floor.py "$file" --context "$context"
      fi
    done
    printf '%s\t%s\t%s\n' "$name" "$OUT/$name.tradeoff.json" "$OUT/$name.sklearn.json" >> "$CHECKS"
  done
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo "# Benchmark results, $(date '+%F %H:%M %Z')"
  echo
  echo "Command: \`PYTHON=$PYTHON bench/run.sh --sizes '$SIZES' --variants '$VARIANTS' --formats '$FORMATS' --contexts '$CONTEXTS' --tools '$TOOLS' --reps $REPS$([ "$HUGE" = 1 ] && echo ' --huge')\`"
  echo
  echo "**Machine.** $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -n1)),"\
       "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) memory,"\
       "$( . /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"), kernel $(uname -r)."\
       "Load average $LOAD_START at start, $LOAD_END at the end."
  echo
  echo -n "**Software.** "
  if has_tool tradeoff; then echo -n "$("$TRADEOFF" --version) ($TRADEOFF, modified $(date -r "$TRADEOFF" '+%F %H:%M')); "; fi
  "$PYTHON" -c 'import sys, numpy, pandas, pyarrow, polars, sklearn; print(f"Python {sys.version.split()[0]}, numpy {numpy.__version__}, pandas {pandas.__version__}, pyarrow {pyarrow.__version__}, polars {polars.__version__}, scikit-learn {sklearn.__version__}.")'
  echo
  "$PYTHON" - "$RAW" "$CHECKS" "$REPS" <<'EOF'
import csv, json, statistics, sys
from collections import defaultdict

raw, checks, reps = sys.argv[1], sys.argv[2], sys.argv[3]
runs = defaultdict(list)
order = []
with open(raw) as f:
    for r in csv.DictReader(f, delimiter="\t"):
        key = (r["variant"], r["format"], r["size"], r["context"])
        if key not in order:
            order.append(key)
        runs[key + (r["tool"],)].append((float(r["wall_s"]), int(r["peak_kib"])))

def check(name, tradeoff_json, sklearn_json):
    try:
        t, s = json.load(open(tradeoff_json)), json.load(open(sklearn_json))
    except (OSError, ValueError):
        return "—"
    try:
        pairs = [(t["data"]["rows"], s["rows"]), (t["data"]["positives"], s["positives"]),
                 (t["metrics"]["roc_auc"], s["roc_auc"]),
                 (t["metrics"]["average_precision"], s["average_precision"])]
    except (KeyError, TypeError):
        return "? (JSON shape)"
    worst = max(abs(a - b) for a, b in pairs)
    return "same" if worst <= 1e-9 else f"differ by {worst:.2g}"

verdicts = {}
with open(checks) as f:
    for line in f:
        name, tj, sj = line.rstrip("\n").split("\t")
        verdicts[name] = check(name, tj, sj)

def cell(key, tool):
    got = runs.get(key + (tool,))
    if not got:
        return None, None, "—"
    wall = statistics.median(w for w, _ in got)
    rss = max(m for _, m in got) / 1024
    return wall, rss, f"{wall:.2f} s, {rss:,.0f} MiB"

def ratio(a, b):
    return f"{a / b:.2f}×" if a and b else "—"

print(f"Median wall time of {reps} runs and the largest peak RSS (max resident set) of those runs;"
      " whole processes, interleaved tradeoff → sklearn → floor, the file in the page cache."
      " `core`: score and label only; `full`: also id, timestamp, `show: [amount, merchant]`,"
      " `segments: [segment]`, capacity. *check*: rows, positives, ROC AUC and average precision"
      " of tradeoff's JSON against scikit-learn's (|Δ| ≤ 1e-9 is `same`).")
print()
print("| variant | format | rows | context | tradeoff | scikit-learn | polars floor"
      " | tradeoff / floor (time, RSS) | sklearn / tradeoff (time, RSS) | check |")
print("|---|---|---|---|---|---|---|---|---|---|")
for key in order:
    variant, fmt, size, context = key
    tw, tm, ts = cell(key, "tradeoff")
    sw, sm, ss = cell(key, "sklearn")
    fw, fm, fs = cell(key, "floor")
    name = f"{variant}-{size}-{fmt}-{context}"
    print(f"| {variant} | {fmt} | {size.upper()} | {context} | {ts} | {ss} | {fs}"
          f" | {ratio(tw, fw)}, {ratio(tm, fm)} | {ratio(sw, tw)}, {ratio(sm, tm)} | {verdicts.get(name, '—')} |")
print()
print("Variants: `full64` float64 scores, every one distinct, plain strings; `float32` the same"
      " scores stored as float32; `rounded` scores rounded to 6 decimals with dictionary-encoded"
      " strings (the first benchmark's conditions). See bench/make_data.py.")
EOF
} > "$RESULT"
cat "$RESULT"
echo "run.sh: wrote $RESULT and $RAW" >&2
