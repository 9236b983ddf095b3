"""Independent check of `tradeoff monitor`'s audit plan and weighted audit.

1. Recomputes the plan in monitor JSON (`monitoring.audit.plan`) from its own
   inputs with numpy: Neyman's allocation n_h = n * a_h N_h S_h / sum(a N S),
   n = (sum a N S)^2 / (V + sum a^2 N S^2), V = (half_width / z)^2 (Cochran 1977,
   eq. 5.26), census where n_h > N_h; and the current design's common factor.
2. Simulates the planned sizes: a population with the planned shares, hypergeometric
   draws of n_h per group, and the share of draws whose estimate lands within the
   asked half-width of the truth (should be about 95 %).
3. With --audit and --production: the ratio (Hajek) estimate of missed and caught
   from the returned audit's inclusion probabilities, computed with pyarrow/numpy,
   against the JSON's period totals.

Run: /work/venv-ci/bin/python tests/oracle/audit_plan_oracle.py monitor.json \
        [--audit A.csv --production P.parquet --threshold 0.5]
"""
import argparse
import json
import math

import numpy as np

Z = 1.959963984540054


def terms(N, P, a):
    s2 = N / (N - 1) * P * (1 - P) if N > 1 else 0.0
    return abs(a) * N * math.sqrt(s2), a * a * N * s2


def solve(strata, V, weight):
    matters = [terms(N, P, a)[1] > 0 for N, P, a, r in strata]
    census = [False] * len(strata)
    while True:
        inv = sum(terms(N, P, a)[1] * N / weight(N, P, a, r)
                  for (N, P, a, r), m, c in zip(strata, matters, census) if m and not c)
        fixed = sum(terms(N, P, a)[1]
                    for (N, P, a, r), m, c in zip(strata, matters, census) if m and not c)
        k = inv / (V + fixed)
        moved = False
        for i, (N, P, a, r) in enumerate(strata):
            if matters[i] and not census[i] and k * weight(N, P, a, r) >= N:
                census[i] = moved = True
        if not moved:
            out = []
            for i, (N, P, a, r) in enumerate(strata):
                size = min(math.ceil(k * weight(N, P, a, r)), N)
                out.append(N if census[i] else (max(size, 1) if matters[i] else size))
            return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("json")
    ap.add_argument("--audit")
    ap.add_argument("--production")
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--draws", type=int, default=20000)
    ap.add_argument("--model-arm", help="COLUMN=VALUE: production's model arm only "
                    "(monitoring.experiment holds the promises on it)")
    args = ap.parse_args()
    audit = json.load(open(args.json))["monitoring"]["audit"]
    plan = audit["plan"]
    f, u = plan["flagged"], plan["not_flagged"]
    Nf, Nu, pf, pu, days = f["cases"], u["cases"], f["expected_share"], u["expected_share"], plan["days"]
    C, M = Nf * pf, Nu * pu
    if plan["target"] == "missed_per_day":
        a = (0.0, 1.0 / days)
    else:
        a = (M / (C + M) ** 2, C / (C + M) ** 2)
    rates = (f["audited"] / Nf, u["audited"] / Nu)
    strata = [(Nf, pf, a[0], rates[0]), (Nu, pu, a[1], rates[1])]
    V = (plan["half_width"] / Z) ** 2
    neyman = solve(strata, V, lambda N, P, a_, r: terms(N, P, a_)[0])
    current = solve(strata, V, lambda N, P, a_, r: r * N)
    print(f"plan: target {plan['target']} ±{plan['target_value']} → half-width {plan['half_width']:.6g}")
    print(f"  tradeoff  Neyman {f['neyman']}, {u['neyman']}   current {f['current_design']}, {u['current_design']}")
    print(f"  numpy     Neyman {neyman[0]}, {neyman[1]}   current {current[0]}, {current[1]}")
    assert [f["neyman"], u["neyman"]] == neyman, "Neyman sizes differ"
    assert [f["current_design"], u["current_design"]] == current, "current-design sizes differ"
    print(f"  label savings of Neyman over the current rates: {sum(current) - sum(neyman)} "
          f"({sum(current)} → {sum(neyman)})")

    # Simulation: fixed population, hypergeometric draws with the planned sizes.
    rng = np.random.default_rng(20261207)
    Kf, Ku = round(Nf * pf), round(Nu * pu)
    for name, (nf, nu) in (("Neyman", neyman), ("current rates", current)):
        xf = rng.hypergeometric(Kf, Nf - Kf, nf, size=args.draws) if 0 < nf < Nf else np.full(args.draws, Kf if nf >= Nf else 0)
        xu = rng.hypergeometric(Ku, Nu - Ku, nu, size=args.draws) if 0 < nu < Nu else np.full(args.draws, Ku if nu >= Nu else 0)
        if plan["target"] == "missed_per_day":
            est, truth = Nu * xu / nu / days, Ku / days
        else:
            c_hat = Nf * xf / nf if nf else np.full(args.draws, Kf)
            m_hat = Nu * xu / nu
            est, truth = m_hat / (c_hat + m_hat), Ku / (Kf + Ku)
        within = np.mean(np.abs(est - truth) <= plan["half_width"])
        print(f"  {name}: {within:.3%} of {args.draws} draws within ±{plan['half_width']:.4g} of the truth")

    if args.audit and args.production:
        import pyarrow.csv as pacsv
        import pyarrow.parquet as pq
        arm = args.model_arm.split("=", 1) if args.model_arm else None
        prod = pq.read_table(args.production,
                             columns=["transaction_id", "score"] + ([arm[0]] if arm else []))
        if arm:
            import pyarrow as pa
            import pyarrow.compute as pc
            mask = pc.equal(prod.column(arm[0]).cast("string"), arm[1])
            prod = prod.select(["transaction_id", "score"]).cast(pa.schema([("transaction_id", pa.string()), ("score", pa.float64())])).filter(mask)
        ids = prod.column("transaction_id").to_pylist()
        scores = prod.column("score").to_numpy()
        score_of = dict(zip(ids, scores))
        aud = pacsv.read_csv(args.audit, convert_options=pacsv.ConvertOptions(
            column_types={"transaction_id": "string"}))
        labels = aud.column("label").to_pylist()
        keep = [i for i, l in enumerate(labels) if l is not None]
        a_ids = [aud.column("transaction_id")[i].as_py() for i in keep]
        a_score = np.array([score_of[i] for i in a_ids])
        w = 1.0 / np.array([aud.column("inclusion_probability")[i].as_py() for i in keep])
        y = np.array([float(labels[i]) for i in keep])
        flag = a_score >= args.threshold
        Nf = int((scores >= args.threshold).sum())
        Nu = len(scores) - Nf
        caught = Nf * np.sum(w[flag] * y[flag]) / np.sum(w[flag])
        missed = Nu * np.sum(w[~flag] * y[~flag]) / np.sum(w[~flag])
        t = audit["period_totals"]
        print(f"weighted audit: caught {caught:.4f} (tradeoff {t['caught']:.4f}), missed {missed:.4f} (tradeoff {t['missed']:.4f})")
        assert abs(caught - t["caught"]) < 1e-6 * max(1, caught)
        assert abs(missed - t["missed"]) < 1e-6 * max(1, missed)
        print(f"  miss rate {missed / (caught + missed):.6f} (tradeoff {audit['miss_rate']:.6f})")


main()
