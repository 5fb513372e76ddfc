"""Fonts that render Hangul and Chinese characters, registered with Qt when the system lacks one.

Names arrive in Hangul (라경수) and Han; a UI font without those glyphs shows boxes. We register
the first CJK-capable font found (bundled resources first, then well-known system paths) and put
it in the application font's fallback list, so Latin text keeps the platform font.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

CANDIDATES = (
    Path(__file__).resolve().parent.parent / "resources" / "fonts" / "NanumGothic.ttf",
    Path(__file__).resolve().parents[2] / "resources" / "fonts" / "NanumGothic.ttf",
    Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
)


def has_hangul_font() -> bool:
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.Korean))


def register_fonts(app: QApplication) -> str | None:
    """Make Hangul render; returns the family added as fallback (None when not needed/found)."""
    family: str | None = None
    for path in CANDIDATES:
        if path.is_file():
            font_id = QFontDatabase.addApplicationFont(str(path))
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if families:
                family = families[0]
                break
    if family is None:
        return None
    font = app.font()
    families = font.families() or [font.family()]
    if family not in families:
        font.setFamilies([*families, family])
        app.setFont(font)
    return family


def ui_font(point_size: float | None = None) -> QFont:
    font = QFont(QApplication.font())
    if point_size:
        font.setPointSizeF(point_size)
    return font
