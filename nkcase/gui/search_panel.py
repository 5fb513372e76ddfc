"""Search across the casebook (Ctrl+Shift+F): passages, quotes, names, notes, with snippets.

Results are a list model drawn with highlighted snippets; Up/Down from the search field move
through them and Enter opens the place (the source at the passage, or the case file).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from nkcase.gui.keys import tab_chain
from nkcase.gui.session import CaseSession

# The search service (SQLAlchemy and the ORM model, ~0.7 s) is imported when a search runs, not
# here, so the window is shown before it loads (startup).
if TYPE_CHECKING:
    from nkcase.services.search_service import SearchHit, SearchResults

HIT_ROLE = Qt.ItemDataRole.UserRole + 30
KIND_LABELS = {"passage": "Passages", "quote": "Quotes", "name": "Names", "note": "Notes"}
Index = QModelIndex | QPersistentModelIndex


def snippet_html(hit: SearchHit) -> str:
    parts, last = [], 0
    for start, end in sorted(hit.highlights):
        parts.append(html.escape(hit.snippet[last:start]))
        parts.append(f"<b style='background:#ffe26e'>{html.escape(hit.snippet[start:end])}</b>")
        last = end
    parts.append(html.escape(hit.snippet[last:]))
    page = f" · p. {hit.page + 1}" if hit.page is not None else ""
    return (f"<span style='color:#555'>{hit.kind} · {html.escape(hit.title)}{page}</span><br>"
            + "".join(parts).replace("\n", " "))


class SearchResultsModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self.hits: list[SearchHit] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return snippet_html(hit)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{hit.kind} {hit.title}: {hit.snippet}"
        if role == HIT_ROLE:
            return hit
        return None

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self.hits = hits
        self.endResetModel()


class HtmlDelegate(QStyledItemDelegate):
    """Draws the snippet HTML (escaped user text, bold highlights)."""

    def _doc(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(index.data(Qt.ItemDataRole.DisplayRole) or "")
        doc.setTextWidth(max(100, option.rect.width() - 8))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        # QStyle's Python enums take ~10 ms to build: at the first result drawn, not at startup
        from PySide6.QtWidgets import QStyle

        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._doc(option, index)
        painter.save()
        painter.translate(option.rect.left() + 4, option.rect.top() + 2)
        if option.state & QStyle.StateFlag.State_Selected:
            doc.setDefaultStyleSheet("")
            painter.setPen(option.palette.color(QPalette.ColorRole.HighlightedText))
        doc.drawContents(painter)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        doc = self._doc(option, index)
        return QSize(int(doc.idealWidth()), int(min(doc.size().height(), 80)) + 4)


class SearchPanel(QWidget):
    hit_opened = Signal(object)  # SearchHit

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.query = QLineEdit(placeholderText="Search sources, quotes, names and notes…")
        self.query.setClearButtonEnabled(True)
        self.kind_boxes: dict[str, QCheckBox] = {}
        kinds = QHBoxLayout()
        kinds.setContentsMargins(0, 0, 0, 0)
        for kind, label in KIND_LABELS.items():
            box = QCheckBox(label)
            box.setChecked(True)
            box.toggled.connect(self.run)
            self.kind_boxes[kind] = box
            kinds.addWidget(box)
        kinds.addStretch(1)
        self.status = QLabel()
        kinds.addWidget(self.status)
        self.model = SearchResultsModel()
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.setItemDelegate(HtmlDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.query)
        layout.addLayout(kinds)
        layout.addWidget(self.results, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.run)
        self.query.textChanged.connect(lambda _t: self._timer.start())
        self.query.returnPressed.connect(self._enter)
        self.query.installEventFilter(self)
        self.results.activated.connect(self._open)
        tab_chain(self, [self.query, self.results, *self.kind_boxes.values()])
        self._generation = 0
        session.closed.connect(lambda: self.model.set_hits([]))

    def focus_search(self) -> None:
        self.query.setFocus()
        self.query.selectAll()

    def run(self) -> None:
        text = self.query.text().strip()
        self._generation += 1
        generation = self._generation
        if not text or not self.session.is_open:
            self.model.set_hits([])
            self.status.setText("")
            return
        kinds = {k for k, box in self.kind_boxes.items() if box.isChecked()}
        self.status.setText("Searching…")
        from nkcase.services.search_service import search

        self.session.read(lambda cb: search(cb, text, kinds=kinds, limit=100),
                          lambda results: self._show(generation, results),
                          lambda err: self.status.setText(f"Search failed: {err}"))

    def _show(self, generation: int, results: SearchResults) -> None:
        if generation != self._generation:
            return
        self.model.set_hits(results.hits)
        more = "+" if results.truncated else ""
        self.status.setText(f"{len(results.hits)} shown of {results.total_estimate}{more}")
        if results.hits:
            self.results.setCurrentIndex(self.model.index(0))

    def _enter(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.run()
        if self.results.currentIndex().isValid():
            self._open(self.results.currentIndex())

    def _open(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if hit is not None:
            self.hit_opened.emit(hit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.query and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.model.hits:
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = max(0, min(len(self.model.hits) - 1,
                                 self.results.currentIndex().row() + step))
                self.results.setCurrentIndex(self.model.index(row))
                return True
        return super().eventFilter(watched, event)
