"""Independent per-segment audit figures for `tradeoff monitor`'s
`monitoring.segments[].audit`, written to tests/data/monitor_segment_audit_oracle.json
and checked by tests/integration/monitor_segments.rs against `tradeoff monitor --json`.

On the fraud-monitoring sample (production.parquet and its `country` column, the
audit audit.csv joined by transaction_id, the evaluation samples/fraud/eval.csv),
with pandas, numpy and statsmodels only, per country in production:

- the strata at the threshold 0.5: N_f flagged and N_u not flagged cases, n_f and
  n_u of them audited, x_f and x_u audited positive;
- each stratum's share of positives x/n with Wilson's interval
  (statsmodels proportion_confint, method "wilson") on the finite-population
  sample size n' = n (N - 1) / (N - n) (Cochran 1977, ch. 3), a stratum audited in
  full exact, an empty one 0;
- caught = N_f p_f, false alarms = N_f (1 - p_f), missed = N_u p_u, each divided
  by the period's observed days (21: every day of the sample is whole, checked);
- the miss rate missed / (caught + missed), its range from the counts' bounds
  (missed low with caught high, and the reverse);
- the launch report's false-negative rate of the country: missed / positives of
  the evaluation's rows of the country at 0.5, Wilson's interval on the positives;
- a stratum with cases but fewer than 5 audited withholds the figures resting on it.

Run: target/venv/bin/python tests/oracle/monitor_segment_audit_oracle.py
(a venv with numpy, pandas, pyarrow and statsmodels).
"""
import json
import pathlib

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

ROOT = pathlib.Path(__file__).resolve().parents[2]
THRESHOLD = 0.5
ZONE = "Europe/Berlin"
MIN_VERDICTS = 5


def wilson(x, n):
    low, high = proportion_confint(x, n, alpha=0.05, method="wilson")
    p = x / n
    return [p, min(max(low, 0.0), p), max(min(high, 1.0), p)]


def share(x, n, cases):
    """A stratum's share of positives: [value, low, high], or None (unaudited)."""
    if cases == 0:
        return None
    if n == 0:
        return None
    if n == cases:
        return [x / n] * 3
    effective = n * (cases - 1) / (cases - n)
    return wilson(x * effective / n, effective)


def count(p, cases, complement=False):
    if cases == 0:
        return [0.0, 0.0, 0.0]
    if p is None:
        return None
    if complement:
        return [cases * (1 - p[0]), cases * (1 - p[2]), cases * (1 - p[1])]
    return [cases * v for v in p]


production = pd.read_parquet(ROOT / "samples/fraud-monitoring/production.parquet")
# monitoring.experiment: the promises (and the audit's estimates) are held on the
# model arm alone; the holdout's verdicts are left out.
production = production[production["arm"] == "model"].reset_index(drop=True)
local = production["ts"].dt.tz_localize("UTC").dt.tz_convert(ZONE).dt.normalize()
days = local.nunique()
span = (local.max() - local.min()).days + 1
assert days == span == 21, (days, span)
audit = pd.read_csv(ROOT / "samples/fraud-monitoring/audit.csv")
joined = production.merge(audit, on="transaction_id", how="left")
assert len(joined) == len(production)
joined["flagged"] = joined["score"] >= THRESHOLD
evaluation = pd.read_csv(ROOT / "samples/fraud/eval.csv")

out = {"observed_days": float(days), "segments": {}}
for country, rows in joined.groupby("country"):
    f, u = rows[rows["flagged"]], rows[~rows["flagged"]]
    n_f, n_u = len(f), len(u)
    a_f, a_u = f["label"].notna().sum(), u["label"].notna().sum()
    x_f, x_u = (f["label"] == 1).sum(), (u["label"] == 1).sum()
    p_f, p_u = share(x_f, a_f, n_f), share(x_u, a_u, n_u)
    few_f = n_f > 0 and a_f < MIN_VERDICTS
    few_u = n_u > 0 and a_u < MIN_VERDICTS
    caught = None if few_f else count(p_f, n_f)
    false_alarms = None if few_f else count(p_f, n_f, complement=True)
    missed = None if few_u else count(p_u, n_u)
    per_day = lambda c: None if c is None else [v / days for v in c]
    miss_rate = None
    if caught and missed and missed[0] + caught[0] > 0:
        miss_rate = [
            missed[0] / (missed[0] + caught[0]),
            missed[1] / (missed[1] + caught[2]),
            missed[2] / (missed[2] + caught[1]),
        ]
    ev = evaluation[(evaluation["country"] == country) & (evaluation["label"] == 1)]
    promised = None
    if len(ev):
        promised = wilson(float((ev["score"] < THRESHOLD).sum()), float(len(ev)))
    out["segments"][country] = {
        "flagged_cases": int(n_f),
        "flagged_audited": int(a_f),
        "not_flagged_cases": int(n_u),
        "not_flagged_audited": int(a_u),
        "caught_per_day": per_day(caught),
        "missed_per_day": per_day(missed),
        "false_alarms_per_day": per_day(false_alarms),
        "miss_rate": miss_rate,
        "promised_miss_rate": promised,
    }

target = ROOT / "tests/data/monitor_segment_audit_oracle.json"
target.write_text(json.dumps(out, indent=1, default=float) + "\n")
print(f"wrote {target}")
print(json.dumps(out, indent=1, default=float))
