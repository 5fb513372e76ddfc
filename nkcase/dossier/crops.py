"""Page crops for the dossier: the region of a PDF page a quote comes from, passage highlighted.

The dossier shows the reader the original page, not only our extracted text, so a quote can be
checked by eye. The service that gathers a dossier calls :func:`render_quote_crop` with the
source's original bytes and the quote's rectangles and puts the PNG into
:class:`nkcase.dossier.data.PageImage`; the renderer itself never opens source files.
"""

from __future__ import annotations

import ctypes
import io
from collections.abc import Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageDraw

from nkcase.errors import IngestError, PasswordRequiredError, ValidationError

Rect = tuple[float, float, float, float]
"""(x0, y0, x1, y1) in PDF points, origin bottom-left of the page, as pdfium reports char boxes."""

HIGHLIGHT = (255, 214, 0, 96)
OUTLINE = (214, 150, 0, 255)


def render_quote_crop(
    pdf_bytes: bytes,
    password: str | None,
    page_index: int,
    rects: Sequence[Rect],
    dpi: float = 110,
    *,
    margin: float = 28.0,
    full_width: bool = False,
    max_height: float = 360.0,
) -> bytes:
    """PNG of the page region around ``rects`` with the rectangles highlighted.

    ``page_index`` is 0-based. ``margin`` (points) of context is kept above and below, and
    beside the passage; ``full_width`` keeps the whole page width instead, which shows where on
    the page the passage sits at the cost of a smaller picture. A passage taller than
    ``max_height`` points is cut to
    its start (the dossier prints the full quote text anyway). With no rectangles the upper part
    of the page is shown.
    """
    try:
        pdf = pdfium.PdfDocument(pdf_bytes, password=password)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise PasswordRequiredError("This PDF needs its password to render a page.") from exc
        raise IngestError(f"Cannot open the PDF to render a page: {exc}") from exc
    try:
        if not 0 <= page_index < len(pdf):
            raise ValidationError(f"Page {page_index + 1} is outside this {len(pdf)}-page PDF.")
        page = pdf[page_index]
        try:
            return _render(page, rects, dpi, margin, full_width, max_height)
        finally:
            page.close()
    finally:
        pdf.close()


def _render(
    page: pdfium.PdfPage,
    rects: Sequence[Rect],
    dpi: float,
    margin: float,
    full_width: bool,
    max_height: float,
) -> bytes:
    scale = dpi / 72.0
    bitmap = page.render(scale=scale)  # pdfium applies the page's /Rotate itself
    image = bitmap.to_pil().convert("RGBA")
    width, height = image.size

    boxes = [_device_box(page, r, width, height) for r in rects]
    boxes = [b for b in boxes if b[2] > b[0] and b[3] > b[1]]
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for box in boxes:
        pad = max(1, round(scale))
        padded = (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)
        draw.rectangle(padded, fill=HIGHLIGHT)
        draw.line([(padded[0], padded[3]), (padded[2], padded[3])], fill=OUTLINE, width=pad)
    image = Image.alpha_composite(image, overlay).convert("RGB")

    m = round(margin * scale)
    if boxes:
        left = min(b[0] for b in boxes)
        top = min(b[1] for b in boxes)
        right = max(b[2] for b in boxes)
        bottom = max(b[3] for b in boxes)
    else:
        left, top, right, bottom = 0, 0, width, round(max_height * scale / 2)
    top = max(0, top - m)
    bottom = min(height, bottom + m, top + round(max_height * scale))
    if full_width:
        left, right = 0, width
    else:
        left, right = max(0, left - m), min(width, right + m)
    crop = image.crop((left, top, right, max(bottom, top + 1)))
    out = io.BytesIO()
    crop.save(out, format="PNG")
    return out.getvalue()


def _device_box(
    page: pdfium.PdfPage, rect: Rect, width: int, height: int
) -> tuple[int, int, int, int]:
    """Map a rectangle in page points to bitmap pixels (honours /Rotate and the crop box)."""
    xs: list[int] = []
    ys: list[int] = []
    x0, y0, x1, y1 = rect
    for px, py in ((x0, y0), (x1, y1)):
        dx, dy = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDF_PageToDevice(
            page.raw, 0, 0, width, height, 0, px, py, ctypes.byref(dx), ctypes.byref(dy)
        )
        xs.append(dx.value)
        ys.append(dy.value)
    return (min(xs), min(ys), max(xs), max(ys))
