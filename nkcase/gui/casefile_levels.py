"""The handling-level side of the case file: the entity's badge, "View as…", release and mark.

"View as public / internal" shows the case file exactly as a recipient of that level sees it
— the same view of the core that the dossier is made from
(:func:`nkcase.services.level_views.case_file_and_view`) — read-only, with a banner counting
what is withheld. Release and mark act on the entity (the Level button) or on the fact,
relationship or note under the mouse (context menus).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QWidget,
)

from nkcase.gui.levels import ReleaseDialog, badge_html, levels

if TYPE_CHECKING:
    from nkcase.gui.casefile_view import CaseFileView
    from nkcase.gui.session import ChangeJob
    from nkcase.services.casefiles import CaseFile
    from nkcase.services.levels import LevelRecord

VIEW_CHOICES = (
    ("Everything (investigator)", None),
    ("As an internal recipient", "internal"),
    ("As a public recipient", "public"),
)
BANNER_STYLE = "background: #fff4ce; border: 1px solid #e0c060; padding: 4px;"

Target = tuple[str, str, "LevelRecord"]  # item id, caption, its level


class CaseFileLevels(QObject):
    """Level widgets and actions of one :class:`CaseFileView`."""

    def __init__(self, view: CaseFileView) -> None:
        super().__init__(view)
        self.view = view
        self.badge = QLabel()
        self.badge.setTextFormat(Qt.TextFormat.RichText)
        self.reason = QLabel()  # why the entity has its level, under the title
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color: #444")
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reason.hide()
        self.view_as = QComboBox()
        for label, value in VIEW_CHOICES:
            self.view_as.addItem(label, value)
        self.view_as.setToolTip(
            "Preview what a recipient of a handling level sees — exactly what a dossier at "
            "that level shows"
        )
        self.level_button = QPushButton("Level")
        self.level_button.setToolTip("Release this entity to a lower level, or set its own level")
        self.level_menu = QMenu(self.level_button)
        self.level_button.setMenu(self.level_menu)
        self.level_menu.aboutToShow.connect(self._fill_entity_menu)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.hide()
        self.view_as.currentIndexChanged.connect(lambda _i: self.view.reload())
        for table, targets in (
            (view.facts_view, self._fact_target),
            (view.rels_view, self._relationship_target),
            (view.notes_view, self._note_target),
        ):
            table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            table.customContextMenuRequested.connect(
                lambda pos, t=table, f=targets: self._table_menu(t, f, pos)
            )

    @property
    def view_level(self) -> str | None:
        """The level previewed, or None for the investigator's full view."""
        value = self.view_as.currentData()
        return str(value) if value else None

    def header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.view.title)
        row.addWidget(self.badge)
        row.addStretch(1)
        row.addWidget(QLabel("View:"))
        row.addWidget(self.view_as)
        row.addWidget(self.level_button)
        return row

    # -- showing ---------------------------------------------------------------------------
    def show(self, full: CaseFile, preview: CaseFile | None) -> None:
        """The entity's level (always the investigator's full one) and the preview banner."""
        self.badge.setText(badge_html(full.level.level))
        self.badge.setToolTip(full.level.explanation)
        lines = []
        reason = full.level.explanation.partition(" — ")[2]
        if reason:
            lines.append(f"{full.level.level.capitalize()}: {reason}")
        lines += [f"{label}: {record.release}" for label, record in _releases_in(full)]
        self.reason.setText("\n".join(lines))
        self.reason.setVisible(bool(lines))
        self.level_button.setEnabled(preview is None)
        if preview is None:
            self.banner.hide()
            return
        self.banner.setText(_banner_text(preview))
        self.banner.show()

    # -- actions -----------------------------------------------------------------------------
    def _fill_entity_menu(self) -> None:
        self.level_menu.clear()
        current = self.view.current
        if current is None:
            return
        self._add_actions(self.level_menu, (current.id, current.caption, current.level))

    def _table_menu(
        self, table: QTableView, target: Callable[[int], Target | None], pos: QPoint
    ) -> None:
        if self.view_level is not None:
            return  # a preview is read-only
        row = table.indexAt(pos).row()
        found = target(row)
        if found is None:
            return
        table.selectRow(row)
        menu = QMenu(table)
        self._add_actions(menu, found)
        menu.popup(table.viewport().mapToGlobal(pos))
        self.last_menu = menu  # tests open the menu and trigger its actions

    def actions_for(self, target: Target) -> list[QAction]:
        """The release and mark actions for one item (the context menus show these)."""
        menu = QMenu()
        self._add_actions(menu, target)
        actions = menu.actions()
        for action in actions:
            action.setParent(self)
        return actions

    def _add_actions(self, menu: QMenu, target: Target) -> None:
        item_id, caption, record = target
        release = menu.addAction("Release to a lower level…")
        release.setEnabled(record.level != "public" and record.evidence is not None
                           and not record.held_by)
        release.triggered.connect(lambda: self.release(item_id, caption, record))
        withdraw = menu.addAction("Withdraw the release")
        withdraw.setEnabled(record.release is not None)
        withdraw.triggered.connect(lambda: self._withdraw(item_id))
        menu.addSeparator()
        for level in levels():
            mark = menu.addAction(f"Mark {level}")
            mark.setCheckable(True)
            mark.setChecked(record.own == level)
            mark.triggered.connect(lambda _on, lv=level: self._mark(item_id, lv))

    def release(self, item_id: str, caption: str, record: LevelRecord) -> None:
        dialog = ReleaseDialog(caption, record, self.view)
        self.dialog = dialog  # tests fill it in
        if dialog.exec():
            to, reason = dialog.value()
            from nkcase.services import releases

            self._apply(lambda cb: releases.release(cb, item_id, to, reason))

    def _withdraw(self, item_id: str) -> None:
        from nkcase.services import releases

        self._apply(lambda cb: releases.withdraw_release(cb, item_id))

    def _mark(self, item_id: str, level: str) -> None:
        from nkcase.services import releases

        self._apply(lambda cb: releases.set_level(cb, item_id, level))

    def _apply(self, job: ChangeJob) -> None:
        self.view.edits.apply(job, self.view.fact_problem)

    # -- what the menus act on ------------------------------------------------------------------
    def _fact_target(self, row: int) -> Target | None:
        rows = self.view.facts.rows
        if not 0 <= row < len(rows) or self.view.current is None:
            return None
        fact = rows[row]
        caption = f"{self.view.current.caption}: {fact.label} “{fact.display or fact.value}”"
        return fact.id, caption, fact.level

    def _relationship_target(self, row: int) -> Target | None:
        rows = self.view.rels.rows
        if not 0 <= row < len(rows):
            return None
        rel = rows[row]
        role = f" ({rel.role})" if rel.role else ""
        caption = f"{rel.label}{role}: {rel.subject_caption} → {rel.object_caption}"
        return rel.id, caption, rel.level

    def _note_target(self, row: int) -> Target | None:
        rows = self.view.notes.rows
        if not 0 <= row < len(rows):
            return None
        note = rows[row]
        first = note.text.splitlines()[0] if note.text else ""
        return note.id, f"Note: {first[:60]}", note.level


def _releases_in(case: CaseFile) -> list[tuple[str, LevelRecord]]:
    """The released items of a case file other than the entity (shown under its title)."""
    found: list[tuple[str, LevelRecord]] = []
    for fact in [*case.names, *case.facts]:
        found.append((f"{fact.label} “{fact.display or fact.value}”", fact.level))
    for rel in case.relationships:
        found.append((f"{rel.label} {rel.subject_caption} → {rel.object_caption}", rel.level))
    for note in case.notes:
        first = note.text.splitlines()[0] if note.text else ""
        found.append((f"Note “{first[:40]}”", note.level))
    return [(label, record) for label, record in found if record.released and record.release]


def _banner_text(preview: CaseFile) -> str:
    who = f"a {preview.as_level} recipient"
    if preview.hidden:
        return (f"<b>Preview as {html.escape(who)}:</b> this whole case file is withheld — "
                "a dossier at this level leaves it out.")
    parts = []
    w = preview.withheld
    if w is not None:
        for count, word in ((w.names, "name"), (w.facts, "property value"),
                            (w.relationships, "relationship"), (w.notes, "note"),
                            (w.quotes, "quote"), (w.sources, "source")):
            if count:
                parts.append(f"{count} {word}{'' if count == 1 else 's'}")
    withheld = ("Withheld: " + ", ".join(parts) + ".") if parts else "Nothing is withheld."
    return (f"<b>Preview as {html.escape(who)}</b> — what a dossier at this level shows. "
            f"{withheld} Choose “Everything” to edit.")


def edit_widgets(view: CaseFileView) -> list[QWidget]:
    """The widgets that change the casebook (disabled while previewing)."""
    return [view.new_prop, view.new_value, view.add_fact_button, view.remove_fact_button,
            view.add_rel, view.edit_rel, view.remove_rel, view.add_note, view.remove_note,
            view.tag_input, view.add_tag, view.remove_tag]
