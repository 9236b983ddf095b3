"""tradeoff: a classifier's evaluation outputs and a business context in, the
numbers people decide with out: the page, the JSON summary and the markdown of
``tradeoff report``, computed in this process by the same code as the command line.

>>> import polars as pl, tradeoff
>>> df = pl.read_parquet("samples/fraud/scores.parquet")
>>> report = tradeoff.report(df, "samples/fraud/context.yaml")
>>> report.summary["threshold"]["current"]
>>> report.save("fraud.html")

``data`` is a path or any table exporting the Arrow C stream interface
(``__arrow_c_stream__``: pandas >= 2.2, polars, pyarrow tables and record batch
readers, DuckDB relations), read through that interface without a file.
``context`` is a path, a YAML string or a dict, validated by the same code as the
command line's with the same messages. Problems raise :class:`Error` subclasses
carrying the command line's message.
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from tradeoff import _native
from tradeoff._page import iframe

__all__ = [
    "ContextError",
    "DataError",
    "Error",
    "Monitoring",
    "Report",
    "TradeoffWarning",
    "monitor",
    "report",
    "sweep",
]

__version__ = "0.1.0"

PathLike = Union[str, "os.PathLike[str]"]
"""A file's path."""

Context = Union[PathLike, Mapping[str, Any]]
"""A context: a YAML file's path, the YAML as a string, or the same as a dict."""

Data = Any
"""A path (CSV, Parquet, JSON lines) or an object with ``__arrow_c_stream__``."""


class Error(Exception):
    """A problem that makes ``tradeoff`` stop with exit status 1.

    ``str(error)`` is the command line's message (without its ``error:`` prefix).
    """


class ContextError(Error):
    """The context is missing, is not YAML, or holds a key or value it cannot."""


class DataError(Error):
    """The evaluation data cannot be read or holds a value it must not."""


class TradeoffWarning(UserWarning):
    """A problem that does not stop the run (few positives, tied scores, …),
    shown on the page too: the command line's ``warning:`` lines."""


_ERRORS = {"Error": Error, "ContextError": ContextError, "DataError": DataError}


def _call(function: Any, *args: Any) -> Any:
    """Calls the native ``function``; its errors become :class:`Error` subclasses."""
    try:
        return function(*args)
    except ValueError as e:
        if len(e.args) == 2 and e.args[0] in _ERRORS:
            raise _ERRORS[e.args[0]](e.args[1]) from None
        raise


def _context(context: Context) -> Tuple[str, Optional[str]]:
    """The context's file (named in messages; relative paths inside it are
    relative to its folder) and its text when it was not given as a file."""
    if isinstance(context, Mapping):
        # JSON is YAML: the dict is read by the same parser as a file.
        return "<context>", json.dumps(context, indent=2, default=str)
    if isinstance(context, os.PathLike):
        return os.fspath(context), None
    if isinstance(context, str):
        looks_like_a_path = "\n" not in context and (
            context.endswith((".yaml", ".yml")) or os.path.isfile(context)
        )
        return (context, None) if looks_like_a_path else ("<context>", context)
    raise TypeError(
        f"context must be a path, a YAML string or a dict, not {type(context).__name__}"
    )


def _data(data: Optional[Data]) -> Tuple[Optional[Any], str]:
    """The data for the native module (a path as text, or the table) and the
    name a table goes by in messages (``<polars.DataFrame>``)."""
    if data is None:
        return None, ""
    if isinstance(data, (str, os.PathLike)):
        return os.fspath(data), ""
    if not hasattr(data, "__arrow_c_stream__"):
        raise TypeError(
            "data must be a path or a table exporting the Arrow C stream interface "
            "(pandas >= 2.2, polars, pyarrow, DuckDB), "
            f"not {type(data).__module__}.{type(data).__name__}"
        )
    kind = type(data)
    return data, f"<{kind.__module__.split('.')[0]}.{kind.__name__}>"


def _warn(stderr: str) -> List[str]:
    """The ``warning:`` lines of what the command printed on standard error,
    each also issued as a :class:`TradeoffWarning`."""
    lines = [line for line in stderr.splitlines() if line.startswith("warning: ")]
    for line in lines:
        warnings.warn(line[len("warning: ") :], TradeoffWarning, stacklevel=3)
    return lines


class Report:
    """A report built in this process: what ``tradeoff report`` writes and prints."""

    html: str
    """The page, a self-contained HTML document (as ``-o`` writes it)."""
    markdown: str
    """The markdown summary (as ``--markdown`` writes it)."""
    summary: Dict[str, Any]
    """The JSON summary (as ``--json`` writes it, docs/schemas/report.schema.json),
    as Python objects."""
    headline: str
    """What the command prints on standard output: the headline sentence, then
    the comparison's and the gates' lines."""
    warnings: List[str]
    """The warnings, one line each, as the command prints them."""

    def __init__(
        self, html: str, summary_json: str, markdown: str, stdout: str, stderr: str, failed: bool
    ) -> None:
        self.html = html
        self.summary = json.loads(summary_json)
        self._summary_json = summary_json
        self.markdown = markdown
        self.headline = stdout.strip()
        self.warnings = [line for line in stderr.splitlines() if line.startswith("warning: ")]
        self._failed = failed

    @property
    def gates_passed(self) -> bool:
        """Whether every gate passed (``True`` without gates): where
        ``tradeoff report --check`` exits 0, not 3."""
        return not self._failed

    def save(self, path: PathLike) -> Path:
        """Writes the page to ``path`` and returns it."""
        path = Path(path)
        path.write_text(self.html, encoding="utf-8")
        return path

    def save_json(self, path: PathLike) -> Path:
        """Writes the JSON summary to ``path``, byte for byte as ``--json`` does."""
        path = Path(path)
        path.write_text(self._summary_json, encoding="utf-8")
        return path

    def _repr_html_(self) -> str:
        """The page in a sandboxed ``<iframe srcdoc>`` (for Jupyter)."""
        return iframe(self.html, self.summary.get("title", "tradeoff report"))

    def __repr__(self) -> str:
        return f"<tradeoff.Report {self.summary.get('title', '')!r}: {self.headline[:80]!r}…>"


class Monitoring:
    """A monitoring page built in this process: what ``tradeoff monitor`` writes."""

    html: str
    """The page."""
    markdown: str
    """The markdown summary."""
    summary: Dict[str, Any]
    """The JSON summary (docs/schemas/monitor.schema.json) as Python objects."""
    headline: str
    """What the command prints on standard output."""
    warnings: List[str]
    """The warnings, one line each."""

    def __init__(self, html: str, summary_json: str, markdown: str, stdout: str, stderr: str) -> None:
        self.html = html
        self.summary = json.loads(summary_json)
        self.markdown = markdown
        self.headline = stdout.strip()
        self.warnings = [line for line in stderr.splitlines() if line.startswith("warning: ")]

    def save(self, path: PathLike) -> Path:
        """Writes the page to ``path`` and returns it."""
        path = Path(path)
        path.write_text(self.html, encoding="utf-8")
        return path

    def _repr_html_(self) -> str:
        """The page in a sandboxed ``<iframe srcdoc>`` (for Jupyter)."""
        return iframe(self.html, "tradeoff monitoring")


def report(
    data: Optional[Data],
    context: Context,
    *,
    examples: int = 10,
    drop_invalid: bool = False,
    all_segment_values: bool = False,
) -> Report:
    """``tradeoff report`` in this process.

    Args:
        data: the evaluation data: a path, or a table exporting
            ``__arrow_c_stream__``; ``None`` reads the context's ``data.path``.
            Either way it replaces the context's ``data.path``, and a table is
            named in messages by its type (``<polars.DataFrame>``).
        context: a path to the YAML, the YAML as a string, or a dict of the same
            keys (``data.path`` may be left out when ``data`` is given). Relative
            paths in a string or dict are relative to the working folder.
        examples: examples of each kind of mistake on the page (``--examples``).
        drop_invalid: leave out rows with a missing, NaN or infinite score or
            label instead of stopping (``--drop-invalid``).
        all_segment_values: every value of each segment column in the summary
            (``--all-segment-values``).

    Returns:
        The :class:`Report`; warnings are issued as :class:`TradeoffWarning`.

    Raises:
        ContextError: the context is invalid (the command line's message).
        DataError: the data cannot be read or holds invalid values.
        Error: any other problem the command line reports.
    """
    context_file, context_text = _context(context)
    if isinstance(context, Mapping) and data is not None:
        with_data = dict(context)
        with_data["data"] = {"path": "", **dict(context.get("data") or {})}
        context_text = json.dumps(with_data, indent=2, default=str)
    native_data, name = _data(data)
    with tempfile.TemporaryDirectory(prefix="tradeoff-") as scratch:
        built = _call(
            _native.report,
            context_file,
            context_text,
            native_data,
            name,
            scratch,
            examples,
            drop_invalid,
            all_segment_values,
        )
    _warn(built[4])
    return Report(*built)


def monitor(context: Context, *, data: Optional[Data] = None) -> Monitoring:
    """``tradeoff monitor`` in this process: production held against the launch
    report's promises (the context needs its ``monitoring:`` section).

    Args:
        context: a path, a YAML string or a dict (see :func:`report`).
        data: the evaluation data in place of the context's ``data.path``.

    Raises:
        Error: as :func:`report`.
    """
    context_file, context_text = _context(context)
    if isinstance(context, Mapping) and data is not None:
        with_data = dict(context)
        with_data["data"] = {"path": "", **dict(context.get("data") or {})}
        context_text = json.dumps(with_data, indent=2, default=str)
    native_data, name = _data(data)
    with tempfile.TemporaryDirectory(prefix="tradeoff-") as scratch:
        built = _call(_native.monitor, context_file, context_text, native_data, name, scratch)
    _warn(built[4])
    return Monitoring(*built)


def sweep(
    data: Data,
    *,
    score: str = "score",
    label: str = "label",
    positive: Optional[str] = None,
    thresholds: Optional[Sequence[float]] = None,
    all: bool = False,
    drop_invalid: bool = False,
) -> List[Dict[str, float]]:
    """``tradeoff sweep --format json`` in this process: the confusion counts at
    each threshold, one dict per threshold (``threshold``, ``tp``, ``fp``,
    ``tn``, ``fn``).

    Args:
        data: a path or a table exporting ``__arrow_c_stream__``.
        score: the score column.
        label: the label column.
        positive: the label value meaning positive; default 1 / true.
        thresholds: the thresholds to count at; default 11 evenly spread.
        all: one row per distinct score instead.
        drop_invalid: leave out rows with a missing or invalid score or label.

    Raises:
        DataError: the data cannot be read or holds invalid values.
    """
    native_data, name = _data(data)
    if native_data is None:
        raise TypeError("data is required")
    rows, stderr = _call(
        _native.sweep,
        native_data,
        name,
        score,
        label,
        None if positive is None else str(positive),
        None if thresholds is None else [float(t) for t in thresholds],
        all,
        drop_invalid,
    )
    _warn(stderr)
    result: List[Dict[str, float]] = json.loads(rows)
    return result
