"""Type stubs of the native module (python/src/lib.rs)."""

from os import PathLike
from typing import Any, Optional, Sequence, Tuple, Union

_Data = Union[str, PathLike[str], Any]

def run_cli(argv: Sequence[str]) -> int: ...
def report(
    context_file: Union[str, PathLike[str]],
    context_text: Optional[str],
    data: Optional[_Data],
    name: str,
    scratch: Union[str, PathLike[str]],
    examples: int,
    drop_invalid: bool,
    all_segment_values: bool,
) -> Tuple[str, str, str, str, str, bool]: ...
def monitor(
    context_file: Union[str, PathLike[str]],
    context_text: Optional[str],
    data: Optional[_Data],
    name: str,
    scratch: Union[str, PathLike[str]],
) -> Tuple[str, str, str, str, str]: ...
def sweep(
    data: _Data,
    name: str,
    score: str,
    label: str,
    positive: Optional[str],
    thresholds: Optional[Sequence[float]],
    all: bool,
    drop_invalid: bool,
) -> Tuple[str, str]: ...
