"""build_dossier: plain data in, one PDF out.

One pass of ReportLab platypus over a story made from :mod:`nkcase.dossier.data`; the page
total is filled in at save time (see :mod:`nkcase.dossier.layout`). The PDF is assembled in
memory and written in one go (to a temporary file renamed into place for a path), so a cancelled
or failed export never leaves a half-written dossier behind.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import pdfencrypt
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

import nkcase
from nkcase.dossier.data import DossierDocument, DossierResult
from nkcase.dossier.entity_section import entity_story
from nkcase.dossier.fonts import FontLibrary, default_library
from nkcase.dossier.front_back import appendix_story, cover_story, withheld_story
from nkcase.dossier.layout import (
    PAGE_FRAME_FORM,
    PAGE_NUMBER_FORM,
    DossierTemplate,
    make_canvas_class,
)
from nkcase.dossier.numbering import number_dossier
from nkcase.dossier.story import StoryContext
from nkcase.dossier.styles import (
    FRAME_WIDTH,
    LEVEL_COLOURS,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_TOP,
    PAGE_SIZE,
    RULE,
    make_styles,
)
from nkcase.dossier.textruns import TextStyler
from nkcase.errors import UsageError, ValidationError
from nkcase.vocabulary.levels import LEVEL_RANK

ProgressCallback = Callable[[int, int, str], None]
"""on_progress(done, total, label); may raise :class:`nkcase.errors.CancelledError` to stop."""

MAX_PASSWORD_BYTES = 127
"""AES-256 (PDF security handler revision 5) uses at most 127 bytes of the UTF-8 password."""


def build_dossier(
    doc: DossierDocument,
    out: Path | BinaryIO,
    *,
    password: str | None = None,
    on_progress: ProgressCallback | None = None,
    fonts: FontLibrary | None = None,
) -> DossierResult:
    """Render ``doc`` as a PDF into ``out`` (a path, replaced atomically, or a binary stream).

    ``password``: encrypt with AES-256 and require this password to open the file.
    ``on_progress`` is called per entity and per block of quotes during layout, from the
    calling thread; raising :class:`~nkcase.errors.CancelledError` in it stops the build and
    nothing is written. ``fonts`` defaults to the bundled and system fonts.
    """
    _check(doc, password)
    styler = TextStyler(fonts or default_library())
    ctx = StoryContext(doc=doc, styler=styler, styles=make_styles(styler), num=number_dossier(doc))

    story: list[Flowable] = cover_story(ctx)
    for idx, entity in enumerate(doc.entities):
        story += entity_story(ctx, idx, entity)
    story += withheld_story(ctx)
    story += appendix_story(ctx)

    total = ctx.marks
    done = 0

    def on_mark(label: str) -> None:
        nonlocal done
        done += 1
        if on_progress is not None:
            on_progress(done, total, label)

    if on_progress is not None:
        on_progress(0, total, "layout")
    buffer = io.BytesIO()
    template = DossierTemplate(
        buffer,
        decorate=_decorator(ctx),
        on_mark=on_mark,
        title=doc.title,
        author=doc.prepared_by or "",
        subject=f"nkcase dossier, handling level {doc.level}, casebook {doc.casebook_name}",
        creator=f"nkcase {nkcase.__version__}",
        producer=f"nkcase {nkcase.__version__} (ReportLab)",
        keywords=["nkcase", "dossier", doc.level],
        invariant=1,
        encrypt=_encryption(password),
        lang="en",
    )
    canvas_class = make_canvas_class(doc.generated_at, (styler.base_font("regular"), 7.8))
    template.build(story, canvasmaker=canvas_class)
    pages = int(getattr(template.canv, "total_pages", 0) or template.page)
    _write(buffer.getvalue(), out)

    warnings = list(dict.fromkeys(ctx.num.warnings))
    for ch, places in sorted(styler.missing.items()):
        where = ", ".join(places) or "the dossier"
        warnings.append(
            f"No available font draws {ch!r} (U+{ord(ch):04X}); it is shown as "
            f"[U+{ord(ch):04X}] in {where}."
        )
    return DossierResult(
        pages=pages,
        warnings=warnings,
        missing_characters={ch: list(p) for ch, p in sorted(styler.missing.items())},
        fonts_used=sorted(styler.fonts_used),
    )


def _check(doc: DossierDocument, password: str | None) -> None:
    if doc.level not in LEVEL_RANK:
        raise ValidationError(f"Unknown handling level {doc.level!r}.")
    if not doc.entities:
        raise UsageError("A dossier needs at least one entity.")
    if password is not None:
        if not password:
            raise UsageError("An empty password would not protect the dossier.")
        if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
            raise UsageError(f"The password is longer than {MAX_PASSWORD_BYTES} bytes.")


def _encryption(password: str | None) -> object | None:
    """AES-256 standard security handler, or a clear error if it cannot be had."""
    if password is None:
        return None
    if getattr(pdfencrypt, "pyaes", None) is None:
        raise UsageError(
            "Password protection needs the 'pyaes' package (AES-256); it is not installed."
        )
    return _AES256Encryption(password, ownerPassword=password, strength=256)


class _AES256Encryption(pdfencrypt.StandardEncryption):
    """ReportLab's revision-5 AES-256 handler with its key-field lengths corrected.

    ReportLab pads the encrypted file keys (/UE, /OE: must be 32 bytes) and /Perms (16 bytes)
    with an extra PKCS#7 block. pdfium tolerates that, poppler (pdftotext, Evince, Okular)
    rejects the file. With a zero IV the first blocks are exactly the unpadded ciphertext the
    standard asks for, so cutting the padding off is the fix.
    """

    def prepare(self, document: Any, overrideID: Any = None) -> None:  # noqa: N803
        super().prepare(document, overrideID)
        fields: Any = self
        if fields.revision == 5:
            fields.UE = fields.UE[:32]
            fields.OE = fields.OE[:32]
            fields.Perms = fields.Perms[:16]


def _decorator(ctx: StoryContext) -> Callable[[Canvas, int], None]:
    """Header and footer for every page: title, handling level, casebook, page X of Y."""
    doc = ctx.doc
    ctx.where("page header")
    label_w = 34 * mm
    width = FRAME_WIDTH - label_w
    header = _one_line(ctx.t, doc.title, ctx.styles.header, width)
    footer = _one_line(
        lambda name: (
            ctx.fixed(f"{doc.level.upper()} · ", role="bold")
            + ctx.t(name)
            + ctx.fixed(" · ")
            + ctx.t(doc.casebook_fingerprint, "mono", base="regular")
        ),
        doc.casebook_name,
        ctx.styles.header,
        width,
    )
    bold = ctx.styler.base_font("bold")
    colour = LEVEL_COLOURS[doc.level]
    level_label = doc.level.upper()
    height = PAGE_SIZE[1]
    right = MARGIN_LEFT + FRAME_WIDTH
    header_y = height - MARGIN_TOP + 8 * mm
    footer_y = MARGIN_BOTTOM - 12 * mm

    def draw_frame(c: Canvas) -> None:
        header.drawOn(c, MARGIN_LEFT, header_y)
        c.setFillColor(colour)
        c.setFont(bold, 8.5)
        c.drawRightString(right, header_y + 1, level_label)
        c.setStrokeColor(RULE)
        c.setLineWidth(0.5)
        c.line(MARGIN_LEFT, header_y - 2.5 * mm, right, header_y - 2.5 * mm)
        c.line(MARGIN_LEFT, footer_y + 4.5 * mm, right, footer_y + 4.5 * mm)
        footer.drawOn(c, MARGIN_LEFT, footer_y)

    def decorate(c: Canvas, page: int) -> None:
        # What is the same on every page is drawn once, as a form XObject every page shows.
        if not c.hasForm(PAGE_FRAME_FORM):
            c.beginForm(PAGE_FRAME_FORM)
            draw_frame(c)
            c.endForm()
        c.saveState()
        c.doForm(PAGE_FRAME_FORM)
        c.translate(right, footer_y + 1)
        c.doForm(PAGE_NUMBER_FORM.format(page))
        c.restoreState()

    return decorate


def _one_line(
    make: Callable[[str], str], text: str, style: ParagraphStyle, width: float
) -> Paragraph:
    """``Paragraph(make(text))`` wrapped to ``width`` on one line, ``text`` cut short with an
    ellipsis if it would wrap (a second header or footer line would run into the rules)."""

    def attempt(value: str) -> Paragraph | None:
        para = Paragraph(make(value), style)
        para.wrap(width, 100 * mm)
        return para if len(para.blPara.lines) <= 1 else None

    whole = attempt(text)
    if whole is not None:
        return whole
    best = attempt("\u2026")
    lo, hi = 0, len(text) - 1
    while lo < hi:  # the longest prefix that still fits
        mid = (lo + hi + 1) // 2
        para = attempt(text[:mid].rstrip() + "\u2026")
        if para is not None:
            best, lo = para, mid
        else:
            hi = mid - 1
    if best is None:  # not even the ellipsis fits: let it wrap rather than lose the rest
        best = Paragraph(make(""), style)
        best.wrap(width, 100 * mm)
    return best


def _write(data: bytes, out: Path | BinaryIO) -> None:
    if isinstance(out, str | os.PathLike):
        path = Path(out)
        fd, tmp = tempfile.mkstemp(prefix=".nkcase-dossier-", suffix=".pdf", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            Path(tmp).replace(path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    else:
        out.write(data)
