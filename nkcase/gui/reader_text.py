"""The frozen text of a source, read-only, with quotes highlighted and page markers drawn.

Highlights are ExtraSelections (the document itself is never changed); hovering a highlight
shows what the quote is linked to; a thin rule with "p. N" marks where each page begins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from nkcase.gui.text_offsets import OffsetMap

if TYPE_CHECKING:  # types only: the services load SQLAlchemy, not wanted at startup
    from nkcase.ingest.types import PageSpan
    from nkcase.services.quote_records import QuoteRecord

QUOTE_COLOR = QColor(255, 226, 110)
FOCUS_COLOR = QColor(255, 170, 80)
FIND_COLOR = QColor(140, 200, 255)


class ReaderTextEdit(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text = ""
        self.offsets = OffsetMap("")
        self.quotes: list[QuoteRecord] = []
        self.focus_quote: str | None = None
        self._page_blocks: dict[int, int] = {}  # block number -> page index
        self.setViewportMargins(0, 0, 0, 0)

    # -- content -----------------------------------------------------------------------------
    def set_source_text(self, text: str, pages: list[PageSpan]) -> None:
        self.text = text
        self.offsets = OffsetMap(text)
        self.setPlainText(text)
        doc = self.document()
        self._page_blocks = {}
        if len(pages) > 1:
            for page in pages:
                block = doc.findBlock(self.offsets.to_qt(page.start))
                self._page_blocks.setdefault(block.blockNumber(), page.index)
        self.viewport().update()

    def set_quotes(self, quotes: list[QuoteRecord], focus: str | None = None) -> None:
        self.quotes = quotes
        self.focus_quote = focus
        self.refresh_highlights()

    def refresh_highlights(self, extra: list[QTextEdit.ExtraSelection] | None = None) -> None:
        selections: list[QTextEdit.ExtraSelection] = []
        for quote in self.quotes:
            if quote.status not in ("anchored", "moved"):
                continue
            selections.append(self._selection(quote.start, quote.end,
                                              FOCUS_COLOR if quote.id == self.focus_quote
                                              else QUOTE_COLOR))
        self.setExtraSelections(selections + (extra or []))

    def _selection(self, start: int, end: int, color: QColor) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_qt(start))
        cursor.setPosition(self.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(color)
        sel.cursor = cursor
        sel.format = fmt
        return sel

    # -- positions -------------------------------------------------------------------------------
    def selected_range(self) -> tuple[int, int] | None:
        """The selection as frozen-text offsets, trimmed of surrounding white space."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self.offsets.to_py(cursor.selectionStart())
        end = self.offsets.to_py(cursor.selectionEnd())
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def select_range(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_qt(start))
        cursor.setPosition(self.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.centerCursor()

    def top_offset(self) -> int:
        """The frozen-text offset at the top of the visible area."""
        return self.offsets.to_py(self.cursorForPosition(QPoint(2, 2)).position())

    def quotes_at(self, offset: int) -> list[QuoteRecord]:
        return [q for q in self.quotes if q.start <= offset < q.end]

    # -- painting and tooltips -------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._page_blocks:
            return
        painter = QPainter(self.viewport())
        pen = QPen(QColor(120, 120, 140), 1, Qt.PenStyle.DashLine)
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() - 1.5))
        painter.setFont(font)
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        height = self.viewport().height()
        width = self.viewport().width()
        while block.isValid():
            top = self.blockBoundingGeometry(block).translated(offset).top()
            if top > height:
                break
            page = self._page_blocks.get(block.blockNumber())
            if page is not None:
                y = int(top)
                painter.setPen(pen)
                painter.drawLine(0, y, width, y)
                painter.setPen(QColor(90, 90, 110))
                label = f"p. {page + 1}"
                painter.drawText(width - painter.fontMetrics().horizontalAdvance(label) - 6,
                                 y + painter.fontMetrics().ascent() + 1, label)
            block = block.next()
        painter.end()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            position = self.cursorForPosition(event.pos()).position()
            found = self.quotes_at(self.offsets.to_py(position))
            if found:
                lines = []
                for quote in found:
                    linked = ", ".join(item.caption for item in quote.linked) or "nothing yet"
                    note = f"\n  note: {quote.note}" if quote.note else ""
                    lines.append(f"{quote.grade} · linked to {linked}{note}")
                QToolTip.showText(event.globalPos(), "\n".join(lines), self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)
