"""Generates the benchmark's evaluation set: 10 million fraud-like rows in Parquet.

Deterministic (numpy PCG64, seed 20261128): ~3.4 % positives, overlapping
logit-normal score distributions, and extra columns a real export carries
(transaction id, timestamp, amount, merchant, country). Writes bench/data/eval10m.parquet
and bench/data/context.yaml (the full report) and bench/data/context-core.yaml (the
work the scikit-learn baseline also does, plus the page).

    /tmp/venv/bin/python bench/make_data.py [ROWS]
"""

import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
OUT = Path(__file__).resolve().parent / "data"


def main():
    OUT.mkdir(exist_ok=True)
    rng = np.random.default_rng(20261128)
    label = rng.random(ROWS) < 0.034
    logit = np.where(label, rng.normal(2.0, 1.6, ROWS), rng.normal(-3.4, 1.5, ROWS))
    # Rounded to 6 decimals like a typical export, which also creates ties.
    score = np.round(1.0 / (1.0 + np.exp(-logit)), 6)
    start = np.datetime64("2026-10-01T00:00:00", "ms")
    ts = start + rng.integers(0, 42 * 86_400_000, ROWS).astype("timedelta64[ms]")
    merchants = np.array(["Corner Grocery", "FuelStop", "StreamFlix", "Amazonia Online", "City Transit",
                          "Bistro 21", "ElectroMart", "QuickPay Wallet", "Luxe Watches", "GiftCardHub"])
    countries = np.array(["US", "GB", "DE", "FR", "BR", "IN", "NG"])
    table = pa.table({
        "transaction_id": pa.array(np.char.add("tx-", np.arange(ROWS).astype(str))),
        "ts": pa.array(ts),
        "score": pa.array(score),
        "label": pa.array(label.astype(np.int8)),
        "amount": pa.array(np.round(np.exp(rng.normal(3.5, 1.1, ROWS)), 2)),
        "merchant": pa.DictionaryArray.from_arrays(rng.integers(0, len(merchants), ROWS).astype(np.int32), merchants),
        "country": pa.DictionaryArray.from_arrays(rng.integers(0, len(countries), ROWS).astype(np.int32), countries),
    })
    pq.write_table(table, OUT / "eval10m.parquet", row_group_size=1_000_000)
    context = """title: Benchmark — 10 million fraud-like evaluations
date: 2026-11-28
data:
  path: eval10m.parquet
  score: score
  label: label
  id: transaction_id
  timestamp: ts
  show: [amount, merchant]
  segments: [country]
business:
  positive: fraudulent transaction
  negative: valid transaction
  action: sent to manual review
  volume_per_day: 8280
  prevalence: 0.0338
  capacity_per_day: 500
  currency: USD
  costs: { false_positive: 5, false_negative: 150, true_positive: 5 }
thresholds:
  current: 0.5
  candidates:
    - { name: cautious, threshold: 0.3 }
    - { name: relaxed, threshold: 0.7 }
  targets:
    max_false_negative_rate: 0.05
    max_flagged_per_day: 500
    min_precision: 0.5
"""
    (OUT / "context.yaml").write_text(context)
    # The same work as the scikit-learn baseline (sweep, per-day table, targets) plus
    # the page and its examples, without the day-by-day and segment breakdowns.
    core = "\n".join(line for line in context.splitlines() if not line.startswith(("  timestamp:", "  segments:")))
    (OUT / "context-core.yaml").write_text(core.replace("10 million fraud-like evaluations", "10 million fraud-like evaluations (core)") + "\n")


if __name__ == "__main__":
    main()
