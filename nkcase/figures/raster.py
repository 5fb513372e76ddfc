"""Figures as PNG: drawn as a one-page PDF by ReportLab, rasterised by pdfium.

The same vector drawing as in a dossier, so a PNG export has the same fonts (Hangul included),
line styles and layout; ``scale`` 2 gives 144 pixels per inch, sharp on screens and slides.
"""

from __future__ import annotations

import io

from reportlab.graphics import renderPDF

from nkcase.figures.drawing import to_drawing
from nkcase.figures.shapes import Figure
from nkcase.figures.text import FigureFonts


def to_pdf(figure: Figure, fonts: FigureFonts | None = None) -> bytes:
    """A one-page PDF of exactly the figure's size."""
    return bytes(renderPDF.drawToString(to_drawing(figure, fonts)))


def to_png(figure: Figure, scale: float = 2.0, fonts: FigureFonts | None = None) -> bytes:
    """The figure as PNG; pdfium is reached only through :mod:`nkcase.pdf_engine` (its lock)."""
    from PIL import Image

    from nkcase.pdf_engine import PdfFile

    with PdfFile(to_pdf(figure, fonts)) as pdf:
        page = pdf.render(0, scale)
    image = Image.frombuffer(
        "RGBA", (page.width, page.height), page.pixels, "raw", page.mode, page.stride, 1
    ).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
