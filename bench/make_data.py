"""Generates the benchmark's evaluation sets: fraud-like rows, Parquet and CSV.

    $PYTHON bench/make_data.py --rows 1M                      # every variant, both formats
    $PYTHON bench/make_data.py --rows 100M --variant full64 --format parquet

Deterministic: chunk k of 1,000,000 rows comes from numpy PCG64 seeded with
(20261128, k), so a file's first million rows are the same whatever its size, and
generation streams chunk by chunk (one chunk in memory; 100 M rows need no more
memory than 1 M). One Parquet row group per chunk.

Columns, in this order:

    id         text, "tx-0000000001" … (plain strings, every value distinct)
    timestamp  Parquet timestamp[ms, UTC]; CSV ISO 8601 text "2026-10-01T07:46:18.123Z";
               uniform over the 28 days from 2026-10-01T00:00Z
    segment    text, 8 payment channels; their fraud rates differ
    merchant   text, 2,000 merchants, Zipf-like popularity
    amount     float64, log-normal, in cents (2 decimals)
    score      float64 logistic of a normal mixture (label 1: N(2.0, 1.6), label 0:
               N(-3.4, 1.5)), never rounded; the lowest 27 mantissa bits are replaced
               by a bijection of the row number, so every score in a file is distinct
               (a relative change below 3e-8; allows up to 2^27 = 134 M rows)
    label      int8, 1 for ~3.4 % of rows

Variants (file <variant>-<size>.<parquet|csv> in bench/data/, e.g. full64-1m.parquet):

    full64   float64 scores, plain (not dictionary-encoded) strings — what a model's
             evaluation export looks like
    float32  the same scores stored as float32 (ties appear: ~16 M values in (0, 1))
    rounded  scores rounded to 6 decimals (many ties) and dictionary-encoded segment
             and merchant — the conditions of the first benchmark, kept for comparison
             (in CSV only the rounding differs)

A <file>.meta.json next to each file records rows, positives and generator settings.
Files are written under a temporary name and renamed when complete.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

SEED = 20261128
CHUNK = 1_000_000
START_MS = 1_790_812_800_000  # 2026-10-01T00:00:00Z
DAYS = 28
POSITIVE_RATE = 0.034
LOW_BITS = 27  # mantissa bits replaced by the scrambled row number
VARIANTS = ("full64", "float32", "rounded")
FORMATS = ("parquet", "csv")
OUT = Path(__file__).resolve().parent / "data"

SEGMENTS = np.array(["card-present", "card-not-present", "contactless", "mobile-wallet",
                     "recurring", "bank-transfer", "atm-withdrawal", "gift-card"])
# Share of each segment among negatives and among positives (fraud leans to card-not-present,
# wallets and gift cards).
SEGMENT_NEG = np.array([0.30, 0.22, 0.18, 0.12, 0.08, 0.05, 0.04, 0.01])
SEGMENT_POS = np.array([0.08, 0.38, 0.06, 0.17, 0.03, 0.10, 0.05, 0.13])
MERCHANTS = np.array([f"merchant-{k:04d}" for k in range(1, 2001)])
MERCHANT_P = 1.0 / (np.arange(1, 2001) + 10.0)
MERCHANT_P /= MERCHANT_P.sum()


def parse_rows(text):
    text = text.strip().lower().replace("_", "").replace(",", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * scale)


def size_label(rows):
    if rows % 1_000_000 == 0:
        return f"{rows // 1_000_000}m"
    if rows % 1_000 == 0:
        return f"{rows // 1_000}k"
    return str(rows)


def file_name(variant, rows, fmt):
    return f"{variant}-{size_label(rows)}.{fmt}"


def ids(first, n):
    """Plain string array "tx-%010d" for rows first+1 … first+n, built without Python strings."""
    width = 13
    number = np.arange(first + 1, first + n + 1, dtype=np.int64)
    chars = np.empty((n, width), dtype=np.uint8)
    chars[:, :3] = np.frombuffer(b"tx-", dtype=np.uint8)
    for position in range(10):
        chars[:, width - 1 - position] = 48 + number % 10
        number //= 10
    offsets = pa.py_buffer((np.arange(n + 1, dtype=np.int32) * width).tobytes())
    return pa.Array.from_buffers(pa.string(), n, [None, offsets, pa.py_buffer(chars.tobytes())])


def chunk(index, n):
    """Chunk `index` (rows index*CHUNK … +n) as numpy arrays; depends only on (SEED, index)."""
    rng = np.random.default_rng([SEED, index])
    first = index * CHUNK
    label = rng.random(n) < POSITIVE_RATE
    logit = np.where(label, rng.normal(2.0, 1.6, n), rng.normal(-3.4, 1.5, n))
    score = np.minimum(1.0 / (1.0 + np.exp(-logit)), 1.0 - 2.0**-30)  # stamping must stay below 1
    # Distinct by construction: equal high bits would need equal row numbers.
    row = np.arange(first, first + n, dtype=np.uint64)
    scrambled = (row * np.uint64(0x9E3779B1)) & np.uint64((1 << LOW_BITS) - 1)
    bits = score.view(np.uint64) & ~np.uint64((1 << LOW_BITS) - 1) | scrambled
    score = bits.view(np.float64)
    ts = START_MS + rng.integers(0, DAYS * 86_400_000, n)
    segment = np.where(label, rng.choice(len(SEGMENTS), n, p=SEGMENT_POS),
                       rng.choice(len(SEGMENTS), n, p=SEGMENT_NEG)).astype(np.int32)
    merchant = rng.choice(len(MERCHANTS), n, p=MERCHANT_P).astype(np.int32)
    amount = np.round(np.exp(rng.normal(3.5, 1.1, n) + 0.6 * label), 2)
    return first, label, score, ts, segment, merchant, amount


def table(index, n, variant, fmt):
    first, label, score, ts, segment, merchant, amount = chunk(index, n)
    if variant == "float32":
        score_array = pa.array(score.astype(np.float32))
    elif variant == "rounded":
        score_array = pa.array(np.round(score, 6))
    else:
        score_array = pa.array(score)
    timestamp = pa.array(ts, pa.timestamp("ms", tz="UTC"))
    if fmt == "csv":
        timestamp = pc.strftime(timestamp, format="%Y-%m-%dT%H:%M:%SZ")  # ms unit: "%S" gives "18.123"
    segment_array = pa.DictionaryArray.from_arrays(segment, pa.array(SEGMENTS))
    merchant_array = pa.DictionaryArray.from_arrays(merchant, pa.array(MERCHANTS))
    if variant != "rounded" or fmt == "csv":
        segment_array = segment_array.cast(pa.string())
        merchant_array = merchant_array.cast(pa.string())
    return pa.table({
        "id": ids(first, n),
        "timestamp": timestamp,
        "segment": segment_array,
        "merchant": merchant_array,
        "amount": pa.array(amount),
        "score": score_array,
        "label": pa.array(label.astype(np.int8)),
    })


def generate(variant, fmt, rows, out, force=False):
    path = out / file_name(variant, rows, fmt)
    if path.exists() and not force:
        print(f"{path} exists; skipped (--force to rewrite)", file=sys.stderr)
        return path
    if rows > 1 << LOW_BITS:
        sys.exit(f"at most {1 << LOW_BITS} rows (distinct scores are stamped with {LOW_BITS} bits)")
    tmp = path.with_name(path.name + ".part")
    started = time.time()
    positives = 0
    writer = None
    try:
        for index in range((rows + CHUNK - 1) // CHUNK):
            n = min(CHUNK, rows - index * CHUNK)
            t = table(index, n, variant, fmt)
            positives += int(pc.sum(t["label"]).as_py())
            if writer is None:
                if fmt == "parquet":
                    writer = pq.ParquetWriter(tmp, t.schema, compression="snappy",
                                              use_dictionary=(variant == "rounded"))
                else:
                    sink = open(tmp, "wb")
                    sink.write((",".join(t.column_names) + "\n").encode())
                    writer = pacsv.CSVWriter(sink, t.schema, write_options=pacsv.WriteOptions(
                        include_header=False, quoting_style="none"))
            if fmt == "parquet":
                writer.write_table(t, row_group_size=CHUNK)
            else:
                writer.write_table(t)
    finally:
        if writer is not None:
            writer.close()
            if fmt == "csv":
                sink.close()
    os.replace(tmp, path)
    meta = {
        "file": path.name, "variant": variant, "format": fmt, "rows": rows, "positives": positives,
        "seed": SEED, "chunk_rows": CHUNK, "bytes": path.stat().st_size,
        "score_type": {"float32": "float32", "rounded": "float64 rounded to 6 decimals"}.get(variant, "float64"),
        "strings": "dictionary" if variant == "rounded" and fmt == "parquet" else "plain",
        "pyarrow": pa.__version__, "numpy": np.__version__,
    }
    Path(str(path) + ".meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(f"{path}: {rows:,} rows, {positives:,} positives, {path.stat().st_size / 1e6:,.1f} MB, "
          f"{time.time() - started:.1f} s", file=sys.stderr)
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=parse_rows, default=1_000_000, help="e.g. 20k, 1M, 10M, 100M")
    parser.add_argument("--variant", action="append", choices=VARIANTS, help="repeatable; default all")
    parser.add_argument("--format", action="append", choices=FORMATS, help="repeatable; default both")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--force", action="store_true", help="rewrite existing files")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for variant in args.variant or VARIANTS:
        for fmt in args.format or FORMATS:
            print(generate(variant, fmt, args.rows, args.out, args.force))


if __name__ == "__main__":
    main()
