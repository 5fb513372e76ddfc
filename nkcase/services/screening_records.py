"""Screening candidates and designations as plain records for the CLI, GUI and dossier.

Nothing here writes. A *designation* is a confirmed candidate of an entity: the list, the
record's reference and listing date, and the snapshot (title, date, SHA-256) it was found in,
cited as the evidence for it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nkcase.errors import AmbiguousError, NotFoundError
from nkcase.model import Entity, ListRecordRow, ListSnapshot, ScreeningCandidate, Source
from nkcase.services.designation_marks import designation_order, list_label, mark_text
from nkcase.services.list_records import snapshot_caption
from nkcase.store.id_sets import id_batches


@dataclass(frozen=True)
class CandidateRecord:
    """One candidate as shown: who, which list record, how well and why, and its review."""

    id: str
    subject_key: str
    entity_id: str | None
    source_id: str | None
    subject: str  # the entity's caption, or the source's title
    subject_name: str  # the screened name that agreed best
    start: int | None
    end: int | None
    list_code: str
    list_name: str  # "UN 1718"
    snapshot_id: str
    snapshot: str  # "UN Security Council Consolidated List of 2026-01-28"
    snapshot_sha256: str
    record_key: str
    reference: str | None
    listed_on: str | None
    schema: str
    matched_name: str
    record_names: list[str]
    score: float
    features: list[dict[str, Any]]
    status: str
    reason: str
    reviewed_by: str | None
    reviewed_at: str | None
    delisted_in: str | None
    note: str = ""  # what a screening run did with it: "new", "reopened", "delisted"

    JSON_EXTRA = ("explanation",)

    @property
    def explanation(self) -> str:
        return " · ".join(str(f["text"]) for f in self.features)


@dataclass(frozen=True)
class Designation:
    """A confirmed match of an entity with a list record, with the snapshot cited for it."""

    candidate_id: str
    list_name: str
    reference: str | None
    listed_on: str | None
    matched_name: str
    score: float
    snapshot_id: str
    snapshot_title: str
    snapshot_date: str  # the list's own date, else the day it was imported (JSON: sortable)
    snapshot_label: str  # "OFAC SDN List, undated (imported 2026-12-03)" for an undated list
    snapshot_file: str
    snapshot_sha256: str
    reviewed_by: str | None
    reviewed_at: str | None
    delisted_in: str | None = None  # the snapshot label it was no longer listed in
    programmes: list[str] = field(default_factory=list)

    JSON_EXTRA = ("text",)

    @property
    def text(self) -> str:
        """ "Designated: UN 1718 · KPi.033 · listed 2016-11-30" (or "Delisted: …")."""
        parts = [self.list_name, self.reference or "no reference"]
        if self.listed_on:
            parts.append(f"listed {self.listed_on}")
        head = "Delisted" if self.delisted_in else "Designated"
        return f"{head}: " + " · ".join(parts)


def snapshot_label(snapshot: ListSnapshot) -> str:
    """The snapshot as every output names it (:func:`.list_records.snapshot_caption`)."""
    return snapshot_caption(snapshot.title, snapshot.generated, snapshot.imported_at)


def candidate_records(
    session: Session, rows: Iterable[ScreeningCandidate], notes: dict[str, str] | None = None
) -> list[CandidateRecord]:
    """The rows as records (one query each for their snapshots, records and subjects).

    Every candidate the CLI, the GUI and the dossier show is built here (designations too);
    ``services.candidate_levels.candidates_at_level`` then applies the handling-level rule for
    a recipient.
    """
    from nkcase.screening.codec import record_from_json  # only when there are candidates

    rows = list(rows)
    snapshots = {
        s.id: s
        for s in session.scalars(
            select(ListSnapshot).where(
                ListSnapshot.id.in_({r.snapshot_id for r in rows} | {r.delisted_in for r in rows
                                                                     if r.delisted_in})
            )
        )
    }  # fmt: skip
    stored = {
        row.id: record_from_json(row.data)
        for row in session.scalars(
            select(ListRecordRow).where(ListRecordRow.id.in_({r.list_record_id for r in rows}))
        )
    }
    captions = dict(
        session.execute(
            select(Entity.id, Entity.caption).where(
                Entity.id.in_({r.entity_id for r in rows if r.entity_id})
            )
        ).all()
    )
    titles = dict(
        session.execute(
            select(Source.id, Source.title).where(
                Source.id.in_({r.source_id for r in rows if r.source_id})
            )
        ).all()
    )
    out = []
    for row in rows:
        record = stored.get(row.list_record_id)
        snapshot = snapshots[row.snapshot_id]
        delisted = snapshots.get(row.delisted_in) if row.delisted_in else None
        out.append(
            CandidateRecord(
                id=row.id,
                subject_key=row.subject_key,
                entity_id=row.entity_id,
                source_id=row.source_id,
                subject=captions.get(row.entity_id or "", "")
                or titles.get(row.source_id or "", ""),
                subject_name=row.subject_name,
                start=row.start_offset,
                end=row.end_offset,
                list_code=row.list_code,
                list_name=list_label(row.list_code, record.programmes if record else ()),
                snapshot_id=row.snapshot_id,
                snapshot=snapshot_label(snapshot),
                snapshot_sha256=snapshot.sha256,
                record_key=row.record_key,
                reference=row.reference,
                listed_on=record.listed_on if record else None,
                schema=record.schema if record else "",
                matched_name=row.matched_name,
                record_names=[n.full for n in record.names] if record else [],
                score=row.score,
                features=json.loads(row.features),
                status=row.status,
                reason=row.reason,
                reviewed_by=row.reviewed_by,
                reviewed_at=row.reviewed_at,
                delisted_in=snapshot_label(delisted) if delisted else None,
                note=(notes or {}).get(row.id, ""),
            )
        )
    return out


def list_candidates(
    session: Session,
    *,
    entity_ids: Sequence[str] | None = None,
    source_id: str | None = None,
    status: str | None = None,
) -> list[CandidateRecord]:
    """Candidates, best first, optionally for some entities, one source, one status."""
    query = select(ScreeningCandidate).order_by(
        ScreeningCandidate.score.desc(), ScreeningCandidate.id
    )
    if entity_ids is not None:
        query = query.where(ScreeningCandidate.entity_id.in_(entity_ids))
    if source_id is not None:
        query = query.where(ScreeningCandidate.source_id == source_id)
    if status is not None:
        query = query.where(ScreeningCandidate.status == status)
    return candidate_records(session, session.scalars(query))


def resolve_candidate(session: Session, ref: str) -> ScreeningCandidate:
    """The candidate ``ref`` names: its id or an unambiguous prefix of at least 4 characters."""
    ref = ref.strip()
    found = session.get(ScreeningCandidate, ref)
    if found is not None:
        return found
    if len(ref) < 4:
        raise NotFoundError(f"no screening candidate '{ref}' (give at least 4 characters)")
    matches = session.scalars(
        select(ScreeningCandidate).where(ScreeningCandidate.id.startswith(ref)).limit(3)
    ).all()
    if not matches:
        raise NotFoundError(f"no screening candidate '{ref}'")
    if len(matches) > 1:
        raise AmbiguousError(f"'{ref}' names several candidates: give more of the id")
    return matches[0]


def designations_for(session: Session, entity_ids: Iterable[str]) -> dict[str, list[Designation]]:
    """The confirmed candidates of each entity as designations, listed first."""
    rows = [
        row
        for batch in id_batches(session, list(entity_ids))
        for row in session.scalars(
            select(ScreeningCandidate).where(
                batch.has(ScreeningCandidate.entity_id),
                ScreeningCandidate.status == "confirmed",
            )
        )
    ]
    found: dict[str, list[Designation]] = defaultdict(list)
    if not rows:
        return found
    from nkcase.screening.codec import record_from_json  # only when there are designations

    for row, shown in zip(rows, candidate_records(session, rows), strict=True):
        snapshot = session.get(ListSnapshot, row.snapshot_id)
        assert snapshot is not None and row.entity_id is not None
        record = session.get(ListRecordRow, row.list_record_id)
        programmes = record_from_json(record.data).programmes if record else ()
        found[row.entity_id].append(
            Designation(
                candidate_id=row.id,
                list_name=shown.list_name,
                reference=row.reference,
                listed_on=shown.listed_on,
                matched_name=row.matched_name,
                score=row.score,
                snapshot_id=snapshot.id,
                snapshot_title=snapshot.title,
                snapshot_date=snapshot.generated or snapshot.imported_at[:10],
                snapshot_label=snapshot_label(snapshot),
                snapshot_file=snapshot.file_name,
                snapshot_sha256=snapshot.sha256,
                reviewed_by=row.reviewed_by,
                reviewed_at=row.reviewed_at,
                delisted_in=shown.delisted_in,
                programmes=list(programmes),
            )
        )
    for items in found.values():
        items.sort(key=designation_order)
    return dict(found)


def designation_labels(session: Session, entity_ids: Sequence[str]) -> dict[str, str]:
    """A short line per designated entity for lists and navigators: "UN 1718 · KPi.033"."""
    if not entity_ids:
        return {}
    return {e: mark_text(items) for e, items in designations_for(session, entity_ids).items()}
