"""The MLflow recipe of docs/src/python.md, run as written against a local
tracking store (skipped where MLflow is not installed: CI does not install it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tradeoff
from conftest import ROOT


def test_the_mlflow_recipe_logs_the_page_and_the_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mlflow = pytest.importorskip("mlflow")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")  # a local folder as the tracking store
    mlflow.set_tracking_uri((tmp_path / "mlruns").as_uri())
    import polars as pl

    df = pl.read_csv(ROOT / "samples/fraud/eval.csv")
    # The recipe, as the guide shows it.
    report = tradeoff.report(df, ROOT / "samples/fraud/context.yaml")
    with mlflow.start_run() as run:
        mlflow.log_text(report.html, "tradeoff/report.html")
        mlflow.log_dict(report.summary, "tradeoff/summary.json")
        mlflow.log_text(report.markdown, "tradeoff/summary.md")
        mlflow.log_metric("roc_auc", report.summary["metrics"]["roc_auc"])
        mlflow.set_tag("tradeoff.gates_passed", report.gates_passed)
    logged = mlflow.artifacts.download_artifacts(run_id=run.info.run_id, dst_path=str(tmp_path / "got"))
    assert (Path(logged) / "tradeoff/report.html").read_text(encoding="utf-8") == report.html
    assert json.loads((Path(logged) / "tradeoff/summary.json").read_text()) == report.summary
    finished = mlflow.get_run(run.info.run_id)
    assert finished.data.metrics["roc_auc"] == report.summary["metrics"]["roc_auc"]
    assert finished.data.tags["tradeoff.gates_passed"] == "True"
