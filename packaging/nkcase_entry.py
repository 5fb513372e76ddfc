"""Entry point of the frozen (PyInstaller) nkcase: the CLI, or the GUI when given no command.

``nkcase doctor`` checks Qt in a child process; a frozen app has no ``python -c``, so the child
is this program again with ``NKCASE_QT_PROBE=1`` set, and runs the probe instead of the CLI.
"""

from __future__ import annotations

import multiprocessing
import os
import sys


def run() -> int:
    multiprocessing.freeze_support()
    from nkcase.doctor import QT_PROBE_ENV, run_qt_probe

    if os.environ.get(QT_PROBE_ENV) == "1":
        run_qt_probe()
        return 0
    from nkcase.cli.main import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
