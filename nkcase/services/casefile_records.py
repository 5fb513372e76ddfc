"""The records of a case file: plain frozen dataclasses for the CLI, the GUI and the dossier.

Every record carries its effective handling level (a
:class:`~nkcase.services.levels.LevelRecord`); a *view at a level*
(:mod:`nkcase.services.level_views`) fills in the ``withheld…`` fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nkcase.levels import Withheld
from nkcase.services.levels import PUBLIC, LevelRecord
from nkcase.services.screening_records import Designation


def grade(reliability: str | None, credibility: int | None) -> str:
    """The Admiralty grade shown wherever a quote is shown: "B2"; "X" marks an ungraded half."""
    return f"{reliability or 'X'}{credibility if credibility else 'X'}"


@dataclass(frozen=True)
class EvidenceRef:
    """One quote supporting something, with where it comes from."""

    evidence_id: str
    quote_id: str
    source_id: str
    source_title: str
    first_page: int | None
    last_page: int | None
    grade: str
    text: str
    note: str
    handling: str
    status: str
    level: str = "public"
    """The quote's effective level: its own, or its source's when that is higher."""

    JSON_EXTRA = ("pages",)

    @classmethod
    def of(
        cls, evidence_id: str, quote: Any, source_title: str, reliability: str | None,
        level: str,
    ) -> EvidenceRef:
        """The reference for one evidence link to ``quote`` (a :class:`~nkcase.model.Quote`)."""
        return cls(
            evidence_id,
            quote.id,
            quote.source_id,
            source_title,
            quote.first_page,
            quote.last_page,
            grade(reliability, quote.credibility),
            quote.exact,
            quote.note,
            quote.handling,
            quote.status,
            level,
        )

    @property
    def pages(self) -> str:
        if self.first_page is None:
            return ""
        first, last = self.first_page + 1, (self.last_page or self.first_page) + 1
        return f"p. {first}" if first == last else f"pp. {first}–{last}"


@dataclass(frozen=True)
class FactRecord:
    id: str
    prop: str
    label: str
    value: str
    lang: str | None
    script: str | None
    date: str | None
    evidence: list[EvidenceRef] = field(default_factory=list)

    display: str = ""  # the value as a person reads it ("Vietnam (vn)")
    level: LevelRecord = PUBLIC
    withheld: bool = False
    """In a view at a level: the value may not be shown (``value`` and ``display`` are empty)."""
    withheld_quotes: int = 0
    """In a view at a level: how many of its quotes are above the level."""
    row_version: int = 0
    """How many times the fact's row was written (an edit hands it back: edit_guard)."""

    JSON_EXTRA = ("supported",)

    @property
    def supported(self) -> bool:
        return bool(self.evidence)


@dataclass(frozen=True)
class RelationshipRecord:
    id: str
    schema: str
    label: str
    role: str
    start: str | None
    end: str | None
    summary: str
    subject_id: str
    subject_caption: str
    object_id: str
    object_caption: str
    evidence: list[EvidenceRef] = field(default_factory=list)
    level: LevelRecord = PUBLIC
    withheld_quotes: int = 0
    row_version: int = 0
    """How many times the relationship's row was written: the edit dialog hands it back so
    that an edit made on values a colleague has changed since is refused (edit_guard)."""

    JSON_EXTRA = ("supported",)

    @property
    def supported(self) -> bool:
        return bool(self.evidence)


@dataclass(frozen=True)
class NoteRecord:
    id: str
    text: str
    handling: str
    created_at: str
    updated_at: str
    evidence: list[EvidenceRef] = field(default_factory=list)
    level: LevelRecord = PUBLIC


@dataclass(frozen=True)
class CaseFile:
    """Everything the case file of one entity shows."""

    id: str
    schema: str
    schema_label: str
    caption: str
    summary: str
    created_at: str
    updated_at: str
    names: list[FactRecord]
    facts: list[FactRecord]
    relationships: list[RelationshipRecord]
    evidence: list[EvidenceRef]  # quotes linked to the entity itself
    tags: list[str]
    notes: list[NoteRecord]
    level: LevelRecord = PUBLIC
    as_level: str | None = None
    """Set in a view at a level (what a recipient of that level sees); None: everything."""
    withheld: Withheld | None = None
    """In a view at a level: how much of this case file the level leaves out."""
    hidden: bool = False
    """In a view at a level: the whole case file is withheld (nothing else is filled in)."""
    designations: list[Designation] = field(default_factory=list)
    """Confirmed sanctions-list matches (list data is public: shown whenever the entity is)."""

    JSON_EXTRA = ("status", "unsupported")

    @property
    def status(self) -> str | None:
        return next((f.value for f in self.facts if f.prop == "status"), None)

    @property
    def unsupported(self) -> list[str]:
        """Facts and relationships no quote supports, as readable lines."""
        lines = [f"{f.label}: {f.value}" for f in self.facts if not f.supported and not f.withheld]
        lines += [
            f"{r.label}: {r.subject_caption} → {r.object_caption}"
            for r in self.relationships
            if not r.supported
        ]
        return lines

    def all_evidence(self) -> list[EvidenceRef]:
        refs = list(self.evidence)
        for item in [*self.names, *self.facts]:
            refs.extend(item.evidence)
        for rel in self.relationships:
            refs.extend(rel.evidence)
        for note in self.notes:
            refs.extend(note.evidence)
        return refs
