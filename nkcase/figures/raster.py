"""Figures as PNG: drawn as a one-page PDF by ReportLab, rasterised by pdfium.

The same vector drawing as in a dossier, so a PNG export has the same fonts (Hangul included),
line styles and layout; ``scale`` 2 gives 144 pixels per inch, sharp on screens and slides.
"""

from __future__ import annotations

import io
import threading

from reportlab.graphics import renderPDF

from nkcase.figures.drawing import to_drawing
from nkcase.figures.shapes import Figure
from nkcase.figures.text import FigureFonts

# pdfium is not thread-safe; until one process-wide lock guards every use of it, PNG exports
# at least never run two at once.
_PDFIUM = threading.Lock()


def to_pdf(figure: Figure, fonts: FigureFonts | None = None) -> bytes:
    """A one-page PDF of exactly the figure's size."""
    return bytes(renderPDF.drawToString(to_drawing(figure, fonts)))


def to_png(figure: Figure, scale: float = 2.0, fonts: FigureFonts | None = None) -> bytes:
    import pypdfium2 as pdfium

    pdf_bytes = to_pdf(figure, fonts)
    with _PDFIUM:
        pdf = pdfium.PdfDocument(pdf_bytes)
        try:
            page = pdf[0]
            bitmap = page.render(scale=scale, fill_color=(255, 255, 255, 255))
            image = bitmap.to_pil()
            page.close()
        finally:
            pdf.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
