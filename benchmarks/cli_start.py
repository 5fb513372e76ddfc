"""CLI start-up: wall time of whole ``nkcase`` commands, beside what Python and SQLAlchemy cost.

    python benchmarks/cli_start.py [--runs 15]

Runs each command in a fresh process, the way a user starts it (the installed ``nkcase``
script next to this Python), ``--runs`` times after one warm-up run, and prints the median
and the fastest run, and the median CPU time of the child (user + system: what the command
costs whatever else the shared machine runs). References on the same machine in the same run:
``python -c pass`` (interpreter start) and ``python -c "import sqlalchemy"`` /
``"import sqlalchemy.orm"`` (the floor of any command that reads a casebook). Targets (issue
12): ``--version`` ≤ 0.15 s, ``entity list`` ≤ 0.35 s median. Casebook commands run on a
fresh demo casebook. Prints numbers and the load average; asserts nothing.

Measured (11 runs, after and before back to back, two pairs, load average 1.8–3.1 on the two
cores; median wall / CPU): ``entity list`` 1.33–1.75 / 1.10–1.37 s when it imported
SQLAlchemy, 0.195–0.203 / 0.188–0.198 s reading the file through sqlite3 (docs/architecture.md,
"The entity list without SQLAlchemy"); ``--version`` 0.071–0.080 / 0.070–0.079 s before and
0.074 / 0.070–0.072 s after (its code did not change: no command module, no SQLAlchemy).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"nkcase --version": 0.15, "nkcase entity list DEMO": 0.35}


def run_once(argv: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of ``argv`` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def summary(runs: list[tuple[float, float]]) -> tuple[float, float, float]:
    """(median wall, fastest wall, median CPU)."""
    walls = [w for w, _ in runs]
    return statistics.median(walls), min(walls), statistics.median(c for _, c in runs)


def timed(argv: list[str], runs: int) -> tuple[float, float, float]:
    """(median wall, fastest wall, median CPU) seconds of ``argv`` over ``runs`` runs, after
    one warm-up."""
    run_once(argv)
    return summary([run_once(argv) for _ in range(runs)])


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
        print(
            f"{args.runs} runs each, seconds: median wall / fastest wall / median CPU "
            f"(load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores)"
        )
        for label, argv in cases:
            if "{n}" in argv[-1]:  # `new` needs a fresh file name per run
                median, fastest, cpu = _timed_new(argv, args.runs)
            else:
                median, fastest, cpu = timed(argv, args.runs)
            target = f"   target ≤ {TARGETS[label]:.2f}" if label in TARGETS else ""
            print(f"  {label:<36} {median:6.3f} / {fastest:6.3f} / {cpu:6.3f}{target}")
        print(f"load average after: {os.getloadavg()[0]:.2f}")


def _timed_new(argv: list[str], runs: int) -> tuple[float, float, float]:
    results = []
    for n in range(runs + 1):
        measured = run_once([*argv[:-1], argv[-1].format(n=n)])
        if n:  # the first is the warm-up
            results.append(measured)
    return summary(results)


if __name__ == "__main__":
    main()
