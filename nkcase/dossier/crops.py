"""Page crops for the dossier: the region of a PDF page a quote comes from, passage highlighted.

The dossier shows the reader the original page, not only our extracted text, so a quote can be
checked by eye. The service that gathers a dossier calls :func:`render_quote_crop` with the
source's original bytes and the quote's rectangles and puts the PNG into
:class:`nkcase.dossier.data.PageImage`; the renderer itself never opens source files.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw

from nkcase.pdf_engine import PageImage, PdfFile, Rect

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
    with PdfFile(pdf_bytes, password) as pdf:
        page = pdf.render(page_index, dpi / 72.0, rects)
    return _crop(page, dpi / 72.0, margin, full_width, max_height)


def _crop(
    page: PageImage, scale: float, margin: float, full_width: bool, max_height: float
) -> bytes:
    """Highlight the boxes on the rendered page and cut out the region around them."""
    image = Image.frombuffer(
        "RGBA", (page.width, page.height), page.pixels, "raw", page.mode, page.stride, 1
    ).convert("RGBA")
    width, height = image.size
    boxes = [b for b in page.boxes if b[2] > b[0] and b[3] > b[1]]
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

