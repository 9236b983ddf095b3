"""The bound on how far a grouped Kolmogorov-Smirnov statistic may fall below
the raw one (tests/integration/engines_monitor.rs): the largest share of cases in
one score group of the step in production (the engine's monitor_scores and
monitor_audited) or in the evaluation reweighted to the assumed
production prevalence.

    python cell_mass.py STEP RESULTS_DIR EVAL_PARQUET PREVALENCE
"""

import sys

import numpy as np
import pyarrow.parquet as pq


def largest_share(scores, weights, step):
    cells = np.floor(np.asarray(scores, dtype=float) / step + 1e-9).astype(np.int64)
    _, where = np.unique(cells, return_inverse=True)
    return np.bincount(where, weights).max() / weights.sum()


def main():
    step, out, evaluation, prevalence = float(sys.argv[1]), sys.argv[2], sys.argv[3], float(sys.argv[4])
    grouped = pq.read_table(f"{out}/monitor_scores.parquet")
    audited = pq.read_table(f"{out}/monitor_audited.parquet")
    scores = np.concatenate([grouped["score"].to_numpy(), audited["score"].to_numpy()])
    counts = np.concatenate([grouped["cases"].to_numpy().astype(float), np.ones(audited.num_rows)])
    production = largest_share(scores, counts, step)
    e = pq.read_table(evaluation)
    label = e["label"].to_numpy()
    share = label.mean()
    w = np.where(label == 1, prevalence / share, (1 - prevalence) / (1 - share))
    reference = largest_share(e["score"].to_numpy(), w, step)
    print(max(production, reference))


if __name__ == "__main__":
    main()
