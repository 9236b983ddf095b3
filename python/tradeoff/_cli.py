"""The ``tradeoff`` console script: the command line, run in the native module."""

from __future__ import annotations

import signal
import sys

from tradeoff import _native


def main() -> None:
    """Run ``tradeoff`` with this process's arguments and exit with its status.

    Ctrl-C ends the run as it ends the binary (Python's handler would only set a
    flag that native code never looks at).
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.stdout.flush()
    sys.exit(_native.run_cli(["tradeoff", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
