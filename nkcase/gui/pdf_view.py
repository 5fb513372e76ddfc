"""A PDF page rendered from the source's ORIGINAL bytes, with quote rectangles drawn on it.

Rendering runs on the read pool through :mod:`nkcase.pdf_engine` (which holds pdfium's lock
for the render only); the worker returns a QImage, which is thread-safe to build, and the GUI
thread only paints it.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from nkcase.gui.tasks import Runner

RENDER_SCALE = 1.4  # pixels per PDF point (about 100 dpi): readable beside the text
Rect = tuple[int, float, float, float, float]


def render_page(data: bytes, page_index: int, scale: float = RENDER_SCALE) -> tuple[QImage, float]:
    """The page as an image and the page height in points (to flip y for rectangles)."""
    from nkcase.pdf_engine import PdfFile  # pdfium loads when the first page is shown

    with PdfFile(data) as pdf:
        page = pdf.render(page_index, scale)
    fmt = QImage.Format.Format_RGBA8888 if page.mode == "RGBA" else QImage.Format.Format_RGBX8888
    image = QImage(page.pixels, page.width, page.height, page.stride, fmt).copy()
    return image, page.page_height


class PdfPageView(QWidget):
    """One page at a time; :meth:`show_page` renders in the background."""

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.data: bytes | None = None
        self.page_index: int | None = None
        self.rects: list[Rect] = []
        self.focus_rects: list[Rect] = []
        self._image: QImage | None = None
        self._height_pt = 0.0
        self._generation = 0
        self.caption = QLabel("No page")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_label = QLabel()
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.page_label)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setStyleSheet("QScrollArea { background: #7a7a7a; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.scroll_area, 1)

    def set_document(self, data: bytes | None, page_count: int) -> None:
        self.data = data
        self.page_count = page_count
        self.page_index = None
        self._image = None
        self.page_label.clear()
        self.caption.setText("" if data else "No page")  # the reader asks for the page in view

    def set_rects(self, rects: list[Rect], focus: list[Rect] | None = None) -> None:
        self.rects = rects
        self.focus_rects = focus or []
        self._paint()

    def show_page(self, index: int) -> None:
        if self.data is None or index == self.page_index:
            return
        self.page_index = index
        self._generation += 1
        generation = self._generation
        data = self.data
        self.caption.setText(f"Page {index + 1} of {self.page_count} — rendering…")
        self.runner.read(
            lambda _task: render_page(data, index),
            lambda result: self._rendered(generation, index, result),
            lambda err: self.caption.setText(f"Page {index + 1}: cannot render ({err})"),
        )

    def _rendered(self, generation: int, index: int, result: tuple[QImage, float]) -> None:
        if generation != self._generation:
            return
        self._image, self._height_pt = result
        self.caption.setText(f"Page {index + 1} of {self.page_count} (original PDF)")
        self._paint()

    def _paint(self) -> None:
        if self._image is None or self.page_index is None:
            return
        image = self._image.copy()
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for rects, fill, edge in (
            (self.rects, QColor(255, 214, 0, 90), QColor(200, 150, 0)),
            (self.focus_rects, QColor(255, 120, 0, 110), QColor(220, 80, 0)),
        ):
            painter.setPen(QPen(edge, 1))
            for page, x0, y0, x1, y1 in rects:
                if page != self.page_index:
                    continue
                s = RENDER_SCALE
                painter.fillRect(QRectF(x0 * s, (self._height_pt - y1) * s,
                                        (x1 - x0) * s, (y1 - y0) * s), fill)
                painter.drawRect(QRectF(x0 * s, (self._height_pt - y1) * s,
                                        (x1 - x0) * s, (y1 - y0) * s))
        painter.end()
        width = max(120, self.scroll_area.viewport().width() - 6)
        if image.width() > width:  # fit the page to the pane's width
            image = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.page_label.setPixmap(QPixmap.fromImage(image))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._paint()

    def rendered_image(self) -> QImage | None:
        return self._image
