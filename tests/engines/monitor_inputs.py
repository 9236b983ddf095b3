"""Writes the monitoring sample's inputs in the forms the engine tests of
`tradeoff sql` on `monitoring:` need (tests/integration/engines_monitor.rs):

    python monitor_inputs.py SAMPLE_DIR EVAL_CSV OUT_DIR [ROWS]

- eval.parquet and audit.parquet: the sample's CSVs as Parquet (Spark reads no
  CSV header through `parquet.`…``-style paths);
- production.parquet: the sample's production as it is;
- production_text.parquet: the same cases with the timestamp written as text, in
  three forms (naive UTC, `Z`, and a `+01:00` offset), a third each way, from
  14:00 UTC on the second day: the first day is partial, and some audited cases
  are no longer in production;
- production_null.parquet: as production_text, with one NULL and one NaN score
  among the cases not audited;
- production_arm_other.parquet: the sample's production with one case's arm
  `control`, neither of the experiment's two values;
- with ROWS, production_large.parquet: ROWS cases drawn from the sample's
  production (scores and times of day resampled, ids new) over the same period,
  and audit_large.parquet auditing every flagged case and 2 % of the rest.
"""

import json
import sys

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq


def main():
    sample, eval_csv, out = sys.argv[1], sys.argv[2], sys.argv[3]
    rows = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    pq.write_table(pcsv.read_csv(eval_csv), f"{out}/eval.parquet")
    audit = pcsv.read_csv(f"{sample}/audit.csv")
    pq.write_table(audit, f"{out}/audit.parquet")
    production = pq.read_table(f"{sample}/production.parquet")
    production = production.cast(
        pa.schema([(f.name, pa.string() if f.type == pa.string_view() else f.type) for f in production.schema])
    )
    pq.write_table(production, f"{out}/production.parquet")
    ms = pc.cast(production["ts"], pa.int64()).to_numpy()
    texts = []
    for i, t in enumerate(ms):
        seconds = int(t // 1000)
        stamp = np.datetime64(seconds, "s")
        if i % 3 == 0:
            texts.append(str(stamp).replace("T", " "))
        elif i % 3 == 1:
            texts.append(str(stamp) + "Z")
        else:
            local = np.datetime64(seconds + 3600, "s")
            texts.append(str(local) + "+01:00")
    text = production.set_column(production.schema.get_field_index("ts"), "ts", pa.array(texts))
    # Production starts at 14:00 UTC on its first whole day: that day is partial,
    # and the audit names cases that are no longer in production.
    start = (ms.min() // 86_400_000 + 1) * 86_400_000 + 14 * 3_600_000
    text = text.filter(pa.array(ms >= start))
    pq.write_table(text, f"{out}/production_text.parquet")
    scores = text["score"].to_pylist()
    # Two cases the audit does not name: one NULL, one NaN.
    audited = set(audit.column(0).to_pylist())
    ids = text["transaction_id"].to_pylist()
    free = [i for i, s in enumerate(scores) if ids[i] not in audited and s < 0.1]
    scores[free[0]] = None
    scores[free[1]] = float("nan")
    nulls = text.set_column(text.schema.get_field_index("score"), "score", pa.array(scores, pa.float64()))
    pq.write_table(nulls, f"{out}/production_null.parquet")
    arms = production["arm"].to_pylist()
    arms[len(arms) // 2] = "control"
    other = production.set_column(production.schema.get_field_index("arm"), "arm", pa.array(arms, pa.string()))
    pq.write_table(other, f"{out}/production_arm_other.parquet")
    ids_as_numbers(production, audit, out)
    if rows:
        rng = np.random.default_rng(27)
        pick = rng.integers(0, production.num_rows, rows)
        score = production["score"].to_numpy()[pick]
        day_ms = 86_400_000
        first, last = ms.min() // day_ms, ms.max() // day_ms
        days = rng.integers(first, last + 1, rows)
        when = days * day_ms + (ms[pick] % day_ms)
        ids = np.char.add("L", np.arange(rows).astype(str))
        large = pa.table(
            {
                "transaction_id": pa.array(ids),
                "ts": pa.array(when.astype("datetime64[ms]")),
                "score": pa.array(score),
                # The experiment's arm and outcome, drawn with the scores.
                "arm": pa.array(production["arm"].to_numpy(zero_copy_only=False)[pick].astype(str)),
                "lost": pa.array(production["lost"].to_numpy()[pick]),
            }
        )
        pq.write_table(large, f"{out}/production_large.parquet", row_group_size=1_000_000)
        audited = (score >= 0.5) | (rng.random(rows) < 0.02)
        labels = (rng.random(rows) < np.clip(score, 0, 1)).astype(int)
        pq.write_table(
            pa.table({"transaction_id": pa.array(ids[audited]), "label": pa.array(labels[audited])}),
            f"{out}/audit_large.parquet",
        )


def ids_as_numbers(production, audit, out):
    """The sample's ids as the numbers they end in (`p-0000007` is 7), presented the
    ways teams store them: production as int64, as text `7`, as float64 `7.0`, and
    as CSV and NDJSON; the audit as int64 and as text `7.0`; and production with
    one id (not audited) on two rows."""
    number = lambda ids: [int(i.split("-")[1]) for i in ids]
    column = production.schema.get_field_index("transaction_id")
    numbers = number(production["transaction_id"].to_pylist())

    def with_ids(values, kind):
        return production.set_column(column, "transaction_id", pa.array(values, kind))

    as_int = with_ids(numbers, pa.int64())
    pq.write_table(as_int, f"{out}/production_ids_int.parquet")
    pq.write_table(with_ids([str(n) for n in numbers], pa.string()), f"{out}/production_ids_text.parquet")
    pq.write_table(with_ids([float(n) for n in numbers], pa.float64()), f"{out}/production_ids_float.parquet")
    pcsv.write_csv(as_int, f"{out}/production_ids_int.csv")
    with open(f"{out}/production_ids_int.ndjson", "w", encoding="utf-8") as f:
        for row in as_int.to_pylist():
            row["ts"] = row["ts"].isoformat().replace("+00:00", "Z")
            f.write(json.dumps(row) + "\n")
    audited = number(audit["transaction_id"].to_pylist())
    audit_column = audit.schema.get_field_index("transaction_id")
    pq.write_table(
        audit.set_column(audit_column, "transaction_id", pa.array(audited, pa.int64())),
        f"{out}/audit_ids_int.parquet",
    )
    pq.write_table(
        audit.set_column(audit_column, "transaction_id", pa.array([f"{n}.0" for n in audited], pa.string())),
        f"{out}/audit_ids_float_text.parquet",
    )
    # One case not audited scored twice: its id on two rows.
    free = next(i for i, n in enumerate(numbers) if n not in set(audited))
    twice = pa.concat_tables([as_int, as_int.slice(free, 1)])
    pq.write_table(twice, f"{out}/production_ids_repeated.parquet")


if __name__ == "__main__":
    main()
