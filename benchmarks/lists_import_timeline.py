"""When each phase of one list import begins and ends, seconds from the call (wall time).

    .venv/bin/python benchmarks/lists_import_timeline.py FILE [WORKERS]

Wraps the import's steps (keeping the file, the first FtM round, the rows, the deferred
indexes, the commit, the reading after it) with marks, so the serial phases, where one core
idles, show. Then the time this process spent waiting for a worker's result (in the first
round, on the scanning thread, and while taking the rows: a core idle unless this process
is busy elsewhere) and running pieces itself (``helping``). The marks are put in from
outside and only where the step exists, so the same script times older versions too.
"""

from __future__ import annotations

import importlib
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

START = time.perf_counter()
MARKS: list[tuple[float, str]] = []
LAST: list[tuple[float, str]] = []  # the last rows written


def mark(what: str) -> None:
    MARKS.append((time.perf_counter() - START, what))


def wrap(owner: Any, name: str, label: str) -> None:
    """Mark the start and end of ``owner.name`` (when it exists)."""
    original: Callable[..., Any] | None = getattr(owner, name, None)
    if original is None:
        return

    def marked(*args: Any, **kwargs: Any) -> Any:
        mark(f"{label} start")
        try:
            return original(*args, **kwargs)
        finally:
            mark(f"{label} end")

    setattr(owner, name, marked)


WAITS: dict[str, list[float]] = {}


def timed_by_thread(owner: Any, name: str, label: str) -> None:
    """Add up the time and calls of ``owner.name`` per thread kind (when it exists)."""
    original: Callable[..., Any] | None = getattr(owner, name, None)
    if original is None:
        return

    def timed(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            scanning = threading.current_thread().name.startswith("nkcase-list-scan")
            key = f"{label}, {'first round (scanning thread)' if scanning else 'rows'}"
            total = WAITS.setdefault(key, [0.0, 0])
            total[0] += time.perf_counter() - began
            total[1] += 1

    setattr(owner, name, timed)


def main() -> None:
    global START
    import nkcase.services.list_writer as list_writer
    import nkcase.services.lists as lists
    import nkcase.store.blobs as blobs
    from nkcase.screening.pipeline import plans, pool
    from nkcase.services import audit, list_diff
    from nkcase.store import create_casebook, sqlite

    wrap(pool.OrderedPool, "__init__", "pool constructor")
    timed_by_thread(pool.OrderedPool, "_receive", "waiting for a worker's result")
    timed_by_thread(pool.OrderedPool, "_run_here", "running a piece here")
    wrap(pool.OrderedPool, "_start", "pool start (thread)")
    wrap(lists, "_file_sha256", "hash")
    wrap(lists, "_store_file", "keep file")
    wrap(lists, "_refuse_duplicate", "duplicate check")
    if hasattr(plans, "FtmScan"):
        wrap(plans.FtmScan, "run", "first round")
    wrap(blobs, "create_indexes", "deferred indexes")
    wrap(sqlite.SQLiteProvider, "_fold", "WAL fold (thread)")
    wrap(audit, "append_event_json", "audit event")
    wrap(lists, "snapshot_info", "reading after")
    try:  # OFAC's plan, where it exists
        ofac_plan: Any = importlib.import_module("nkcase.screening.pipeline.ofac_plan")
    except ImportError:
        ofac_plan = None
    wrap(getattr(ofac_plan, "OfacScan", None), "run", "OFAC first round")
    from nkcase.screening.parsers import ofac_entries

    wrap(ofac_entries, "read_tail", "OFAC tail read here")
    wrap(list_diff, "diff_counts", "diff after")
    write = list_writer.RecordWriter.write
    count = [0]

    def first_chunk(self: Any, chunk: Any) -> None:
        if count[0] == 0:
            mark("first rows")
        count[0] += 1
        write(self, chunk)
        LAST[:] = [*LAST[-8:], (time.perf_counter() - START, f"rows {count[0]} written")]

    list_writer.RecordWriter.write = first_chunk  # type: ignore[method-assign]
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    with tempfile.TemporaryDirectory() as tmp:
        book = create_casebook(Path(tmp) / "t.nkcase")
        START = time.perf_counter()
        result = lists.import_list(book, Path(sys.argv[1]), workers=workers)
        mark(f"import_list returned ({result.snapshot.record_count:,} records)")
        book.close()
        mark("casebook closed")
    for at, what in sorted(MARKS + LAST):
        print(f"{at:7.3f}  {what}")
    for what, (seconds, calls) in sorted(WAITS.items()):
        print(f"{seconds:7.3f}  {what} ({calls:.0f} times)")


if __name__ == "__main__":
    main()
