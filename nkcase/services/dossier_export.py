"""Gathering case files into dossier data at a handling level, and exporting PDFs.

The renderer (:mod:`nkcase.dossier`) sees only what this module hands it: anything above the
chosen handling level — protected sources and their quotes, internal notes... — never enters
the :class:`~nkcase.dossier.DossierDocument`, so no title, URL, hash or text of it can leak
into the PDF; only the counts of what was withheld.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from nkcase import vocabulary
from nkcase.dossier import (
    DossierDocument,
    EntityDossier,
    FactLine,
    NameLine,
    PageImage,
    QuoteEntry,
    RelationshipLine,
    SourceEntry,
    WithheldSummary,
    build_dossier,
)
from nkcase.dossier.crops import render_quote_crop
from nkcase.errors import CancelledError, NkcaseError, ValidationError
from nkcase.model import AuditEvent, Quote, Source, SourceOriginal
from nkcase.services.casefiles import CaseFile, EvidenceRef, load_case_file
from nkcase.store import Casebook

LEVEL_RANK = {"public": 0, "internal": 1, "protected": 2}
ProgressCallback = Callable[[int, int, str], None]


@dataclass
class ExportResult:
    paths: list[Path] = field(default_factory=list)
    pages: int = 0
    warnings: list[str] = field(default_factory=list)
    withheld: WithheldSummary = field(default_factory=WithheldSummary)


def _visible(level: str, *handlings: str) -> bool:
    return all(LEVEL_RANK[h] <= LEVEL_RANK[level] for h in handlings)


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
) -> DossierDocument:
    """Everything the dossier shows for ``entity_ids`` at ``level``, and counts of the rest."""
    if level not in LEVEL_RANK:
        raise ValidationError(
            f"unknown handling level “{level}”; use public, internal or protected"
        )
    if not entity_ids:
        raise ValidationError("choose at least one entity to export")
    warnings = warnings if warnings is not None else []
    with casebook.reading() as session:
        info_name, fingerprint = casebook.info().name, casebook.info().fingerprint
        files = [load_case_file(session, eid) for eid in entity_ids]
        source_ids = {ref.source_id for f in files for ref in f.all_evidence()}
        sources = {
            s.id: s for s in session.scalars(select(Source).where(Source.id.in_(source_ids)))
        }
        quote_ids = {ref.quote_id for f in files for ref in f.all_evidence()}
        quote_rows = {
            q.id: q for q in session.scalars(select(Quote).where(Quote.id.in_(quote_ids)))
        }
        withheld_quotes: set[str] = set()
        withheld_sources: set[str] = set()
        withheld_notes = 0
        entities = []
        for case in files:

            def visible(ref: EvidenceRef) -> bool:
                ok = _visible(level, ref.handling, sources[ref.source_id].handling)
                if not ok:
                    withheld_quotes.add(ref.quote_id)
                    if not _visible(level, sources[ref.source_id].handling):
                        withheld_sources.add(ref.source_id)
                return ok

            entity, hidden_notes = _entity(
                session, case, visible, sources, quote_rows, level, with_page_images, warnings
            )
            withheld_notes += hidden_notes
            entities.append(entity)
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
        level=level,  # type: ignore[arg-type]
        entities=tuple(entities),
        sources=appendix,
        prepared_by=prepared_by or casebook.actor,
        withheld=WithheldSummary(
            quotes=len(withheld_quotes), sources=len(withheld_sources), notes=withheld_notes
        ),
    )


def _entity(
    session: Session,
    case: CaseFile,
    visible: Callable[[EvidenceRef], bool],
    sources: dict[str, Source],
    quote_rows: dict[str, Quote],
    level: str,
    with_page_images: bool,
    warnings: list[str],
) -> tuple[EntityDossier, int]:
    used: dict[str, EvidenceRef] = {}

    def refs(evidence: list[EvidenceRef]) -> tuple[tuple[str, ...], int]:
        shown = [r for r in evidence if visible(r)]
        for r in shown:
            used.setdefault(r.quote_id, r)
        return tuple(dict.fromkeys(r.quote_id for r in shown)), len(evidence) - len(shown)

    for ref in case.evidence:
        if visible(ref):
            used.setdefault(ref.quote_id, ref)
    facts = []
    status = None
    for fact in case.facts:
        shown, hidden = refs(fact.evidence)
        value = vocabulary.display_value(case.schema, fact.prop, fact.value)
        if fact.prop == "status":
            status = value + (f" ({fact.date})" if fact.date else "")
        facts.append(FactLine(fact.label, value, shown, hidden))
    for name in case.names:
        shown, hidden = refs(name.evidence)
        if shown or hidden:
            facts.append(FactLine(name.label, name.value, shown, hidden))
    relationships = []
    for rel in case.relationships:
        shown, hidden = refs(rel.evidence)
        outgoing = rel.subject_id == case.id
        relationships.append(
            RelationshipLine(
                rel.label,
                rel.object_caption if outgoing else rel.subject_caption,
                "outgoing" if outgoing else "incoming",
                rel.role or None,
                rel.start,
                rel.end,
                shown,
                hidden,
            )
        )
    quotes = tuple(
        _quote_entry(session, used[qid], quote_rows[qid], sources, with_page_images, warnings)
        for qid in sorted(
            used, key=lambda q: (sources[used[q].source_id].title, quote_rows[q].start_offset)
        )
    )
    notes = tuple(n.text for n in case.notes if _visible(level, n.handling))
    return (
        EntityDossier(
            id=case.id,
            schema=case.schema_label,
            caption=case.caption,
            names=tuple(NameLine(n.value, n.label.lower(), n.lang, n.script) for n in case.names),
            status=status,
            summary=case.summary or None,
            facts=tuple(facts),
            relationships=tuple(relationships),
            quotes=quotes,
            notes=notes,
            tags=tuple(case.tags),
        ),
        len(case.notes) - len(notes),
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


def _slug(text: str) -> str:
    slug = re.sub(r"[^\w\-]+", "-", text, flags=re.UNICODE).strip("-")
    return slug[:60] or "entity"


def export_dossier(
    casebook: Casebook,
    entity_ids: Sequence[str],
    out: Path,
    *,
    level: str = "internal",
    password: str | None = None,
    per_entity: bool = False,
    prepared_by: str | None = None,
    on_progress: ProgressCallback | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write one PDF (or one per entity into the folder ``out``) at ``level``.

    Cancelling (``is_cancelled`` or ``on_progress`` raising CancelledError) or failing writes
    nothing: a single PDF is replaced atomically by the renderer, and per-entity PDFs already
    written in this run are removed again.
    """
    result = ExportResult()
    created_folder = per_entity and not out.exists()
    try:
        _export(
            casebook,
            entity_ids,
            out,
            result,
            level,
            password,
            per_entity,
            prepared_by,
            on_progress,
            is_cancelled,
        )
    except BaseException:  # cancelled or failed: no half-written set of dossiers
        if per_entity:
            for path in result.paths:
                path.unlink(missing_ok=True)
            if created_folder and out.is_dir() and not any(out.iterdir()):
                out.rmdir()
        raise
    result.warnings = list(dict.fromkeys(result.warnings))
    return result


def _export(
    casebook: Casebook,
    entity_ids: Sequence[str],
    out: Path,
    result: ExportResult,
    level: str,
    password: str | None,
    per_entity: bool,
    prepared_by: str | None,
    on_progress: ProgressCallback | None,
    is_cancelled: Callable[[], bool] | None,
) -> None:
    groups = [[eid] for eid in entity_ids] if per_entity else [list(entity_ids)]
    if per_entity:
        out.mkdir(parents=True, exist_ok=True)
    elif not out.parent.exists():
        raise ValidationError(f"folder {out.parent} does not exist")
    for index, group in enumerate(groups):
        if is_cancelled is not None and is_cancelled():
            raise CancelledError("export cancelled")
        doc = gather_dossier(
            casebook, group, level, prepared_by=prepared_by, warnings=result.warnings
        )
        target = out / f"{_slug(doc.entities[0].caption)}-{level}.pdf" if per_entity else out

        def progress(done: int, total: int, label: str, _i: int = index) -> None:
            if is_cancelled is not None and is_cancelled():
                raise CancelledError("export cancelled")
            if on_progress is not None:
                on_progress(_i * 1000 + done * 1000 // max(total, 1), len(groups) * 1000, label)

        built = build_dossier(doc, target, password=password, on_progress=progress)
        result.paths.append(target)
        result.pages += built.pages
        result.warnings += built.warnings
        w = doc.withheld
        result.withheld = WithheldSummary(
            result.withheld.quotes + w.quotes,
            result.withheld.sources + w.sources,
            result.withheld.notes + w.notes,
        )
