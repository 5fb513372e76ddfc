"""Page crops: the highlighted passage is where the rectangles say, errors are ours."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from nkcase.dossier.crops import render_quote_crop
from nkcase.errors import PasswordRequiredError, ValidationError


def _pdf(password: str | None = None, rotate: int = 0) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1, encrypt=password)
    c.setPageRotation(rotate)
    c.setFont("Helvetica", 12)
    c.drawString(100, 500, "An invented line of text to be highlighted.")
    c.drawString(100, 300, "Another invented line far below it.")
    c.showPage()
    c.save()
    return buf.getvalue()


def _yellow(img: Image.Image) -> list[tuple[int, int]]:
    rgb = img.convert("RGB")
    w, h = rgb.size
    return [
        (x, y)
        for y in range(h)
        for x in range(0, w, 2)
        if (lambda p: p[0] > 200 and p[1] > 180 and p[2] < 170)(rgb.getpixel((x, y)))
    ]


def test_crop_surrounds_and_highlights_the_rectangle() -> None:
    png = render_quote_crop(_pdf(), None, 0, [(100, 496, 330, 510)], dpi=72, margin=20)
    img = Image.open(io.BytesIO(png))
    w, h = img.size
    assert 260 <= w <= 280 and 50 <= h <= 60  # rect +- 20 pt margin at 1 px per point
    spots = _yellow(img)
    assert spots
    ys = [y for _x, y in spots]
    assert min(ys) >= 15 and max(ys) <= h - 15  # highlight in the middle band, not the margin


def test_full_width_and_page_rotation() -> None:
    png = render_quote_crop(
        _pdf(rotate=90), None, 0, [(100, 496, 330, 510)], dpi=72, full_width=True
    )
    img = Image.open(io.BytesIO(png)).convert("RGB")
    assert img.size[0] == 596  # the whole (displayed) page width is kept
    spots = _yellow(img)
    assert spots
    xs = [x for x, _y in spots]
    ys = [y for _x, y in spots]
    box = img.crop((min(xs), min(ys), max(xs) + 1, max(ys) + 1))
    assert max(ys) - min(ys) > max(xs) - min(xs)
    assert any(
        sum(box.getpixel((x, y))) < 300 for x in range(box.width) for y in range(box.height)
    )  # the highlight lies over the text


def test_encrypted_pdf_needs_password() -> None:
    data = _pdf(password="pw")
    with pytest.raises(PasswordRequiredError):
        render_quote_crop(data, None, 0, [(100, 496, 330, 510)])
    assert render_quote_crop(data, "pw", 0, [(100, 496, 330, 510)]).startswith(b"\x89PNG")


def test_page_out_of_range() -> None:
    with pytest.raises(ValidationError):
        render_quote_crop(_pdf(), None, 3, [])
