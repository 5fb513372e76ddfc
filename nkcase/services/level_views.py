"""A case file as a recipient of a handling level sees it ("View as public"), by the one rule.

:func:`view_case_file` applies a :class:`~nkcase.levels.Visibility` to a full
:class:`~nkcase.services.casefiles.CaseFile`: withheld names, relationships, notes and quotes
are left out, a withheld fact keeps its row with no value (``withheld=True``), and the
entity's caption becomes its first visible name. The dossier is made from exactly these
views, so the preview in the case file, ``nkcase entity show --as-level`` and the PDF agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from nkcase.levels import Visibility, Withheld
from nkcase.services.casefiles import CaseFile, EvidenceRef, FactRecord, load_case_file
from nkcase.services.levels import CasebookLevels, LevelRecord, load_levels
from nkcase.store import Casebook
from nkcase.vocabulary.levels import check_level

WITHHELD_CAPTION = "(withheld)"


def case_file_at(casebook: Casebook, entity_id: str, level: str) -> CaseFile:
    """The case file of ``entity_id`` as a recipient of ``level`` sees it."""
    return case_file_and_view(casebook, entity_id, level)[1]


def case_file_and_view(
    casebook: Casebook, entity_id: str, level: str
) -> tuple[CaseFile, CaseFile]:
    """The full case file and its view at ``level``, from one read ("View as…")."""
    level = check_level(level)
    with casebook.reading() as session:
        levels = load_levels(session, [entity_id])
        case = load_case_file(session, entity_id, levels)
    return case, view_case_file(case, levels, levels.at(level))


def view_case_file(case: CaseFile, levels: CasebookLevels, visibility: Visibility) -> CaseFile:
    """``case`` with everything above ``visibility.level`` taken out (see the module doc)."""
    at = visibility.level
    withheld = visibility.withheld_in([case.id])
    if not visibility.shows(case.id):
        return CaseFile(
            id=case.id, schema=case.schema, schema_label=case.schema_label,
            caption=WITHHELD_CAPTION, summary="", created_at="", updated_at="",
            names=[], facts=[], relationships=[], evidence=[], tags=[], notes=[],
            level=case.level.bare(), as_level=at, withheld=withheld, hidden=True,
        )

    def refs(item_id: str, evidence: list[EvidenceRef]) -> list[EvidenceRef]:
        shown = set(visibility.shown_support(item_id))
        return [ref for ref in evidence if ref.quote_id in shown]

    def fact(record: FactRecord) -> FactRecord:
        if not visibility.shows(record.id):
            return replace(record, value="", display="", lang=None, script=None, date=None,
                           evidence=[], withheld=True, withheld_quotes=0,
                           level=record.level.bare())
        return replace(record, evidence=refs(record.id, record.evidence),
                       withheld_quotes=visibility.withheld_support(record.id),
                       level=record.level.bare())

    relationships = [
        replace(
            rel,
            subject_caption=levels.caption_at(rel.subject_id, visibility),
            object_caption=levels.caption_at(rel.object_id, visibility),
            evidence=refs(rel.id, rel.evidence),
            withheld_quotes=visibility.withheld_support(rel.id),
            level=rel.level.bare(),
        )
        for rel in case.relationships
        if visibility.shows(rel.id)
    ]
    return replace(
        case,
        caption=levels.caption_at(case.id, visibility),
        names=[fact(n) for n in case.names if visibility.shows(n.id)],
        facts=[fact(f) for f in case.facts],
        relationships=relationships,
        evidence=refs(case.id, case.evidence),
        notes=[
            replace(n, evidence=refs(n.id, n.evidence), level=n.level.bare())
            for n in case.notes
            if visibility.shows(n.id)
        ],
        level=case.level.bare(),
        as_level=at,
        withheld=withheld,
    )


@dataclass(frozen=True)
class ReportLine:
    """One item of a level report: what it is and its level explained."""

    entity_id: str
    kind: str
    caption: str
    level: LevelRecord


@dataclass(frozen=True)
class LevelReport:
    """What an output of some entities at a level leaves out, and what it shows by release."""

    level: str
    withheld: list[ReportLine] = field(default_factory=list)
    released: list[ReportLine] = field(default_factory=list)
    counts: Withheld = field(default_factory=Withheld)


def level_report(casebook: Casebook, entity_ids: list[str] | None, level: str) -> LevelReport:
    """For the export dialog: each withheld item (with why) and each release in effect.

    ``entity_ids`` None means every entity. Only ids and captions are read, never texts of
    sources; item captions are the investigator's own view (the dialog is not a hand-off).
    """
    from nkcase.services.releases import item_captions

    level = check_level(level)
    with casebook.reading() as session:
        levels = load_levels(session, entity_ids)
        ids = entity_ids if entity_ids is not None else [
            i.id for i in levels.graph.items.values() if i.kind == "entity"
        ]
        visibility = levels.at(level)
        withheld = visibility.withheld_items_in(ids)
        released = visibility.released_in(ids)
        captions = item_captions(session, [x.id for x in withheld + released])

    def line(found_id: str, kind: str) -> ReportLine:
        owner = levels.graph.items[found_id].requires
        entity_id = found_id if kind == "entity" else (owner[0] if owner else found_id)
        return ReportLine(entity_id, kind, captions.get(found_id, "?"), levels.record(found_id))

    return LevelReport(
        level,
        [line(x.id, x.kind) for x in withheld],
        [line(x.id, x.kind) for x in released],
        visibility.withheld_in(ids),
    )
