"""Turning user text into safe ReportLab Paragraph markup, one font per run of characters.

Every user string goes through :meth:`TextStyler.markup`: it escapes the text (so ``AT&T <Ltd>``
prints literally and can never inject markup), splits it into runs by the font that covers each
character, and replaces a character no font covers with a visible ``[U+XXXX]`` marker while
recording it for the export's warnings: never a silent box. Text in one font needs no tag (or
one ``<font name=...>``); text that mixes scripts is set in the role's
:class:`~nkcase.dossier.chainfont.ChainFont`, which draws each run in its own font but keeps the
paragraph a single fragment (ReportLab's fast layout path); with a missing character, or no
TrueType fonts at all, each run gets its own ``<font>`` tag.

Right-to-left text: ReportLab lays out left to right and, without its optional ``rlbidi`` and
``uharfbuzz`` extras, neither reorders nor shapes. We reverse each run of right-to-left letters
so a Hebrew or Arabic name reads in the right order on one line; Arabic letters stay in their
isolated forms (legible, not typographically correct) and a right-to-left passage that wraps
over several lines has its lines in left-to-right order.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple
from xml.sax.saxutils import escape

from nkcase.dossier.fonts import FontLibrary, Role

_CONTROL_OK = {"\n", "\t"}
_RTL = {"R", "AL"}


def _clean(text: str) -> str:
    """Drop control characters (except newline and tab) that no font draws and no reader wants."""
    if text.isprintable():
        return text
    return "".join(
        ch for ch in text if ch in _CONTROL_OK or unicodedata.category(ch) not in ("Cc", "Cs")
    )


def _is_neutral(ch: str) -> bool:
    """Characters that may stay in the current run's font: spaces and combining marks."""
    return ch == " " or unicodedata.combining(ch) != 0 or ch in "\u200b\u200c\u200d"


def _visual_order(text: str) -> str:
    """Reverse runs of right-to-left letters (with the spaces between them): minimal bidi."""
    if not any(unicodedata.bidirectional(ch) in _RTL for ch in text):
        return text
    out: list[str] = []
    run: list[str] = []
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in _RTL or (run and bidi in ("WS", "NSM")):
            run.append(ch)
            continue
        out.extend(_flush_rtl(run))
        run = []
        out.append(ch)
    out.extend(_flush_rtl(run))
    return "".join(out)


def _flush_rtl(run: list[str]) -> list[str]:
    trailing: list[str] = []
    while run and unicodedata.bidirectional(run[-1]) == "WS":
        trailing.append(run.pop())
    return run[::-1] + trailing


MISSING_COLOUR = "#b03030"
"""Colour of the ``[U+XXXX]`` marker printed for a character no font draws."""


class Run(NamedTuple):
    """A piece of one line drawn straight on the canvas: text, font and optional colour/link."""

    text: str
    font: str
    colour: str | None = None
    link: str | None = None
    """Name of an internal destination the piece links to."""


class TextStyler:
    """Makes Paragraph markup from user text and remembers the characters it could not draw.

    ``context`` names where the text being styled goes ("Albatross / facts"); the builder sets
    it so a missing character can be reported with the places it occurs.
    """

    def __init__(self, library: FontLibrary, *, cache_size: int = 65536) -> None:
        self.library = library
        self.context = ""
        self.missing: dict[str, list[str]] = {}
        self.fonts_used: set[str] = set()
        self._split = lru_cache(maxsize=cache_size)(self._split_uncached)
        self._line = lru_cache(maxsize=cache_size)(self._line_uncached)
        roles: tuple[Role, ...] = ("regular", "bold", "italic", "mono")
        self._base = {role: library.base_font(role) for role in roles}
        self._ascii_ok = {role: library.covers_ascii(role) for role in roles}
        self._plain = {role: library.plain_chars(role) for role in roles}

    def base_font(self, role: Role) -> str:
        """Font name a Paragraph style of this role should use."""
        return self._base[role]

    def markup(self, text: str | None, role: Role = "regular", *, base: Role | None = None) -> str:
        """Escaped markup for ``text`` drawn in ``role`` inside a paragraph whose font is ``base``.

        ``base`` defaults to ``role`` (the paragraph style already uses the role's font); pass
        ``base="regular"`` to set a bold or mono fragment inside a regular paragraph.
        """
        if not text:
            return ""
        result, missing, fonts = self._split(text, role, base or role)
        self._record(missing, fonts)
        return result

    def _record(self, missing: tuple[str, ...], fonts: tuple[str, ...]) -> None:
        """Note the characters no font drew (with where) and the fonts a text used."""
        for ch in missing:
            places = self.missing.setdefault(ch, [])
            if self.context and self.context not in places:
                places.append(self.context)
        self.fonts_used.update(fonts)

    def _split_uncached(
        self, text: str, role: Role, base: Role
    ) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        base_font = self._base[base]
        if (
            self._ascii_ok[role]
            and self._base[role] == base_font
            and text.isascii()
            and text.isprintable()
        ):
            return escape(text), (), (base_font,)  # the common case: no runs to split
        if self._base[role] == base_font and self._plain[role].issuperset(text):
            return escape(text), (), (base_font,)  # curly quotes, accents: still one run
        parts: list[str] = []
        missing: list[str] = []
        fonts: set[str] = set()
        ordered = _visual_order(_clean(text))
        runs = list(self._runs(ordered, role))
        chain = self.library.chain_font(role) if len(runs) > 1 else None
        if chain is not None and all(font is not None for font, _chunk in runs):
            # Several scripts, all drawable: one fragment in the chain font (fast layout).
            body = escape(ordered).replace("\n", "<br/>").replace("\t", " ")
            used = tuple(sorted({font for font, _chunk in runs if font is not None}))
            return f'<font name="{chain}">{body}</font>', (), used
        for font, chunk in runs:
            if font is None:
                for ch in chunk:
                    if ch not in missing:
                        missing.append(ch)
                marks = " ".join(f"[U+{ord(ch):04X}]" for ch in chunk)
                parts.append(
                    f'<font name="{self._base["mono"]}" color="{MISSING_COLOUR}">{marks}</font>'
                )
                fonts.add(self._base["mono"])
                continue
            fonts.add(font)
            body = escape(chunk).replace("\n", "<br/>").replace("\t", " ")
            parts.append(body if font == base_font else f'<font name="{font}">{body}</font>')
        return "".join(parts), tuple(missing), tuple(sorted(fonts))

    def line_runs(self, text: str | None, role: Role = "regular") -> tuple[Run, ...]:
        """``text`` as font runs for drawing on one line without Paragraph markup.

        Same choices as :meth:`markup` (fonts by coverage, visible ``[U+XXXX]`` markers for
        undrawable characters, recorded as missing); line breaks and tabs become spaces.
        """
        if not text:
            return ()
        runs, missing, fonts = self._line(text, role)
        self._record(missing, fonts)
        return runs

    def _line_uncached(
        self, text: str, role: Role
    ) -> tuple[tuple[Run, ...], tuple[str, ...], tuple[str, ...]]:
        base_font = self._base[role]
        if (self._ascii_ok[role] and text.isascii() and text.isprintable()) or self._plain[
            role
        ].issuperset(text):
            return (Run(text, base_font),), (), (base_font,)
        runs: list[Run] = []
        missing: list[str] = []
        fonts: set[str] = set()
        flat = _clean(text).replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
        for font, chunk in self._runs(_visual_order(flat), role):
            if font is None:
                for ch in chunk:
                    if ch not in missing:
                        missing.append(ch)
                marks = " ".join(f"[U+{ord(ch):04X}]" for ch in chunk)
                runs.append(Run(marks, self._base["mono"], MISSING_COLOUR))
                fonts.add(self._base["mono"])
                continue
            fonts.add(font)
            runs.append(Run(chunk, font))
        return tuple(runs), tuple(missing), tuple(sorted(fonts))

    def _runs(self, text: str, role: Role) -> Iterator[tuple[str | None, str]]:
        """Yield (font name or None for undrawable, chunk) with adjacent equal fonts merged."""
        lib = self.library
        cur_font: str | None = ""
        cur: list[str] = []
        cache: dict[str, str | None] = {}
        for ch in text:
            if ch in _CONTROL_OK:
                font: str | None = cur_font if cur_font != "" else self._base[role]
            elif _is_neutral(ch) and cur_font:
                font = cur_font
            else:
                if ch in cache:
                    font = cache[ch]
                else:
                    font = cache[ch] = lib.font_for(ord(ch), role)
            if font != cur_font:
                if cur:
                    yield cur_font, "".join(cur)
                cur = []
                cur_font = font
            cur.append(ch)
        if cur:
            yield cur_font, "".join(cur)
