"""Independent check of `tradeoff monitor`'s cost a day when a cost is per case
from a column (`business.costs.false_negative: { column: amount }`).

With pandas and scipy, from the production file and the audit alone: each audited
case's cost for its verdict (flagged: the catch or false-alarm price; unflagged and
positive: its own `amount`; else 0); in each group (score >= threshold or not) the
ratio (Hajek) mean sum(z/pi)/sum(1/pi), pi the case's inclusion probability or, for
an audit with declared shares, the group's realised share n/N; the group total
N * mean; the linearised variance sum_h (Nh/N)^2 (1 - pi_h) s_h^2 / n_h over the
audited cases sharing a pi (a stratum of one takes its group's variance); the
range on the log scale of the uncertain part U, U * exp(+-t * sqrt(ln(1 + V/U^2))),
t Student's 0.975 quantile on k - 1 degrees of freedom (k the audited non-zero
amounts); per day over the period's observed days. Prints the JSON's figures and
these side by side, and exits 1 when they differ by more than 1e-6 relatively.

Run: target/venv/bin/python tests/oracle/monitor_cost_oracle.py monitor.json \
        PRODUCTION.parquet AUDIT.csv [--probability inclusion_probability] \
        [--week N] [--model-arm arm=model]
"""
import argparse
import json
import math
import sys

import numpy as np
import pandas as pd
from scipy import stats

p = argparse.ArgumentParser()
p.add_argument("json")
p.add_argument("production")
p.add_argument("audit")
p.add_argument("--probability")
p.add_argument("--threshold", type=float, default=0.5)
p.add_argument("--false-positive", type=float, default=5.0)
p.add_argument("--true-positive", type=float, default=5.0)
p.add_argument("--amount", default="amount")
p.add_argument("--model-arm", help="COLUMN=VALUE: keep that arm's cases only "
               "(monitoring.experiment holds the promises on the model arm)")
a = p.parse_args()

m = json.load(open(a.json))["monitoring"]
arm = a.model_arm.split("=", 1) if a.model_arm else None
prod = pd.read_parquet(a.production, columns=["transaction_id", "score", a.amount]
                       + ([arm[0]] if arm else []))
if arm:
    prod = prod[prod[arm[0]].astype(str) == arm[1]]
audit = pd.read_csv(a.audit, dtype={"transaction_id": str})
audit = audit.dropna(subset=["label"]).drop_duplicates("transaction_id")
joined = audit.merge(prod, on="transaction_id", how="inner", suffixes=("_audit", ""))
joined["flagged"] = joined["score"] >= a.threshold
N = {True: int((prod["score"] >= a.threshold).sum()), False: int((prod["score"] < a.threshold).sum())}
pos = joined["label"].astype(int) == 1
joined["z"] = np.where(
    joined["flagged"],
    np.where(pos, a.true_positive, a.false_positive),
    np.where(pos, joined[a.amount], 0.0),
)
if a.probability:
    joined["pi"] = joined[a.probability].astype(float)
else:
    n = joined.groupby("flagged").size()
    joined["pi"] = joined["flagged"].map(lambda f: n[f] / N[f])

exact = uncertain = variance = 0.0
for g in (True, False):
    part = joined[joined["flagged"] == g]
    if N[g] == 0:
        continue
    pooled = part["z"].var(ddof=1) if len(part) > 1 else 0.0
    strata = part.groupby("pi")["z"]
    size = sum(len(s) / pi for pi, s in strata)
    mean = sum(s.sum() / pi for pi, s in strata) / size
    v = 0.0
    for pi, s in strata:
        s2 = s.var(ddof=1) if len(s) > 1 else pooled
        v += (len(s) / pi / size) ** 2 * (1 - pi) * s2 / len(s)
    total, var = N[g] * mean, N[g] ** 2 * v
    if var > 0:
        uncertain += total
        variance += var
    else:
        exact += total
k = int(((~joined["flagged"]) & pos & (joined[a.amount] != 0)).sum())
t = stats.t.ppf(0.975, max(k, 2) - 1)
spread = t * math.sqrt(math.log(1 + variance / uncertain**2))
days = m["period"]["observed_days"]
ours = [(exact + uncertain) / days, (exact + uncertain * math.exp(-spread)) / days,
        (exact + uncertain * math.exp(spread)) / days]
cost = next(p for p in m["promises"] if p["quantity"] == "cost")
theirs = [cost["observed"], *cost["observed_interval"]]
print(f"audited {len(joined)} (missed with an amount: {k}); flagged {N[True]}, not {N[False]}")
print("cost a day   value        low          high")
print("tradeoff    ", "  ".join(f"{x:11.4f}" for x in theirs))
print("pandas      ", "  ".join(f"{x:11.4f}" for x in ours))
bad = any(abs(x - y) > 1e-6 * max(1.0, abs(y)) for x, y in zip(theirs, ours))
sys.exit(1 if bad else 0)
