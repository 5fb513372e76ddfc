""""Quote and link…": choose (or create) the entity a passage is about, what it supports,
its credibility and a note. The result is one service call, one undo step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from nkcase.errors import NkcaseError
from nkcase.gui.entity_picker import EntityPicker
from nkcase.gui.keys import tab_chain
from nkcase.gui.name_index import NameIndex
from nkcase.gui.session import CaseSession
from nkcase.gui.vocab import properties_for

# The core (services, store: SQLAlchemy and the ORM model, ~0.7 s) is imported where it is
# used, not here, so the window is shown before it loads (startup); these names are only types.
if TYPE_CHECKING:
    from nkcase.services.casefiles import CaseFile
    from nkcase.services.changes import Change
    from nkcase.store import Casebook

CREDIBILITY = (
    (None, "not graded"),
    (1, "1 — confirmed by other sources"),
    (2, "2 — probably true"),
    (3, "3 — possibly true"),
    (4, "4 — doubtful"),
    (5, "5 — improbable"),
    (6, "6 — truth cannot be judged"),
)


@dataclass(frozen=True)
class QuoteLinkInput:
    entity_id: str | None
    new_entity: tuple[str, str] | None  # (schema, name) to create first
    # ("entity", None) | ("fact", id) | ("relationship", id) | ("new_fact", None)
    target: tuple[str, str | None]
    credibility: int | None
    note: str
    new_fact: tuple[str, str] | None = None  # (property, value) the passage supports


NEW_FACT = ("new_fact", None)


def quote_and_link_job(
    source_id: str, start: int, end: int, value: QuoteLinkInput
) -> Callable[[Casebook], list[Change]]:
    """The write job: maybe create the entity, then add the quote with its link."""
    from nkcase.services import entities, history, quotes

    def job(casebook: Casebook) -> list[Change]:
        changes: list[Change] = []
        try:
            entity_id = value.entity_id
            if value.new_entity is not None:
                created = entities.create_entity(casebook, *value.new_entity)
                changes.append(created)
                entity_id = created.subject_id
            kind, target_id = value.target
            links: dict[str, list[str]] = {
                "entity_ids": [], "fact_ids": [], "relationship_ids": []}
            if kind == "new_fact" and value.new_fact is not None:
                assert entity_id is not None
                # links to the value if the entity has it already, else sets it first
                fact_id, fact_change = entities.ensure_fact(casebook, entity_id, *value.new_fact)
                if fact_change is not None:
                    changes.append(fact_change)
                links["fact_ids"].append(fact_id)
            elif kind == "entity" or target_id is None:
                assert entity_id is not None
                links["entity_ids"].append(entity_id)
            else:
                links[f"{kind}_ids"].append(target_id)
            changes.append(quotes.add_quote(
                casebook, source_id, start=start, end=end, credibility=value.credibility,
                note=value.note, entity_ids=links["entity_ids"], fact_ids=links["fact_ids"],
                relationship_ids=links["relationship_ids"],
            ))
        except Exception:
            for change in reversed(changes):  # do not leave a half-done action behind
                history.undo(casebook, change)
            raise
        return changes

    return job


class QuoteLinkDialog(QDialog):
    def __init__(
        self, session: CaseSession, names: NameIndex, quote_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Quote and link")
        self.resize(620, 600)
        self.new_entity: tuple[str, str] | None = None
        self.preview = QPlainTextEdit(quote_text)
        self.preview.setReadOnly(True)
        self.preview.setMaximumHeight(90)
        self.picker = EntityPicker(names, allow_create=True)
        self.chosen = QLabel("No entity chosen yet")
        self.chosen.setWordWrap(True)
        self.supports = QComboBox()
        self.supports.addItem("the entity itself", ("entity", None))
        self.credibility = QComboBox()
        for value, label in CREDIBILITY:
            self.credibility.addItem(label, value)
        self.note = QLineEdit(placeholderText="Why this passage matters (optional)")
        self.schema: str | None = None  # of the chosen or new entity: which facts it can have
        self.fact_prop = QComboBox()
        self.fact_value = QLineEdit(placeholderText="Value, e.g. Vietnam, IMO 8905490, 2019-12")
        self.fact_row = QWidget()
        fact_layout = QHBoxLayout(self.fact_row)
        fact_layout.setContentsMargins(0, 0, 0, 0)
        fact_layout.addWidget(self.fact_prop)
        fact_layout.addWidget(self.fact_value, 1)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b3261e")
        form = QFormLayout()
        form.addRow("Entity", self.chosen)
        form.addRow("Supports", self.supports)
        form.addRow("New fact", self.fact_row)
        self.form = form
        form.addRow("Credibility", self.credibility)
        form.addRow("Note", self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Quote and link")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Passage</b>"))
        layout.addWidget(self.preview)
        layout.addWidget(QLabel("<b>Link to</b> — search names and aliases in any script"))
        layout.addWidget(self.picker, 1)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.picker.list.selectionModel().currentChanged.connect(lambda *_: self._entity_changed())
        self.picker.model.modelReset.connect(self._entity_changed)
        self.picker.picked.connect(lambda _id: self.credibility.setFocus())
        self.picker.create_requested.connect(self._create)
        self.supports.currentIndexChanged.connect(lambda _i: self._show_fact_row())
        tab_chain(self, [self.picker.search, self.picker.list, self.picker.schema,
                         self.picker.create_button, self.supports, self.fact_prop,
                         self.fact_value, self.credibility, self.note,
                         self.buttons, self.preview])
        self.picker.search.setFocus()
        self._generation = 0
        self._closed = False
        self._entity_changed()

    def _create(self, schema: str, name: str) -> None:
        self.new_entity = (schema, name)
        self.chosen.setText(f"New {schema}: <b>{escape(name)}</b> (created with the quote)")
        self._fill_supports(None, schema=schema)

    def _entity_changed(self) -> None:
        if self._closed:  # the picker may still signal while the dialog is torn down
            return
        if self.new_entity is not None and self.picker.current_id() is None:
            return
        entity_id = self.picker.current_id()
        if entity_id is None:
            self.chosen.setText("No entity chosen yet")
            self._fill_supports(None)
            return
        self.new_entity = None
        self.chosen.setText(f"<b>{escape(self.picker.current_caption() or "")}</b>")
        self._generation += 1
        generation = self._generation
        from nkcase.services.casefiles import case_file

        self.session.read(lambda cb: case_file(cb, entity_id),
                          lambda cf: self._fill_supports(cf, generation))

    def _fill_supports(self, cf: CaseFile | None, generation: int | None = None,
                       schema: str | None = None) -> None:
        if self._closed or (generation is not None and generation != self._generation):
            return
        try:
            self.supports.clear()
        except RuntimeError:  # deleted with its window before done() (PySide's message for it)
            return
        self.supports.addItem("the entity itself", ("entity", None))
        self._set_schema(cf.schema if cf is not None else schema)
        if self.schema is not None:
            self.supports.addItem("a new fact…", NEW_FACT)
        if cf is None:
            return
        for fact in [*cf.names, *cf.facts]:
            self.supports.addItem(f"{fact.label}: {fact.value}", ("fact", fact.id))
        for rel in cf.relationships:
            self.supports.addItem(
                f"{rel.label}: {rel.subject_caption} → {rel.object_caption}"
                + (f" ({rel.role})" if rel.role else ""),
                ("relationship", rel.id),
            )

    def _set_schema(self, schema: str | None) -> None:
        if schema != self.schema:
            self.schema = schema
            self.fact_prop.clear()
            if schema is not None:
                from nkcase import vocabulary

                for prop in properties_for(schema):
                    self.fact_prop.addItem(vocabulary.property_label(schema, prop), prop)
        self._show_fact_row()

    def _show_fact_row(self) -> None:
        wanted = self.supports.currentData() == NEW_FACT
        self.form.setRowVisible(self.fact_row, wanted)
        if wanted:
            self.fact_value.setFocus()

    def _accept(self) -> None:
        if self.new_entity is None and self.picker.current_id() is None:
            self.problem.setText("Choose an entity, or type a new name and press Create new.")
            return
        if self.supports.currentData() == NEW_FACT:
            prop, raw = self.fact_prop.currentData(), self.fact_value.text().strip()
            if not raw or self.schema is None or prop is None:
                self.problem.setText("Type the value this passage supports.")
                return
            from nkcase import vocabulary

            try:  # the same validation the service applies, shown before anything is written
                vocabulary.clean_value(self.schema, prop, raw)
            except NkcaseError as err:
                self.problem.setText(err.message)
                return
        self.accept()

    def done(self, result: int) -> None:
        # Replies to reads still running belong to a closed (soon deleted) dialog: drop them,
        # and start no new read for it.
        self._closed = True
        self._generation += 1
        super().done(result)

    def value(self) -> QuoteLinkInput:
        return QuoteLinkInput(
            None if self.new_entity else self.picker.current_id(),
            self.new_entity,
            self.supports.currentData() or ("entity", None),
            self.credibility.currentData(),
            self.note.text().strip(),
            (self.fact_prop.currentData(), self.fact_value.text().strip())
            if self.supports.currentData() == NEW_FACT else None,
        )
