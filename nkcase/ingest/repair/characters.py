"""Character-level normalisation: line endings (not logged) and ligature characters (logged)."""

from __future__ import annotations

import re

from nkcase.ingest.edits import Edit

# U+FB00..FB06: the Latin presentation-form ligatures; searching for "fi" must find "ﬁ".
LIGATURE_CHARACTERS = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_LIGATURE_RE = re.compile("[\ufb00-\ufb06]")
_NEWLINE_RE = re.compile(r"\r\n?")


def line_ending_edits(text: str) -> list[Edit]:
    """CRLF and lone CR become LF. Not logged: it is normalisation, not a repair."""
    if "\r" not in text:
        return []
    return [Edit(m.start(), m.end(), "\n") for m in _NEWLINE_RE.finditer(text)]


def ligature_character_edits(text: str) -> list[Edit]:
    """Each ligature character becomes its letters, logged as kind "ligature-character"."""
    return [
        Edit(m.start(), m.end(), LIGATURE_CHARACTERS[m.group()], "ligature-character")
        for m in _LIGATURE_RE.finditer(text)
    ]
