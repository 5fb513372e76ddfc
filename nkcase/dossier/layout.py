"""Page machinery: the canvas, the document template and the few custom flowables.

"page X of Y" is done in one pass: every footer shows a form XObject of its own that is
defined only when the canvas is saved, once the total is known (so the text can be
right-aligned). A two-pass build would
double the layout time of a 1,000-quote dossier.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from nkcase.dossier.styles import (
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MUTED,
    PAGE_SIZE,
    RULE,
)
from nkcase.dossier.textruns import Run

# Streams Flate-compressed without ReportLab's default ASCII85 layer: ASCII85 dates from 7-bit
# mail transport, makes every page stream a quarter larger and costs a pure-Python encoding
# pass. ``useA85`` is ReportLab's documented switch for it (rl_settings); it is process-wide,
# so other PDFs nkcase writes (demo documents) are binary-compressed too.
rl_config.useA85 = 0

PAGE_NUMBER_FORM = "nkPageNo{}"
"""Form XObject per page holding "page X of Y", right-aligned at its origin; defined at save."""
PAGE_FRAME_FORM = "nkPageFrame"
"""Header, footer and rules: the same on every page, drawn once."""


class Heading(Paragraph):
    """A paragraph that also makes a PDF outline entry (bookmark) where it lands."""

    def __init__(self, text: str, style: Any, *, outline: str, key: str, level: int) -> None:
        super().__init__(text, style)
        self.outline = (outline, key, level)


class ProgressMark(Flowable):
    """Zero-size marker: when layout passes it, the builder reports progress."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return (0, 0)

    def draw(self) -> None:
        pass


def _merge(runs: Sequence[Run]) -> tuple[Run, ...]:
    """Join neighbouring runs of the same font, colour and link (fewer text operators)."""
    out: list[Run] = []
    for run in runs:
        if out and out[-1][1:] == run[1:]:
            out[-1] = out[-1]._replace(text=out[-1].text + run.text)
        else:
            out.append(run)
    return tuple(out)


@lru_cache(maxsize=64)
def _hex(colour: str) -> Any:
    return HexColor(colour)


class LineOfRuns(Flowable):
    """A one-line paragraph drawn straight on the canvas from ready font runs.

    Quote heads ("[12] · p. 4 · grade B2 · S3") are short, one per quote, and full of links and
    colours; as Paragraph markup each one costs a parse and a multi-fragment line break. This
    draws the same text, anchor and links directly. Should the runs not fit the width (an odd,
    very long grade), it falls back to a Paragraph of the equivalent ``markup``.

    ``keep``: with less than this height left in the frame the line moves to the next page (what
    a ``CondPageBreak`` before it would do, without another flowable per quote).
    """

    def __init__(
        self,
        runs: Sequence[Run],
        style: ParagraphStyle,
        *,
        markup: str,
        anchor: str | None = None,
        colour: str | None = None,
        keep: float = 0,
    ) -> None:
        super().__init__()
        self.keep = keep
        self.runs = _merge(runs)
        self.style = style
        self.markup = markup
        self.anchor = anchor
        self.colour = colour
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter
        self._widths: list[float] | None = None
        self._para: Paragraph | None = None

    def _fits(self, avail_width: float) -> bool:
        if self._widths is None:
            size = self.style.fontSize
            self._widths = [stringWidth(r.text, r.font, size) for r in self.runs]
        room = avail_width - self.style.leftIndent - self.style.rightIndent
        return bool(sum(self._widths) <= room)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if availHeight < self.keep:
            # Too little room: claim more than there is, so the frame moves us on (split is
            # refused below); a new frame always has the room.
            self._para = None
            self.width, self.height = availWidth, availHeight + 1
            return (self.width, self.height)
        if self._fits(availWidth):
            self._para = None
            self.width, self.height = availWidth, self.style.leading
            return (self.width, self.height)
        self._para = Paragraph(self.markup, self.style)
        w, h = self._para.wrap(availWidth, availHeight)
        self.width, self.height = w, h
        return (w, h)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        if availHeight < self.keep or self._fits(availWidth):
            return []
        parts: list[Flowable] = Paragraph(self.markup, self.style).split(availWidth, availHeight)
        return parts

    def draw(self) -> None:
        if self._para is not None:
            self._para.drawOn(self.canv, 0, 0)
            return
        c = self.canv
        style = self.style
        size, leading = style.fontSize, style.leading
        x = style.leftIndent
        y = self.height - size  # where Paragraph puts the first baseline
        if self.anchor:
            c.bookmarkHorizontal(self.anchor, x, y + leading)
        default = _hex(self.colour) if self.colour else style.textColor
        text = c.beginText(x, y)
        colour: Any = None
        font = ""
        assert self._widths is not None
        for run, width in zip(self.runs, self._widths, strict=True):
            wanted = _hex(run.colour) if run.colour else default
            if wanted is not colour:
                text.setFillColor(wanted)
                colour = wanted
            if run.font != font:
                text.setFont(run.font, size)
                font = run.font
            text._textOut(run.text)  # Tj moves the PDF text position; we know the widths
            if run.link:
                low = y - size / 8.0
                c.linkRect("", run.link, (x, low, x + width, low + leading), relative=1)
            x += width
        c.drawText(text)


class FramedImage(Flowable):
    """A PNG scaled to fit, indented like the quote it belongs to, with a hairline frame."""

    def __init__(self, png: bytes, *, indent: float, max_height: float) -> None:
        super().__init__()
        self.reader = ImageReader(io.BytesIO(png))
        self.px_w, self.px_h = self.reader.getSize()
        self.indent = indent
        self.max_height = max_height
        self.draw_w = self.draw_h = 0.0
        self.spaceBefore = 4
        self.spaceAfter = 1

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        width = availWidth - self.indent
        height = width * self.px_h / max(self.px_w, 1)
        limit = min(self.max_height, availHeight) if availHeight > 40 * mm else self.max_height
        if height > limit:
            width, height = limit * self.px_w / max(self.px_h, 1), limit
        self.draw_w, self.draw_h = width, height
        return (availWidth, height)

    def draw(self) -> None:
        c = self.canv
        c.drawImage(self.reader, self.indent, 0, self.draw_w, self.draw_h)
        c.setStrokeColor(RULE)
        c.setLineWidth(0.5)
        c.rect(self.indent, 0, self.draw_w, self.draw_h, stroke=1, fill=0)


class _InternalLink(pdfdoc.LinkAnnotation):
    """A borderless link to a named destination, formatted directly.

    A dossier has a link per quote head and per footnote marker (hundreds); ReportLab's generic
    annotation formatting (dictionary checks, name objects, arrays) is a large share of the time
    spent writing the file. The bytes are what it would write, minus the empty /Contents
    (optional for link annotations).
    """

    def __init__(self, rect: tuple[float, float, float, float], destination: Any) -> None:
        super().__init__(Rect=rect, Contents="", Destination=destination)

    def format(self, document: Any) -> bytes:
        rect = str(fp_str(*self.Rect)).encode("ascii")
        cache: dict[int, bytes] = document.__dict__.setdefault("_nk_dest_cache", {})
        dest = cache.get(id(self.Destination))
        if dest is None:  # many links share a destination (S3, a quote's anchor)
            dest = cache[id(self.Destination)] = self.Destination.format(document)
        return (
            b"<< /Border [ 0 0 0 ] /Dest "
            + dest
            + b" /Rect [ "
            + rect
            + b" ] /Subtype /Link /Type /Annot >>"
        )


class DossierCanvas(Canvas):
    """Canvas with a fixed timestamp and the page total defined at save time."""

    generated_at: datetime | None = None
    total_font = ("Helvetica", 7.8)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.total_pages = 0
        if self.generated_at is not None:
            pin_pdf_dates(self, self.generated_at)

    def linkRect(  # noqa: N802 (ReportLab API)
        self,
        contents: str,
        destinationname: str,
        Rect: Any = None,  # noqa: N803
        addtopage: int = 1,
        name: str | None = None,
        relative: int = 1,
        thickness: float = 0,
        color: Any = None,
        dashArray: Any = None,  # noqa: N803
        **kw: Any,
    ) -> Any:
        """Internal links as :class:`_InternalLink`; anything fancier goes to ReportLab."""
        if contents or color or thickness or dashArray or kw or Rect is None:
            return super().linkRect(
                contents,
                destinationname,
                Rect,
                addtopage,
                name,
                relative,
                thickness,
                color,
                dashArray,
                **kw,
            )
        link = _InternalLink(
            self._absRect(Rect, relative), self._bookmarkReference(destinationname)
        )
        return self._addAnnotation(link, name, addtopage)

    def save(self) -> None:
        current_page_empty = self.pageHasData()  # (True when the page has nothing drawn yet)
        self.total_pages = self.getPageNumber() - (1 if current_page_empty else 0)
        if not current_page_empty:
            self.showPage()
        for number in range(1, self.total_pages + 1):
            self.beginForm(PAGE_NUMBER_FORM.format(number), -200, -3, 1, 12)
            self.setFont(*self.total_font)
            self.setFillColor(MUTED)
            self.drawRightString(0, 0, f"page {number} of {self.total_pages}")
            self.endForm()
        super().save()


def pin_pdf_dates(canvas: Canvas, when: datetime) -> None:
    """Make CreationDate/ModDate ``when`` (in UTC), not the wall clock or invariant mode's 2000.

    Through ReportLab's public ``setDateFormatter``, which is handed the date to format and may
    return any PDF date string.
    """
    utc = when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)
    stamp = utc.strftime("D:%Y%m%d%H%M%S+00'00'")
    canvas.setDateFormatter(lambda *_date: stamp)


def make_canvas_class(generated_at: datetime, total_font: tuple[str, float]) -> type[Canvas]:
    """A DossierCanvas subclass bound to this build's timestamp (canvasmaker takes a class)."""
    return type(
        "BoundDossierCanvas",
        (DossierCanvas,),
        {"generated_at": generated_at, "total_font": total_font},
    )


Decorator = Callable[[Canvas, int], None]
"""Draws header and footer on a page: (canvas, page number)."""


class DossierTemplate(BaseDocTemplate):
    """A4 with one frame; turns Heading into outline entries and ProgressMark into callbacks."""

    def __init__(
        self,
        out: Any,
        *,
        decorate: Decorator,
        on_mark: Callable[[str], None] | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            out,
            pagesize=PAGE_SIZE,
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            **kwargs,
        )
        frame = Frame(
            MARGIN_LEFT,
            MARGIN_BOTTOM,
            FRAME_WIDTH,
            PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        self.addPageTemplates(
            [PageTemplate(id="page", frames=[frame], onPage=lambda c, d: decorate(c, d.page))]
        )
        self._on_mark = on_mark
        self.layout_started = time.perf_counter()

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (ReportLab hook name)
        if isinstance(flowable, Heading):
            title, key, level = flowable.outline
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=level >= 1)
        elif isinstance(flowable, ProgressMark) and self._on_mark is not None:
            self._on_mark(flowable.label)
