"""Shared fixtures: the repository's samples and the command line's own outputs.

The oracle for every in-process result is the ``tradeoff`` command run on the
same inputs (the installed console script: the command line's ``main`` reading
files), so each test asserts the in-process path gives the CLI's numbers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import pytest

ROOT = Path(__file__).resolve().parents[2]
"""The repository."""


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Runs the installed ``tradeoff`` command."""
    command = shutil.which("tradeoff")
    assert command, "the tradeoff console script is not on PATH"
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run([command, *args], cwd=cwd, capture_output=True, text=True, env=env)


def cli_report(context: Path, out: Path, *extra: str) -> Dict[str, Any]:
    """``tradeoff report CONTEXT --json``: the summary and what it printed."""
    out.mkdir(parents=True, exist_ok=True)
    done = cli(
        "report", str(context), "-o", str(out / "page.html"), "--json", str(out / "summary.json"),
        "--markdown", str(out / "summary.md"), *extra,
    )
    assert done.returncode in (0, 3), done.stderr
    return {
        "summary": json.loads((out / "summary.json").read_text()),
        "markdown": (out / "summary.md").read_text(),
        "stdout": done.stdout,
        "returncode": done.returncode,
    }


def without_inputs(summary: Dict[str, Any]) -> Dict[str, Any]:
    """The summary without the list of input files (paths and checksums differ
    where data or context were not files) — every number is kept."""
    summary = json.loads(json.dumps(summary))
    summary["provenance"].pop("inputs", None)
    return summary


def input_roles(summary: Dict[str, Any]) -> List[str]:
    return [i["role"] for i in summary["provenance"]["inputs"]]


@pytest.fixture(scope="session")
def fraud_cli(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Any]:
    """The CLI's report on samples/fraud (ids, timestamps, a time zone, segments,
    example columns, costs, capacity)."""
    return cli_report(ROOT / "samples/fraud/context.yaml", tmp_path_factory.mktemp("fraud"))
