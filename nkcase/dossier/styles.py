"""The dossier's look: page geometry, colours and paragraph styles in one place.

Styles take their font names from the :class:`~nkcase.dossier.textruns.TextStyler` so that the
paragraph's own font is the base font of its role and only runs in other scripts need a
``<font>`` tag (fewer tags, faster layout).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from nkcase.dossier.textruns import TextStyler
from nkcase.vocabulary.levels import LEVEL_COLOURS as LEVEL_COLOUR_HEX
from nkcase.vocabulary.levels import HandlingLevel

PAGE_SIZE = A4
MARGIN_LEFT = 20 * mm
MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 22 * mm
FRAME_WIDTH = PAGE_SIZE[0] - MARGIN_LEFT - MARGIN_RIGHT
QUOTE_INDENT = 11 * mm

INK = colors.HexColor("#1b1f24")
MUTED_HEX = "#5f6670"
MUTED = colors.HexColor(MUTED_HEX)
RULE = colors.HexColor("#c9ced6")
ACCENT_HEX = "#1f3a5f"
ACCENT = colors.HexColor(ACCENT_HEX)
LINK = "#1f4e99"
UNSUPPORTED = "#a33a3a"
ZEBRA = colors.HexColor("#f3f5f8")
HEAD_BG = colors.HexColor("#e4e9f0")

LEVEL_COLOURS: dict[HandlingLevel, colors.Color] = {
    level: colors.HexColor(hex_colour) for level, hex_colour in LEVEL_COLOUR_HEX.items()
}
LEVEL_MEANING: dict[HandlingLevel, str] = {
    "public": "Contains only material cleared for public release.",
    "internal": "Internal: not for release outside the team. Confidential sources are withheld.",
    "protected": "Protected: reveals confidential sources. Handle and store accordingly.",
}


@dataclass(frozen=True, slots=True)
class Styles:
    """Every paragraph style the dossier uses."""

    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    mono: ParagraphStyle
    kicker: ParagraphStyle
    cover_title: ParagraphStyle
    cover_entity: ParagraphStyle
    band: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    quote_head: ParagraphStyle
    quote: ParagraphStyle
    quote_note: ParagraphStyle
    caption: ParagraphStyle
    bullet: ParagraphStyle
    header: ParagraphStyle


def make_styles(styler: TextStyler) -> Styles:
    """Build the styles for fonts the styler found on this machine."""
    regular = styler.base_font("regular")
    bold = styler.base_font("bold")
    italic = styler.base_font("italic")
    mono = styler.base_font("mono")
    body = ParagraphStyle(
        "body", fontName=regular, fontSize=9.5, leading=13.2, textColor=INK, alignment=TA_LEFT
    )
    return Styles(
        body=body,
        small=ParagraphStyle("small", body, fontSize=8, leading=10.5, textColor=MUTED),
        cell=ParagraphStyle("cell", body, fontSize=8.8, leading=11.5),
        cell_head=ParagraphStyle(
            "cellhead", body, fontName=bold, fontSize=8, leading=10, textColor=ACCENT
        ),
        mono=ParagraphStyle("mono", body, fontName=mono, fontSize=7.6, leading=10),
        kicker=ParagraphStyle(
            "kicker", body, fontName=bold, fontSize=9, leading=12, textColor=MUTED, spaceAfter=2
        ),
        cover_title=ParagraphStyle(
            "covertitle",
            body,
            fontName=bold,
            fontSize=24,
            leading=29,
            textColor=ACCENT,
            spaceAfter=10,
        ),
        cover_entity=ParagraphStyle(
            "coverentity", body, fontName=bold, fontSize=15, leading=19, spaceBefore=8, spaceAfter=2
        ),
        band=ParagraphStyle(
            "band", body, fontName=bold, fontSize=10, leading=13, textColor=colors.white
        ),
        h1=ParagraphStyle(
            "h1", body, fontName=bold, fontSize=19, leading=23, textColor=ACCENT, spaceAfter=3
        ),
        h2=ParagraphStyle(
            "h2",
            body,
            fontName=bold,
            fontSize=12.5,
            leading=16,
            textColor=ACCENT,
            spaceBefore=13,
            spaceAfter=5,
            keepWithNext=1,
        ),
        h3=ParagraphStyle(
            "h3",
            body,
            fontName=bold,
            fontSize=10,
            leading=13,
            spaceBefore=9,
            spaceAfter=4,
            keepWithNext=1,
        ),
        quote_head=ParagraphStyle(
            "quotehead", body, fontSize=8, leading=10.5, textColor=MUTED, spaceBefore=7
        ),
        quote=ParagraphStyle("quote", body, leftIndent=QUOTE_INDENT, spaceBefore=1),
        quote_note=ParagraphStyle(
            "quotenote",
            body,
            fontName=italic,
            fontSize=8.5,
            leading=11.5,
            leftIndent=QUOTE_INDENT,
            textColor=MUTED,
            spaceBefore=2,
        ),
        caption=ParagraphStyle(
            "caption",
            body,
            fontSize=7.5,
            leading=9.5,
            textColor=MUTED,
            leftIndent=QUOTE_INDENT,
            spaceBefore=1,
        ),
        bullet=ParagraphStyle(
            "bullet", body, leftIndent=5 * mm, bulletIndent=1 * mm, spaceBefore=2
        ),
        header=ParagraphStyle("header", body, fontSize=7.8, leading=9.5, textColor=MUTED),
    )
