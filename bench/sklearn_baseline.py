"""The scikit-learn baseline: the work `tradeoff report` does for the benchmark's
contexts, done the usual Python way, as one whole process.

    $PYTHON bench/sklearn_baseline.py FILE.parquet|FILE.csv --context core|full [--json OUT]

Reads the file with pandas (pyarrow engine for both Parquet and CSV), only the columns
the context needs:

- core: score, label. Sweeps every distinct score with roc_curve
  (drop_intermediate=False) and precision_recall_curve, computes roc_auc_score and
  average_precision_score, and the counts at the current threshold 0.5 (flagged =
  score >= 0.5) with Wilson 95 % ranges, projected to 8,280 cases a day at the
  evaluation prevalence.
- full: the same, plus timestamp and segment: the daily table (UTC days: cases,
  positives, flagged, caught, missed, false alarms at 0.5, and the share of days whose
  flagged cases, projected to 8,280 a day, exceed the capacity of 500) and the same
  counts per segment.

It does not fetch the example rows (id, amount, merchant) that tradeoff shows, and
writes no page: it does less than tradeoff, not more. --json writes the figures that
bench/run.sh compares with tradeoff's JSON summary.
"""

import argparse
import json
import sys

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve

VOLUME, CAPACITY, CURRENT = 8280.0, 500.0, 0.5
Z = 1.959963984540054


def wilson(k, n):
    if n == 0:
        return float("nan"), float("nan")
    p = k / n
    denominator = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / denominator
    half = Z * np.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / denominator
    return centre - half, centre + half


def read(path, columns):
    if path.endswith(".parquet"):
        return pd.read_parquet(path, columns=columns, engine="pyarrow")
    if path.endswith(".csv"):
        return pd.read_csv(path, usecols=columns, engine="pyarrow")
    sys.exit(f"{path}: expected .parquet or .csv")


def counts(frame):
    """Cases, positives and the confusion counts at CURRENT for each group of `frame`."""
    return pd.DataFrame({
        "cases": frame.size(),
        "positives": frame["positive"].sum(),
        "flagged": frame["flagged"].sum(),
        "caught": frame["caught"].sum(),
        "false_alarms": frame["false_alarm"].sum(),
    }).assign(missed=lambda t: t["positives"] - t["caught"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--context", choices=("core", "full"), default="core")
    parser.add_argument("--json", help="write the headline figures here")
    args = parser.parse_args()
    full = args.context == "full"
    df = read(args.path, ["score", "label"] + (["timestamp", "segment"] if full else []))

    score = df["score"].to_numpy(dtype=np.float64)
    label = df["label"].to_numpy() == 1
    positives, negatives = int(label.sum()), int((~label).sum())

    # The sweep at every distinct score, and the summary metrics.
    fpr, tpr, thresholds = roc_curve(label, score, drop_intermediate=False)
    precision, recall, _ = precision_recall_curve(label, score)
    auc = roc_auc_score(label, score)
    ap = average_precision_score(label, score)

    # The current threshold, counted and projected to a day of production.
    flagged = score >= CURRENT
    tp = int((flagged & label).sum())
    fp = int((flagged & ~label).sum())
    prevalence = positives / len(score)
    p_day, n_day = VOLUME * prevalence, VOLUME * (1 - prevalence)
    t_lo, t_hi = wilson(tp, positives)
    f_lo, f_hi = wilson(fp, negatives)
    print(f"rows {len(score)}  positives {positives}  distinct scores {len(thresholds) - 1}"
          f"  PR points {len(precision)}")
    print(f"ROC AUC {auc:.6f}  average precision {ap:.6f}")
    print(f"at {CURRENT}: flagged {tp + fp}  caught {tp}  missed {positives - tp}  false alarms {fp}")
    print(f"per day: caught {p_day * tp / positives:.1f} ({p_day * t_lo:.1f}-{p_day * t_hi:.1f})"
          f"  missed {p_day * (1 - tp / positives):.1f}"
          f"  false alarms {n_day * fp / negatives:.1f} ({n_day * f_lo:.1f}-{n_day * f_hi:.1f})")

    summary = {"rows": len(score), "positives": positives, "distinct_scores": len(thresholds) - 1,
               "roc_auc": auc, "average_precision": ap,
               "current": {"threshold": CURRENT, "flagged": tp + fp, "caught": tp, "false_alarms": fp}}

    if full:
        work = pd.DataFrame({
            "day": df["timestamp"].dt.tz_convert("UTC").dt.floor("D") if isinstance(
                df["timestamp"].dtype, pd.DatetimeTZDtype) else pd.to_datetime(
                df["timestamp"], utc=True, format="ISO8601").dt.floor("D"),
            "segment": df["segment"],
            "positive": label,
            "flagged": flagged,
            "caught": flagged & label,
            "false_alarm": flagged & ~label,
        })
        daily = counts(work.groupby("day", observed=True))
        projected = daily["flagged"] / daily["cases"] * VOLUME
        overflow = float((projected > CAPACITY).mean())
        segments = counts(work.groupby("segment", observed=True))
        segments["prevalence"] = segments["positives"] / segments["cases"]
        segments["recall"] = segments["caught"] / segments["positives"]
        print(f"days {len(daily)}  share of days over capacity {overflow:.3f}")
        print(daily.head(3).to_string())
        print(segments.to_string())
        summary["days"] = len(daily)
        summary["segments"] = len(segments)
        summary["capacity_overflow_share_of_days"] = overflow

    if args.json:
        with open(args.json, "w") as out:
            json.dump(summary, out, indent=2)


if __name__ == "__main__":
    main()
