"""Regenerates the oracle for tradeoff's comparison of two models (DeLong's test).

Scores scikit-learn's breast-cancer set with two different models' out-of-fold
probabilities (a scaled logistic regression and a Gaussian naive Bayes, the same
5-fold split), writes them to tests/data/breast_cancer_two_models.csv and DeLong's
comparison of their ROC AUCs to tests/data/comparison_oracle.json.

DeLong is computed here independently of tradeoff's fast (Sun & Xu 2014) version:
straight from the O(m·n) definitions of DeLong, DeLong & Clarke-Pearson (1988) —
ψ(x, y) = 1, ½ or 0 for every positive–negative pair, the structural components
V10 and V01, their sample covariance matrices S10 and S01 (divisors m − 1 and
n − 1), var(A − B) = (S10[a,a] + S10[b,b] − 2·S10[a,b]) / m + (same for S01) / n —
and the AUCs are checked against scikit-learn's roc_auc_score. Naive Bayes
probabilities saturate at 0 and 1, so many scores tie: the ties are part of the test.
Run from the repository root:

    /work/venv-bench/bin/python tests/oracle/make_comparison.py
"""

import csv
import json
from pathlib import Path

import numpy as np
import sklearn
from scipy.stats import norm
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

OUT = Path(__file__).resolve().parent.parent / "data"


def delong(a, b, positive):
    """DeLong (1988) from its definitions: (auc_a, auc_b, var_a, var_b, cov)."""
    pos, neg = positive, ~positive
    m, n = pos.sum(), neg.sum()

    def psi(scores):
        x = scores[pos][:, None]
        y = scores[neg][None, :]
        return (x > y) + 0.5 * (x == y)  # m × n

    pa, pb = psi(a), psi(b)
    v10 = np.stack([pa.mean(axis=1), pb.mean(axis=1)])  # 2 × m
    v01 = np.stack([pa.mean(axis=0), pb.mean(axis=0)])  # 2 × n
    auc = v10.mean(axis=1)
    s10 = np.cov(v10)  # divisor m − 1
    s01 = np.cov(v01)  # divisor n − 1
    s = s10 / m + s01 / n
    return auc[0], auc[1], s[0, 0], s[1, 1], s[0, 1]


def main():
    cancer = load_breast_cancer()
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    logistic = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000))
    models = {
        "logistic": logistic,
        "naive_bayes": GaussianNB(),
    }
    scores = {
        name: cross_val_predict(model, cancer.data, cancer.target, cv=folds, method="predict_proba")[:, 1]
        for name, model in models.items()
    }
    positive = cancer.target == 1
    path = OUT / "breast_cancer_two_models.csv"
    with path.open("w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["id", "label", "score_logistic", "score_naive_bayes"])
        for i, label in enumerate(cancer.target):
            # repr() round-trips every float exactly.
            writer.writerow([f"case-{i:03d}", int(label), repr(float(scores["logistic"][i])), repr(float(scores["naive_bayes"][i]))])
    # Read back what was written, so the oracle sees exactly the file's numbers.
    a = np.array([float(r["score_logistic"]) for r in csv.DictReader(path.open())])
    b = np.array([float(r["score_naive_bayes"]) for r in csv.DictReader(path.open())])
    auc_a, auc_b, var_a, var_b, cov = delong(a, b, positive)
    assert abs(auc_a - roc_auc_score(positive, a)) < 1e-12
    assert abs(auc_b - roc_auc_score(positive, b)) < 1e-12
    difference = auc_a - auc_b
    se = np.sqrt(var_a + var_b - 2 * cov)
    z = norm.ppf(0.975)
    oracle = {
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "file": path.name,
        "candidate": "score_logistic",
        "baseline": "score_naive_bayes",
        "positives": int(positive.sum()),
        "negatives": int((~positive).sum()),
        "ties_naive_bayes": int(len(b) - len(np.unique(b))),
        "auc_candidate": auc_a,
        "auc_baseline": auc_b,
        "variance_candidate": var_a,
        "variance_baseline": var_b,
        "covariance": cov,
        "difference": difference,
        "standard_error": se,
        "interval": [difference - z * se, difference + z * se],
        "p_value": 2 * norm.sf(abs(difference) / se),
    }
    out = OUT / "comparison_oracle.json"
    out.write_text(json.dumps(oracle, indent=2) + "\n")
    print(json.dumps(oracle, indent=2))


if __name__ == "__main__":
    main()
