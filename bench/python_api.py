"""tradeoff.report on a polars DataFrame in memory, for the benchmark's
comparison with the command line on the same rows as Parquet (docs/src/python.md).

    $PYTHON bench/python_api.py bench/data/full64-10m.parquet CONTEXT.yaml

Prints one JSON line: the seconds to read the Parquet file into polars (the
user's own step, not counted), the seconds of tradeoff.report, the resident
memory after the read and the peak (MiB, from /proc/self/status), so the report's
own memory is the peak less the frame.
"""

import json
import sys
import time

import polars as pl

import tradeoff


def status(key: str) -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    return 0.0


file, context = sys.argv[1], sys.argv[2]
start = time.perf_counter()
frame = pl.read_parquet(file)
read = time.perf_counter() - start
after_read = status("VmRSS:")
peak_before = status("VmHWM:")
start = time.perf_counter()
report = tradeoff.report(frame, context)
seconds = time.perf_counter() - start
print(json.dumps({
    "rows": frame.height,
    "read_s": round(read, 2),
    "report_s": round(seconds, 2),
    "rss_after_read_mib": round(after_read),
    "peak_before_report_mib": round(peak_before),
    "peak_mib": round(status("VmHWM:")),
    "roc_auc": report.summary["metrics"]["roc_auc"],
}))
