"""pdfium, the PDF engine, behind one lock: the only way nkcase reaches pdfium.

pdfium is not thread-safe: two threads inside it at once (an import extracting pages while the
reader renders one, a dossier cropping pages on the read pool) can corrupt its state and crash
the process. Every call into pdfium in this process therefore holds :data:`_LOCK`, and the only
ways to reach pdfium are the methods of :class:`PdfFile`, which take it:

- opening and closing a document, its page count and metadata;
- :meth:`PdfFile.render`: a page as RGBX pixels (plain bytes, so the caller turns them into a
  QImage or a PIL image outside the lock), with rectangles in page points mapped to pixels;
- :meth:`PdfFile.calls`: the lock held and the raw document handle, for extraction's
  character-level calls (``pypdfium2.raw``), page by page.

The lock is held for one page at a time, not for a whole document, so a long import never
keeps the reader from showing a page for more than one page's worth of work. Extraction in
worker processes (:mod:`nkcase.ingest.pdf_pool`) has a pdfium of its own per process; the lock
there guards nothing but costs nothing either.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from nkcase.errors import IngestError, PasswordRequiredError, ValidationError

_LOCK = threading.RLock()

Rect = tuple[float, float, float, float]
"""(x0, y0, x1, y1) in PDF points, origin bottom-left, as pdfium reports character boxes."""
DeviceBox = tuple[int, int, int, int]
"""(left, top, right, bottom) in pixels of a rendered page, origin top-left."""


@dataclass(frozen=True, slots=True)
class PageImage:
    """A rendered page: ``height`` rows of ``stride`` bytes, 4 bytes a pixel in ``mode``
    ("RGBX": red, green, blue, unused; "RGBA" where pdfium keeps transparency).

    ``boxes`` are the rectangles given to :meth:`PdfFile.render` in pixels (the page's
    /Rotate and crop box applied); ``page_width`` and ``page_height`` are in points.
    """

    pixels: bytes
    width: int
    height: int
    stride: int
    mode: str
    page_width: float
    page_height: float
    boxes: tuple[DeviceBox, ...] = ()


class PdfFile:
    """An open PDF. Use it as a context manager (or call :meth:`close`).

    Raises :class:`PasswordRequiredError` for a missing or wrong password and
    :class:`IngestError` for a document pdfium cannot open. ``source`` is the file's bytes or
    its path (pdfium then reads the pages it needs from disk).
    """

    def __init__(self, source: bytes | Path, password: str | None = None) -> None:
        with _LOCK:
            self._doc = _open(source if isinstance(source, bytes) else str(source), password)
            self.page_count = len(self._doc)

    def __enter__(self) -> PdfFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with _LOCK:
            self._doc.close()

    def metadata(self) -> dict[str, str]:
        """The document information dictionary (empty values left out; {} when unreadable)."""
        with _LOCK:
            try:
                return dict(self._doc.get_metadata_dict(skip_empty=True))
            except (pdfium.PdfiumError, UnicodeDecodeError):
                return {}

    @contextmanager
    def calls(self) -> Iterator[Any]:
        """Hold the lock and give the raw ``FPDF_DOCUMENT`` handle for ``pypdfium2.raw`` calls.

        Keep the block short (one page) and close in it every handle opened in it.
        """
        with _LOCK:
            yield self._doc.raw

    def render(self, index: int, scale: float, rects: Sequence[Rect] = ()) -> PageImage:
        """Page ``index`` (0-based) at ``scale`` pixels per point, on white."""
        if not 0 <= index < self.page_count:
            raise ValidationError(f"Page {index + 1} is outside this {self.page_count}-page PDF.")
        with _LOCK:
            page = self._doc[index]
            try:
                bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
                try:
                    width, height = bitmap.width, bitmap.height
                    boxes = tuple(_device_box(page, r, width, height) for r in rects)
                    return PageImage(
                        bytes(bitmap.buffer), width, height, bitmap.stride, bitmap.mode,
                        float(page.get_width()), float(page.get_height()), boxes,
                    )
                finally:
                    bitmap.close()
            finally:
                page.close()


def _open(source: bytes | str, password: str | None) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(source, password=password)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            if password is None:
                raise PasswordRequiredError(
                    "the PDF is encrypted: give its password with --password"
                ) from exc
            raise PasswordRequiredError("wrong password for encrypted PDF") from exc
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise IngestError("the PDF uses an unsupported encryption scheme") from exc
        raise IngestError("the PDF is damaged and cannot be read (truncated?)") from exc


def _device_box(page: pdfium.PdfPage, rect: Rect, width: int, height: int) -> DeviceBox:
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
