"""Screening: entities, a selection, the whole casebook or the names in a source's text,
against chosen list snapshots; review of the candidates.

A run reads (the snapshots' blocking index, built once per set of snapshots and kept for the
process; the subjects), scores, and then writes what changed as one operation (audited,
undoable): new candidates, candidates seen again in a newer snapshot, rejected pairs reopened
because the list record was amended since, and confirmed designations whose record is no
longer listed (delistings). A rejected pair whose record is unchanged never comes back.

Review (:func:`review_candidate`) is an operation too: confirm, reject with a reason, or
reopen; undo restores the review before.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from nkcase.errors import UsageError, ValidationError
from nkcase.model import ListSnapshot, ScreeningCandidate, utc_now
from nkcase.screening.matching import DEFAULT_THRESHOLD, Subject
from nkcase.screening.matching.index import Hit
from nkcase.services.changes import Change, Operation, operation
from nkcase.services.screening_inputs import (
    choose_snapshots,
    entity_subjects,
    snapshot_index,
    source_subjects,
)
from nkcase.services.screening_records import (
    CandidateRecord,
    candidate_records,
    resolve_candidate,
    snapshot_label,
)
from nkcase.store import Casebook

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class SubjectResult:
    """One screened entity or name and its candidates at or above the threshold."""

    subject_key: str
    entity_id: str | None
    names: list[str]
    candidates: list[CandidateRecord] = field(default_factory=list)


@dataclass(frozen=True)
class ScreeningReport:
    """What a run found: per subject, its candidates; plus what is new since the last run."""

    snapshots: list[str]  # snapshot labels screened against
    threshold: float
    subjects: list[SubjectResult]
    new: int
    reopened: int
    delisted: list[CandidateRecord]
    change: Change | None = None


class ScreeningCancelledError(Exception):
    """The run was cancelled before it wrote anything."""


# --- the run --------------------------------------------------------------------------------


def screen(
    casebook: Casebook,
    *,
    entity_ids: Sequence[str] | None = None,
    all_entities: bool = False,
    source_id: str | None = None,
    lists: Sequence[str] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ScreeningReport:
    """Screen the chosen subjects against the chosen snapshots and record what is new."""
    if sum((bool(entity_ids), all_entities, source_id is not None)) != 1:
        raise UsageError("screen one of: entities, all entities, or a source")
    if not 0.0 < threshold <= 1.0:
        raise ValidationError(f"threshold {threshold} is not between 0 and 1")
    with casebook.reading() as session:
        snapshots = choose_snapshots(session, lists)
        labels = [snapshot_label(s) for s in snapshots]
        by_id = {s.id: s for s in snapshots}
        if source_id is not None:
            found = source_subjects(session, source_id)
            subjects = [f.subject for f in found]
            offsets = {f.subject.key: (f.start, f.end) for f in found}
        else:
            subjects = entity_subjects(session, None if all_entities else entity_ids)
            offsets = {}
    index = snapshot_index(casebook, list(by_id))
    hits: dict[str, list[Hit]] = {}
    for number, subject in enumerate(subjects, 1):
        if cancelled is not None and cancelled():
            raise ScreeningCancelledError("screening cancelled: nothing was recorded")
        if subject.names or subject.identifiers:
            hits[subject.key] = index.search(subject, threshold=threshold)
        if progress is not None:
            progress(number, len(subjects))
    run = _Run(subjects, hits, snapshots, labels, threshold, source_id, offsets)
    try:
        with operation(casebook, "screen") as op:
            report = _write(op, run)
    except _NothingChangedError as unchanged:
        return unchanged.report  # a run that found nothing new writes nothing
    return dataclasses.replace(report, change=op.change)


@dataclass(frozen=True)
class _Run:
    """What a run found, before it is written."""

    subjects: list[Subject]
    hits: dict[str, list[Hit]]
    snapshots: list[ListSnapshot]
    labels: list[str]
    threshold: float
    source_id: str | None
    offsets: dict[str, tuple[int, int]]


def _write(op: Operation, run: _Run) -> ScreeningReport:
    """Record the run's findings in the operation's session; raise _NothingChangedError (with
    the report) when no row changed."""
    subjects, hits, snapshots, source_id = run.subjects, run.hits, run.snapshots, run.source_id
    offsets = run.offsets
    snapshot_of = {s.list_code: s for s in snapshots}
    notes: dict[str, str] = {}
    keys = [s.key for s in subjects]
    session = op.session
    existing = {
        (c.subject_key, c.list_code, c.record_key): c
        for c in _existing(session, keys, list(snapshot_of))
    }
    rows_by_subject: dict[str, list[ScreeningCandidate]] = {}
    snapshot_by_id = {s.id: s for s in snapshots}
    for subject in subjects:
        kept = rows_by_subject.setdefault(subject.key, [])
        for hit in hits.get(subject.key, []):
            list_code = _list_code_of(hit, snapshot_by_id, session)
            row = existing.get((subject.key, list_code, hit.record.record_key))
            row = _upsert(session, row, subject, hit, list_code, source_id, offsets, notes)
            if row is not None:
                kept.append(row)
    delisted = _delistings(session, keys, snapshot_of, notes)
    new = sum(1 for n in notes.values() if n == "new")
    reopened = sum(1 for n in notes.values() if n == "reopened")
    op.summary = _summary(len(subjects), run.labels, new, reopened, len(delisted))
    if source_id is None and len(subjects) == 1:
        op.subject_id = subjects[0].key
    session.flush()
    results = _results(session, subjects, rows_by_subject, notes)
    delisted_records = candidate_records(session, delisted, notes)
    report = ScreeningReport(run.labels, run.threshold, results, new, reopened, delisted_records)
    if not op.recorder.ordered():
        raise _NothingChangedError(report)  # no audit event for a run that found nothing new
    return report


class _NothingChangedError(Exception):
    def __init__(self, report: ScreeningReport) -> None:
        super().__init__("nothing changed")
        self.report = report


def _list_code_of(hit: Hit, snapshots: dict[str, ListSnapshot], session: Session) -> str:
    from nkcase.model import ListRecordRow

    row = session.get(ListRecordRow, hit.record_id)
    assert row is not None
    return snapshots[row.snapshot_id].list_code


def _existing(session: Session, keys: list[str], list_codes: list[str]) -> list[ScreeningCandidate]:
    found: list[ScreeningCandidate] = []
    for start in range(0, len(keys), 500):
        found.extend(
            session.scalars(
                select(ScreeningCandidate).where(
                    ScreeningCandidate.subject_key.in_(keys[start : start + 500]),
                    ScreeningCandidate.list_code.in_(list_codes),
                )
            )
        )
    return found


def _upsert(
    session: Session,
    row: ScreeningCandidate | None,
    subject: Subject,
    hit: Hit,
    list_code: str,
    source_id: str | None,
    offsets: dict[str, tuple[int, int]],
    notes: dict[str, str],
) -> ScreeningCandidate | None:
    """Insert or refresh one pair; None for a rejected pair whose record is unchanged."""
    from nkcase.model import ListRecordRow

    stored = session.get(ListRecordRow, hit.record_id)
    assert stored is not None
    features = json.dumps([f.as_json() for f in hit.match.features], ensure_ascii=False)
    values = {
        "snapshot_id": stored.snapshot_id,
        "list_record_id": hit.record_id,
        "content_hash": hit.record.content_hash,
        "reference": hit.record.reference,
        "matched_name": hit.match.matched_name,
        "subject_name": hit.match.query_name,
        "score": hit.match.score,
        "features": features,
    }
    if row is None:
        start, end = offsets.get(subject.key, (None, None))
        row = ScreeningCandidate(
            subject_key=subject.key,
            entity_id=None if source_id else subject.key,
            source_id=source_id,
            start_offset=start,
            end_offset=end,
            list_code=list_code,
            record_key=hit.record.record_key,
            **values,
        )
        session.add(row)
        session.flush()
        notes[row.id] = "new"
        return row
    if row.status == "rejected":
        if row.content_hash == hit.record.content_hash:
            return None  # rejected, and the list says nothing new about it
        row.status, row.reason = "open", ""
        row.reviewed_by = row.reviewed_at = None
        notes[row.id] = "reopened"
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    if row.delisted_in is not None:
        row.delisted_in = None  # listed again
        changed = True
    if changed:
        row.screened_at = utc_now()
    return row


def _delistings(
    session: Session, keys: list[str], snapshot_of: dict[str, ListSnapshot], notes: dict[str, str]
) -> list[ScreeningCandidate]:
    """Confirmed pairs of the screened subjects whose record the screened snapshot of their
    list no longer holds."""
    from nkcase.services.list_records import record_by_key

    delisted = []
    for row in _existing(session, keys, list(snapshot_of)):
        if row.status != "confirmed" or row.delisted_in is not None:
            continue
        snapshot = snapshot_of[row.list_code]
        if row.snapshot_id == snapshot.id:
            continue
        if record_by_key(session, snapshot.id, row.record_key) is None:
            row.delisted_in = snapshot.id
            notes[row.id] = "delisted"
            delisted.append(row)
    return delisted


def _results(
    session: Session,
    subjects: list[Subject],
    rows_by_subject: dict[str, list[ScreeningCandidate]],
    notes: dict[str, str],
) -> list[SubjectResult]:
    out = []
    for subject in subjects:
        rows = sorted(rows_by_subject.get(subject.key, []), key=lambda r: (-r.score, r.id))
        out.append(
            SubjectResult(
                subject.key,
                None if subject.key.startswith("source:") else subject.key,
                [n.full for n in subject.names],
                candidate_records(session, rows, notes),
            )
        )
    return out


def _summary(count: int, labels: list[str], new: int, reopened: int, delisted: int) -> str:
    what = "1 subject" if count == 1 else f"{count} subjects"
    found = [f"{new} new candidate{'s' if new != 1 else ''}"]
    if reopened:
        found.append(f"{reopened} reopened")
    if delisted:
        found.append(f"{delisted} delisted")
    return f"Screen {what} against {', '.join(labels)} ({', '.join(found)})"


def report_at_level(casebook: Casebook, report: ScreeningReport, level: str) -> ScreeningReport:
    """What a recipient of ``level`` may see of a run (the handling-level rule): subjects above
    the level are left out, the others named by their caption at the level, and only the
    candidates :func:`candidates_at_level` keeps."""
    from nkcase.services.candidate_levels import candidates_at_level
    from nkcase.services.levels import load_levels

    with casebook.reading() as session:
        visibility_of = load_levels(session, None)
        visibility = visibility_of.at(level)
        results = []
        for result in report.subjects:
            if result.entity_id is not None:
                if not visibility.shows(result.entity_id):
                    continue
                names = [visibility_of.caption_at(result.entity_id, visibility)]
            else:
                names = result.names
            kept = candidates_at_level(session, result.candidates, level)
            if result.entity_id is None and not kept:
                continue  # a name found in a source the level may not show
            results.append(dataclasses.replace(result, names=names, candidates=kept))
        delisted = candidates_at_level(session, report.delisted, level)
    return dataclasses.replace(report, subjects=results, delisted=delisted, change=None)


# --- review ---------------------------------------------------------------------------------

DECISIONS = {"confirm": "confirmed", "reject": "rejected", "reopen": "open"}


def review_candidate(casebook: Casebook, ref: str, decision: str, reason: str = "") -> Change:
    """Confirm, reject (a reason is required) or reopen a candidate: one audited operation."""
    if decision not in DECISIONS:
        raise UsageError(f"unknown review decision '{decision}': confirm, reject or reopen")
    reason = " ".join(reason.split())
    if decision == "reject" and not reason:
        raise ValidationError("a rejection needs a reason (why is it not this record?)")
    with operation(casebook, f"{decision}-candidate") as op:
        row = resolve_candidate(op.session, ref)
        if row.status == DECISIONS[decision] and (decision != "reject" or row.reason == reason):
            raise UsageError(f"candidate {row.id[:8]} is already {row.status}")
        row.status = DECISIONS[decision]
        row.reason = reason if decision == "reject" else ""
        row.reviewed_by = casebook.actor if decision != "reopen" else None
        row.reviewed_at = utc_now() if decision != "reopen" else None
        verb = {"confirm": "Confirm", "reject": "Reject", "reopen": "Reopen"}[decision]
        op.summary = (
            f"{verb} match {row.subject_name} ↔ {row.matched_name} "
            f"({row.reference or row.record_key})"
        )
        op.subject_id = row.entity_id
    assert op.change is not None
    return op.change
