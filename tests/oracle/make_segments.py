"""Regenerates the oracle for the release comparison by segment and by cluster
(issue 28, parts 4 and 5).

Data: scikit-learn's breast-cancer set scored out of fold by two models
(tests/data/breast_cancer_two_models.csv, made by make_comparison.py), with two
made segment columns from the set's own features — `size` (terciles of mean
radius) and `texture` (quintiles of mean texture) — and a made cluster column
(`cluster`: 190 groups of three cases, drawn at random with a fixed seed). Written to
tests/data/breast_cancer_segments.csv.

Oracles, none of them tradeoff's code:
- the matched capacity point is found here from its definition (each model at its
  lowest threshold flagging at most `capacity` a day, at 100 cases a day and the
  evaluation's prevalence);
- per value: pROC's roc.test(paired = TRUE, method = "delong") (via Rscript) for the
  AUC difference and p-value, statsmodels' mcnemar(exact = False, correction =
  False) for the caught p-value, and statsmodels' multipletests(method = "holm")
  for both families across the values of a column;
- clustered: Obuchowski (1997)'s clustered AUC variance written here from the
  paper's formulas with the O(m·n) kernel (not Sun & Xu's midranks), and
  Obuchowski (1998)'s clustered paired-proportion variance.
Run from the repository root:

    target/venv/bin/python tests/oracle/make_segments.py
"""

import csv
import json
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import statsmodels
from scipy.stats import norm
from sklearn.datasets import load_breast_cancer
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests

ROOT = Path(__file__).resolve().parent.parent.parent
DATA = ROOT / "tests" / "data"
VOLUME = 100.0
CAPACITY = 60.0

R_SCRIPT = r"""
suppressMessages({ library(pROC); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE)
out <- list(proc_version = as.character(packageVersion("pROC")))
for (column in c("size", "texture")) {
  for (v in sort(unique(d[[column]]))) {
    s <- d[d[[column]] == v, ]
    a <- roc(s$label, s$score_logistic, levels = c(0, 1), direction = "<", quiet = TRUE)
    b <- roc(s$label, s$score_naive_bayes, levels = c(0, 1), direction = "<", quiet = TRUE)
    t <- roc.test(a, b, paired = TRUE, method = "delong")
    out[[paste(column, v, sep = "=")]] <- list(
      auc_candidate = as.numeric(auc(a)), auc_baseline = as.numeric(auc(b)),
      statistic = unname(t$statistic), p_value = t$p.value)
  }
}
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), args[2])
"""


def capacity_threshold(scores, positive, prevalence):
    """Lowest threshold whose flags per day stay at or under CAPACITY."""
    best = None
    for t in sorted(set(scores), reverse=True):
        flagged = scores >= t
        tpr = flagged[positive].mean()
        fpr = flagged[~positive].mean()
        per_day = VOLUME * (prevalence * tpr + (1 - prevalence) * fpr)
        if per_day <= CAPACITY + 1e-9:
            best = t
        else:
            break
    return best


def obuchowski_auc(a, b, positive, cluster):
    """Obuchowski (1997): var(A), var(B), cov and var(A − B) with clusters."""
    pos, neg = positive, ~positive

    def psi(s):
        x = s[pos][:, None]
        y = s[neg][None, :]
        return (x > y) + 0.5 * (x == y)

    ids = np.unique(cluster)
    I = len(ids)
    M, N = pos.sum(), neg.sum()
    out = {}
    comps = {}
    for name, s in (("a", a), ("b", b)):
        p = psi(s)
        theta = p.mean()
        v10 = p.mean(axis=1)  # per positive: share of negatives below
        v01 = p.mean(axis=0)  # per negative: share of positives above
        V10 = np.array([v10[cluster[pos] == k].sum() for k in ids])
        V01 = np.array([v01[cluster[neg] == k].sum() for k in ids])
        m_i = np.array([(cluster[pos] == k).sum() for k in ids])
        n_i = np.array([(cluster[neg] == k).sum() for k in ids])
        comps[name] = (V10 - m_i * theta, V01 - n_i * theta, theta)

    def cov(x, y):
        x10, x01, _ = comps[x]
        y10, y01, _ = comps[y]
        s10 = I / ((I - 1) * M) * (x10 * y10).sum()
        s01 = I / ((I - 1) * N) * (x01 * y01).sum()
        s11 = I / (I - 1) * ((x10 * y01).sum() + (y10 * x01).sum()) / 2
        return s10 / M + s01 / N + 2 * s11 / (M * N)

    var_a, var_b, c = cov("a", "a"), cov("b", "b"), cov("a", "b")
    return {
        "auc_candidate": comps["a"][2],
        "auc_baseline": comps["b"][2],
        "variance_candidate": var_a,
        "variance_baseline": var_b,
        "covariance": c,
        "variance_difference": var_a + var_b - 2 * c,
    }


def obuchowski_proportions(fa, fb, cluster):
    """Obuchowski (1998): d and its clustered variance for paired flags."""
    ids = np.unique(cluster)
    I = len(ids)
    D = np.array([(fa[cluster == k].astype(float) - fb[cluster == k]).sum() for k in ids])
    n = np.array([(cluster == k).sum() for k in ids])
    d = D.sum() / n.sum()
    var = I / (I - 1) * ((D - d * n) ** 2).sum() / n.sum() ** 2
    return d, var


def main():
    cancer = load_breast_cancer()
    rows = list(csv.DictReader((DATA / "breast_cancer_two_models.csv").open()))
    a = np.array([float(r["score_logistic"]) for r in rows])
    b = np.array([float(r["score_naive_bayes"]) for r in rows])
    label = np.array([int(r["label"]) for r in rows])
    positive = label == 1
    radius = cancer.data[:, list(cancer.feature_names).index("mean radius")]
    texture = cancer.data[:, list(cancer.feature_names).index("mean texture")]
    size = np.array(["small", "medium", "large"])[np.digitize(radius, np.quantile(radius, [1 / 3, 2 / 3]))]
    tex = np.array([f"q{k + 1}" for k in np.digitize(texture, np.quantile(texture, [0.2, 0.4, 0.6, 0.8]))])
    rng = np.random.default_rng(28)
    cluster = rng.permutation(len(rows)) // 3
    path = DATA / "breast_cancer_segments.csv"
    with path.open("w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "label", "score_logistic", "score_naive_bayes", "size", "texture", "cluster"])
        for i, r in enumerate(rows):
            w.writerow([r["id"], r["label"], r["score_logistic"], r["score_naive_bayes"], size[i], tex[i], f"g{cluster[i]:03d}"])

    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "segments.R"
        script.write_text(R_SCRIPT)
        out = Path(tmp) / "proc.json"
        subprocess.run(["Rscript", str(script), str(path), str(out)], check=True)
        proc = json.loads(out.read_text())

    prevalence = positive.mean()
    ta = capacity_threshold(a, positive, prevalence)
    tb = capacity_threshold(b, positive, prevalence)
    fa, fb = a >= ta, b >= tb
    oracle = {
        "proc_version": proc["proc_version"],
        "statsmodels_version": statsmodels.__version__,
        "file": path.name,
        "volume_per_day": VOLUME,
        "capacity_per_day": CAPACITY,
        "candidate_threshold": ta,
        "baseline_threshold": tb,
        "segments": {},
    }
    positives_per_day = VOLUME * prevalence
    for column, values in (("size", size), ("texture", tex)):
        names = sorted(set(values))
        entries = {}
        for v in names:
            keep = values == v
            p = keep & positive
            # 2×2 table of the positives by the two models' flags.
            table = [[(fa & fb & p).sum(), (fa & ~fb & p).sum()], [(~fa & fb & p).sum(), (~fa & ~fb & p).sum()]]
            result = mcnemar(table, exact=False, correction=False)
            delta_tpr = (fa[p].astype(float) - fb[p]).mean()
            entries[v] = {
                "cases": int(keep.sum()),
                "positives": int(p.sum()),
                "caught_per_day": positives_per_day * p.sum() / positive.sum() * delta_tpr,
                "caught_p_value": float(result.pvalue),
                "roc_auc_difference": proc[f"{column}={v}"]["auc_candidate"] - proc[f"{column}={v}"]["auc_baseline"],
                "roc_auc_p_value": proc[f"{column}={v}"]["p_value"],
            }
        for key in ("caught_p_value", "roc_auc_p_value"):
            adjusted = multipletests([entries[v][key] for v in names], method="holm")[1]
            for v, q in zip(names, adjusted):
                entries[v][key.replace("_value", "_holm")] = float(q)
        oracle["segments"][column] = entries

    clustered = obuchowski_auc(a, b, positive, cluster)
    se = np.sqrt(clustered["variance_difference"])
    diff = clustered["auc_candidate"] - clustered["auc_baseline"]
    clustered["p_value"] = float(2 * norm.sf(abs(diff) / se))
    d, var = obuchowski_proportions(fa[positive], fb[positive], cluster[positive])
    clustered["tpr_difference"] = d
    clustered["tpr_difference_interval"] = [d - norm.ppf(0.975) * np.sqrt(var), d + norm.ppf(0.975) * np.sqrt(var)]
    clustered["caught_per_day_interval"] = [positives_per_day * x for x in clustered["tpr_difference_interval"]]
    oracle["clustered"] = {k: (float(v) if not isinstance(v, list) else [float(x) for x in v]) for k, v in clustered.items()}
    (DATA / "segments_oracle.json").write_text(json.dumps(oracle, indent=2, default=float) + "\n")
    print(json.dumps(oracle, indent=2, default=float))


if __name__ == "__main__":
    main()
