"""Page machinery: the canvas, the document template and the few custom flowables.

"page X of Y" is done in one pass: every footer draws "page X of " and then a form XObject
that is defined only when the canvas is saved, once the total is known. A two-pass build would
double the layout time of a 1,000-quote dossier.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
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

TOTAL_FORM = "nkTotalPages"


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


class DossierCanvas(Canvas):
    """Canvas with a fixed timestamp and the page total defined at save time."""

    generated_at: datetime | None = None
    total_font = ("Helvetica", 7.8)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.total_pages = 0
        if self.generated_at is not None:
            _pin_timestamp(self, self.generated_at)

    def save(self) -> None:
        self.total_pages = self.getPageNumber() - (0 if self._code else 1)
        if self._code:
            self.showPage()
        self.beginForm(TOTAL_FORM, 0, -3, 60, 12)
        self.setFont(*self.total_font)
        self.setFillColor(MUTED)
        self.drawString(0, 0, str(self.total_pages))
        self.endForm()
        super().save()


def _pin_timestamp(canvas: Canvas, when: datetime) -> None:
    """Make CreationDate/ModDate the dossier's generated_at, not the wall clock."""
    utc = when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)
    stamp = canvas._doc._timeStamp
    stamp.t = utc.timestamp()
    stamp.lt = utc.timetuple()
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"


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
