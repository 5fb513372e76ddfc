"""Screening one subject against a whole list: blocking, then scoring the few candidates.

:class:`RecordIndex` keeps only keys and numbers in memory (the blocking index and, for
each indexed name, the number of its record); the records themselves are fetched back for
the candidates only, through a callable the caller provides (the casebook's list tables, or
a list in memory in tests and benchmarks). So a list of a million names costs ~100 MB.

An index over several list snapshots is made of one :class:`IndexPart` per snapshot (each
can be stored and loaded on its own: ``services/list_index.py``), searched as one.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from nkcase.screening.matching.blocking import (
    BlockingIndex,
    BlockingSet,
    identifier_key,
    name_keys,
)
from nkcase.screening.matching.scoring import DEFAULT_THRESHOLD, Match, Subject, score_pair
from nkcase.screening.records import ListRecord

#: Records scored at most per screened subject, and how close to the best-sharing candidate's
#: key weight a record must come to be scored at all.
CANDIDATES = 24
RELATIVE_WEIGHT = 0.6

Fetch = Callable[[Sequence[int]], Mapping[int, ListRecord]]


def record_keys(record: ListRecord) -> Iterable[set[str]]:
    """The blocking keys of each name of a record, then of its identifiers (one set)."""
    for name in record.names:
        yield name_keys(name.full)
    if record.identifiers:
        yield {identifier_key(i.value) for i in record.identifiers}


def subject_keys(subject: Subject) -> set[str]:
    keys: set[str] = set()
    for name in subject.names:
        keys |= name_keys(name.full)
    keys.update(identifier_key(i.value) for i in subject.identifiers)
    return keys


@dataclass(frozen=True, slots=True)
class Hit:
    """A record that scored at or above the threshold."""

    record_id: int
    record: ListRecord
    match: Match


@dataclass(frozen=True)
class IndexPart:
    """The blocking index of some records' names and, for each indexed name, its record id."""

    blocking: BlockingIndex
    owners: array[int]  # indexed name number → record id

    @classmethod
    def build(cls, entries: Iterable[tuple[int, set[str]]]) -> IndexPart:
        """Index ``(record_id, keys)`` pairs, one per name or identifier set of a record."""
        owners = array("I")

        def numbered() -> Iterable[tuple[int, set[str]]]:
            for record_id, keys in entries:
                owners.append(record_id)
                yield len(owners) - 1, keys

        return cls(BlockingIndex.build(numbered()), owners)

    @property
    def nbytes(self) -> int:
        return self.blocking.nbytes + self.owners.itemsize * len(self.owners)


class RecordIndex:
    """Records of one or more list snapshots, ready to screen against."""

    def __init__(self, parts: Sequence[IndexPart], fetch: Fetch) -> None:
        self.parts = list(parts)
        self.blocking = BlockingSet([(p.blocking, len(p.owners)) for p in self.parts])
        if len(self.parts) == 1:
            self._owners = self.parts[0].owners
        else:
            self._owners = array("I")
            for part in self.parts:
                self._owners.extend(part.owners)
        self._fetch = fetch

    @classmethod
    def build(cls, records: Iterable[tuple[int, ListRecord]], fetch: Fetch) -> RecordIndex:
        """Index ``(record_id, record)`` pairs; ``fetch(ids)`` must return those records."""
        entries = ((rid, keys) for rid, record in records for keys in record_keys(record))
        return cls.build_from_keys(entries, fetch)

    @classmethod
    def build_from_keys(cls, entries: Iterable[tuple[int, set[str]]], fetch: Fetch) -> RecordIndex:
        """Index ``(record_id, keys)`` pairs, one per name or identifier set of a record (keys
        computed without decoding whole records: the casebook's name table)."""
        return cls([IndexPart.build(entries)], fetch)

    @property
    def nbytes(self) -> int:
        return sum(part.nbytes for part in self.parts)

    def candidate_ids(self, subject: Subject, *, limit: int = CANDIDATES) -> list[int]:
        """Record ids worth scoring for ``subject``, most promising first: those whose names
        share at least :data:`RELATIVE_WEIGHT` of the best candidate's key weight."""
        best: dict[int, float] = {}
        for name_id, weight in self.blocking.candidates(subject_keys(subject), limit=limit * 2):
            record_id = self._owners[name_id]
            if weight > best.get(record_id, 0.0):
                best[record_id] = weight
        ranked = sorted(best.items(), key=lambda x: -x[1])
        floor = ranked[0][1] * RELATIVE_WEIGHT if ranked else 0.0
        return [record_id for record_id, weight in ranked[:limit] if weight >= floor]

    def search(
        self,
        subject: Subject,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        limit: int = 10,
        candidates: int = CANDIDATES,
    ) -> list[Hit]:
        """The records scoring at least ``threshold`` against ``subject``, best first."""
        ids = self.candidate_ids(subject, limit=candidates)
        records = self._fetch(ids)
        hits = []
        for record_id in ids:
            record = records.get(record_id)
            if record is None:
                continue
            match = score_pair(subject, record)
            if match.score >= threshold:
                hits.append(Hit(record_id, record, match))
        hits.sort(key=lambda h: (-h.match.score, h.record_id))
        return hits[:limit]
