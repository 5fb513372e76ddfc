"""Names worth screening in a source's text: people and organisations as texts write them.

Not a full name recogniser: a cheap, predictable pass that finds what sanctions screening of
a text needs, and lets the matcher decide:

- Latin: runs of two to five capitalised words ("Ri Won Ho", "RI Won-ho", "Korea Ryonbong
  General Corporation", "KY'ONG"), with hyphenated parts; sentence-initial function words and
  months are not names;
- Hangul: runs of two to four syllables (a Korean name written without spaces, 리원호) and
  names spaced as family + given (리 원호); particles written onto the name are cut off
  (리원호는 → 리원호, 김정은의 → 김정은).

Every occurrence keeps its offsets in the text, so a result can become a quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CAP = r"[A-Z][A-Za-z'’]*(?:-[A-Za-z'’]+)*"
_LATIN = re.compile(rf"\b{_CAP}(?:[ \t]+{_CAP}){{1,4}}\b")
_HANGUL = re.compile(r"[\uac00-\ud7a3]+")
# Particles and endings written onto a Korean noun, longest first.
_PARTICLES = tuple(
    "에게서 으로서 으로는 에서는 에게 에서 으로 까지 부터 이나".split()
    + "은 는 이 가 을 를 의 에 와 과 도 로 만".split()
)
_NOT_NAMES = frozenset(
    """The A An In On At Of For From By With And Or But As To This That These Those It Its He She
    They We I His Her Their Our Mr Mrs Ms Dr According However Meanwhile January February March
    April May June July August September October November December Monday Tuesday Wednesday
    Thursday Friday Saturday Sunday""".split()
)
MAX_NAMES = 5000


@dataclass(frozen=True, slots=True)
class FoundName:
    """A name as the text writes it, at ``start``..``end`` (its first occurrence), and how
    often it occurs."""

    name: str
    start: int
    end: int
    occurrences: int = 1


def _trim_latin(text: str, start: int, end: int) -> tuple[int, int] | None:
    words = text[start:end].split()
    while words and words[0].strip("'’") in _NOT_NAMES:
        start = text.index(words[1], start + len(words[0])) if len(words) > 1 else end
        words = words[1:]
    if len(words) < 2:
        return None
    return start, end


def _trim_hangul(name: str) -> str:
    for particle in _PARTICLES:
        if name.endswith(particle) and len(name) - len(particle) >= 2:
            return name[: -len(particle)]
    return name


def find_names(text: str) -> list[FoundName]:
    """Distinct candidate names of ``text`` in order of first occurrence (at most MAX_NAMES)."""
    found: dict[str, FoundName] = {}

    def add(name: str, start: int, end: int) -> None:
        key = " ".join(name.casefold().split())
        if key in found:
            first = found[key]
            found[key] = FoundName(first.name, first.start, first.end, first.occurrences + 1)
        elif len(found) < MAX_NAMES:
            found[key] = FoundName(name, start, end)

    for match in _LATIN.finditer(text):
        span = _trim_latin(text, match.start(), match.end())
        if span is not None:
            add(text[span[0] : span[1]], *span)
    words = list(_HANGUL.finditer(text))
    for index, match in enumerate(words):
        word = _trim_hangul(match.group())
        if 2 <= len(word) <= 4:
            add(word, match.start(), match.start() + len(word))
        following = words[index + 1] if index + 1 < len(words) else None
        if len(word) == 1 and following and following.start() == match.end() + 1:
            given = _trim_hangul(following.group())
            if 1 <= len(given) <= 3:  # 리 원호: a family name spaced from the given name
                add(f"{word} {given}", match.start(), following.start() + len(given))
    return sorted(found.values(), key=lambda f: f.start)
