"""Writing a list snapshot's parsed records: the rows of each chunk numbered in file order and
inserted with their names and identifiers, a key read before or a record without a name
skipped and counted for the snapshot's warnings.

Apart from :mod:`nkcase.services.lists` because it is the import's one hot loop (every row of
a million-record list goes through :meth:`RecordWriter.write`) and knows nothing of files,
hashes or the audit summary: :func:`~nkcase.services.lists.import_list` hands it the chunks
of rows the pipeline produces (:mod:`nkcase.screening.pipeline`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import repeat

from sqlalchemy import func, select

from nkcase.model import ListIdentifier, ListName, ListRecordRow
from nkcase.screening.list_rows import ChunkRows, Column, Row
from nkcase.services.bulk import BulkWriter

RECORD_COLUMNS = (
    "id",
    "snapshot_id",
    "record_key",
    "schema",
    "caption",
    "reference",
    "listed_on",
    "countries",
    "content_hash",
    "data",
)
NAME_COLUMNS = ("record_id", "snapshot_id", "name", "quality", "script", "lang", "family", "parts")
IDENTIFIER_COLUMNS = ("record_id", "snapshot_id", "kind", "value", "country")


def _offset(first: int, columns: list[Column]) -> Iterable[int]:
    """The record ids of name or identifier rows whose first column is the record's index in
    its chunk, for a chunk whose records are numbered from ``first``."""
    return map(first.__add__, columns[0]) if columns else ()


def _rows(ids: Iterable[int], snapshot_id: str, columns: list[Column]) -> list[Row]:
    """Rows of ``ids``, ``snapshot_id`` and ``columns`` (as many as ``ids`` have items)."""
    return list(zip(ids, repeat(snapshot_id), *columns))


class RecordWriter:
    """Writes parsed records in batches: the record rows, their names and identifiers."""

    def __init__(self, bulk: BulkWriter, snapshot_id: str) -> None:
        self.bulk = bulk
        self.snapshot_id = snapshot_id
        self.count = 0
        self.schemata: Counter[str] = Counter()
        self.keys: set[str] = set()
        self.duplicates: list[str] = []
        self.unnamed = 0
        last = bulk.session.scalar(select(func.max(ListRecordRow.id)))
        self.next_id = int(last or 0) + 1

    def write(self, chunk: ChunkRows) -> None:
        """Number the chunk's records in file order, skip the ones whose key was read before
        (the first is kept) or that have no name, and insert the rows."""
        keys, seen = chunk.keys, self.keys
        skipped = chunk.skipped
        first = self.next_id
        ids: list[int | None] | None = None  # None: every record kept, numbered from first
        if skipped or not seen.isdisjoint(keys) or len(set(keys)) != len(keys):
            ids = self._numbered(chunk)
        else:
            seen.update(keys)
            self.next_id += len(keys)
        sid = self.snapshot_id
        if ids is None:
            # every row numbered and given the snapshot id by zip, in C: no tuple is built in
            # Python per row
            count = len(keys)
            record_rows = _rows(range(first, first + count), sid, chunk.records)
            name_rows = _rows(_offset(first, chunk.names), sid, chunk.names[1:])
            identifier_rows = _rows(_offset(first, chunk.identifiers), sid, chunk.identifiers[1:])
            self.schemata.update(chunk.records[1] if chunk.records else ())
        else:
            numbers = ids
            record_rows = [
                (n, sid, *row)
                for n, row in zip(numbers, zip(*chunk.records, strict=True), strict=True)
                if n
            ]
            name_rows = [
                (numbers[i], sid, *row) for i, *row in zip(*chunk.names, strict=True) if numbers[i]
            ]
            identifier_rows = [
                (numbers[i], sid, *row)
                for i, *row in zip(*chunk.identifiers, strict=True)
                if numbers[i]
            ]
            self.schemata.update([row[3] for row in record_rows])
        self.bulk.insert_many(ListRecordRow, RECORD_COLUMNS, record_rows)
        self.bulk.insert_many(ListName, NAME_COLUMNS, name_rows)
        self.bulk.insert_many(ListIdentifier, IDENTIFIER_COLUMNS, identifier_rows)
        self.count += len(record_rows)

    def _numbered(self, chunk: ChunkRows) -> list[int | None]:
        """Record ids in file order, None for a repeated key; counts the skipped records."""
        seen = self.keys
        ids: list[int | None] = []
        skipped = iter(chunk.skipped)
        skip = next(skipped, None)
        for index, key in enumerate(chunk.keys):
            while skip is not None and skip[0] == index:
                self._skip(skip[1])
                skip = next(skipped, None)
            if key in seen:
                self.duplicates.append(key)
                ids.append(None)
            else:
                seen.add(key)
                ids.append(self.next_id)
                self.next_id += 1
        while skip is not None:
            self._skip(skip[1])
            skip = next(skipped, None)
        return ids

    def _skip(self, key: str) -> None:
        """A record without rows: a repeat when its key was read before, else unnamed."""
        if not key or key in self.keys:
            self.duplicates.append(key or "(no key)")
        else:
            self.unnamed += 1

    def warnings(self) -> list[str]:
        found = []
        if self.duplicates:
            shown = ", ".join(self.duplicates[:5]) + ("…" if len(self.duplicates) > 5 else "")
            found.append(
                f"{len(self.duplicates)} records repeat a key already read and were skipped "
                f"(the first was kept): {shown}"
            )
        if self.unnamed:
            found.append(f"{self.unnamed} records have no name and were skipped")
        return found
