"""Independent per-segment figures for `tradeoff monitor`'s `monitoring.segments[]`,
written to tests/data/monitor_segments_oracle.json and checked by
tests/integration/monitor_segments.rs against `tradeoff monitor --json`.

On the fraud-monitoring sample (production.parquet, its `country` column; the
evaluation samples/fraud/eval.csv, `data.segments: [country]`), with pandas, numpy
and scipy only:

- whole days as tests/oracle/monitor_weeks_oracle.py cuts them (Berlin days; the
  first or last day partial by the 15-minute rule);
- per country in production: cases, flagged (score >= 0.5), the mean per whole day
  of cases and of flags with the 95 % t interval (low floored at 0; never narrower
  than the Poisson one, norm.ppf(0.975) sqrt(mean / n)), and the share flagged as
  the ratio of sums over whole days with Cochran's (1977, §6.4) ratio variance
  sum (y - R x)^2 / ((n - 1) n xbar^2), t quantile, never narrower than the
  binomial range norm.ppf(0.975) sqrt(R (1 - R) / sum x), clamped to [0, 1];
- promised: the evaluation reweighted to the assumed prevalence pi (positives
  pi / pi_eval, negatives (1 - pi) / (1 - pi_eval)); the value's share of volume
  and of flags at 0.5; cases a day = 8,280 x share of volume; flagged a day =
  8,280 x (reweighted flags of the value) / (reweighted cases of the whole
  evaluation); share flagged = the two divided;
- drift against the evaluation's rows of the value, weighted as above: PSI over
  the weighted deciles (edge k the lowest score with at least k/10 of the weight
  strictly below it, equal edges merged, bins closed on the left, half a case
  added to every bin of both samples), and the two-sample Kolmogorov-Smirnov
  statistic (weighted ECDFs at every pooled score) with
  scipy.stats.kstwobign.sf(sqrt(en) D), en = m n / (m + n), m the reference's
  Kish size.

Run: target/venv/bin/python tests/oracle/monitor_segments_oracle.py
(a venv with numpy, pandas, pyarrow and scipy).
"""
import json
import pathlib

import numpy as np
import pandas as pd
from scipy import stats

ROOT = pathlib.Path(__file__).resolve().parents[2]
SLACK = pd.Timedelta(minutes=15)
THRESHOLD = 0.5
# monitoring.experiment: the promises are held on the model arm alone, at its
# planned share (split 0.9) of business.volume_per_day.
VOLUME = 8280.0 * 0.9
PREVALENCE = 0.033816425
ZONE = "Europe/Berlin"


def whole_days(local):
    day = local.dt.normalize()
    first, last = day.min(), day.max()
    dates = pd.date_range(first.tz_localize(None), last.tz_localize(None), freq="D")
    n = len(dates)
    index = np.array((day.dt.tz_localize(None) - first.tz_localize(None)).dt.days)
    cases = np.bincount(index, minlength=n)
    since = pd.Series((local - day).to_numpy())
    into = since.groupby(index).min()
    end_of = since.groupby(index).max()
    length = {i: pd.Timestamp(dates[i]).tz_localize(ZONE) + pd.Timedelta(days=1)
              - pd.Timestamp(dates[i]).tz_localize(ZONE) for i in range(n)}
    left = {i: length[i] - end_of[i] for i in end_of.index}
    interior = [i for i in into.index if 0 < i < n - 1]
    whole = cases > 0
    if n > 1 and interior:
        if into[0] > max(into[i] for i in interior) + SLACK:
            whole[0] = False
        if left[n - 1] > max(left[i] for i in interior) + SLACK:
            whole[n - 1] = False
    # Issue 27: an edge day the clock calls whole but holding under half the cases
    # of the quietest whole day between is partial too (a stray case).
    between = [cases[i] for i in range(1, n - 1) if whole[i]]
    if n >= 3 and between:
        for i in (0, n - 1):
            if whole[i] and cases[i] < min(between) / 2:
                whole[i] = False
    return index, n, whole


def mean_t(values):
    values = np.asarray(values, float)
    m = float(values.mean())
    # Never narrower than the Poisson range of a count (issue 27).
    half = max(stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1),
               stats.norm.ppf(0.975) * np.sqrt(max(m, 0.0))) / np.sqrt(len(values))
    return [m, max(m - half, 0.0), m + half]


def ratio(y, x):
    y, x = np.asarray(y, float), np.asarray(x, float)
    n = len(y)
    r = y.sum() / x.sum()
    var = ((y - r * x) ** 2).sum() / ((n - 1) * n * x.mean() ** 2)
    # Never narrower than the binomial range of the share (issue 27).
    half = max(stats.t.ppf(0.975, n - 1) * np.sqrt(var),
               stats.norm.ppf(0.975) * np.sqrt(r * (1 - r) / x.sum()))
    return [float(r), max(r - half, 0.0), min(r + half, 1.0)]


def psi(ref, w, prod):
    order = np.argsort(ref, kind="stable")
    ref_sorted, w_sorted = ref[order], w[order]
    values, starts = np.unique(ref_sorted, return_index=True)
    group_w = np.add.reduceat(w_sorted, starts)
    total = w.sum()
    below = np.concatenate([[0.0], np.cumsum(group_w)[:-1]])
    edges = []
    for k in range(1, 10):
        hit = np.nonzero(10 * below >= k * total)[0]
        if len(hit) and (not edges or edges[-1] != values[hit[0]]):
            edges.append(values[hit[0]])
    edges = np.array(edges)
    bins = len(edges) + 1
    ref_bins = np.searchsorted(edges, ref, side="right")
    prod_bins = np.searchsorted(edges, prod, side="right")
    q = (np.bincount(ref_bins, weights=w, minlength=bins) + 0.5) / (total + 0.5 * bins)
    p = (np.bincount(prod_bins, minlength=bins) + 0.5) / (len(prod) + 0.5 * bins)
    return float(((p - q) * np.log(p / q)).sum())


def ks(ref, w, prod):
    pooled = np.unique(np.concatenate([ref, prod]))
    order = np.argsort(ref, kind="stable")
    cum_w = np.cumsum(w[order]) / w.sum()
    f_ref = np.concatenate([[0.0], cum_w])[np.searchsorted(ref[order], pooled, side="right")]
    f_prod = np.searchsorted(np.sort(prod), pooled, side="right") / len(prod)
    d = float(np.abs(f_ref - f_prod).max())
    m = w.sum() ** 2 / (w ** 2).sum()
    en = m * len(prod) / (m + len(prod))
    return d, float(stats.kstwobign.sf(np.sqrt(en) * d))


production = pd.read_parquet(ROOT / "samples/fraud-monitoring/production.parquet")
production = production[production["arm"] == "model"].reset_index(drop=True)
ts = production["ts"].dt.tz_localize("UTC").dt.tz_convert(ZONE)
index, n_days, whole = whole_days(ts)
keep = np.nonzero(whole)[0]
flag = production["score"].to_numpy() >= THRESHOLD

evaluation = pd.read_csv(ROOT / "samples/fraud/eval.csv")
positive = evaluation["label"].to_numpy() == 1
pi_eval = positive.mean()
weight = np.where(positive, PREVALENCE / pi_eval, (1 - PREVALENCE) / (1 - pi_eval))
eval_flag = evaluation["score"].to_numpy() >= THRESHOLD
eval_total = weight.sum()
whole_flags = (weight * eval_flag).sum()

out = {"whole_days": int(len(keep)), "promised_flagged": VOLUME * whole_flags / eval_total, "segments": {}}
for country, rows in production.groupby("country"):
    i = rows.index.to_numpy()
    cases = np.bincount(index[i], minlength=n_days)[keep]
    flags = np.bincount(index[i], weights=flag[i].astype(float), minlength=n_days)[keep]
    in_eval = (evaluation["country"] == country).to_numpy()
    w = weight[in_eval]
    share_volume = w.sum() / eval_total
    share_flags = (w * eval_flag[in_eval]).sum() / whole_flags
    ref = evaluation["score"].to_numpy()[in_eval]
    prod = production["score"].to_numpy()[i]
    d, p_value = ks(ref, w, prod)
    out["segments"][country] = {
        "cases": int(len(i)),
        "flagged": int(flag[i].sum()),
        "volume": mean_t(cases),
        "flagged_per_day": mean_t(flags),
        "share_flagged": ratio(flags, cases),
        "promised_volume": VOLUME * share_volume,
        "promised_flagged": VOLUME * (w * eval_flag[in_eval]).sum() / eval_total,
        "promised_share_flagged": (w * eval_flag[in_eval]).sum() / w.sum(),
        "share_of_flags": share_flags,
        "psi": psi(ref, w, prod),
        "ks_statistic": d,
        "ks_p_value": p_value,
    }

target = ROOT / "tests/data/monitor_segments_oracle.json"
target.write_text(json.dumps(out, indent=1) + "\n")
print(f"wrote {target}")
print(json.dumps(out, indent=1))
