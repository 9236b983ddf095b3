"""The scikit-learn baseline for the benchmark: the same work `tradeoff report` does
on bench/data/eval10m.parquet, done the usual Python way.

Reads score and label from the Parquet file (pyarrow), sweeps every distinct score
with sklearn.metrics.roc_curve (drop_intermediate=False), computes ROC AUC and average
precision, finds the target thresholds, and prints the per-day table (flagged, caught,
missed, false alarms, with Wilson 95 % ranges) for current, candidates and targets.
"""

import sys

import numpy as np
import pyarrow.parquet as pq
from sklearn.metrics import average_precision_score, roc_auc_score, roc_curve

VOLUME, PREVALENCE = 8280.0, 0.0338
Z = 1.959963984540054


def wilson(p, n):
    denominator = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / denominator
    half = Z * np.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / denominator
    return centre - half, centre + half


def main(path):
    table = pq.read_table(path, columns=["score", "label"])
    score = table["score"].to_numpy()
    label = table["label"].to_numpy() == 1
    positives, negatives = label.sum(), (~label).sum()
    fpr, tpr, thresholds = roc_curve(label, score, drop_intermediate=False)
    auc = roc_auc_score(label, score)
    ap = average_precision_score(label, score)
    p_day, n_day = VOLUME * PREVALENCE, VOLUME * (1 - PREVALENCE)
    flagged = p_day * tpr + n_day * fpr
    precision = np.divide(p_day * tpr, flagged, out=np.zeros_like(flagged), where=flagged > 0)
    points = {"current": 0.5, "cautious": 0.3, "relaxed": 0.7}
    # Targets, with the same rules as tradeoff (thresholds run high to low).
    points["max_false_negative_rate"] = thresholds[np.argmax(1 - tpr <= 0.05)]
    points["max_flagged_per_day"] = thresholds[np.nonzero(flagged <= 500)[0][-1]]
    points["min_precision"] = thresholds[np.nonzero(precision >= 0.5)[0][-1]]
    print(f"rows {len(score)}  positives {positives}  distinct scores {len(thresholds) - 1}")
    print(f"ROC AUC {auc:.6f}  average precision {ap:.6f}")
    for name, t in points.items():
        # Index of the lowest listed threshold still >= t.
        i = np.searchsorted(-thresholds, -t, side="right") - 1
        t_lo, t_hi = wilson(tpr[i], positives)
        f_lo, f_hi = wilson(fpr[i], negatives)
        print(f"{name:>24} {t:.6f}  flagged {flagged[i]:.1f}  caught {p_day * tpr[i]:.1f} ({p_day * t_lo:.1f}-{p_day * t_hi:.1f})"
              f"  missed {p_day * (1 - tpr[i]):.1f}  false alarms {n_day * fpr[i]:.1f} ({n_day * f_lo:.1f}-{n_day * f_hi:.1f})")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/data/eval10m.parquet")
