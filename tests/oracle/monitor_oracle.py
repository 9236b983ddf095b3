"""Independent PSI and Kolmogorov–Smirnov values for the fraud-monitoring sample,
written to tests/data/monitor_oracle.json and checked by tests/integration/monitor.rs
to 1e-9 against `tradeoff monitor --json`.

- Reference: samples/fraud/eval.csv's scores, each positive weighted by pi/pi_eval and
  each negative by (1 - pi)/(1 - pi_eval), pi = business.prevalence of the sample's
  context (0.033816425). On this sample the weights differ from 1 by less than 4e-9.
- Production: samples/fraud-monitoring/production.parquet's model arm (arm ==
  "model": the context's experiment holds the promises on it alone); weeks are 7-day blocks of
  calendar days in Europe/Berlin from the first day.
- KS: scipy.stats.ks_2samp's statistic on the unweighted evaluation scores (the
  weights move it by under 1e-9 here), the weighted statistic by an independent
  numpy evaluation of both ECDFs at every pooled score, and the p-value
  scipy.stats.kstwobign.sf(sqrt(en) * D), en = m n / (m + n), m = (sum w)^2 / sum w^2.
- PSI: by its formula sum (p - q) ln(p / q) on the bins stated in docs/src/after-launch.md: edge k
  (k = 1..9) is the lowest evaluation score with at least k/10 of the reference weight
  strictly below it (ties merged), bins closed on the left, half a case added to
  every bin of both samples.

Run: /work/venv-bench/bin/python tests/oracle/monitor_oracle.py
"""
import json
import pathlib

import numpy as np
import pandas as pd
from scipy.stats import ks_2samp, kstwobign

ROOT = pathlib.Path(__file__).resolve().parents[2]
PREVALENCE = 0.033816425

evaluation = pd.read_csv(ROOT / "samples/fraud/eval.csv")
reference = evaluation["score"].to_numpy(float)
positive = evaluation["label"].to_numpy() == 1
pi_eval = positive.mean()
weights = np.where(positive, PREVALENCE / pi_eval, (1 - PREVALENCE) / (1 - pi_eval))

production = pd.read_parquet(ROOT / "samples/fraud-monitoring/production.parquet")
# monitoring.experiment: the model arm alone is held to the promises (its drift too).
production = production[production["arm"] == "model"].reset_index(drop=True)
local = production["ts"].dt.tz_localize("UTC").dt.tz_convert("Europe/Berlin")
day = (local.dt.normalize() - local.dt.normalize().min()).dt.days.to_numpy()
scores = production["score"].to_numpy(float)


def edges_of(ref, w):
    total = w.sum()
    order = np.argsort(ref, kind="stable")
    values, starts = np.unique(ref[order], return_index=True)
    below = np.concatenate([[0.0], np.cumsum(w[order])])[starts]
    edges = []
    for k in range(1, 10):
        hit = np.nonzero(10 * below >= k * total)[0]
        if len(hit) and (not edges or edges[-1] != values[hit[0]]):
            edges.append(float(values[hit[0]]))
    return edges


def psi(ref, w, prod, edges):
    cuts = [-np.inf] + edges + [np.inf]
    q = np.array([w[(ref >= lo) & (ref < hi)].sum() for lo, hi in zip(cuts[:-1], cuts[1:])])
    p = np.array([((prod >= lo) & (prod < hi)).sum() for lo, hi in zip(cuts[:-1], cuts[1:])], float)
    q = (q + 0.5) / (w.sum() + 0.5 * len(q))
    p = (p + 0.5) / (len(prod) + 0.5 * len(p))
    return float(np.sum((p - q) * np.log(p / q)))


def weighted_ks(ref, w, prod):
    order = np.argsort(ref, kind="stable")
    ref_sorted, cum = ref[order], np.cumsum(w[order]) / w.sum()
    prod_sorted = np.sort(prod)
    pooled = np.unique(np.concatenate([ref, prod]))
    f_ref = np.concatenate([[0.0], cum])[np.searchsorted(ref_sorted, pooled, side="right")]
    f_prod = np.searchsorted(prod_sorted, pooled, side="right") / len(prod)
    d = float(np.abs(f_ref - f_prod).max())
    m = w.sum() ** 2 / (w ** 2).sum()
    n = len(prod)
    return d, float(kstwobign.sf(np.sqrt(m * n / (m + n)) * d))


def check(prod):
    edges = edges_of(reference, weights)
    d, p = weighted_ks(reference, weights, prod)
    return {
        "cases": int(len(prod)),
        "edges": edges,
        "psi": psi(reference, weights, prod, edges),
        "ks_statistic": d,
        "ks_statistic_scipy_unweighted": float(ks_2samp(reference, prod).statistic),
        "ks_p_value": p,
    }


result = {
    "overall": check(scores),
    "weeks": [check(scores[day // 7 == w]) for w in range(int(day.max()) // 7 + 1)],
}
for part in [result["overall"], *result["weeks"]]:
    assert abs(part["ks_statistic"] - part["ks_statistic_scipy_unweighted"]) < 1e-9
out = ROOT / "tests/data/monitor_oracle.json"
out.write_text(json.dumps(result, indent=1) + "\n")
print(f"wrote {out}")
print(json.dumps(result, indent=1))
