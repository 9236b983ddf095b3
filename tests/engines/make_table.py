"""Writes the evaluation table the engine tests run on: N rows of a fraud-like
model over 35 days around a daylight-saving change, with a sampling weight per
country, a money column and 5-decimal scores. Seeded, so the same N gives the
same file.

    python make_table.py OUT.parquet N
"""

import sys

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    rng = np.random.default_rng(14)
    countries = np.array(["US", "GB", "DE", "FR", "NG", "BR"])
    country = rng.choice(len(countries), size=n, p=[0.4, 0.2, 0.15, 0.12, 0.05, 0.08])
    label = (rng.random(n) < np.array([0.03, 0.02, 0.02, 0.03, 0.08, 0.05])[country]).astype(np.int64)
    score = np.where(label == 1, rng.beta(5, 2, n), rng.beta(1.2, 8, n)).round(5)
    start = np.datetime64("2026-03-10T00:00:00", "ms").astype(np.int64)
    ts = start + rng.integers(0, 35 * 86_400_000, n)
    amount = np.round(rng.lognormal(4, 1, n), 2)
    # Sampling weights: each country was sampled at its own rate.
    weight = np.array([1.0, 2.0, 2.0, 1.5, 4.0, 2.5])[country]
    table = pa.table(
        {
            "case_id": pa.array([f"c-{i:07d}" for i in range(n)]),
            "ts": pa.array(ts, type=pa.timestamp("ms", tz="UTC")),
            "score": score,
            "label": label,
            "amount": amount,
            "country": pa.array(countries[country]),
            "weight": weight,
        }
    )
    pq.write_table(table, out)


if __name__ == "__main__":
    main()
