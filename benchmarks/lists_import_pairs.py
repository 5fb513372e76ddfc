"""One list import timed in alternation from two source trees, in fresh interpreters.

The machine's own speed moves by a third from one minute to the next (a shared 2-core host), so
a change to the import is judged by pairs run one right after the other: each round imports the
file once with every tree given (``PYTHONPATH`` set to it), in a new process each time, and
prints the wall time of ``import_list``, the close after it (which waits for the WAL fold), the
CPU seconds of the importing process (import and close) and of its workers, and the load
average. The last lines
give the median of each tree and of the paired differences.

    .venv/bin/python benchmarks/lists_import_pairs.py FILE TREE [TREE ...]
        [--rounds 5] [--workers 1]

Example, a branch checked out in /work/wt/fast against this checkout:
``.venv/bin/python benchmarks/lists_import_pairs.py benchmarks/.data/ftm-100000.ftm.json
. /work/wt/fast``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

#: Run in a fresh interpreter per import: ``-c`` keeps the main module light (the reading
#: processes import it, as ``spawn`` does), and a new process starts with no heap of its own.
_IMPORT = """
import os, sys, tempfile, time
from pathlib import Path
sys.path[:0] = [sys.argv[4], sys.argv[3]]  # the tree's nkcase first ("" would be the cwd's)
from lists_import import all_cpu
from nkcase.services.lists import import_list
from nkcase.store import create_casebook
with tempfile.TemporaryDirectory() as tmp:
    book = create_casebook(Path(tmp) / "b.nkcase")
    start, cpu, mine = time.perf_counter(), all_cpu(), time.process_time()
    count = import_list(book, Path(sys.argv[1]), workers=int(sys.argv[2])).snapshot.record_count
    wall = time.perf_counter() - start
    book.close()  # waits for the WAL fold
    here = time.process_time() - mine
    print(count, wall, time.perf_counter() - start - wall, here, all_cpu() - cpu - here,
          os.getloadavg()[0])
"""


def run(tree: Path, path: Path, workers: int) -> tuple[int, float, float, float, float, float]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    here = str(Path(__file__).resolve().parent)
    out = subprocess.run(
        [sys.executable, "-c", _IMPORT, str(path.resolve()), str(workers), here, str(tree)],
        check=True, capture_output=True, text=True, env=env, cwd=tree,
    ).stdout.split()
    count = int(out[0])
    wall, close, mine, others, load = (float(v) for v in out[1:])
    return count, wall, close, mine, others, load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("trees", type=Path, nargs="+", metavar="TREE")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    trees = [tree.resolve() for tree in args.trees]
    walls: dict[Path, list[float]] = {tree: [] for tree in trees}
    for round_number in range(1, args.rounds + 1):
        for tree in trees:
            count, wall, close, mine, others, load = run(tree, args.file, args.workers)
            walls[tree].append(wall)
            print(
                f"round {round_number}  {tree}: {count / wall:>8,.0f} records/s  (import "
                f"{wall:.2f} s, close {close:.2f} s; CPU here {mine:.2f} s, workers "
                f"{others:.2f} s; load {load:.1f})",
                flush=True,
            )
    first = trees[0]
    for tree in trees:
        median = statistics.median(walls[tree])
        line = f"median {tree}: import {median:.2f} s"
        if tree != first:
            change = [b / a - 1 for a, b in zip(walls[first], walls[tree], strict=True)]
            line += f"; paired change against {first.name}: {statistics.median(change):+.1%}"
        print(line)


if __name__ == "__main__":
    main()
