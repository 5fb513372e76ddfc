"""A run of parsed list records as the rows the casebook stores, before they have ids.

Building a record's rows (its JSON, caption, the name rows' parts JSON) is a third of a list
import's work per record. It is done here, apart from the writing, so that worker processes can
do it for their part of a large file (:mod:`nkcase.screening.pipeline`) and the process that
writes only numbers and inserts the rows; an import read in one process makes the very same
:class:`ChunkRows` from its batches, so both ways store the same rows by construction.

Rows name their record by its index in the chunk, not by a record id: ids are given by the
writer, in file order, after it has dropped repeated keys (which it can only tell across the
whole file). Pure: no database, no Qt.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from nkcase.screening.codec import parts_to_json, record_to_json
from nkcase.screening.records import ListRecord

Row = tuple[Any, ...]
Column = tuple[Any, ...]
"""One column of a chunk's rows (the rows are kept as columns, see :class:`ChunkRows`)."""


@dataclass(slots=True)
class ChunkRows:
    """The rows of consecutive records of one list file, as columns.

    ``keys[i]`` is the key of record ``i`` of the chunk. ``records`` holds the columns of the
    record rows (record_key, schema, caption, reference, listed_on, countries, content_hash,
    data: the record columns after id and snapshot_id); ``names`` and ``identifiers`` hold
    those of the name and identifier rows, whose first column is that ``i`` instead of the
    record id (then the columns after record_id and snapshot_id). Each is an empty list when
    the chunk has no such rows. Columns, not rows: the writer numbers the rows and adds the
    snapshot id with ``zip`` in C (no tuple built in Python per row), and a worker sends them
    as they are (:meth:`__reduce__`).

    Only records with a key and a name get rows. ``skipped`` lists the others, as (number of
    records with rows before it, key or ""), in file order: a record without a name is
    counted, or is a repeat when its key was read before. ``end`` is how far into the main
    file the chunk reaches (bytes), for progress.
    """

    keys: list[str] = field(default_factory=list)
    records: list[Column] = field(default_factory=list)
    names: list[Column] = field(default_factory=list)
    identifiers: list[Column] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    end: int = 0

    def __reduce__(self) -> tuple[Any, tuple[bytes]]:
        """Pickled (from a worker process) as one ``marshal`` buffer of the columns: 40 % less
        CPU on both sides than pickling rows (no memo, no opcode per tuple). Every value is a
        str, an int or None."""
        return _from_wire, (
            marshal.dumps(
                (self.keys, self.records, self.names, self.identifiers, self.skipped, self.end)
            ),
        )


def _from_wire(data: bytes) -> ChunkRows:
    return ChunkRows(*marshal.loads(data))


def chunk_rows(records: Iterable[ListRecord], end: int = 0) -> ChunkRows:
    """The rows of ``records`` (see :class:`ChunkRows`); ``end`` is stored as given."""
    chunk = ChunkRows(end=end)
    keys, skipped = chunk.keys, chunk.skipped
    record_rows: list[Row] = []
    name_rows: list[Row] = []
    identifier_rows: list[Row] = []
    for record in records:
        key, names = record.record_key, record.names
        if not key or not names:
            skipped.append((len(keys), key or ""))
            continue
        index = len(keys)
        keys.append(key)
        first = names[0]  # the caption: most records list their main name first
        record_rows.append(
            (
                key,
                record.schema,
                first.full if first.quality == "name" else record.primary_name,
                record.reference,
                record.listed_on,
                " ".join(record.countries),
                record.content_hash,
                record_to_json(record),
            )
        )
        name_rows += [
            (
                index,
                n.full,
                n.quality,
                n.script,
                n.lang,
                n.family,
                parts_to_json(n.parts) if n.parts else "[]",
            )
            for n in names
        ]
        if record.identifiers:
            identifier_rows += [(index, i.kind, i.value, i.country) for i in record.identifiers]
    # transposed in C; marshal keeps the tuples (lists would cost as much to rebuild)
    chunk.records = list(zip(*record_rows, strict=True))
    chunk.names = list(zip(*name_rows, strict=True))
    chunk.identifiers = list(zip(*identifier_rows, strict=True))
    return chunk
