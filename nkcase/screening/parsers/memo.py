"""A bounded dictionary of a function's results, for the field values a list repeats record
after record (an alias's quality, a document's type, a country, an address): the UN and EU
parsers read them through it. Apart from the parsers' shared cleaning (:mod:`.common`) because
it is a cache, not a reading of list text: what it must guarantee is a bound on memory whatever
a hostile file holds, which ``tests/screening/test_list_parsers.py`` checks on its own.
"""

from __future__ import annotations

from collections.abc import Callable


class Memo[K, T](dict[K, T]):
    """The values of a function of one key, kept for the keys a list repeats: ``memo[key]`` is
    ``compute(key)``. For the fields whose few values recur record after record (an alias's
    quality, a document's type, a country, an address): a lookup costs a fifth of cleaning the
    text again (a plain dictionary read in C, where :func:`functools.lru_cache` also moves the
    entry to the front of its order, and the function call itself costs more than the lookup).
    Bounded: once it holds ``limit`` keys, other keys are computed each time, and a key of
    more than :data:`MEMO_KEY_CHARS` characters (a hostile file's megabyte-long "country") is
    never kept, so no file can make it hold more than a few megabytes."""

    __slots__ = ("_compute", "_limit")

    def __init__(self, compute: Callable[[K], T], limit: int = 1024) -> None:
        super().__init__()
        self._compute = compute
        self._limit = limit

    def __missing__(self, key: K) -> T:
        value = self._compute(key)
        if len(self) < self._limit and _key_chars(key) <= MEMO_KEY_CHARS:
            self[key] = value
        return value


MEMO_KEY_CHARS = 1024
"""The longest key a :class:`Memo` keeps (characters of its texts)."""


def _key_chars(key: object) -> int:
    """The characters of the texts in ``key`` (a text, None, or tuples of them)."""
    if isinstance(key, str):
        return len(key)
    if isinstance(key, tuple):
        return sum(_key_chars(part) for part in key)
    return 0
