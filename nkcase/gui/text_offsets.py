"""Offsets into a source's frozen text (Python code points) versus Qt document positions.

Quotes store Python ``str`` offsets. QTextDocument counts UTF-16 code units, so every character
outside the Basic Multilingual Plane (rare CJK extensions, emoji) shifts later positions by one.
:class:`OffsetMap` converts both ways; for the usual all-BMP text it is the identity.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right


class OffsetMap:
    def __init__(self, text: str) -> None:
        # code-point indexes of astral characters (each takes two UTF-16 units)
        self._astral = [i for i, c in enumerate(text) if ord(c) > 0xFFFF]
        # their positions in UTF-16 units
        self._astral_qt = [i + n for n, i in enumerate(self._astral)]

    def to_qt(self, offset: int) -> int:
        return offset + bisect_left(self._astral, offset)

    def to_py(self, position: int) -> int:
        # every astral character before ``position`` counted two units
        return position - bisect_right(self._astral_qt, position - 1)
