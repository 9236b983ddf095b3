"""Writes the churn-like evaluation used by the decision tests (issue 24).

A customer base where one in five leaves: scikit-learn's `make_classification`
(20 features, fixed seed), scored out of fold by a logistic regression
(`cross_val_predict`, 5 folds), so the scores are calibrated probabilities of
leaving. Writes tests/data/churn/eval.csv (customer, score, label, day as epoch
seconds spread at random over 28 days, region assigned at random). Run from the
repository root:

    python -m venv target/venv && target/venv/bin/pip install scikit-learn
    target/venv/bin/python tests/oracle/make_churn.py
"""

import csv

import numpy as np
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict

X, y = make_classification(
    n_samples=10000,
    n_features=20,
    n_informative=6,
    weights=[0.8, 0.2],
    flip_y=0.02,
    class_sep=0.8,
    random_state=24,
)
scores = cross_val_predict(
    LogisticRegression(max_iter=1000), X, y, cv=5, method="predict_proba"
)[:, 1]
rng = np.random.default_rng(24)
start = 1_767_225_600  # 2026-01-01T00:00:00Z
seconds = rng.integers(0, 28 * 86_400, size=len(y))
regions = rng.choice(["north", "south", "east", "west"], size=len(y))
with open("tests/data/churn/eval.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["customer", "score", "label", "ts", "region"])
    for i, (s, label, t, r) in enumerate(zip(scores, y, seconds, regions)):
        w.writerow([f"c{i:05d}", f"{s:.6f}", int(label), int(start + t), r])
