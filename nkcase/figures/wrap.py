"""Breaking a caption into a few lines of a given width, with any way of measuring text.

The figures measure with ReportLab's font metrics, the screen with Qt's; both wrap alike.
"""

from __future__ import annotations

from collections.abc import Callable


def wrap_words(
    text: str,
    width: float,
    measure: Callable[[str], float],
    elide: Callable[[str, float], str],
    lines: int = 2,
) -> list[str]:
    """Up to ``lines`` lines of at most ``width``; what does not fit goes on the last line,
    which ``elide`` cuts with an ellipsis. A single word too long for a line is cut too."""
    words = text.split()
    out: list[str] = []
    current = ""
    for index, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if measure(candidate) <= width or not current:
            current = candidate
            continue
        out.append(current)
        current = word
        if len(out) == lines - 1:
            current = " ".join(words[index:])
            break
    if current:
        out.append(current)
    return [elide(line, width) for line in out[:lines]]
