"""CLI start-up: wall time of whole ``nkcase`` commands, beside what Python and SQLAlchemy cost.

    python benchmarks/cli_start.py [--runs 15]

Runs each command in a fresh process, the way a user starts it (the installed ``nkcase``
script next to this Python), ``--runs`` times after one warm-up run, and prints the median
and the fastest run. References on the same machine in the same run: ``python -c pass``
(interpreter start) and ``python -c "import sqlalchemy"`` / ``"import sqlalchemy.orm"`` (the
floor of any command that reads a casebook). Casebook commands run on a fresh demo casebook.
Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(argv: list[str], runs: int) -> tuple[float, float]:
    """(median, fastest) wall seconds of ``argv`` over ``runs`` runs, after one warm-up."""
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    python = sys.executable
    nkcase = str(Path(python).with_name("nkcase"))
    with tempfile.TemporaryDirectory() as tmp:
        demo = str(Path(tmp) / "demo.nkcase")
        subprocess.run([nkcase, "demo", demo], check=True, stdout=subprocess.DEVNULL)
        cases: list[tuple[str, list[str]]] = [
            ("python -c pass", [python, "-c", "pass"]),
            ('python -c "import sqlalchemy"', [python, "-c", "import sqlalchemy"]),
            ('python -c "import sqlalchemy.orm"', [python, "-c", "import sqlalchemy.orm"]),
            ("nkcase --version", [nkcase, "--version"]),
            ("nkcase entity --help", [nkcase, "entity", "--help"]),
            ("nkcase entity list DEMO", [nkcase, "entity", "list", demo]),
            ("nkcase source list DEMO", [nkcase, "source", "list", demo]),
            ("nkcase search DEMO Lantern", [nkcase, "search", demo, "Lantern"]),
            ("nkcase new NEW", [nkcase, "new", str(Path(tmp) / "new-{n}.nkcase")]),
        ]
        print(f"{args.runs} runs each, seconds (median / fastest)")
        for label, argv in cases:
            if "{n}" in argv[-1]:  # `new` needs a fresh file name per run
                median, fastest = _timed_new(argv, args.runs)
            else:
                median, fastest = timed(argv, args.runs)
            print(f"  {label:<36} {median:6.3f} / {fastest:6.3f}")


def _timed_new(argv: list[str], runs: int) -> tuple[float, float]:
    times = []
    for n in range(runs + 1):
        target = argv[-1].format(n=n)
        start = time.perf_counter()
        subprocess.run([*argv[:-1], target], check=True, stdout=subprocess.DEVNULL)
        if n:  # the first is the warm-up
            times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


if __name__ == "__main__":
    main()
