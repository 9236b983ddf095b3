"""Independent values for the experiment's statistics (`stats::experiment`), written to
tests/data/experiment_oracle.json and checked by src/stats/experiment/tests.rs.

Data not made by tradeoff: scikit-learn's bundled datasets.
- diabetes: the outcome is the disease-progression target (a skewed amount); the
  arms are the two values of the `sex` feature (the lower value is taken as the
  "model" arm, the other as the "holdout").
- breast_cancer: the outcome is the 0/1 target (1 = benign); the arms are mean
  texture below the median ("model") or not ("holdout").
Each is written as a CSV (arm, outcome) to tests/data/experiment_<name>.csv.

Oracles: scipy.stats.ttest_ind(holdout, model, equal_var=False) (statistic, df and
confidence_interval(0.95)); statsmodels CompareMeans.tconfint_diff(usevar="unequal");
scipy.stats.binomtest(model_count, n, split) two-sided p-value and
scipy.stats.chisquare of the two arms' counts against split (for reference) at
splits 0.5 and 0.55.

Run: target/venv/bin/python tests/oracle/experiment_oracle.py
"""
import json
import pathlib

import numpy as np
from scipy import stats
from sklearn.datasets import load_breast_cancer, load_diabetes
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

ROOT = pathlib.Path(__file__).resolve().parents[2]

cases = {}
d = load_diabetes()
sex = d.data[:, 1]
cases["diabetes"] = (np.where(sex < 0, "model", "holdout"), d.target.astype(float))
b = load_breast_cancer()
texture = b.data[:, 1]
cases["breast_cancer"] = (
    np.where(texture < np.median(texture), "model", "holdout"),
    b.target.astype(float),
)

out = {}
for name, (arm, y) in cases.items():
    path = ROOT / f"tests/data/experiment_{name}.csv"
    with open(path, "w") as f:
        f.write("arm,outcome\n")
        for a, v in zip(arm, y):
            f.write(f"{a},{float(v)!r}\n")
    h, m = y[arm == "holdout"], y[arm == "model"]
    t = stats.ttest_ind(h, m, equal_var=False)
    ci = t.confidence_interval(0.95)
    sm = CompareMeans(DescrStatsW(h), DescrStatsW(m)).tconfint_diff(usevar="unequal")
    n, k = len(y), int((arm == "model").sum())
    splits = {}
    for split in (0.5, 0.55):
        splits[str(split)] = {
            "binomtest_p": stats.binomtest(k, n, split).pvalue,
            "chisquare_p": stats.chisquare([k, n - k], [n * split, n * (1 - split)]).pvalue,
        }
    out[name] = {
        "holdout_cases": len(h),
        "model_cases": len(m),
        "difference": float(h.mean() - m.mean()),
        "standard_error": float(h.mean() - m.mean()) / float(t.statistic),
        "df": float(t.df),
        "welch_interval": [float(ci.low), float(ci.high)],
        "statsmodels_interval": [float(sm[0]), float(sm[1])],
        "split": splits,
    }
(ROOT / "tests/data/experiment_oracle.json").write_text(json.dumps(out, indent=2) + "\n")
print(json.dumps(out, indent=2))
