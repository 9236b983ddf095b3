"""``tradeoff.report`` in-process against ``tradeoff report`` on the same inputs:
every kind of data (a path, pandas, polars, pyarrow tables and readers, DuckDB
relations) and of context (a path, a YAML string, a dict)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any, Callable, Dict

import pytest

import tradeoff
from conftest import ROOT, cli, cli_report, input_roles, without_inputs

FRAUD = ROOT / "samples/fraud"


def polars_frame() -> Any:
    import polars as pl

    return pl.read_csv(FRAUD / "eval.csv")


def polars_chunked_frame() -> Any:
    """The polars frame with its columns in chunks, each column cut at other
    rows (a frame built by concatenating, or from Series made apart): each
    column is read through its own Arrow stream with its chunks as they are."""
    import polars as pl

    frame = polars_frame()
    height = frame.height
    columns = []
    for i, name in enumerate(frame.columns):
        cuts = sorted({0, height, *(height * (i + k) // (len(frame.columns) + 3) for k in (1, 2))})
        pieces = [frame[name][a:b] for a, b in zip(cuts, cuts[1:])]
        columns.append(pl.concat(pieces, rechunk=False))
    chunked = pl.DataFrame(columns)
    counts = [s.n_chunks() for s in chunked.get_columns()]
    assert min(counts) > 1 and len({tuple(s.chunk_lengths()) for s in chunked.get_columns()}) > 1
    return chunked


def pandas_frame() -> Any:
    import pandas as pd

    return pd.read_csv(FRAUD / "eval.csv")


def arrow_table() -> Any:
    import pyarrow.csv

    return pyarrow.csv.read_csv(FRAUD / "eval.csv")


def arrow_reader() -> Any:
    return arrow_table().to_reader(max_chunksize=1000)


DATA: Dict[str, Callable[[], Any]] = {
    "path": lambda: FRAUD / "eval.csv",
    "path-str": lambda: str(FRAUD / "eval.csv"),
    "polars": polars_frame,
    "polars-chunks": polars_chunked_frame,
    "pandas": pandas_frame,
    "pyarrow-table": arrow_table,
    "pyarrow-reader": arrow_reader,
}
"""Each kind of data, read in the CSV's row order. (A DuckDB relation has its own
order: test_duckdb_relation_in_its_own_order.)"""


@pytest.mark.parametrize("kind", DATA)
def test_every_kind_of_data_gives_the_cli_numbers(kind: str, fraud_cli: Dict[str, Any]) -> None:
    data = DATA[kind]()
    report = tradeoff.report(data, FRAUD / "context.yaml")
    assert without_inputs(report.summary) == without_inputs(fraud_cli["summary"])
    assert report.headline == fraud_cli["stdout"].strip()
    assert input_roles(report.summary) == ["Business context", "Evaluation data"]
    context, evaluation = report.summary["provenance"]["inputs"]
    assert context == fraud_cli["summary"]["provenance"]["inputs"][0]
    if kind.startswith("path"):
        assert report.summary == fraud_cli["summary"]
        assert report.markdown == fraud_cli["markdown"]
    else:
        kind_name = {
            "polars": "polars.DataFrame",
            "polars-chunks": "polars.DataFrame",
            "pandas": "pandas.DataFrame",
            "pyarrow-table": "pyarrow.Table",
            "pyarrow-reader": "pyarrow.RecordBatchReader",
        }[kind]
        assert evaluation["path"].endswith(f"<{kind_name}>")
        assert evaluation["sha256"] == ""


def test_duckdb_relation_in_its_own_order(tmp_path: Path) -> None:
    """The CLI is run on the same rows in the same order, as DuckDB writes them."""
    import duckdb

    ordered = tmp_path / "eval.csv"
    query = f"select * from read_csv('{FRAUD / 'eval.csv'}') order by transaction_id"
    duckdb.sql(query).write_csv(str(ordered))
    context = tmp_path / "context.yaml"
    context.write_text((FRAUD / "context.yaml").read_text())
    expected = cli_report(context, tmp_path / "out")
    report = tradeoff.report(duckdb.sql(query), context)
    assert without_inputs(report.summary) == without_inputs(expected["summary"])
    assert report.summary["data"]["rows"] == 20700


def test_a_yaml_string_and_a_dict_context_give_the_cli_numbers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # scikit-learn's breast-cancer scores (tests/data), a context written here.
    data = ROOT / "tests/data/breast_cancer.csv"
    text = f"""title: Breast cancer
date: 2026-01-05
data:
  path: {data}
business:
  positive: {{ one: malignant tumour, other: malignant tumours }}
  negative: {{ one: benign tumour, other: benign tumours }}
  action: sent for biopsy
  volume_per_day: 40
thresholds:
  current: 0.3
"""
    context = tmp_path / "context.yaml"
    context.write_text(text)
    expected = cli_report(context, tmp_path / "out")["summary"]
    as_dict = {
        "title": "Breast cancer",
        "date": "2026-01-05",
        "data": {"path": str(data)},
        "business": {
            "positive": {"one": "malignant tumour", "other": "malignant tumours"},
            "negative": {"one": "benign tumour", "other": "benign tumours"},
            "action": "sent for biopsy",
            "volume_per_day": 40,
        },
        "thresholds": {"current": 0.3},
    }
    for given in (context, str(context), text, as_dict):
        report = tradeoff.report(None, given)
        assert without_inputs(report.summary) == without_inputs(expected)
    # A dict without data.path, given a table.
    import polars as pl

    del as_dict["data"]
    report = tradeoff.report(pl.read_csv(data), as_dict)
    assert without_inputs(report.summary) == without_inputs(expected)
    # A YAML string without data.path (or without a data section), given a table.
    without_path = text.replace(f"  path: {data}\n", "")
    assert "path:" not in without_path
    report = tradeoff.report(pl.read_csv(data), without_path)
    assert without_inputs(report.summary) == without_inputs(expected)
    without_data = without_path.replace("data:\n", "")
    assert "data:" not in without_data
    report = tradeoff.report(pl.read_csv(data), without_data)
    assert without_inputs(report.summary) == without_inputs(expected)
    # Without data, data.path is still needed (the command line's message).
    with pytest.raises(tradeoff.ContextError, match="path"):
        tradeoff.report(None, without_path)
    # A relative data.path in a string is relative to the working folder.
    monkeypatch.chdir(data.parent)
    report = tradeoff.report(None, text.replace(str(data), data.name))
    assert without_inputs(report.summary) == without_inputs(expected)


def test_errors_carry_the_cli_message(tmp_path: Path) -> None:
    context = tmp_path / "context.yaml"
    text = (FRAUD / "context.yaml").read_text().replace("path: eval.csv", f"path: {FRAUD / 'eval.csv'}")
    context.write_text(text.replace("score: score", "score: probability"))
    done = cli("report", str(context), "-o", str(tmp_path / "x.html"))
    assert done.returncode == 1
    with pytest.raises(tradeoff.DataError) as raised:
        tradeoff.report(None, context)
    assert "error: " + str(raised.value) == done.stderr.strip()
    assert "probability" in str(raised.value)
    # The same column missing from a table: the same message, naming the table.
    with pytest.raises(tradeoff.DataError, match="no column `probability`") as raised:
        tradeoff.report(polars_frame(), context)
    assert str(raised.value).startswith(
        "the polars.DataFrame given as data: no column `probability` (named as the score column)"
    ), str(raised.value)
    assert "<" not in str(raised.value)

    context.write_text(text.replace("volume_per_day:", "colour: red\n  volume_per_day:"))
    done = cli("report", str(context), "-o", str(tmp_path / "x.html"))
    assert done.returncode == 1
    with pytest.raises(tradeoff.ContextError) as raised:
        tradeoff.report(None, context)
    assert "error: " + str(raised.value) == done.stderr.strip()
    assert isinstance(raised.value, tradeoff.Error)
    with pytest.raises(TypeError, match="__arrow_c_stream__|Arrow C stream"):
        tradeoff.report(object(), FRAUD / "context.yaml")


def test_gates_and_the_release_review_match_check(tmp_path: Path) -> None:
    context = ROOT / "samples/fraud-release/context.yaml"
    expected = cli_report(context, tmp_path, "--check")
    import pandas as pd

    report = tradeoff.report(pd.read_csv(context.parent / "eval.csv"), context)
    assert report.gates_passed == (expected["returncode"] == 0)
    assert without_inputs(report.summary) == without_inputs(expected["summary"])


def test_the_page_saves_and_shows_in_a_sandboxed_frame(tmp_path: Path, fraud_cli: Dict[str, Any]) -> None:
    report = tradeoff.report(None, FRAUD / "context.yaml")
    saved = report.save(tmp_path / "page.html")
    assert saved.read_text(encoding="utf-8") == report.html
    shown = report._repr_html_()
    assert shown.startswith("<iframe ")
    assert 'sandbox="allow-scripts"' in shown
    assert "srcdoc=\"&lt;!DOCTYPE html&gt;" in shown or "srcdoc=\"&lt;!doctype html&gt;" in shown.lower()
    report.save_json(tmp_path / "s.json")
    assert json.loads((tmp_path / "s.json").read_text()) == report.summary


def test_warnings_are_issued(tmp_path: Path) -> None:
    import polars as pl

    frame = pl.DataFrame({"score": [0.1, 0.2, 0.3, 0.9, None], "label": [0, 0, 1, 1, 0]})
    context = {
        "title": "t", "date": "2026-01-01",
        "business": {"positive": {"one": "p", "other": "ps"}, "negative": {"one": "n", "other": "ns"},
                     "action": "a", "volume_per_day": 10},
        "thresholds": {"current": 0.5},
    }
    with pytest.raises(tradeoff.DataError, match="missing"):
        tradeoff.report(frame, context)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = tradeoff.report(frame, context, drop_invalid=True)
    assert report.summary["data"]["rows"] == 4
    assert any(issubclass(w.category, tradeoff.TradeoffWarning) for w in caught)
    assert report.warnings


def test_sweep_gives_the_cli_counts() -> None:
    data = ROOT / "tests/data/iris_petal_width.parquet"
    done = cli("sweep", str(data), "--format", "json")
    if done.returncode != 0:
        pytest.skip(done.stderr)
    expected = json.loads(done.stdout)
    import pyarrow.parquet as pq

    assert tradeoff.sweep(data, score="score", label="label") == expected
    assert tradeoff.sweep(pq.read_table(data), score="score", label="label") == expected


def test_monitor_gives_the_cli_summary(tmp_path: Path) -> None:
    context = ROOT / "samples/fraud-monitoring/fraud.yaml"
    done = cli("monitor", str(context), "-o", str(tmp_path / "m.html"), "--json", str(tmp_path / "m.json"))
    assert done.returncode == 0, done.stderr
    expected = json.loads((tmp_path / "m.json").read_text())
    monitored = tradeoff.monitor(context)
    assert monitored.summary == expected
    assert monitored.headline == done.stdout.strip()
    assert "<iframe " in monitored._repr_html_()


def test_messages_name_a_table_as_the_object_given(tmp_path: Path) -> None:
    """A table is named as what the user gave (not as a file in the context's
    folder); its column and row are named as the command line names them."""
    import pandas as pd
    import polars as pl

    context = tmp_path / "context.yaml"
    context.write_text((FRAUD / "context.yaml").read_text())
    frame = pl.read_csv(FRAUD / "eval.csv")
    bad = frame.with_columns(frame["score"].cast(pl.String).clone().scatter(2, "high"))
    # The same rows as a file: the command line's message, naming the file.
    bad.write_csv(tmp_path / "eval.csv")
    done = cli("report", str(context), "-o", str(tmp_path / "x.html"))
    assert done.returncode == 1
    file_message = done.stderr.strip()[len("error: "):]
    assert file_message.startswith(f"{tmp_path / 'eval.csv'}: column `score`, row 3: `high`")
    with pytest.raises(tradeoff.DataError) as raised:
        tradeoff.report(bad, context)
    assert str(raised.value) == file_message.replace(
        str(tmp_path / "eval.csv"), "the polars.DataFrame given as data"
    )
    with pytest.raises(tradeoff.DataError) as raised:
        tradeoff.report(bad.to_pandas(), context)
    assert str(raised.value).startswith("the pandas.DataFrame given as data: column `score`, row 3: ")
    with pytest.raises(tradeoff.DataError) as raised:
        tradeoff.report(frame.head(0), context)
    assert str(raised.value).startswith("the polars.DataFrame given as data has no rows: "), str(raised.value)
    with pytest.raises(tradeoff.DataError) as raised:
        tradeoff.sweep(pd.DataFrame({"score": [0.1, 0.9], "label": [0, 2], "x": [1, 1]}))
    assert str(raised.value).startswith("the pandas.DataFrame given as data: column `label`"), str(raised.value)
    # Warnings too.
    with_missing = frame.with_columns(frame["score"].clone().scatter(4, None))
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        report = tradeoff.report(with_missing, context, drop_invalid=True)
    assert report.warnings
    assert not any("<polars.DataFrame>" in w for w in report.warnings), report.warnings
