"""Measuring and splitting figure text with the dossier's fonts (chosen per script).

Figure builders place labels by their width; the same fonts draw them in the PDF and the PNG,
so a Hangul name is measured with NanumGothic, not guessed.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth

from nkcase.dossier.fonts import FontLibrary, default_library
from nkcase.dossier.textruns import Run, TextStyler
from nkcase.figures.shapes import TextRole
from nkcase.figures.wrap import wrap_words


class FigureFonts:
    """Widths and font runs of figure text; one per figure build (it records missing
    characters like the dossier does)."""

    def __init__(self, library: FontLibrary | None = None, styler: TextStyler | None = None):
        self.styler = styler or TextStyler(library or default_library())
        self._width = lru_cache(maxsize=8192)(self._width_uncached)

    def runs(self, text: str, role: TextRole = "regular") -> tuple[Run, ...]:
        return self.styler.line_runs(text, role)

    def width(self, text: str, size: float, role: TextRole = "regular") -> float:
        return self._width(text, size, role)

    def _width_uncached(self, text: str, size: float, role: TextRole) -> float:
        return float(sum(stringWidth(run.text, run.font, size) for run in self.runs(text, role)))

    def fit(self, text: str, size: float, width: float, role: TextRole = "regular") -> str:
        """``text`` cut with an ellipsis to fit ``width`` (whole if it fits)."""
        if self.width(text, size, role) <= width:
            return text
        lo, hi = 0, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.width(text[:mid].rstrip() + "…", size, role) <= width:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo].rstrip() + "…"

    def wrap(
        self, text: str, size: float, width: float, lines: int = 2, role: TextRole = "regular"
    ) -> list[str]:
        """Up to ``lines`` lines of at most ``width``; the last cut with an ellipsis."""
        return wrap_words(
            text,
            width,
            lambda t: self.width(t, size, role),
            lambda t, w: self.fit(t, size, w, role),
            lines,
        )
