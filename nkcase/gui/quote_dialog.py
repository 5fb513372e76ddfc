""""Quote and link…": choose (or create) the entity a passage is about, what it supports,
its credibility and a note. The result is one service call, one undo step."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from nkcase.gui.entity_picker import EntityPicker
from nkcase.gui.keys import tab_chain
from nkcase.gui.name_index import NameIndex
from nkcase.gui.session import CaseSession
from nkcase.services import entities, history, quotes
from nkcase.services.casefiles import CaseFile, case_file
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
    target: tuple[str, str | None]  # ("entity", None) | ("fact", id) | ("relationship", id)
    credibility: int | None
    note: str


def quote_and_link_job(source_id: str, start: int, end: int, value: QuoteLinkInput):
    """The write job: maybe create the entity, then add the quote with its link."""

    def job(casebook: Casebook) -> list[Change]:
        changes: list[Change] = []
        entity_id = value.entity_id
        if value.new_entity is not None:
            created = entities.create_entity(casebook, *value.new_entity)
            changes.append(created)
            entity_id = created.subject_id
        kind, target_id = value.target
        links: dict[str, list[str]] = {"entity_ids": [], "fact_ids": [], "relationship_ids": []}
        if kind == "entity" or target_id is None:
            assert entity_id is not None
            links["entity_ids"].append(entity_id)
        else:
            links[f"{kind}_ids"].append(target_id)
        try:
            changes.append(quotes.add_quote(
                casebook, source_id, start=start, end=end, credibility=value.credibility,
                note=value.note, **links,
            ))
        except Exception:
            for change in reversed(changes):  # do not leave a half-done action behind
                history.undo(casebook, change)
            raise
        return changes

    return job


class QuoteLinkDialog(QDialog):
    def __init__(self, session: CaseSession, names: NameIndex, quote_text: str, parent=None):
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
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b3261e")
        form = QFormLayout()
        form.addRow("Entity", self.chosen)
        form.addRow("Supports", self.supports)
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
        tab_chain(self, [self.picker.search, self.picker.list, self.picker.schema,
                         self.picker.create_button, self.supports, self.credibility, self.note,
                         self.buttons, self.preview])
        self.picker.search.setFocus()
        self._generation = 0
        self._entity_changed()

    def _create(self, schema: str, name: str) -> None:
        self.new_entity = (schema, name)
        self.chosen.setText(f"New {schema}: <b>{name}</b> (created with the quote)")
        self._fill_supports(None)

    def _entity_changed(self) -> None:
        if self.new_entity is not None and self.picker.current_id() is None:
            return
        entity_id = self.picker.current_id()
        if entity_id is None:
            self.chosen.setText("No entity chosen yet")
            self._fill_supports(None)
            return
        self.new_entity = None
        self.chosen.setText(f"<b>{self.picker.current_caption()}</b>")
        self._generation += 1
        generation = self._generation
        self.session.read(lambda cb: case_file(cb, entity_id),
                          lambda cf: self._fill_supports(cf, generation))

    def _fill_supports(self, cf: CaseFile | None, generation: int | None = None) -> None:
        if generation is not None and generation != self._generation:
            return
        self.supports.clear()
        self.supports.addItem("the entity itself", ("entity", None))
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

    def _accept(self) -> None:
        if self.new_entity is None and self.picker.current_id() is None:
            self.problem.setText("Choose an entity, or type a new name and press Create new.")
            return
        self.accept()

    def value(self) -> QuoteLinkInput:
        return QuoteLinkInput(
            None if self.new_entity else self.picker.current_id(),
            self.new_entity,
            self.supports.currentData() or ("entity", None),
            self.credibility.currentData(),
            self.note.text().strip(),
        )
