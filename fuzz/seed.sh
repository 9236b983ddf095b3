#!/usr/bin/env bash
# Seeds the fuzzers' corpora from the test files: each loader input gets a leading
# byte choosing the column spec (see fuzz_targets/common.rs), 0 (score and label
# only) and 1 (with weight, id, ts and segment). Usage: fuzz/seed.sh
set -euo pipefail
cd "$(dirname "$0")"
seed() {  # target file...
  local target=$1; shift
  mkdir -p "corpus/$target"
  for f in "$@"; do
    for choice in 0 1; do
      { printf "\\x0$choice"; cat "$f"; } > "corpus/$target/$(basename "$f").$choice"
    done
  done
}
seed csv ../tests/data/input/*.csv ../tests/data/input/*.tsv ../tests/data/*.csv
seed ndjson ../tests/data/input/*.ndjson ../tests/data/input/*.json ../tests/data/*.ndjson
seed parquet ../tests/data/input/*.parquet ../tests/data/*.parquet
mkdir -p corpus/yaml
i=0; for f in ../samples/*/*.yaml; do cp "$f" "corpus/yaml/sample-$i.yaml"; i=$((i+1)); done
