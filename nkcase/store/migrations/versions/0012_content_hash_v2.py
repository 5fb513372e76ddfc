"""List records' content hashes in version 2 (compact JSON instead of ``repr``)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03

No schema change. The content hash that tells an amended list record from an unchanged one
(:func:`nkcase.screening.parsers.content_hash.content_hash`) moved from version 1 (SHA-256 of the
``repr`` of the record's sorted content) to version 2 (SHA-256 of the compact JSON of the same
content: a third of the cost, issue 13). A snapshot imported after this upgrade, hashed in
version 2, compared with one imported before, hashed in version 1, would show every record
amended, and every rejected screening pair would reopen. So every stored hash is recomputed:

- ``list_record``: each record is decoded from its ``data`` (:mod:`nkcase.screening.codec`) and
  hashed again; ``content_hash`` and the ``"hash"`` inside ``data`` are rewritten (the JSON
  otherwise as it was: the same compact encoder's text). Version 1 and version 2 tell the same
  records apart (equal content, equal hash, in either), so snapshot diffs count exactly what
  they counted before. A hash that did not match its record's content (written by an older
  form of version 1, or by hand) is replaced by the hash of the content, which is what every
  comparison means to compare.
- ``screening_candidate``: ``content_hash`` is the hash of the record as it was when the pair
  was last screened, copied from that record; a rejected pair stays rejected while the list's
  record has the same hash. A candidate whose hash equals its record's old one gets the
  record's new one. One whose hash differs from its record's (possible only when something
  other than a screening wrote one of them) keeps the difference: it gets the new hash of
  another stored record whose old hash it equals (the content it was screened against, held by
  another snapshot), else it is left as it was — no version 2 hash equals it, so the pair
  reopens at its next screening, as it would have before unless the newer record had that
  very content, which no snapshot of the casebook holds.

Candidates are updated in place: their ``version`` and ``origin`` stamps are kept (the same
state, written in another form: a merge with a copy that was upgraded too sees the same rows),
and no audit event is written (the upgrade is not a user's operation; the store writes a
backup of a casebook file before running it, the server's backups stand in on PostgreSQL).

The audit log is not rewritten: it cannot be (its triggers refuse it, and each event's hash
covers the rows it holds). Its events keep the candidate rows of past screenings and reviews
with the version 1 hashes they had then, which were right for their time. Nothing compares a
live hash with a logged one: undo and redo check rows against the changes of the session's own
undo stack, which starts empty when a casebook is opened, after the upgrade; other analysts'
changes read back from the log only refresh views; a merge compares the rows of two casebooks
(both upgraded when opened) by their stamps, and shows a logged state only as the base of a
question.

This migration calls the live :func:`~nkcase.screening.parsers.content_hash.content_hash` and
:func:`~nkcase.screening.codec.record_from_dict` rather than frozen copies: its job is to bring
stored hashes to the current canonical form, whatever version that is (a later version's
migration maps hashes already current to themselves), and ``record_from_dict`` must keep
reading this layout of ``data`` (unchanged since the first list migration) or this migration
gets a frozen reader.

Cost per 100,000 records (the 100,000-record FtM benchmark file,
``benchmarks/.data/ftm-100000.ftm.json``: two names, one identifier, one date of birth a
record; hashes reset and the upgrade timed, on the shared 2-core machine at load 3-10): SQLite
3.5-5.8 s CPU (5.3-8.8 s wall), PostgreSQL 5.6-5.9 s CPU in nkcase (12.8-14.0 s wall). A
casebook of a million list records takes about a minute, once. Most of it is decoding each
record's JSON, building the record and hashing it; each batch is written with one DB-API
executemany. Records are read and written in batches of :data:`BATCH` by id, so memory stays
flat; the candidates (a few per screened entity) are read whole.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Records read and rewritten per statement.
BATCH = 2000

_RECORDS = sa.table(
    "list_record",
    sa.column("id", sa.Integer),
    sa.column("content_hash", sa.String),
    sa.column("data", sa.Text),
)
_CANDIDATES = sa.table(
    "screening_candidate",
    sa.column("id", sa.String),
    sa.column("list_record_id", sa.Integer),
    sa.column("content_hash", sa.String),
)


def upgrade() -> None:
    rehash(op.get_bind())


def downgrade() -> None:
    """Refused: no table changed, but the stored hashes are version 2, which an nkcase of
    revision 0011 would take for amendments of every record (and reopen every rejected pair).
    A casebook goes back through the backup its upgrade kept."""
    raise NotImplementedError(
        "revision 0012 cannot be undone in place (list records carry version 2 content "
        "hashes): restore the backup that the upgrade kept"
    )


def rehash(conn: sa.Connection, batch: int = BATCH) -> tuple[int, int]:
    """Bring every stored list record's hash and the candidates' copies of them to the current
    canonical form (see the module docstring); (records rewritten, candidates rewritten)."""
    from nkcase.screening.codec import compact_json_bytes, record_from_dict
    from nkcase.screening.parsers.content_hash import content_hash

    candidates = conn.execute(
        sa.select(_CANDIDATES.c.id, _CANDIDATES.c.list_record_id, _CANDIDATES.c.content_hash)
    ).all()
    held = {old for _, _, old in candidates}  # the old hashes candidates hold
    pointed = {record_id for _, record_id, _ in candidates}
    new_of: dict[str, str] = {}  # old → new, for the hashes candidates hold
    own: dict[int, tuple[str, str]] = {}  # record id → (old, new), for candidates' records
    # one DB-API executemany of tuples a batch: SQLAlchemy's processing of each row's
    # parameters would be a third of the time (the marks are the driver's: SQLite "?",
    # psycopg "%s")
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    rewrite = f"UPDATE list_record SET content_hash = {mark}, data = {mark} WHERE id = {mark}"
    rewritten, last = 0, -1
    while True:
        rows = conn.execute(
            sa.select(_RECORDS.c.id, _RECORDS.c.content_hash, _RECORDS.c.data)
            .where(_RECORDS.c.id > last)
            .order_by(_RECORDS.c.id)
            .limit(batch)
        ).all()
        if not rows:
            break
        last = rows[-1][0]
        changed = []
        for record_id, old, text in rows:
            data = json.loads(text)
            new = content_hash(record_from_dict(data))
            if old in held:
                new_of.setdefault(old, new)
            if record_id in pointed:
                own[record_id] = (old, new)
            if new == old and data.get("hash") == new:
                continue  # already current (a second run changes nothing)
            data["hash"] = new
            changed.append((new, compact_json_bytes(data).decode(), record_id))
        if changed:
            conn.exec_driver_sql(rewrite, changed)
            rewritten += len(changed)
    moved = []
    for candidate_id, record_id, old in candidates:
        record = own.get(record_id)
        new = record[1] if record is not None and record[0] == old else new_of.get(old, old)
        if new != old:
            moved.append({"b_id": candidate_id, "b_hash": new})
    if moved:
        conn.execute(
            sa.update(_CANDIDATES)
            .where(_CANDIDATES.c.id == sa.bindparam("b_id"))
            .values(content_hash=sa.bindparam("b_hash")),
            moved,
        )
    return rewritten, len(moved)
