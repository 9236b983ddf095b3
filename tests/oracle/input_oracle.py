"""The evaluation files of issue 11 (real exports) and the values numpy, pandas and
scikit-learn give for them, for tests/integration/inputs*.rs.

    /work/venv-bench/bin/python tests/oracle/input_oracle.py

Copies the field cases from ../shared/cases (or $CASES) into tests/data/input/, writes
more files of the same kinds in every format they apply to (every Arrow type, every way
of writing a label, a missing value or a timestamp, CSV dialects, JSON layouts), and
writes tests/data/input/oracle.json: for each file and reading, the confusion counts
at some thresholds as numpy computes them on the values *as stored* (a float32 column
compared with a Python float, NEP 50), weighted counts from scikit-learn's
confusion_matrix, ROC AUC, and the days a timestamp column covers. Deterministic:
every generated value comes from numpy's PCG64 with a fixed seed.
"""

import datetime as dt
import decimal
import json
import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from sklearn.metrics import confusion_matrix, roc_auc_score

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "data" / "input"
CASES = Path(os.environ.get("CASES", ROOT.parent / "shared" / "cases"))
if not CASES.is_dir():
    CASES = Path("/work/shared/cases")

ORACLE = []


def counts(scores, positive, thresholds, weight=None):
    """tp, fp, tn, fn at each threshold: flagged when score >= threshold, compared
    by numpy in the array's own dtype (a float32 array against a Python float is
    compared in float32)."""
    positive = np.asarray(positive, dtype=bool)
    rows = []
    for t in thresholds:
        flagged = np.asarray(scores >= t, dtype=bool)
        if weight is None:
            tp = int(np.sum(flagged & positive))
            fp = int(np.sum(flagged & ~positive))
            tn = int(np.sum(~flagged & ~positive))
            fn = int(np.sum(~flagged & positive))
        else:
            tn, fp, fn, tp = confusion_matrix(
                positive, flagged, labels=[False, True], sample_weight=weight
            ).ravel()
            tp, fp, tn, fn = (float(v) for v in (tp, fp, tn, fn))
        rows.append({"threshold": t, "tp": tp, "fp": fp, "tn": tn, "fn": fn})
    return rows


def record(name, file, thresholds, scores, is_positive, weight=None, **spec):
    """One oracle entry: read `file` with `spec`, expect these counts and AUC."""
    entry = {
        "name": name,
        "file": file,
        "spec": spec,
        "rows": int(len(scores)) if weight is None else int(np.sum(np.asarray(weight) > 0)),
        "counts": counts(scores, is_positive, thresholds, weight),
        "roc_auc": float(
            roc_auc_score(
                np.asarray(is_positive, dtype=bool),
                np.asarray(scores, dtype=np.float64),
                sample_weight=weight,
            )
        ),
    }
    ORACLE.append(entry)


def as_decimal_compares(decimals):
    """DECIMAL scores as compared with a threshold written in decimal: 0.0500 is
    flagged at 0.05. (Python's `Decimal("0.05") >= 0.05` is False, because the float
    0.05 is 0.05000000000000000277; scikit-learn converts decimals to float64 and
    flags it, and so does comparing in decimal with the threshold as written.)
    Checked here: float64 conversion and exact decimal comparison against
    Decimal(repr(threshold)) agree on every value and threshold used."""
    values = np.array([float(v) for v in decimals])
    for t in [0.05, 0.3, 0.35, 0.5, 0.7]:
        exact = np.array([decimal.Decimal(v) >= decimal.Decimal(repr(t)) for v in decimals])
        assert (exact == (values >= t)).all()
    return values


def base(n=240, seed=11):
    """A small evaluation set: scores on a 0.001 grid (ties included), labels drawn
    from the scores."""
    rng = np.random.default_rng(seed)
    score = np.round(rng.beta(2, 3, n), 3)
    label = (rng.random(n) < score).astype(np.int64)
    return pd.DataFrame({"score": score, "label": label})


def copy_cases():
    pairs = {
        "decimal-parquet/decimal_amount_unused.parquet": "decimal_amount_unused.parquet",
        "decimal-parquet/decimal_score.parquet": "decimal_score.parquet",
        "float32-scores/eval_float32.parquet": "float32_scores.parquet",
        "epoch-seconds/epoch_s.parquet": "epoch_s.parquet",
        "tiny-scores/eval.csv": "tiny_scores.csv",
        "zero-weight-rows/eval.csv": "zero_weight.csv",
        "categorical-labels/eval_categorical.parquet": "categorical_labels.parquet",
        "float-labels/eval_float.csv": "float_labels.csv",
        "duplicate-ids/eval_dup.csv": "duplicate_ids.csv",
        "ndjson-inference/go_integers_first.ndjson": "integers_first.ndjson",
        "ndjson-inference/late_field.ndjson": "late_field.ndjson",
        "r-na/r_write_csv.csv": "r_write_csv.csv",
        "semicolon-decimal-comma/semicolon_decimal_comma.csv": "semicolon_decimal_comma.csv",
        "logit-scores/eval.csv": "logit_scores.csv",
    }
    for source, target in pairs.items():
        shutil.copyfile(CASES / source, OUT / target)
        os.chmod(OUT / target, 0o644)


def field_cases():
    t = [0.3, 0.5, 0.7]
    d = pd.read_parquet(OUT / "decimal_amount_unused.parquet")
    record("decimal column unused", "decimal_amount_unused.parquet", t, d.score.values, d.label == 1)
    d = pd.read_parquet(OUT / "decimal_score.parquet")
    record("decimal scores", "decimal_score.parquet", t, as_decimal_compares(d.score), d.label == 1)
    d = pd.read_parquet(OUT / "float32_scores.parquet")
    assert d.score.dtype == np.float32
    record(
        "float32 scores",
        "float32_scores.parquet",
        [0.7, 0.70000001, 0.7000001, 0.35, 0.05, 0.5],
        d.score.values,
        d.label == 1,
    )
    d = pd.read_csv(OUT / "tiny_scores.csv")
    record("tiny scores", "tiny_scores.csv", [5e-8, 1.5e-7, 4e-7], d.score.values, d.label == 1)
    d = pd.read_csv(OUT / "zero_weight.csv")
    record(
        "zero weights",
        "zero_weight.csv",
        [0.3, 0.5, 0.7],
        d.score.values,
        d.label == 1,
        weight=d.weight.values,
        weight_column="weight",
        id="case_id",
    )
    d = pd.read_parquet(OUT / "categorical_labels.parquet")
    assert isinstance(d.label.dtype, pd.CategoricalDtype)
    record(
        "categorical labels",
        "categorical_labels.parquet",
        t,
        d.score.values,
        d.label == "Fraud",
        positive="Fraud",
    )
    d = pd.read_csv(OUT / "float_labels.csv")
    record("float labels, default positive", "float_labels.csv", t, d.score.values, d.label == 1.0)
    record(
        "float labels, positive 1.0",
        "float_labels.csv",
        t,
        d.score.values,
        d.label == 1.0,
        positive="1.0",
    )
    d = pd.read_csv(OUT / "duplicate_ids.csv")
    record("duplicate ids kept", "duplicate_ids.csv", [0.5], d.score.values, d.label == 1, id="txn_id")
    for name in ["integers_first.ndjson", "late_field.ndjson"]:
        d = pd.read_json(OUT / name, lines=True)
        record(f"ndjson {name}", name, t, d.score.values.astype(float), d.label == 1)
    d = pd.read_csv(OUT / "r_write_csv.csv", index_col=0).dropna(subset=["score", "label"])
    record("R export, NA dropped", "r_write_csv.csv", [0.5], d.score.values, d.label == 1, drop_invalid=True)
    d = pd.read_csv(OUT / "semicolon_decimal_comma.csv", sep=";", decimal=",")
    record("semicolon and decimal comma", "semicolon_decimal_comma.csv", t, d.score.values, d.label == 1)
    d = pd.read_csv(OUT / "logit_scores.csv")
    record(
        "logit scores, negative thresholds",
        "logit_scores.csv",
        [-1.0, 0.0, 1.0],
        d.margin.values,
        d.label == 1,
        score="margin",
    )


def arrow_types():
    """Every Arrow type a Parquet file can hold, beside a score and a label."""
    b = base(seed=12)
    n = len(b)
    rng = np.random.default_rng(13)
    ints = rng.integers(0, 100, n)
    start = dt.datetime(2026, 1, 5, 8, 0, 0)
    stamps = [start + dt.timedelta(minutes=int(m)) for m in rng.integers(0, 60 * 24 * 10, n)]
    text = [f"merchant-{i % 17}" for i in range(n)]
    columns = {
        "score": pa.array(b.score, pa.float64()),
        "label": pa.array(b.label, pa.int64()),
        "decimal128": pa.array([decimal.Decimal(int(v)) / 100 for v in ints], pa.decimal128(12, 2)),
        "decimal256": pa.array([decimal.Decimal(int(v)) / 100 for v in ints], pa.decimal256(60, 2)),
        "float16": pa.array(np.asarray(b.score, np.float16), pa.float16()),
        "float32": pa.array(np.asarray(b.score, np.float32), pa.float32()),
        "int8": pa.array(ints, pa.int8()),
        "int16": pa.array(ints, pa.int16()),
        "int32": pa.array(ints, pa.int32()),
        "uint8": pa.array(ints, pa.uint8()),
        "uint16": pa.array(ints, pa.uint16()),
        "uint32": pa.array(ints, pa.uint32()),
        "uint64": pa.array(ints, pa.uint64()),
        "bool": pa.array(ints % 2 == 0, pa.bool_()),
        "dictionary": pa.array(text).dictionary_encode(),
        "dictionary_int": pa.array(ints % 5, pa.int64()).dictionary_encode(),
        "large_string": pa.array(text, pa.large_string()),
        "string_view": pa.array(text, pa.string_view()),
        "date32": pa.array([s.date() for s in stamps], pa.date32()),
        "date64": pa.array([s.date() for s in stamps], pa.date64()),
        "timestamp_s": pa.array(stamps, pa.timestamp("s")),
        "timestamp_ms_utc": pa.array(stamps, pa.timestamp("ms", tz="UTC")),
        "timestamp_us_berlin": pa.array(stamps, pa.timestamp("us", tz="Europe/Berlin")),
        "timestamp_ns_offset": pa.array(stamps, pa.timestamp("ns", tz="+05:30")),
        "time32": pa.array([s.time() for s in stamps], pa.time32("s")),
        "time64": pa.array([s.time() for s in stamps], pa.time64("us")),
        "duration": pa.array([dt.timedelta(seconds=int(v)) for v in ints], pa.duration("ms")),
        "binary": pa.array([t.encode() for t in text], pa.binary()),
        "large_binary": pa.array([t.encode() for t in text], pa.large_binary()),
        "fixed_binary": pa.array([int(v).to_bytes(16, "big") for v in ints], pa.binary(16)),
        "list": pa.array([[int(v), 1] for v in ints], pa.list_(pa.int64())),
        "large_list": pa.array([[float(v)] for v in ints], pa.large_list(pa.float64())),
        "fixed_list": pa.array([[int(v), 2] for v in ints], pa.list_(pa.int32(), 2)),
        "struct": pa.array([{"a": int(v), "b": t} for v, t in zip(ints, text)]),
        "map": pa.array([[(t, int(v))] for v, t in zip(ints, text)], pa.map_(pa.string(), pa.int64())),
        "null": pa.nulls(n),
        "interval": pa.array(
            [pa.scalar((1, int(v), 0), pa.month_day_nano_interval()).as_py() for v in ints],
            pa.month_day_nano_interval(),
        ),
    }
    table = pa.table(columns)
    try:
        pq.write_table(table, OUT / "every_type.parquet")
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
        # Parquet has no month-day-nano interval: leave it out.
        table = table.drop_columns(["interval"])
        pq.write_table(table, OUT / "every_type.parquet")
    record("every type beside the score", "every_type.parquet", [0.3, 0.5], b.score.values, b.label == 1)
    # Each numeric type as the score, compared in its own precision.
    grid = np.round(b.score.values * 20) / 20
    scored = {
        "score_int8": (pa.array(ints, pa.int8()), ints, [50, 49.5, -1]),
        "score_uint64": (pa.array(ints, pa.uint64()), ints, [50, 99.9]),
        "score_float16": (pa.array(grid.astype(np.float16), pa.float16()), grid.astype(np.float16), [0.7, 0.35, 0.05, 0.5]),
        "score_float32": (pa.array(grid.astype(np.float32), pa.float32()), grid.astype(np.float32), [0.7, 0.35, 0.05, 0.1]),
        "score_decimal": (
            pa.array([decimal.Decimal(str(v)) for v in grid], pa.decimal128(10, 4)),
            as_decimal_compares([decimal.Decimal(str(v)) for v in grid]),
            [0.7, 0.35, 0.05],
        ),
        "score_bool": (pa.array(ints % 2 == 0, pa.bool_()), (ints % 2 == 0).astype(np.int64), [0.5, 1.0]),
    }
    for name, (array, values, thresholds) in scored.items():
        pq.write_table(pa.table({"score": array, "label": columns["label"]}), OUT / f"{name}.parquet")
        record(f"score stored as {name[6:]}", f"{name}.parquet", thresholds, values, b.label == 1)
    # Named columns whose type holds no single value: each is an error.
    for name in ["list", "struct", "binary", "map", "fixed_binary"]:
        pq.write_table(
            pa.table({"score": columns[name], "label": columns["label"]}), OUT / f"score_{name}.parquet"
        )


def timestamps():
    d = pd.read_parquet(OUT / "epoch_s.parquet")
    seconds = d.ts.values.astype(np.int64)
    days = pd.to_datetime(seconds, unit="s", utc=True).floor("D")
    expected = {
        "days": int(days.nunique()),
        "first": str(days.min().date()),
        "last": str(days.max().date()),
    }
    frame = lambda ts: pd.DataFrame({"score": d.score, "label": d.label, "ts": ts})  # noqa: E731
    frame(seconds * 1000).to_parquet(OUT / "epoch_ms.parquet", index=False)
    frame(seconds * 1_000_000).to_parquet(OUT / "epoch_us.parquet", index=False)
    frame(seconds * 1_000_000_000).to_parquet(OUT / "epoch_ns.parquet", index=False)
    frame(seconds + 0.25).to_parquet(OUT / "epoch_float_s.parquet", index=False)
    frame(seconds).to_csv(OUT / "epoch_s.csv", index=False)
    frame(seconds * 1000).to_json(OUT / "epoch_ms.ndjson", orient="records", lines=True)
    frame(pd.to_datetime(seconds, unit="s", utc=True).tz_convert("America/New_York")).to_parquet(
        OUT / "timestamp_new_york.parquet", index=False
    )
    frame(pd.to_datetime(seconds, unit="s").strftime("%Y%m%d").astype(np.int64)).to_csv(
        OUT / "epoch_yyyymmdd.csv", index=False
    )
    ORACLE.append({"name": "epoch days", "days": expected})


def labels_and_missing():
    b = base(seed=21)
    s = b.score.values
    pos = b.label.values == 1
    t = [0.3, 0.5]
    b.assign(label=b.label.astype(np.float64)).to_parquet(OUT / "float_labels.parquet", index=False)
    record("float labels in Parquet", "float_labels.parquet", t, s, pos, positive="1")
    b.assign(label=b.label.astype(np.float64)).to_json(OUT / "float_labels.ndjson", orient="records", lines=True)
    with open(OUT / "float_labels.ndjson") as f:
        assert '"label":1.0' in f.read()
    record("float labels in NDJSON", "float_labels.ndjson", t, s, pos)
    b.assign(label=pos).to_parquet(OUT / "bool_labels.parquet", index=False)
    record("bool labels, positive True", "bool_labels.parquet", t, s, pos, positive="True")
    b.assign(label=np.where(pos, "True", "False")).to_csv(OUT / "true_false.csv", index=False)
    record("True/False text, positive true", "true_false.csv", t, s, pos, positive="true")
    record("True/False text, default positive", "true_false.csv", t, s, pos)
    b.assign(label=pos).to_json(OUT / "bool_labels.ndjson", orient="records", lines=True)
    record("JSON true/false", "bool_labels.ndjson", t, s, pos, positive="1.0")
    # One column writing the positive four ways.
    ways = np.array(["1", "1.0", "true", "TRUE"])
    mixed = np.where(pos, ways[np.arange(len(b)) % 4], np.where(np.arange(len(b)) % 2 == 0, "0", "0.0"))
    b.assign(label=mixed).to_csv(OUT / "mixed_label_spellings.csv", index=False)
    record("1, 1.0, true, TRUE as one label", "mixed_label_spellings.csv", t, s, pos)
    # Labels 0/2: `positive: 1.0` never occurs, and the message must say 1.0.
    b.assign(label=b.label * 2).to_csv(OUT / "labels_0_2.csv", index=False)
    # Categorical labels in a Parquet dictionary with int codes.
    b.assign(label=pd.Categorical(np.where(pos, "churn", "stay"))).to_parquet(
        OUT / "categorical_churn.parquet", index=False
    )
    record("categorical churn/stay", "categorical_churn.parquet", t, s, pos, positive="churn")
    # Every missing marker, in the score and in the label column.
    markers = ["", "NA", "N/A", "null", "NaN", "None", "#N/A"]
    score_text = s.astype(str).astype(object)
    label_text = b.label.astype(str).values.astype(object)
    score_missing = np.arange(len(b)) % 23 == 5
    label_missing = np.arange(len(b)) % 31 == 7
    for i in np.flatnonzero(score_missing):
        score_text[i] = markers[i % len(markers)]
    for i in np.flatnonzero(label_missing):
        label_text[i] = markers[(i + 3) % len(markers)]
    pd.DataFrame({"score": score_text, "label": label_text}).to_csv(OUT / "missing_markers.csv", index=False)
    keep = ~score_missing & ~label_missing
    record("missing markers dropped", "missing_markers.csv", t, s[keep], pos[keep], drop_invalid=True)
    # The same in NDJSON: null, "NA", Python's bare NaN.
    with open(OUT / "missing_markers.ndjson", "w") as f:
        for i in range(len(b)):
            sv = "NaN" if score_missing[i] and i % 2 else ("null" if score_missing[i] else repr(float(s[i])))
            lv = '"NA"' if label_missing[i] else str(int(b.label[i]))
            f.write(f'{{"score": {sv}, "label": {lv}, "note": NaN}}\n')
    record("NDJSON null, NaN and NA dropped", "missing_markers.ndjson", t, s[keep], pos[keep], drop_invalid=True)
    # And in Parquet: nulls in float and int columns.
    pd.DataFrame(
        {
            "score": pd.array(np.where(score_missing, np.nan, s), dtype="Float64"),
            "label": pd.array(np.where(label_missing, None, b.label), dtype="Int64"),
        }
    ).to_parquet(OUT / "missing_values.parquet", index=False)
    record("Parquet nulls dropped", "missing_values.parquet", t, s[keep], pos[keep], drop_invalid=True)
    # NA in a label column alone (no score missing): never the negative class.
    pd.DataFrame({"score": s, "label": np.where(label_missing, "NA", b.label.astype(str))}).to_csv(
        OUT / "label_na.csv", index=False
    )


def json_layouts():
    b = base(seed=31)
    s = b.score.values
    pos = b.label.values == 1
    t = [0.3, 0.5]
    b.to_json(OUT / "records.json", orient="records")
    record("JSON array (pandas records)", "records.json", t, s, pos)
    with open(OUT / "records_pretty.json", "w") as f:
        json.dump(json.loads(b.to_json(orient="records")), f, indent=2)
    record("JSON array, indented", "records_pretty.json", t, s, pos)
    b.to_json(OUT / "columns.json")  # pandas' default: {"score": {"0": …}, …}
    lines = b.to_json(orient="records", lines=True).splitlines()
    lines[4] = lines[4][:-1]  # line 5 loses its closing brace
    (OUT / "broken_line.ndjson").write_text("\n".join(lines) + "\n")
    # Blank lines between records: a bad value on a later line is named by its line.
    text = "\n\n".join(b.to_json(orient="records", lines=True).splitlines()[:10]) + "\n"
    text = text.replace('"score":' + json.dumps(float(s[6])), '"score":"high"', 1)
    (OUT / "blank_lines.ndjson").write_text(text)


def dialects():
    b = base(seed=41)
    s = b.score.values
    pos = b.label.values == 1
    t = [0.3, 0.5]
    b.to_csv(OUT / "tab.tsv", sep="\t", index=False)
    record("tab separated", "tab.tsv", t, s, pos)
    b.to_csv(OUT / "pipe.csv", sep="|", index=False)
    record("pipe separated", "pipe.csv", t, s, pos)
    with open(OUT / "excel_sep.csv", "w", encoding="utf-8-sig") as f:
        f.write("sep=;\n")
        b.to_csv(f, sep=";", decimal=",", index=False)
    record("Excel sep= line and decimal comma", "excel_sep.csv", t, s, pos)
    # A comma file with quoted decimal commas: data.decimal says so.
    b.to_csv(OUT / "comma_decimal_comma.csv", sep=",", decimal=",", index=False)
    record("data.decimal with a comma separator", "comma_decimal_comma.csv", t, s, pos, decimal=",")
    # A header that splits at `,` and `;` alike, data only at `;`.
    b.rename(columns={"score": "score,raw"}).to_csv(OUT / "tie_settled.csv", sep=";", index=False)
    record("separator tie settled by the data", "tie_settled.csv", t, s, pos, score="score,raw")
    (OUT / "ambiguous.csv").write_text("a,b;c\n1,2;3\n")
    b.to_csv(OUT / "semicolon_told.csv", sep=";", index=False)
    record("data.separator", "semicolon_told.csv", t, s, pos, separator=";")


def duplicates():
    d = pd.read_csv(OUT / "duplicate_ids.csv")
    dup = d.txn_id.duplicated(keep=False)
    ORACLE.append(
        {
            "name": "duplicate ids",
            "extra_rows": int(d.txn_id.duplicated().sum()),
            "ids": int(d.txn_id[dup].nunique()),
            "first": list(pd.unique(d.txn_id[dup]))[:3],
        }
    )
    # Two of the repeated ids get the other label on their second row.
    c = d.copy()
    second = c.index[c.txn_id.duplicated()]
    flip = second[[0, 5]]
    c.loc[flip, "label"] = 1 - c.loc[flip, "label"]
    c.to_csv(OUT / "duplicate_conflict.csv", index=False)
    conflicting = c.txn_id.isin(c.txn_id[flip])
    kept = c[~conflicting]
    record(
        "conflicting ids dropped",
        "duplicate_conflict.csv",
        [0.5],
        kept.score.values,
        kept.label == 1,
        id="txn_id",
        drop_invalid=True,
    )
    ORACLE.append(
        {
            "name": "conflicting ids",
            "first_id": c.txn_id[flip[0]],
            "rows": [int(i) + 1 for i in c.index[c.txn_id == c.txn_id[flip[0]]]],
            "dropped": int(conflicting.sum()),
        }
    )
    # SVM-style labels, −1 and 1.
    l = pd.read_csv(OUT / "logit_scores.csv")
    l.assign(label=np.where(l.label == 1, 1, -1)).to_csv(OUT / "svm_labels.csv", index=False)
    record(
        "labels -1/1, positive -1",
        "svm_labels.csv",
        [-1.0, 0.0],
        l.margin.values,
        l.label != 1,
        score="margin",
        positive="-1",
    )


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    copy_cases()
    field_cases()
    arrow_types()
    timestamps()
    labels_and_missing()
    json_layouts()
    dialects()
    duplicates()
    ORACLE.sort(key=lambda e: e["name"])

    def plain(o):
        if isinstance(o, (np.integer,)):
            return int(o)
        if isinstance(o, (np.floating,)):
            return float(o)
        if isinstance(o, decimal.Decimal):
            return float(o)
        raise TypeError(type(o))

    (OUT / "oracle.json").write_text(json.dumps(ORACLE, indent=1, default=plain) + "\n")
    print(f"wrote {len(ORACLE)} oracle entries and {len(list(OUT.iterdir()))} files to {OUT}")


if __name__ == "__main__":
    main()
