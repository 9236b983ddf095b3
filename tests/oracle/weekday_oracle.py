"""Weekday claims need a pattern beyond the day-to-day noise (issue 24).

Makes two evaluation files over 30 days of November 2026 (UTC), 6,000 cases each,
labels drawn from the scores (numpy, fixed seeds):

- `random.csv`: timestamps uniformly at random over the 30 days: no weekday effect;
- `fridays.csv`: the same, but Friday's scores are raised (score ** 0.5), so Fridays
  flag about twice as often: a real weekday effect.

For each, projects every day's flags at threshold 0.5 onto a production day the way
the report does (volume × (π·TPR_day + (1 − π)·FPR_day), π the evaluation's share of
positives), groups the days by weekday and runs `scipy.stats.f_oneway`. Writes the
files and tests/data/weekday/oracle.json, which tests/integration/words.rs compares
with `tradeoff report --json` (`weekday_pattern`).

    target/venv/bin/python tests/oracle/weekday_oracle.py
"""

import json
from datetime import datetime, timezone

import numpy as np
from scipy.stats import f_oneway

START = datetime(2026, 11, 1, tzinfo=timezone.utc).timestamp()
DAYS = 30
N = 6000
VOLUME = 1000.0
THRESHOLD = 0.5


def make(seed, friday_boost):
    rng = np.random.default_rng(seed)
    seconds = START + rng.uniform(0, DAYS * 86400, N).astype(np.int64)
    day = ((seconds - START) // 86400).astype(int)
    # 1 Nov 2026 is a Sunday: weekday (Monday 0) of day d is (d + 6) % 7.
    weekday = (day + 6) % 7
    score = rng.beta(1.2, 4.0, N)
    if friday_boost:
        score = np.where(weekday == 4, score**0.5, score)
    label = (rng.uniform(size=N) < score).astype(int)
    return seconds, day, weekday, score, label


def per_day_flags(day, score, label):
    prevalence = label.mean()
    flags = []
    for d in range(DAYS):
        on = day == d
        pos, neg = on & (label == 1), on & (label == 0)
        tpr = (score[pos] >= THRESHOLD).mean() if pos.any() else 0.0
        fpr = (score[neg] >= THRESHOLD).mean() if neg.any() else 0.0
        flags.append(VOLUME * (prevalence * tpr + (1 - prevalence) * fpr))
    return np.array(flags)


out = {}
for name, seed, boost in [("random", 20261101, False), ("fridays", 20261102, True)]:
    seconds, day, weekday, score, label = make(seed, boost)
    order = np.argsort(seconds, kind="stable")
    with open(f"tests/data/weekday/{name}.csv", "w") as f:
        f.write("ts,score,label\n")
        for i in order:
            ts = datetime.fromtimestamp(int(seconds[i]), timezone.utc)
            f.write(f"{ts:%Y-%m-%dT%H:%M:%SZ},{score[i]:.4f},{label[i]}\n")
    # Re-read the rounded scores the tool sees.
    rounded = np.round(score, 4)
    flags = per_day_flags(day, rounded, label)
    weekdays = (np.arange(DAYS) + 6) % 7
    groups = [flags[weekdays == w] for w in range(7)]
    result = f_oneway(*groups)
    means = np.array([g.mean() for g in groups])
    out[name] = {
        "f_statistic": float(result.statistic),
        "p_value": float(result.pvalue),
        "peak_weekday": int(means.argmax()),
        "peak_above_average": float((means.max() - means.mean()) / means.mean()),
    }
with open("tests/data/weekday/oracle.json", "w") as f:
    json.dump(out, f, indent=2)
    f.write("\n")
print(json.dumps(out, indent=2))
