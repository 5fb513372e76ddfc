"""A list snapshot's blocking index, stored in the casebook beside the snapshot.

Building the index of a large list costs about 30 s of CPU per million names (computing the
names' keys is most of it), and every process that screens needs it: each ``nkcase screen``,
each start of the app. So the first screening against a snapshot stores the index it built
(table ``list_blocking``: the arrays of :class:`~nkcase.screening.matching.index.IndexPart`
as pieces of at most :data:`PIECE_BYTES`, and a header), and later processes load it.

It is derived data, and is never trusted beyond what it says it was made from. The header
names the index format (:data:`~nkcase.screening.matching.blocking.INDEX_FORMAT`: the key
hash, the keys, the layout), the machine's byte order, the snapshot (its file's SHA-256 and
record count) and the rows it was built from: the first and last row id of the snapshot's
names and of its identifiers, looked up at every load (:func:`built_from`: four lookups, not a
pass over a million names, which cost 0.3–0.5 s). A header that differs in anything, or
arrays that do not fit it, mean the index is built again, and stored again. So an index of
another format, of another casebook's copy of the list (whose rows carry other integer keys),
or of a snapshot whose names were added to or re-keyed since, is never used. Snapshot rows are
never edited (reference data, written once by the bulk import); a row changed in place or
removed from the middle behind nkcase's back is not seen here — ``nkcase check`` reports the
removal (the bulk import's row counts no longer hold).

When it is written: lazily, at the first screening, in its own short write transaction after
the reading (:meth:`~nkcase.store.providers.StoreProvider.brief_write`), not at import, so the
list import does not pay for it. A casebook open read-only, busy with another writer, or a
team role without the right to write, simply screens with the index built in memory: storing
is skipped without a word. It is never copied, sliced, merged or exported (the copy builds its
own), and goes with its snapshot (``ON DELETE CASCADE``). An encrypted casebook holds it
encrypted like every other page.
"""

from __future__ import annotations

import json
import logging
import sys
from array import array
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from nkcase.model import Base, ListBlocking, ListIdentifier, ListName, ListSnapshot
from nkcase.screening.matching.blocking import (
    INDEX_FORMAT,
    BlockingIndex,
    identifier_key,
    name_keys,
)
from nkcase.screening.matching.index import IndexPart
from nkcase.store import Casebook

log = logging.getLogger(__name__)

#: The largest piece of an array stored in one row (SQLite and PostgreSQL take up to 1 GB in
#: a value, but a piece is held twice in memory while it is read or written).
PIECE_BYTES = 16 << 20
#: How long storing an index waits for another writer before it gives up (and the index is
#: stored at a later screening).
WRITE_WAIT_MS = 200
HEADER = "header"
#: The arrays of an index part, with their type codes.
ARRAYS = {"hashes": "Q", "offsets": "I", "ids": "I", "owners": "I"}

Header = dict[str, Any]


def built_from(session: Session, snapshot_id: str) -> Header:
    """The header an index of the snapshot's current names must carry to be used."""
    snapshot = session.get(ListSnapshot, snapshot_id)
    found: Header = {
        "format": INDEX_FORMAT,
        "byteorder": sys.byteorder,
        "snapshot": snapshot_id,
        "list": None if snapshot is None else [snapshot.sha256, snapshot.record_count],
    }
    for label, table in (("names", ListName), ("identifiers", ListIdentifier)):
        # two lookups, not one scan: min() and max() alone are read off the snapshot's index
        where = table.snapshot_id == snapshot_id
        found[label] = [
            session.scalar(select(func.min(table.id)).where(where)),
            session.scalar(select(func.max(table.id)).where(where)),
        ]
    return found


def snapshot_entries(session: Session, snapshot_id: str) -> Iterator[tuple[int, set[str]]]:
    """(record id, keys) of every name of the snapshot in name id order, then of every
    identifier in identifier id order: what an index part is built from."""
    from nkcase.services.list_records import iter_name_texts

    for record_id, name in iter_name_texts(session, [snapshot_id]):
        yield record_id, name_keys(name)
    identifiers = session.execute(
        select(ListIdentifier.record_id, ListIdentifier.value)
        .where(ListIdentifier.snapshot_id == snapshot_id)
        .order_by(ListIdentifier.id)
    )
    for record_id, value in identifiers:
        yield record_id, {identifier_key(value)}


def part_pieces(part: IndexPart, header: Header) -> list[tuple[str, int, bytes]]:
    """The rows (part, seq, data) that store ``part``: the header (``header`` with the arrays'
    lengths), then each array in pieces of at most :data:`PIECE_BYTES`."""
    hashes, offsets, ids = part.blocking.arrays()
    arrays = {"hashes": hashes, "offsets": offsets, "ids": ids, "owners": part.owners}
    full = {**header, "lengths": {name: len(a) for name, a in arrays.items()}}
    pieces = [(HEADER, 0, json.dumps(full, sort_keys=True).encode())]
    for name, values in arrays.items():
        data = memoryview(values).cast("B")
        for seq, start in enumerate(range(0, max(len(data), 1), PIECE_BYTES)):
            pieces.append((name, seq, bytes(data[start : start + PIECE_BYTES])))
    return pieces


def part_from_pieces(
    header: Header, stored_header: bytes, pieces: Iterable[tuple[str, bytes]]
) -> IndexPart | None:
    """The index part stored as ``stored_header`` and ``pieces`` (part, data; in seq order),
    or None when it was not made from what ``header`` says or does not hold together."""
    try:
        kept = json.loads(bytes(stored_header))
    except ValueError:
        return None
    if not isinstance(kept, dict) or {k: kept.get(k) for k in header} != header:
        return None
    arrays = {name: array(code) for name, code in ARRAYS.items()}
    for name, data in pieces:
        target = arrays.get(name)
        if target is None or len(data) % target.itemsize:
            return None
        target.frombytes(data)
    if kept.get("lengths") != {name: len(a) for name, a in arrays.items()}:
        return None
    try:
        blocking = BlockingIndex.from_arrays(arrays["hashes"], arrays["offsets"], arrays["ids"])
    except ValueError:
        return None
    return IndexPart(blocking, arrays["owners"])


def load_part(session: Session, snapshot_id: str, header: Header) -> IndexPart | None:
    """The stored index of the snapshot, if there is one made from what ``header`` says."""
    stored = session.scalar(
        select(ListBlocking.data).where(
            ListBlocking.snapshot_id == snapshot_id,
            ListBlocking.part == HEADER,
            ListBlocking.seq == 0,
        )
    )
    if stored is None:
        return None
    pieces = session.execute(
        select(ListBlocking.part, ListBlocking.data)
        .where(ListBlocking.snapshot_id == snapshot_id, ListBlocking.part != HEADER)
        .order_by(ListBlocking.part, ListBlocking.seq)
    )
    return part_from_pieces(header, stored, ((p, d) for p, d in pieces))


def store_part(casebook: Casebook, snapshot_id: str, header: Header, part: IndexPart) -> bool:
    """Store ``part`` as the snapshot's index (replacing any other) in one short write
    transaction; False, having written nothing, when the casebook is read-only, busy or
    refuses the write (a team role that may only read)."""
    if casebook.readonly:
        return False
    table = Base.metadata.tables[ListBlocking.__tablename__]
    try:
        with casebook.provider.brief_write(casebook.engine, WRITE_WAIT_MS) as conn:
            conn.execute(delete(table).where(table.c.snapshot_id == snapshot_id))
            for name, seq, data in part_pieces(part, header):
                # one row a statement: a piece is large enough to be its own
                conn.execute(
                    insert(table),
                    {"snapshot_id": snapshot_id, "part": name, "seq": seq, "data": data},
                )
    except DBAPIError as err:
        # busy, read-only role, snapshot removed meanwhile: the next screening tries again
        log.info("blocking index of list snapshot %s not stored: %s", snapshot_id, err.orig)
        return False
    return True


def snapshot_part(casebook: Casebook, snapshot_id: str) -> IndexPart:
    """The snapshot's index part: loaded when a fitting one is stored, otherwise built from
    the snapshot's names and identifiers and stored for the next process."""
    with casebook.reading() as session:
        header = built_from(session, snapshot_id)
        part = load_part(session, snapshot_id, header)
        if part is not None:
            return part
        part = IndexPart.build(snapshot_entries(session, snapshot_id))
    store_part(casebook, snapshot_id, header, part)
    return part
