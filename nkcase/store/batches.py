"""How many ids one statement takes: reads and writes of many rows go ``IN (...)`` in chunks.

SQLite before 3.32 took at most 999 bound parameters per statement (32,766 since), PostgreSQL
65,535; 500 ids (1,000 parameters for a two-column key) stays well below every one of them
while keeping the number of statements of a large operation small.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

IDS_PER_STATEMENT = 500


def chunked[T](items: Iterable[T], size: int = IDS_PER_STATEMENT) -> Iterator[list[T]]:
    """``items`` without repeats, in order, as lists of at most ``size``."""
    listed = list(dict.fromkeys(items))
    for start in range(0, len(listed), size):
        yield listed[start : start + size]
