"""Gathering case files into dossier data at a handling level: what a dossier shows, taken from
the same case file views as "View as…", and counts of what it withholds.

The renderer (:mod:`nkcase.dossier`) sees only what this module hands it: anything above the
chosen handling level — protected sources and their quotes, what was learned only from them,
internal notes... — never enters the :class:`~nkcase.dossier.DossierDocument`, so no name,
value, role, title, URL, hash or text of it can leak into the PDF; only the counts of what
was withheld. What is above the level is decided by :mod:`nkcase.levels` alone.

Apart from the writing of the PDFs (:mod:`nkcase.services.dossier_export`) because this is
where the level is enforced, and enforcing it writes nothing: the level tests check
:func:`gather_dossier` directly, without a PDF.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from nkcase import vocabulary
from nkcase.dossier import (
    DesignationLine,
    DossierDocument,
    EntityDossier,
    FactLine,
    NameLine,
    NoteLine,
    PageImage,
    QuoteEntry,
    RelationshipLine,
    SourceEntry,
)
from nkcase.dossier.crops import render_quote_crop
from nkcase.errors import NkcaseError, ValidationError
from nkcase.model import AuditEvent, Quote, Source, SourceOriginal
from nkcase.services.casefiles import CaseFile, EvidenceRef, load_case_file
from nkcase.services.dossier_figures import EntityFigures, entity_figures
from nkcase.services.level_views import view_case_file
from nkcase.services.levels import load_levels
from nkcase.services.screening_records import Designation
from nkcase.store import Casebook
from nkcase.vocabulary.levels import check_level


def _as_of(session: Session) -> datetime:
    """The time of the newest change: a dossier of unchanged data is the same dossier."""
    newest = session.scalar(select(AuditEvent.at).order_by(AuditEvent.seq.desc()).limit(1))
    if newest is None:
        return datetime(2000, 1, 1, tzinfo=UTC)
    return datetime.strptime(newest[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)


def gather_dossier(
    casebook: Casebook,
    entity_ids: Sequence[str],
    level: str,
    *,
    prepared_by: str | None = None,
    with_page_images: bool = True,
    warnings: list[str] | None = None,
    with_figures: bool = True,
) -> DossierDocument:
    """Everything the dossier shows for ``entity_ids`` at ``level``, and counts of the rest.

    What is shown is decided by the one visibility rule (:mod:`nkcase.levels`), through the
    same case file views as "View as…" (:func:`~nkcase.services.level_views.view_case_file`):
    this function only turns the views into dossier data. Entities withheld at the level are
    left out and counted; if every chosen entity is withheld there is nothing to export.
    ``with_figures``: each entity's network chart and chronology (figures and table), at the
    same level.
    """
    level = check_level(level)
    if not entity_ids:
        raise ValidationError("choose at least one entity to export")
    warnings = warnings if warnings is not None else []
    with casebook.reading() as session:
        info_name, fingerprint = casebook.info().name, casebook.info().fingerprint
        levels = load_levels(session, entity_ids)
        visibility = levels.at(level)
        views = [
            view_case_file(load_case_file(session, eid, levels), levels, visibility)
            for eid in dict.fromkeys(entity_ids)
        ]
        shown = [v for v in views if not v.hidden]
        if not shown:
            raise ValidationError(
                f"every chosen case file is above level {level}: a {level} dossier would be "
                "empty (see what is withheld in the case file, or release it)"
            )
        figures = (
            {v.id: entity_figures(session, v.id, v.caption, level) for v in shown}
            if with_figures
            else {}
        )
        refs = {ref.quote_id: ref for v in shown for ref in v.all_evidence()}
        for found in figures.values():
            refs.update({ref.quote_id: ref for ref in found.evidence})
        quote_rows = {
            q.id: q for q in session.scalars(select(Quote).where(Quote.id.in_(list(refs))))
        }
        sources = {
            s.id: s
            for s in session.scalars(
                select(Source).where(Source.id.in_({r.source_id for r in refs.values()}))
            )
        }
        entities = [
            _entity(session, v, sources, quote_rows, with_page_images, warnings) for v in shown
        ]
        entities = [
            _with_figures(session, e, figures[e.id], sources, quote_rows, with_page_images,
                          warnings) if e.id in figures else e
            for e in entities
        ]
        shown_sources = sorted(
            {q.source_id for e in entities for q in e.quotes},
            key=lambda sid: (sources[sid].title.casefold(), sid),
        )
        appendix = tuple(_source_entry(sources[sid]) for sid in shown_sources)
        generated = _as_of(session)
    title = (
        entities[0].caption if len(entities) == 1 else f"{info_name}: {len(entities)} case files"
    )
    return DossierDocument(
        title=title,
        casebook_name=info_name,
        casebook_fingerprint=fingerprint,
        generated_at=generated,
        level=level,
        entities=tuple(entities),
        sources=appendix,
        prepared_by=prepared_by or casebook.actor,
        withheld=visibility.withheld_in(entity_ids),
    )


def _entity(
    session: Session,
    case: CaseFile,
    sources: dict[str, Source],
    quote_rows: dict[str, Quote],
    with_page_images: bool,
    warnings: list[str],
) -> EntityDossier:
    """Dossier data of one case file *view* (already at the dossier's level)."""
    used: dict[str, EvidenceRef] = {ref.quote_id: ref for ref in case.all_evidence()}

    def refs(evidence: list[EvidenceRef]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.quote_id for r in evidence))

    facts = []
    status = None
    for fact in case.facts:
        if fact.withheld:
            facts.append(FactLine(fact.label, "", withheld=True))
            continue
        value = vocabulary.display_value(case.schema, fact.prop, fact.value)
        if fact.prop == "status":
            status = value + (f" ({fact.date})" if fact.date else "")
        facts.append(FactLine(fact.label, value, refs(fact.evidence), fact.withheld_quotes))
    for name in case.names:
        if name.evidence or name.withheld_quotes:
            facts.append(
                FactLine(name.label, name.value, refs(name.evidence), name.withheld_quotes)
            )
    relationships = []
    for rel in case.relationships:
        outgoing = rel.subject_id == case.id
        relationships.append(
            RelationshipLine(
                rel.label,
                rel.object_caption if outgoing else rel.subject_caption,
                "outgoing" if outgoing else "incoming",
                rel.role or None,
                rel.start,
                rel.end,
                refs(rel.evidence),
                rel.withheld_quotes,
            )
        )
    quotes = tuple(
        _quote_entry(session, used[qid], quote_rows[qid], sources, with_page_images, warnings)
        for qid in sorted(
            used, key=lambda q: (sources[used[q].source_id].title, quote_rows[q].start_offset)
        )
    )
    return EntityDossier(
        id=case.id,
        schema=case.schema_label,
        caption=case.caption,
        names=tuple(NameLine(n.value, n.label.lower(), n.lang, n.script) for n in case.names),
        status=status,
        summary=case.summary or None,
        facts=tuple(facts),
        relationships=tuple(relationships),
        quotes=quotes,
        notes=tuple(NoteLine(n.text, refs(n.evidence)) for n in case.notes),
        tags=tuple(case.tags),
        designations=tuple(_designation_line(d) for d in case.designations),
    )


def _designation_line(d: Designation) -> DesignationLine:
    """A confirmed designation for the dossier (list data is public: no handling level)."""
    confirmed = " ".join(
        x
        for x in (
            f"by {d.reviewed_by}" if d.reviewed_by else "",
            f"on {d.reviewed_at[:10]}" if d.reviewed_at else "",
        )
        if x
    )
    return DesignationLine(
        list_name=d.list_name,
        reference=d.reference,
        listed_on=d.listed_on,
        snapshot=d.snapshot_label,
        snapshot_file=d.snapshot_file,
        snapshot_sha256=d.snapshot_sha256,
        matched_name=d.matched_name,
        score=d.score,
        confirmed=confirmed,
        delisted_in=d.delisted_in,
    )


def _with_figures(
    session: Session,
    entity: EntityDossier,
    found: EntityFigures,
    sources: dict[str, Source],
    quote_rows: dict[str, Quote],
    with_page_images: bool,
    warnings: list[str],
) -> EntityDossier:
    """``entity`` with its network, timeline and chronology; the quotes the chronology cites
    join the entity's quotes (once each)."""
    have = {q.id for q in entity.quotes}
    extra = []
    for ref in found.evidence:
        if ref.quote_id in have:
            continue
        have.add(ref.quote_id)
        extra.append(
            _quote_entry(session, ref, quote_rows[ref.quote_id], sources, with_page_images,
                         warnings)
        )
    return replace(
        entity,
        quotes=entity.quotes + tuple(extra),
        network=found.network,
        timeline=found.timeline,
        chronology=tuple(found.chronology),
    )


def _quote_entry(
    session: Session,
    ref: EvidenceRef,
    quote: Quote,
    sources: dict[str, Source],
    with_page_images: bool,
    warnings: list[str],
) -> QuoteEntry:
    pages = None
    if ref.first_page is not None:
        pages = (
            ref.first_page + 1,
            (ref.last_page if ref.last_page is not None else ref.first_page) + 1,
        )
    image = None
    source = sources[ref.source_id]
    rects = json.loads(quote.rects)
    if with_page_images and source.kind == "pdf" and rects:
        if source.encrypted:
            warnings.append(f"no page image for quotes of the encrypted PDF “{source.title}”")
        else:
            original = session.get(SourceOriginal, source.id)
            first_page = rects[0][0]
            try:
                png = render_quote_crop(
                    original.data if original else b"",
                    None,
                    first_page,
                    [tuple(r[1:]) for r in rects if r[0] == first_page],
                    full_width=True,
                )
                image = PageImage(png, first_page + 1)
            except NkcaseError as err:
                warnings.append(f"no page image for a quote of “{source.title}”: {err.message}")
    return QuoteEntry(
        ref.quote_id, ref.source_id, ref.text, pages, ref.grade, ref.note or None, image
    )


def _source_entry(source: Source) -> SourceEntry:
    return SourceEntry(
        source.id,
        source.title,
        source.kind,
        source.publisher,
        source.published,
        source.retrieved,
        source.url,
        source.sha256,
        source.reliability,
        source.file_name,
        source.page_count or None,
    )
