"""The edits of a case file: facts, relationships, notes and tags, as service calls.

Apart from :mod:`nkcase.gui.casefile_view`, which lays out and renders the case file: this
connects its edit widgets to the services through :meth:`CaseSession.apply` (on the writer
thread, undoable) and shows a refused edit beside the facts. The view reloads when the change
arrives, so nothing here touches what is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QInputDialog, QLabel

from nkcase.errors import NkcaseError
from nkcase.gui.errors import show_error

if TYPE_CHECKING:
    from nkcase.gui.casefile_view import CaseFileView
    from nkcase.gui.session import ChangeJob
    from nkcase.services.casefiles import FactRecord, RelationshipRecord
    from nkcase.services.changes import Change


class CaseFileEdits(QObject):
    """The edit widgets of one :class:`CaseFileView`, connected to the services."""

    def __init__(self, view: CaseFileView) -> None:
        super().__init__(view)
        self.view = view
        view.facts.edit_requested.connect(self._edit_fact)
        view.add_fact_button.clicked.connect(self._add_fact)
        view.new_value.returnPressed.connect(self._add_fact)
        view.remove_fact_button.clicked.connect(self._remove_fact)
        QShortcut(QKeySequence.StandardKey.Delete, view.facts_view, self._remove_fact)
        view.add_rel.clicked.connect(self._add_relationship)
        view.edit_rel.clicked.connect(self._edit_relationship)
        view.remove_rel.clicked.connect(self._remove_relationship)
        view.add_note.clicked.connect(self._add_note)
        view.remove_note.clicked.connect(self._remove_note)
        view.add_tag.clicked.connect(self._add_tag)
        view.tag_input.returnPressed.connect(self._add_tag)
        view.remove_tag.clicked.connect(self._remove_tag)

    def apply(
        self,
        job: ChangeJob,
        problem: QLabel | None = None,
        on_done: Callable[[list[Change]], None] | None = None,
    ) -> None:
        """Run ``job`` on the writer thread; a refusal is shown in ``problem`` if given."""

        def failed(err: BaseException) -> None:
            if problem is not None and isinstance(err, NkcaseError):
                problem.setText(err.message)
            else:
                show_error(self.view, err)

        def done(changes: list[Change]) -> None:
            if problem is not None:
                problem.clear()
            if on_done is not None:
                on_done(changes)

        self.view.session.apply(job, done, failed)

    def _edit_fact(self, fact: FactRecord, value: str) -> None:
        from nkcase.services import entities

        entity_id = self.view.entity_id
        assert entity_id is not None
        if fact.prop == "name" and self.view.current and fact.value == self.view.current.caption:
            self.apply(lambda cb: entities.edit_entity(
                cb, entity_id, name=value, seen_name_version=fact.row_version),
                self.view.fact_problem)
        else:
            self.apply(
                lambda cb: entities.edit_entity(
                    cb, entity_id, remove_props=[(fact.prop, fact.value)],
                    add_props=[(fact.prop, value)],
                ),
                self.view.fact_problem,
            )

    def _add_fact(self) -> None:
        from nkcase.services import entities

        prop, value = self.view.new_prop.currentText().strip(), self.view.new_value.text().strip()
        entity_id = self.view.entity_id
        if not prop or not value or entity_id is None:
            self.view.fact_problem.setText("Choose a property and type a value.")
            return
        self.apply(lambda cb: entities.set_fact(cb, entity_id, prop, value),
                   self.view.fact_problem, lambda _c: self.view.new_value.clear())

    def _selected_fact(self) -> FactRecord | None:
        row = self.view.facts_view.currentIndex().row()
        return self.view.facts.rows[row] if 0 <= row < len(self.view.facts.rows) else None

    def _remove_fact(self) -> None:
        from nkcase.services import entities

        fact = self._selected_fact()
        if fact is not None:
            self.apply(lambda cb: entities.remove_fact(cb, fact.id), self.view.fact_problem)

    def _selected_rel(self) -> RelationshipRecord | None:
        row = self.view.rels_view.currentIndex().row()
        return self.view.rels.rows[row] if 0 <= row < len(self.view.rels.rows) else None

    def _add_relationship(self) -> None:
        from nkcase.gui.relationship_dialog import RelationshipDialog
        from nkcase.services import relationships

        view = self.view
        if view.current is None:
            return
        dialog = RelationshipDialog(view.names, view.current.id, view.current.caption, parent=view)
        if dialog.exec():
            v = dialog.value()
            self.apply(lambda cb: relationships.relate(
                cb, v.schema, v.subject_id, v.object_id, role=v.role, start=v.start, end=v.end,
                summary=v.summary))

    def _edit_relationship(self) -> None:
        from nkcase.gui.relationship_dialog import RelationshipDialog
        from nkcase.services import relationships

        view, rel = self.view, self._selected_rel()
        if rel is None or view.current is None:
            return
        dialog = RelationshipDialog(view.names, view.current.id, view.current.caption, rel, view)
        if dialog.exec():
            v = dialog.value()
            self.apply(lambda cb: relationships.edit_relationship(
                cb, rel.id, role=v.role, start=v.start, end=v.end, summary=v.summary,
                seen_version=rel.row_version))

    def _remove_relationship(self) -> None:
        from nkcase.services import relationships

        rel = self._selected_rel()
        if rel is not None:
            self.apply(lambda cb: relationships.unrelate(cb, rel.id))

    def _add_note(self) -> None:
        from nkcase.services import entities

        if self.view.entity_id is None:
            return
        text, ok = QInputDialog.getMultiLineText(self.view, "Add note", "Note:")
        entity_id = self.view.entity_id
        if ok and text.strip():
            self.apply(lambda cb: entities.add_note(cb, entity_id, text))

    def _remove_note(self) -> None:
        from nkcase.services import entities

        row = self.view.notes_view.currentIndex().row()
        if 0 <= row < len(self.view.notes.rows):
            note_id = self.view.notes.rows[row].id
            self.apply(lambda cb: entities.remove_note(cb, note_id))

    def _add_tag(self) -> None:
        from nkcase.services import entities

        tag, entity_id = self.view.tag_input.text().strip(), self.view.entity_id
        if tag and entity_id:
            self.apply(lambda cb: entities.tag_entity(cb, entity_id, tag),
                       on_done=lambda _c: self.view.tag_input.clear())

    def _remove_tag(self) -> None:
        from nkcase.services import entities

        tag, entity_id = self.view.tag_input.text().strip(), self.view.entity_id
        if tag and entity_id:
            self.apply(lambda cb: entities.untag_entity(cb, entity_id, tag),
                       on_done=lambda _c: self.view.tag_input.clear())
