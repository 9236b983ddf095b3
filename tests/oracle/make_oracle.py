"""Regenerates the scikit-learn oracle for tradeoff's tests.

Writes, for real datasets that scikit-learn ships, an evaluation CSV under
tests/data/ and the values scikit-learn computes on it (confusion counts at several
thresholds, ROC points at every distinct score, ROC AUC, average precision) to
tests/data/oracle.json. Run from the repository root:

    python -m venv /tmp/venv && /tmp/venv/bin/pip install scikit-learn
    /tmp/venv/bin/python tests/oracle/make_oracle.py
"""

import csv
import json
from pathlib import Path

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    confusion_matrix,
    roc_auc_score,
    roc_curve,
)
from sklearn.model_selection import cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

OUT = Path(__file__).resolve().parent.parent / "data"


def datasets():
    cancer = load_breast_cancer()
    # Out-of-fold logistic-regression probabilities: a real model's evaluation output.
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000))
    proba = cross_val_predict(model, cancer.data, cancer.target, cv=5, method="predict_proba")[:, 1]
    yield "breast_cancer", proba, cancer.target == 1, None
    # The same scores weighted by tumour area (a real column, not made up).
    area = cancer.data[:, list(cancer.feature_names).index("mean area")] / 1000.0
    yield "breast_cancer_weighted", proba, cancer.target == 1, area
    iris = load_iris()
    # Petal width as the score for "is virginica": only 22 distinct values, many ties.
    yield "iris_petal_width", iris.data[:, 3], iris.target == 2, None
    diabetes = load_diabetes(scaled=False)
    # BMI (one decimal, heavily tied) as the score for "disease progression above 140".
    yield "diabetes_bmi", diabetes.data[:, 2], diabetes.target > 140, None
    wine = load_wine()
    # Alcohol (two decimals, tied) as the score for "cultivar 0".
    yield "wine_alcohol", wine.data[:, 0], wine.target == 0, None


def main():
    oracle = {"sklearn_version": sklearn.__version__, "datasets": {}}
    for name, score, label, weight in datasets():
        path = OUT / f"{name}.csv"
        with path.open("w", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(["score", "label"] + (["weight"] if weight is not None else []))
            for i in range(len(score)):
                row = [repr(float(score[i])), int(label[i])]
                if weight is not None:
                    row.append(repr(float(weight[i])))
                writer.writerow(row)
        thresholds = sorted({float(np.quantile(score, q)) for q in (0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0)})
        thresholds += [float(score.min()) - 1.0, float(score.max()) + 1.0]
        counts = []
        for t in thresholds:
            tn, fp, fn, tp = confusion_matrix(label, score >= t, labels=[False, True], sample_weight=weight).ravel()
            counts.append({"threshold": t, "tp": float(tp), "fp": float(fp), "tn": float(tn), "fn": float(fn)})
        fpr, tpr, roc_thresholds = roc_curve(label, score, sample_weight=weight, drop_intermediate=False)
        oracle["datasets"][name] = {
            "file": path.name,
            "weighted": weight is not None,
            "rows": len(score),
            "counts": counts,
            # roc_curve starts at threshold +inf (nothing flagged); skip that point.
            "roc_thresholds": [float(t) for t in roc_thresholds[1:]],
            "roc_tpr": [float(v) for v in tpr[1:]],
            "roc_fpr": [float(v) for v in fpr[1:]],
            "roc_auc": float(roc_auc_score(label, score, sample_weight=weight)),
            "average_precision": float(average_precision_score(label, score, sample_weight=weight)),
            "brier_score": float(brier_score_loss(label, score, sample_weight=weight))
            if score.min() >= 0 and score.max() <= 1
            else None,
        }
    (OUT / "oracle.json").write_text(json.dumps(oracle, indent=1) + "\n")
    write_other_formats()


def write_other_formats():
    """The iris set again as Parquet (label as bool, species as a dictionary column)
    and as NDJSON (label as text): loading them must give the CSV's sweep."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    iris = load_iris()
    species = np.array(iris.target_names)[iris.target]
    table = pa.table({
        "score": pa.array(iris.data[:, 3]),
        "label": pa.array(iris.target == 2),
        "species": pa.array(species).dictionary_encode(),
    })
    pq.write_table(table, OUT / "iris_petal_width.parquet")
    with (OUT / "iris_petal_width.ndjson").open("w") as f:
        for s, l, sp in zip(iris.data[:, 3], iris.target == 2, species):
            f.write(json.dumps({"score": float(s), "label": "virginica" if l else "other", "species": str(sp)}) + "\n")


if __name__ == "__main__":
    main()
