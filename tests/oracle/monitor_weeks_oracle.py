"""Independent per-week counts for `tradeoff monitor`'s `monitoring.periods[]`,
written to tests/data/monitor_weeks_oracle.json and checked by
tests/integration/monitor.rs against `tradeoff monitor --json`.

For each production file below (the fraud-monitoring sample, and three field cases
from /work/shared/cases this project did not make, copied into tests/data/), with
pandas and scipy only:

- local calendar days in the context's zone (pandas' tz_convert), from the first
  day with a case to the last, empty days included;
- the first (last) day is partial when its first (last) case falls more than 15
  minutes later (earlier) in the day than on any day between (the rule stated in
  docs/src/after-launch.md); an empty day is not whole either;
- periods: 7-day blocks from the first whole day; a partial first day joins the
  first period; the last period holds what is left;
- per period: first and last day, calendar days, whole days, cases, flagged
  (score >= threshold), and the mean per whole day of cases and of flags with the
  95 % t interval (scipy.stats.t.ppf(0.975, n - 1) * s / sqrt(n), low floored at 0),
  never narrower than the Poisson one (scipy.stats.norm.ppf(0.975) * sqrt(mean / n)).

Run: target/venv/bin/python tests/oracle/monitor_weeks_oracle.py
(a venv with numpy, pandas, pyarrow and scipy).
"""
import json
import pathlib

import numpy as np
import pandas as pd
from scipy import stats

ROOT = pathlib.Path(__file__).resolve().parents[2]
SLACK = pd.Timedelta(minutes=15)


def read(path):
    if str(path).endswith(".parquet"):
        return pd.read_parquet(path)
    return pd.read_csv(path)


def periods(path, ts_column, zone, threshold, model_arm=None):
    frame = read(path)
    if model_arm is not None:
        # monitoring.experiment: the promises are held on the model arm alone.
        column, value = model_arm
        frame = frame[frame[column] == value].reset_index(drop=True)
    ts = frame[ts_column]
    if not pd.api.types.is_datetime64_any_dtype(ts):
        ts = pd.to_datetime(ts, utc=True, format="mixed")
    elif ts.dt.tz is None:
        ts = ts.dt.tz_localize("UTC")
    local = ts.dt.tz_convert(zone)
    day = local.dt.normalize()
    first, last = day.min(), day.max()
    dates = pd.date_range(first.tz_localize(None), last.tz_localize(None), freq="D")
    n = len(dates)
    index = np.array([(d.tz_localize(None) - first.tz_localize(None)).days for d in day])
    flagged = frame["score"].to_numpy(float) >= threshold
    cases = np.bincount(index, minlength=n)
    flags = np.bincount(index, weights=flagged.astype(float), minlength=n)
    # Time into (and left of) each local day of its first (last) case.
    since = (local - day).to_numpy()
    into = pd.Series(since).groupby(index).min()
    end_of = pd.Series(since).groupby(index).max()
    day_length = {i: (pd.Timestamp(dates[i]).tz_localize(zone) + pd.Timedelta(days=1) - pd.Timestamp(dates[i]).tz_localize(zone)) for i in range(n)}
    left = {i: day_length[i] - end_of[i] for i in end_of.index}
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
    lead = 1 if n > 1 and not whole[0] and cases[0] > 0 else 0
    blocks = []
    start = 0
    end = min(lead + 7, n)
    while start < n:
        blocks.append((start, end))
        start, end = end, min(end + 7, n)
    out = []
    for number, (a, b) in enumerate(blocks, 1):
        keep = [i for i in range(a, b) if whole[i]]

        def mean(values):
            values = np.asarray(values, float)
            if len(values) < 2:
                return [float(values.mean())] * 3 if len(values) else None
            # Never narrower than the Poisson range of a count (issue 27).
            half = max(stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1),
                       stats.norm.ppf(0.975) * np.sqrt(max(values.mean(), 0.0))) / np.sqrt(len(values))
            m = float(values.mean())
            return [m, max(m - half, 0.0), m + half]

        out.append({
            "week": number,
            "start": str(dates[a].date()),
            "end": str(dates[b - 1].date()),
            "days": b - a,
            "whole_days": len(keep),
            "cases": int(cases[a:b].sum()),
            "flagged": int(flags[a:b].sum()),
            "volume": mean(cases[keep]),
            "flagged_per_day": mean(flags[keep]),
        })
    return out


CASES = {
    "samples/fraud-monitoring/fraud.yaml": (
        "samples/fraud-monitoring/production.parquet", "ts", "Europe/Berlin", 0.5,
        ("arm", "model")),
    "tests/data/seams/seam-monitor-empty-days/ctx.yaml": (
        "tests/data/seams/seam-monitor-empty-days/production.parquet", "ts", "UTC", 0.5),
    "tests/data/seams/seam-monitor-text-timestamps/ctx_pg_ny.yaml": (
        "tests/data/seams/seam-monitor-text-timestamps/prod_pg_ny.csv", "ts", "Europe/Berlin", 0.5),
    # The same file with days cut in UTC: production starts at 23:00 on the first
    # day and ends at 22:59 on the last, so both are partial.
    "tests/data/seams/seam-monitor-text-timestamps/ctx_pg_ny.yaml@UTC": (
        "tests/data/seams/seam-monitor-text-timestamps/prod_pg_ny.csv", "ts", "UTC", 0.5),
    "tests/data/seams/seam-monitor-one-day/ctx.yaml": (
        "tests/data/seams/seam-monitor-one-day/production.csv", "ts", "UTC", 0.5),
}

result = {context: periods(ROOT / path, *rest) for context, (path, *rest) in CASES.items()}
out = ROOT / "tests/data/monitor_weeks_oracle.json"
out.write_text(json.dumps(result, indent=1) + "\n")
print(f"wrote {out}")
print(json.dumps(result, indent=1))
