"""Average precision oracle for the release review's paired bootstrap.

Each bootstrap replicate is average precision with every case counted as often as
it was drawn, i.e. with integer case weights. This writes scikit-learn's
average_precision_score of both models of tests/data/breast_cancer_two_models.csv
(made by make_comparison.py; naive Bayes's scores tie heavily) with no weights and
with three fixed weight vectors: multiplicities 0–3 such as a replicate draws, and
fractional weights. tests/integration/release.rs checks tradeoff's against them.
Run from the repository root with scikit-learn installed:

    target/venv/bin/python tests/oracle/ap_oracle.py
"""

import csv
import json
from pathlib import Path

import numpy as np
import sklearn
from sklearn.metrics import average_precision_score

DATA = Path("tests/data/breast_cancer_two_models.csv")

rows = list(csv.DictReader(DATA.open()))
label = np.array([int(r["label"]) for r in rows])
scores = {m: np.array([float(r[f"score_{m}"]) for r in rows]) for m in ("logistic", "naive_bayes")}
n = len(rows)
i = np.arange(n)
weights = {
    "none": np.ones(n),
    "multiplicity": ((i * 7 + 3) % 11) % 4 * 1.0,  # 0, 1, 2 or 3 draws
    "fractional": 0.25 + (i % 5) * 0.5,
}
out = {
    "sklearn_version": sklearn.__version__,
    "file": str(DATA),
    "weights": {k: v.tolist() for k, v in weights.items() if k != "none"},
    "average_precision": {
        k: {m: average_precision_score(label, s, sample_weight=w) for m, s in scores.items()}
        for k, w in weights.items()
    },
}
Path("tests/data/ap_oracle.json").write_text(json.dumps(out, indent=1) + "\n")
