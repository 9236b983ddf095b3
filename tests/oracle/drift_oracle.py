"""Reference values for src/drift.rs, printed as Rust literals.

Samples come from numpy's Generator with fixed seeds and are rounded to 2 decimals so
that ties occur within and across samples. Printed: the samples, scipy.stats.ks_2samp's
statistic, kstwobign.sf(sqrt(en) * D) with en = m n / (m + n), kstwobign.sf at fixed
points, and a PSI computed by an independent numpy implementation of the binning rule
documented in drift.rs (edge k = lowest reference value with at least k/10 of the
reference weight strictly below it; bins [e_k, e_k+1); ½ case added to every bin).

Run: /work/venv-stats/bin/python oracle/drift_oracle.py
"""
import numpy as np
from scipy.stats import ks_2samp, kstwobign


def rust(name, xs):
    body = ", ".join(repr(float(x)) for x in xs)
    print(f"const {name}: [f64; {len(xs)}] = [{body}];")


def weighted_ks(ref, w, prod):
    pooled = np.concatenate([ref, prod])
    f_ref = np.array([w[ref <= v].sum() for v in pooled]) / w.sum()
    f_prod = np.array([(prod <= v).sum() for v in pooled]) / len(prod)
    d = np.abs(f_ref - f_prod).max()
    m = w.sum() ** 2 / (w ** 2).sum()
    n = len(prod)
    return d, kstwobign.sf(np.sqrt(m * n / (m + n)) * d)


def psi(ref, w, prod):
    total = w.sum()
    values = np.unique(ref)
    edges = []
    for k in range(1, 10):
        for v in values:
            if 10 * w[ref < v].sum() >= k * total:
                if not edges or edges[-1] != v:
                    edges.append(v)
                break
    cuts = [-np.inf] + edges + [np.inf]
    q = np.array([w[(ref >= lo) & (ref < hi)].sum() for lo, hi in zip(cuts[:-1], cuts[1:])])
    p = np.array([((prod >= lo) & (prod < hi)).sum() for lo, hi in zip(cuts[:-1], cuts[1:])], float)
    q = (q + 0.5) / (total + 0.5 * len(q))
    p = (p + 0.5) / (len(prod) + 0.5 * len(p))
    return edges, np.sum((p - q) * np.log(p / q))


rng = np.random.default_rng(20240611)
reference = np.round(rng.normal(0.0, 1.0, 40), 2)
production = np.round(rng.normal(0.35, 1.1, 30), 2)
near = np.round(rng.normal(0.05, 1.0, 25), 2)
weights = np.round(rng.uniform(0.5, 2.0, 40), 2)
rust("REFERENCE", reference)
rust("PRODUCTION", production)
rust("NEAR", near)
rust("WEIGHTS", weights)

for name, prod in (("production", production), ("near", near)):
    res = ks_2samp(reference, prod)
    m, n = len(reference), len(prod)
    en = m * n / (m + n)
    print(f"ks reference vs {name}: D = {float(res.statistic)!r}, kstwobign.sf(sqrt(en) D) = "
          f"{float(kstwobign.sf(np.sqrt(en) * res.statistic))!r}")
    d, p = weighted_ks(reference, weights, prod)
    print(f"weighted ks reference vs {name}: D = {float(d)!r}, p = {float(p)!r}")
    d, p = weighted_ks(reference, np.ones(len(reference)), prod)
    print(f"(unit weights check: D = {float(d)!r}, p = {float(p)!r})")
    for w_name, w in (("unit", np.ones(len(reference))), ("weighted", weights)):
        edges, value = psi(reference, w, prod)
        print(f"psi reference ({w_name}) vs {name}: {float(value)!r}, edges {[float(e) for e in edges]}")

for lam in (0.2, 0.5, 0.8, 1.0, 1.2, 2.0, 3.0):
    print(f"kstwobign.sf({lam}) = {float(kstwobign.sf(lam))!r}")
