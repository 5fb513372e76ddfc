"""A ReportLab font that draws each character in the font of a :class:`FontLibrary` chain.

Apart from :mod:`nkcase.dossier.fonts` because it is a different job: that module finds,
checks and registers the TrueType faces and picks one per character; this one implements
ReportLab's (undocumented) font protocol on top of that choice, so that a paragraph mixing
scripts is laid out as one font instead of many ``<font>`` fragments.
``tests/dossier/test_reportlab_internals.py`` probes the protocol it relies on.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

from reportlab.pdfbase import pdfmetrics

if TYPE_CHECKING:
    from nkcase.dossier.fonts import FontLibrary, Role


class _FaceProxy:
    """The base font's face under the chain font's own name (ReportLab keys faces by name)."""

    def __init__(self, name: str, face: Any) -> None:
        self.name = name
        self._face = face

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._face, attr)


def _neutral(ch: str) -> bool:
    return ch == " " or ch in "\u200b\u200c\u200d" or unicodedata.combining(ch) != 0


class ChainFont:
    """A ReportLab font that draws every character in the font of the chain that covers it.

    ReportLab lays out a paragraph in one font several times faster than one split into
    ``<font>`` fragments (one per change of script). Text that mixes scripts, but has a font for
    every character, is set in this font instead: widths and PDF text operators come from the
    real TrueType fonts run by run (the same choice as :mod:`nkcase.dossier.textruns`), and
    those fonts are the ones embedded. Spaces and combining marks stay in the current run's
    font, as in ``textruns``.
    """

    _dynamicFont = 1  # noqa: N815 (ReportLab attribute names)
    _multiByte = 1  # noqa: N815
    shapable = False

    def __init__(self, name: str, base: Any, library: FontLibrary, role: Role) -> None:
        self.fontName = name
        self.base = base
        self.face = _FaceProxy(name, base.face)
        self.encoding = getattr(base, "encoding", "utf8")
        self.substitutionFonts: list[Any] = []
        self._library = library
        self._role = role
        self._ascii = library.covers_ascii(role)
        self._by_char: dict[str, Any] = {}

    def _font(self, ch: str) -> Any:
        font = self._by_char.get(ch)
        if font is None:
            name = self._library.font_for(ord(ch), self._role)
            font = pdfmetrics.getFont(name) if name else self.base
            self._by_char[ch] = font
        return font

    def _runs(self, text: str) -> list[tuple[Any, str]]:
        if self._ascii and text.isascii():
            return [(self.base, text)]
        runs: list[tuple[Any, str]] = []
        current: Any = None
        start = 0
        for i, ch in enumerate(text):
            font = current if (current is not None and _neutral(ch)) else self._font(ch)
            if font is not current:
                if current is not None:
                    runs.append((current, text[start:i]))
                current, start = font, i
        if current is not None:
            runs.append((current, text[start:]))
        return runs

    def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> float:  # noqa: N802
        if self._ascii and text.isascii():
            return float(self.base.stringWidth(text, size))
        return float(sum(font.stringWidth(chunk, size) for font, chunk in self._runs(text)))

    def splitString(self, text: str, doc: Any, encoding: str = "utf-8") -> list[Any]:  # noqa: N802
        out: list[Any] = []
        for font, chunk in self._runs(text):
            for subset, data in font.splitString(chunk, doc):
                out.append(((font, subset), data))
        return out

    def getSubsetInternalName(self, key: Any, doc: Any) -> str:  # noqa: N802
        font, subset = key
        return str(font.getSubsetInternalName(subset, doc))
