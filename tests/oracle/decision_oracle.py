"""An independent check of the report's `decision` (issue 24).

For each case below, walks every distinct score with scikit-learn's `roc_curve`
(drop_intermediate=False), projects an average production day at each threshold,
keeps the thresholds meeting every hard constraint and picks the cheapest (costs
per row where the context takes them from a column). For each pair of constraints
no threshold meets together it finds, on each side, the threshold meeting one that
comes closest to the other (smallest shortfall; among equals the highest
threshold, which flags fewest). Writes tests/data/decision_oracle.json,
which tests/integration/decision.rs compares with `tradeoff report --json`. The
cases' numbers are copied from their contexts by hand, so this does not read YAML.

    target/venv/bin/python tests/oracle/decision_oracle.py
"""

import json

import numpy as np
import pandas as pd
from sklearn.metrics import roc_curve

CASES = {
    "fraud": {
        "file": "samples/fraud/eval.csv",
        "context": "samples/fraud/context.yaml",
        "volume": 8280,
        "prevalence": 0.033816425,
        "current": 0.5,
        # c_FP, c_TP per case; c_FN from the amount column.
        "costs": {"fp": 5.0, "tp": 5.0, "fn_column": "amount"},
        "constraints": [
            ("capacity_per_day", "flagged", "<=", 500),
            ("max_false_negative_rate", "fnr", "<=", 0.05),
            ("max_flagged_per_day", "flagged", "<=", 500),
            ("min_precision", "precision", ">=", 0.5),
            ("max_false_alarms_per_day", "false_alarms", "<=", 250),
            ("min_caught_per_day", "caught", ">=", 270),
        ],
    },
    "churn": {
        "file": "tests/data/churn/eval.csv",
        "context": "tests/data/churn/context.yaml",
        "volume": 1000,
        "prevalence": None,  # the evaluation's
        "current": 0.5,
        "costs": {"fp": 6.0, "tp": 36.0, "fn": 90.0},
        "constraints": [
            ("capacity_per_day", "flagged", "<=", 150),
            ("min_precision", "precision", ">=", 0.6),
        ],
    },
}


def days(case):
    df = pd.read_csv(case["file"])
    y, s = df["label"].to_numpy() == 1, df["score"].to_numpy()
    fpr, tpr, thresholds = roc_curve(y, s, drop_intermediate=False)
    pi = case["prevalence"] if case["prevalence"] is not None else y.mean()
    pos_day, neg_day = case["volume"] * pi, case["volume"] * (1 - pi)
    c = case["costs"]
    fn_cost = df[c["fn_column"]].to_numpy() if "fn_column" in c else np.full(len(y), c["fn"])
    rows = []
    for t, f, r in zip(thresholds, fpr, tpr):
        flagged_rows = s >= t
        missed_share = (y & ~flagged_rows).sum() / y.sum()
        # Mean cost per positive and per negative at t, as each row's own.
        pos_cost = np.where(flagged_rows[y], c["tp"], fn_cost[y]).mean()
        neg_cost = np.where(flagged_rows[~y], c["fp"], 0.0).mean()
        caught, alarms = pos_day * r, neg_day * f
        flagged = caught + alarms
        rows.append(
            {
                "threshold": float(t),
                "flagged": flagged,
                "caught": caught,
                "false_alarms": alarms,
                "fnr": missed_share,
                "precision": caught / flagged if flagged > 0 else None,
                "cost": pos_day * pos_cost + neg_day * neg_cost,
            }
        )
    return rows


def meets(day, constraint):
    _, quantity, op, goal = constraint
    v = day[quantity]
    if v is None:
        return False
    return v <= goal if op == "<=" else v >= goal


def shortfall(day, constraint):
    _, quantity, op, goal = constraint
    v = day[quantity]
    if v is None:
        return float("inf")
    return max(0.0, v - goal) if op == "<=" else max(0.0, goal - v)


def decide(name, case):
    rows = days(case)
    cs = case["constraints"]
    feasible = [d for d in rows if all(meets(d, c) for c in cs)]
    chosen = min(feasible, key=lambda d: (d["cost"], -d["threshold"])) if feasible else None
    current = next(d for d in sorted(rows, key=lambda d: d["threshold"]) if d["threshold"] >= case["current"])
    at = chosen or current
    # Capacity and max_flagged_per_day with the same number are one constraint.
    distinct = [c for i, c in enumerate(cs) if not any(e[1:] == c[1:] for e in cs[:i])]
    conflicts = []
    for i, a in enumerate(distinct):
        for b in distinct[i + 1 :]:
            if any(meets(d, a) and meets(d, b) for d in rows):
                continue
            side_a = [d for d in rows if meets(d, a)]
            side_b = [d for d in rows if meets(d, b)]
            if not side_a or not side_b:
                continue
            conflicts.append(
                {
                    "keys": [a[0], b[0]],
                    "thresholds": [
                        # Ties: the higher threshold, which flags fewer.
                        min(side_a, key=lambda d: (shortfall(d, b), -d["threshold"]))["threshold"],
                        min(side_b, key=lambda d: (shortfall(d, a), -d["threshold"]))["threshold"],
                    ],
                }
            )
    return {
        "context": case["context"],
        "threshold": chosen["threshold"] if chosen else None,
        "cost": chosen["cost"] if chosen else None,
        "meets": [c[0] for c in cs if meets(at, c)],
        "misses": [c[0] for c in cs if not meets(at, c)],
        "conflicts": conflicts,
    }


out = {name: decide(name, case) for name, case in CASES.items()}
with open("tests/data/decision_oracle.json", "w") as f:
    json.dump(out, f, indent=2)
    f.write("\n")
print(json.dumps(out, indent=2))
