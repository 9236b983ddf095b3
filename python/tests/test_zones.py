"""Zone-aware Arrow timestamps (pandas tz-aware, polars ``Datetime`` with a
``time_zone``, pyarrow ``timestamp[unit, tz=…]``) hold instants: whatever zone
they are labelled with, the report cuts the same days (in the context's
``data.timezone``) as the command line reading the same instants from a file.

The oracle is ``tradeoff report`` on samples/fraud/eval.csv, whose times are
written as UTC text (``2026-10-01T07:46:18Z``); its context cuts days in
Europe/Berlin."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Dict

import pytest

import tradeoff
from conftest import ROOT, cli_report, without_inputs

FRAUD = ROOT / "samples/fraud"

ZONES = ["America/New_York", "Asia/Tokyo", "Australia/Adelaide", "UTC"]
"""Labels far from Berlin's and from UTC (a half-hour offset too): a zone read
as wall-clock time would move many transactions to another day."""


def polars_in(zone: str, unit: str = "us") -> Any:
    import polars as pl

    frame = pl.read_csv(FRAUD / "eval.csv")
    ts = pl.col("ts").str.to_datetime("%Y-%m-%dT%H:%M:%SZ", time_unit=unit, time_zone="UTC")
    return frame.with_columns(ts.dt.convert_time_zone(zone))


def pandas_in(zone: str) -> Any:
    import pandas as pd

    frame = pd.read_csv(FRAUD / "eval.csv")
    frame["ts"] = pd.to_datetime(frame["ts"], utc=True).dt.tz_convert(zone)
    return frame


def arrow_in(zone: str) -> Any:
    import pyarrow as pa

    table = polars_in("UTC", "ms").to_arrow()
    at = table.schema.get_field_index("ts")
    return table.set_column(at, "ts", table.column("ts").cast(pa.timestamp("us", tz=zone)))


KINDS: Dict[str, Callable[[str], Any]] = {
    "polars": polars_in,
    "pandas": pandas_in,
    "pyarrow": arrow_in,
}


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("kind", KINDS)
def test_zone_aware_times_give_the_cli_days(kind: str, zone: str, fraud_cli: Dict[str, Any]) -> None:
    data = KINDS[kind](zone)
    report = tradeoff.report(data, FRAUD / "context.yaml")
    assert report.summary["days"] == fraud_cli["summary"]["days"]
    assert without_inputs(report.summary) == without_inputs(fraud_cli["summary"])


def test_the_cli_reads_the_same_zone_aware_times_from_parquet(tmp_path: Path, fraud_cli: Dict[str, Any]) -> None:
    """The same instants labelled with a zone, as a Parquet file: the command
    line gives the same days too."""
    import pyarrow.parquet as pq

    pq.write_table(arrow_in("America/New_York"), tmp_path / "eval.parquet")
    context = tmp_path / "context.yaml"
    context.write_text((FRAUD / "context.yaml").read_text().replace("path: eval.csv", "path: eval.parquet"))
    expected = cli_report(context, tmp_path / "out")["summary"]
    assert expected["days"] == fraud_cli["summary"]["days"]


def test_wall_clock_times_would_move_the_days(fraud_cli: Dict[str, Any]) -> None:
    """The check above can fail: the same wall-clock times without their zone
    (New York's local times read as UTC) give other days."""
    import polars as pl

    naive = polars_in("America/New_York").with_columns(pl.col("ts").dt.replace_time_zone(None))
    report = tradeoff.report(naive, FRAUD / "context.yaml")
    assert report.summary["days"] != fraud_cli["summary"]["days"]
