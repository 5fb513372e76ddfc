"""What a screening run screens, and against what: the chosen list snapshots and their blocking
index (stored with each snapshot, loaded once per process), the subjects made from entities or
from a source's text. Reading, except for storing an index built for the first time."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from threading import Lock

from sqlalchemy import select
from sqlalchemy.orm import Session

from nkcase.errors import NotFoundError, UsageError
from nkcase.model import Entity, Fact, ListSnapshot
from nkcase.screening.matching import Subject
from nkcase.screening.matching.index import RecordIndex
from nkcase.screening.records import DateRange, Identifier, RecordName
from nkcase.screening.screened_facts import (
    BIRTH_PROP,
    COUNTRY_PROPS,
    FAMILY_PROP,
    IDENTIFIER_PROPS,
)
from nkcase.store import Casebook
from nkcase.textfold import fold_text
from nkcase.vocabulary import NAME_PROPERTIES

#: Postings above which building an index freezes the garbage collector's view of the heap
#: (full collections over millions of index objects would pause screening for seconds).
LARGE_INDEX = 1_000_000


# --- which snapshots ------------------------------------------------------------------------


def choose_snapshots(session: Session, lists: Sequence[str] | None) -> list[ListSnapshot]:
    """The snapshots named by list code ("un-sc": its newest snapshot) or snapshot id (prefix);
    every list's newest snapshot when none is named."""
    from nkcase.services.list_records import resolve_snapshot

    everything = session.scalars(select(ListSnapshot)).all()
    if not everything:
        raise UsageError(
            "no sanctions list in this casebook: import one with 'nkcase lists import'"
        )
    newest: dict[str, ListSnapshot] = {}
    for snapshot in everything:
        when = (snapshot.generated or "", snapshot.imported_at)
        known = newest.get(snapshot.list_code)
        if known is None or when > (known.generated or "", known.imported_at):
            newest[snapshot.list_code] = snapshot
    if not lists:
        return sorted(newest.values(), key=lambda s: s.list_code)
    chosen: dict[str, ListSnapshot] = {}
    for ref in lists:
        snapshot = newest.get(ref) or resolve_snapshot(session, ref)
        if snapshot.list_code in chosen and chosen[snapshot.list_code].id != snapshot.id:
            raise UsageError(f"two snapshots of {snapshot.list_code} chosen: screen one at a time")
        chosen[snapshot.list_code] = snapshot
    return list(chosen.values())


# --- the index of a set of snapshots --------------------------------------------------------

_INDEXES: dict[tuple[str, tuple[str, ...]], RecordIndex] = {}
_INDEX_LOCK = Lock()


def forget_indexes() -> None:
    """Drop the indexes this process keeps (tests and benchmarks: the next screening loads or
    builds them as a new process would)."""
    with _INDEX_LOCK:
        _INDEXES.clear()


def snapshot_index(casebook: Casebook, snapshot_ids: Sequence[str]) -> RecordIndex:
    """The blocking index over the snapshots' names and identifiers: one part per snapshot,
    loaded from the casebook or built and stored there (``services/list_index.py``), kept for
    the process (snapshots never change) for the two most recent sets of snapshots."""
    from nkcase.services.list_index import snapshot_part
    from nkcase.services.list_records import records_by_id

    place = str(Path(casebook.path).resolve())
    wanted = sorted(snapshot_ids)
    cache_key = (place, tuple(wanted))
    with _INDEX_LOCK:
        found = _INDEXES.get(cache_key)
        if found is not None:
            return found
        known = {
            snapshot_id: part
            for (where, ids), index in _INDEXES.items() if where == place
            for snapshot_id, part in zip(ids, index.parts, strict=True)
        }

    def fetch(ids: Sequence[int]) -> dict[int, object]:
        with casebook.reading() as session:
            return {i: s.record for i, s in records_by_id(session, ids).items()}

    parts = [known.get(i) or snapshot_part(casebook, i) for i in wanted]
    index = RecordIndex(parts, fetch)  # type: ignore[arg-type]
    if index.blocking.size > LARGE_INDEX:
        gc.freeze()  # a large index's objects are kept out of the collector's full passes
    with _INDEX_LOCK:
        while len(_INDEXES) >= 2:
            _INDEXES.pop(next(iter(_INDEXES)))
        _INDEXES[cache_key] = index
    return index


# --- subjects -------------------------------------------------------------------------------


def entity_subjects(session: Session, entity_ids: Sequence[str] | None) -> list[Subject]:
    """Subjects for the entities (every entity when ``entity_ids`` is None), with their names,
    births, countries and identifiers."""
    query = select(Entity.id, Entity.schema).order_by(Entity.caption, Entity.id)
    if entity_ids is not None:
        query = query.where(Entity.id.in_(entity_ids))
    entities = session.execute(query).all()
    if entity_ids is not None and len(entities) < len(set(entity_ids)):
        missing = set(entity_ids) - {e for e, _ in entities}
        raise NotFoundError(f"no entity {sorted(missing)[0]}")
    facts: dict[str, list[tuple[str, str]]] = {e: [] for e, _ in entities}
    for entity_id, prop, value in session.execute(
        select(Fact.entity_id, Fact.prop, Fact.value)
        .where(Fact.entity_id.in_(list(facts)))
        .order_by(Fact.entity_id, Fact.position)
    ):
        facts[entity_id].append((prop, value))
    subjects = []
    for entity_id, schema in entities:
        props = facts[entity_id]
        family = next((v for p, v in props if p == FAMILY_PROP), None)
        names = tuple(RecordName(v, p, family=family) for p, v in props if p in NAME_PROPERTIES)
        subjects.append(
            Subject(
                entity_id,
                schema,
                names,
                birth_dates=tuple(DateRange(v, v) for p, v in props if p == BIRTH_PROP),
                countries=tuple(dict.fromkeys(v for p, v in props if p in COUNTRY_PROPS)),
                identifiers=tuple(
                    Identifier(IDENTIFIER_PROPS[p], v) for p, v in props if p in IDENTIFIER_PROPS
                ),
            )
        )
    return subjects


@dataclass(frozen=True)
class SourceName:
    """A name found in a source's text, as a subject, with its first occurrence."""

    subject: Subject
    start: int
    end: int


def source_subjects(session: Session, source_id: str) -> list[SourceName]:
    """The names found in a source's current text, each a subject of unknown schema."""
    from nkcase.screening.finder import find_names
    from nkcase.services.source_records import load_source_text

    frozen = load_source_text(session, source_id)
    out = []
    for found in find_names(frozen.text):
        key = f"source:{source_id}:{fold_text(found.name)}"
        subject = Subject(key, "LegalEntity", (RecordName(found.name),))
        out.append(SourceName(subject, found.start, found.end))
    return out
