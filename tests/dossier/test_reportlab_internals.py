"""The ReportLab internals the dossier relies on still behave as it expects.

pyproject.toml keeps ReportLab below its next major version, but a minor release may change an
undocumented attribute too. Each probe exercises one internal the way nkcase/dossier uses it and,
when it breaks, fails naming the internal and the module that uses it, so an upgrade of the lock
file (bash packaging/lock.sh --upgrade-package reportlab) says at once what to look at. What
ReportLab offers as a documented switch (``rl_config.useA85``, ``Canvas.setDateFormatter``) is
used as such; the probes cover those too, since the dossier's output depends on them.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime

import pypdfium2 as pdfium
import pytest
import reportlab
from reportlab import rl_config
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from nkcase.dossier.fonts import default_library
from nkcase.dossier.layout import LineOfRuns, make_canvas_class
from nkcase.dossier.textruns import Run

MIXED = "Okryu 옥류관 Restaurant"


def page_text(pdf: bytes, index: int = 0) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[index]
        text = page.get_textpage().get_text_range()
        page.close()
        return str(text)
    finally:
        document.close()


def dossier_canvas(buffer: io.BytesIO) -> Canvas:
    canvas_class = make_canvas_class(datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC), ("Helvetica", 8))
    canvas: Canvas = canvas_class(buffer, pagesize=A4, invariant=1)
    return canvas


def probe_chain_font() -> None:
    """chainfont.ChainFont: the font protocol (_dynamicFont, face, splitString, subsets)."""
    library = default_library()
    chain = library.chain_font("regular")
    assert chain is not None, "no chain font for the regular role"
    style = ParagraphStyle("probe", fontName=chain, fontSize=10, leading=12)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    paragraph = Paragraph(MIXED, style)
    paragraph.wrap(400, 100)
    paragraph.drawOn(canvas, 50, 700)
    canvas.save()
    assert MIXED in page_text(buffer.getvalue())


def probe_text_out_and_links() -> None:
    """layout.LineOfRuns and DossierCanvas.linkRect: PDFTextObject._textOut, Canvas._absRect,
    _bookmarkReference, _addAnnotation, pdfdoc.LinkAnnotation, Destination.format, fp_str."""
    library = default_library()
    regular = library.base_font("regular")
    hangul = library.font_for(ord("옥"), "regular")
    assert hangul is not None
    buffer = io.BytesIO()
    canvas = dossier_canvas(buffer)
    canvas.bookmarkPage("target")
    style = ParagraphStyle("probe", fontName=regular, fontSize=10, leading=12)
    line = LineOfRuns(
        [Run("Okryu ", regular), Run("옥류관", hangul, link="target"), Run(" [1]", regular)],
        style,
        markup="unused",
    )
    line.wrap(400, 100)
    line.drawOn(canvas, 50, 700)
    canvas.save()
    pdf = buffer.getvalue()
    assert "Okryu 옥류관 [1]" in page_text(pdf)
    assert b"/Subtype /Link" in pdf and b"/Dest" in pdf


def probe_page_total_and_dates() -> None:
    """DossierCanvas.save: Canvas.pageHasData, setDateFormatter, rl_config.useA85."""
    buffer = io.BytesIO()
    canvas = dossier_canvas(buffer)
    canvas.drawString(50, 700, "first page")
    canvas.showPage()
    canvas.drawString(50, 700, "second page")
    canvas.save()
    pdf = buffer.getvalue()
    assert getattr(canvas, "total_pages", None) == 2
    assert b"/CreationDate (D:20240506070809+00'00')" in pdf
    assert rl_config.useA85 == 0 and b"ASCII85Decode" not in pdf


def probe_aes256_fields() -> None:
    """builder._AES256Encryption: pdfencrypt.pyaes, StandardEncryption.prepare and its
    revision, UE, OE and Perms fields (trimmed to the lengths the PDF standard gives)."""
    from nkcase.dossier.builder import _encryption

    assert getattr(pdfencrypt, "pyaes", None) is not None, "pdfencrypt.pyaes is gone"
    encryption = _encryption("correct horse")
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, encrypt=encryption)
    canvas.drawString(50, 700, "secret")
    canvas.save()
    fields: object = encryption
    assert getattr(fields, "revision", None) == 5
    assert len(fields.UE) == 32 and len(fields.OE) == 32  # type: ignore[attr-defined]
    assert len(fields.Perms) == 16  # type: ignore[attr-defined]
    document = pdfium.PdfDocument(buffer.getvalue(), password="correct horse")
    assert len(document) == 1
    document.close()


def probe_paragraph_lines() -> None:
    """builder._one_line: Paragraph.blPara.lines after wrap."""
    style = ParagraphStyle("probe", fontName="Helvetica", fontSize=10, leading=12)
    paragraph = Paragraph("one two three four five six seven eight nine ten", style)
    paragraph.wrap(60, 1000)
    assert len(paragraph.blPara.lines) > 1
    paragraph.wrap(1000, 1000)
    assert len(paragraph.blPara.lines) == 1


PROBES: dict[str, tuple[str, Callable[[], None]]] = {
    "ChainFont's font protocol": ("chainfont.py, textruns.py", probe_chain_font),
    "_textOut and the link internals": ("layout.py", probe_text_out_and_links),
    "pageHasData, setDateFormatter, useA85": ("layout.py", probe_page_total_and_dates),
    "StandardEncryption's AES-256 fields": ("builder.py", probe_aes256_fields),
    "Paragraph.blPara.lines": ("builder.py", probe_paragraph_lines),
}


@pytest.mark.parametrize("internal", list(PROBES))
def test_reportlab_internal_still_works(internal: str) -> None:
    users, probe = PROBES[internal]
    try:
        probe()
    except Exception as err:  # AttributeError, TypeError, AssertionError: all mean "changed"
        pytest.fail(
            f"ReportLab {reportlab.Version} changed {internal} ({probe.__doc__}), which "
            f"nkcase/dossier/{users} relies on: {type(err).__name__}: {err}. Adapt that code, "
            "or keep ReportLab below this version in pyproject.toml and the lock files.",
            pytrace=False,
        )
