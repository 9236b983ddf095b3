"""The floor: the least a whole Python process can do and still have what the report
needs in memory — polars' lazy API scans the file, selects the columns the context
names, sorts by score and collects. No sweep, no metrics, no page.

    $PYTHON bench/polars_floor.py FILE.parquet|FILE.csv --context core|full

core selects score and label; full also id, timestamp, amount, merchant and segment
(the id, show and segment columns of the full context). CSV is scanned with polars'
schema inference; for full, timestamps are parsed (try_parse_dates).
"""

import argparse
import sys

import polars as pl


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--context", choices=("core", "full"), default="core")
    args = parser.parse_args()
    full = args.context == "full"
    columns = ["score", "label"] + (["id", "timestamp", "amount", "merchant", "segment"] if full else [])
    if args.path.endswith(".parquet"):
        frame = pl.scan_parquet(args.path)
    elif args.path.endswith(".csv"):
        frame = pl.scan_csv(args.path, try_parse_dates=full)
    else:
        sys.exit(f"{args.path}: expected .parquet or .csv")
    table = frame.select(columns).sort("score").collect()
    print(f"rows {table.height}  lowest score {table['score'][0]}  highest {table['score'][-1]}"
          f"  positives {table['label'].sum()}")


if __name__ == "__main__":
    main()
