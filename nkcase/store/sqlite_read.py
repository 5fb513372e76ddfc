"""Reading a plain casebook file through the stdlib ``sqlite3`` module, without SQLAlchemy.

Importing SQLAlchemy's ORM costs more than half a second on a slow machine, more than a
listing command may take from start to finish (issue 12: ``nkcase entity list`` ≤ 0.35 s). This
module is the read-only path of a plain (unencrypted) casebook file:

- :func:`reading_file` opens it as :class:`~nkcase.store.casebook.Casebook` opens a file to
  read: ``mode=ro`` (no writer lock, no upgrade, WAL readers that never block the writer),
  the same busy timeout, ``query_only``, and one deferred transaction, so every query sees
  one snapshot. It checks the schema revision exactly as :func:`~nkcase.store.open_casebook`
  does, refusing another one with the same messages (:mod:`nkcase.store.revisions`);
- :class:`FileRows` runs the queries of a level load
  (:class:`~nkcase.services.level_rows.LevelRows`); which rows a load reads and how they
  become the rule's items is decided once, in :func:`nkcase.services.level_rows.levels_from`;
- :func:`entity_page`, :func:`quote_counts`, :func:`confirmed_candidates` and
  :func:`list_record_data` are the entity list's own queries.

Each statement is the one SQLAlchemy compiles for the same question on SQLite (the same
columns, joins, conditions and batches of ids, so also the same row order), and
tests/services/test_entity_list_file.py compares both paths' output. Encrypted casebooks
(SQLCipher) and team casebooks (PostgreSQL) always take the SQLAlchemy path.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from nkcase.store import revisions
from nkcase.store.batches import IDS_PER_STATEMENT, chunked

BUSY_TIMEOUT_MS = 10_000
"""How long a connection waits for a lock another connection holds (both paths)."""

_RELEASE = "{t}.handling, {t}.released_to, {t}.released_by, {t}.released_at, {t}.release_reason"

Row = Sequence[Any]


@contextmanager
def reading_file(path: Path) -> Iterator[sqlite3.Connection]:
    """One read transaction on the plain casebook file ``path`` at the head revision.

    Raises what :func:`nkcase.store.open_casebook` raises for a file it cannot read: damaged
    or not SQLite, SQLite but not a casebook, too new, or older (reading does not upgrade).
    """
    conn = sqlite3.connect(
        f"file:{path.resolve().as_posix()}?mode=ro", uri=True, isolation_level=None
    )
    try:
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA query_only = 1")
            conn.execute("BEGIN")
            revision = _revision(conn)
        except sqlite3.DatabaseError as err:
            raise revisions.damaged(path, err) from None
        if revision is None:
            raise revisions.not_a_casebook(path)
        revisions.refuse_if_too_new(revision, path)
        if revision != revisions.HEAD_REVISION:
            raise revisions.older_schema_for_reading(path, revision)
        yield conn
    finally:
        conn.close()  # ends the read transaction: it wrote nothing


def _revision(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError as err:
        if "no such table" in str(err):
            return None
        raise
    return None if row is None else str(row[0])


def _in(ids: Sequence[str]) -> str:
    return "(" + ", ".join("?" * len(ids)) + ")"


class FileRows:
    """The queries of a level load (:class:`~nkcase.services.level_rows.LevelRows`) on a
    connection from :func:`reading_file`: ids bound ``IN (…)`` in batches, as on SQLite
    through SQLAlchemy (:mod:`nkcase.store.id_sets`)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def _rows(self, sql: str, where: str, ids: Sequence[str] | None) -> list[Row]:
        """``sql`` for every row (``ids`` None), or ``sql WHERE where`` for each batch of ids
        (``where`` holds ``{ids}`` where the batch goes, any number of times)."""
        if ids is None:
            return self.conn.execute(sql).fetchall()
        out: list[Row] = []
        for batch in chunked(ids):
            clause = where.format(ids=_in(batch))
            out += self.conn.execute(f"{sql} WHERE {clause}", batch * where.count("{ids}"))
        return out

    def relationships(self, ids: list[str] | None) -> dict[str, Row]:
        sql = (
            "SELECT relationship.id, relationship.subject_id, relationship.object_id, "
            f"{_RELEASE.format(t='relationship')} FROM relationship"
        )
        where = "relationship.subject_id IN {ids} OR relationship.object_id IN {ids}"
        return {r[0]: r for r in self._rows(sql, where, ids)}

    def events(self, ids: list[str] | None) -> dict[str, tuple[Row, tuple[str, ...]]]:
        sql = f"SELECT event.id, {_RELEASE.format(t='event')} FROM event"
        where = "event.id IN (SELECT event_entity.event_id FROM event_entity WHERE " \
            "event_entity.entity_id IN {ids})"
        rows = {r[0]: r for r in self._rows(sql, where, ids)}
        parties: dict[str, list[str]] = defaultdict(list)
        links = "SELECT event_entity.event_id, event_entity.entity_id FROM event_entity"
        order = " ORDER BY event_entity.position"
        if ids is None:
            found = self.conn.execute(links + order).fetchall()
        else:
            found = []
            for batch in chunked(rows):
                found += self.conn.execute(
                    f"{links} WHERE event_entity.event_id IN {_in(batch)}{order}", batch
                )
        for event_id, entity_id in found:
            parties[event_id].append(entity_id)
        return {k: (row, tuple(parties.get(k, ()))) for k, row in rows.items()}

    def entities(self, ids: list[str] | None) -> list[Row]:
        sql = f"SELECT entity.id, entity.caption, {_RELEASE.format(t='entity')} FROM entity"
        return self._rows(sql, "entity.id IN {ids}", ids)

    def facts(self, entity_ids: list[str] | None) -> list[Row]:
        sql = (
            "SELECT fact.id, fact.entity_id, fact.prop, fact.value, fact.position, "
            f"{_RELEASE.format(t='fact')} FROM fact"
        )
        return self._rows(sql, "fact.entity_id IN {ids}", entity_ids)

    def notes(self, entity_ids: list[str] | None) -> list[Row]:
        sql = f"SELECT note.id, note.entity_id, {_RELEASE.format(t='note')} FROM note"
        return self._rows(sql, "note.entity_id IN {ids}", entity_ids)

    def evidence(
        self, entity_scope: list[str] | None, note_scope: list[str] | None
    ) -> list[tuple[str, str, str, str]]:
        found: set[tuple[str, str, str, str]] = set()
        found.update(self._links(_ENTITY_TARGETS, entity_scope))
        found.update(self._links(_NOTE_TARGETS, note_scope))
        return sorted(found)

    def _links(
        self, targets: Sequence[tuple[str, str, str]], ids: list[str] | None
    ) -> list[tuple[str, str, str, str]]:
        """One UNION ALL of the targets' links per batch of entity ids (None: every link)."""

        def part(column: str, join: str, where: str, batch: Sequence[str] | None) -> str:
            sql = (
                f"SELECT evidence.quote_id, {column}, quote.source_id, quote.handling "
                f"FROM evidence JOIN quote ON quote.id = evidence.quote_id{join} "
                f"WHERE {column} IS NOT NULL"
            )
            return sql if batch is None else f"{sql} AND {where.format(ids=_in(batch))}"

        if ids is None:
            sql = " UNION ALL ".join(part(c, j, w, None) for c, j, w in targets)
            return [tuple(r) for r in self.conn.execute(sql)]
        out: list[tuple[str, str, str, str]] = []
        # a batch's ids are bound once per target: smaller batches keep the total low
        for batch in chunked(ids, IDS_PER_STATEMENT // len(targets)):
            sql = " UNION ALL ".join(part(c, j, w, batch) for c, j, w in targets)
            bound = [i for _c, _j, w in targets for _n in range(w.count("{ids}")) for i in batch]
            out += [tuple(r) for r in self.conn.execute(sql, bound)]
        return out

    def quotes(self) -> list[Row]:
        return self.conn.execute("SELECT quote.id, quote.source_id, quote.handling FROM quote") \
            .fetchall()

    def sources(self) -> list[Row]:
        return self.conn.execute(
            "SELECT source.id, source.title, source.handling FROM source"
        ).fetchall()


#: (target column, join to the item it names, condition that the item belongs to a batch of
#: entities) of the evidence links that count for entities' levels, and for their notes'.
_ENTITY_TARGETS = (
    ("evidence.entity_id", "", "evidence.entity_id IN {ids}"),
    ("evidence.fact_id", " JOIN fact ON fact.id = evidence.fact_id", "fact.entity_id IN {ids}"),
    ("evidence.relationship_id",
     " JOIN relationship ON relationship.id = evidence.relationship_id",
     "(relationship.subject_id IN {ids} OR relationship.object_id IN {ids})"),
    ("evidence.event_id", " JOIN event_entity ON event_entity.event_id = evidence.event_id",
     "event_entity.entity_id IN {ids}"),
)  # fmt: skip
_NOTE_TARGETS = (
    ("evidence.note_id", " JOIN note ON note.id = evidence.note_id", "note.entity_id IN {ids}"),
)


def entity_page(
    conn: sqlite3.Connection,
    *,
    schema: str | None = None,
    status: str | None = None,
    tag: str | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> list[tuple[str, str, str]]:
    """(id, schema, caption) of the entities sorted by caption (SQLite's ``lower``), filtered
    by schema name, status and (lower-case) tag."""
    conditions: list[str] = []
    params: list[Any] = []
    if schema:
        conditions.append("entity.schema = ?")
        params.append(schema)
    if status:
        conditions.append(
            "entity.id IN (SELECT fact.entity_id FROM fact WHERE fact.prop = ? AND fact.value = ?)"
        )
        params += ["status", status]
    if tag:
        conditions.append(
            "entity.id IN (SELECT entity_tag.entity_id FROM entity_tag WHERE entity_tag.tag = ?)"
        )
        params.append(tag)
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    sql = (
        f"SELECT entity.id, entity.schema, entity.caption FROM entity{where} "
        "ORDER BY lower(entity.caption), entity.id LIMIT ? OFFSET ?"
    )
    return conn.execute(sql, [*params, -1 if limit is None else limit, offset]).fetchall()


def quote_counts(conn: sqlite3.Connection, entity_ids: Sequence[str]) -> dict[str, int]:
    """How many distinct quotes support each entity: directly, or through its facts, its
    relationships (either end) and its notes (as
    :func:`nkcase.services.casefiles.quote_counts_for`)."""
    counts: dict[str, int] = {}
    for batch in chunked(entity_ids):
        ids = _in(batch)
        sql = (
            "SELECT anon_1.eid, count(distinct(anon_1.quote_id)) FROM ("
            "SELECT evidence.entity_id AS eid, evidence.quote_id AS quote_id FROM evidence "
            f"WHERE evidence.entity_id IN {ids} "
            "UNION SELECT fact.entity_id AS eid, evidence.quote_id AS quote_id "
            f"FROM fact JOIN evidence ON evidence.fact_id = fact.id WHERE fact.entity_id IN {ids} "
            "UNION SELECT relationship.subject_id AS eid, evidence.quote_id AS quote_id "
            "FROM relationship JOIN evidence ON evidence.relationship_id = relationship.id "
            f"WHERE relationship.subject_id IN {ids} "
            "UNION SELECT relationship.object_id AS eid, evidence.quote_id AS quote_id "
            "FROM relationship JOIN evidence ON evidence.relationship_id = relationship.id "
            f"WHERE relationship.object_id IN {ids} "
            "UNION SELECT note.entity_id AS eid, evidence.quote_id AS quote_id "
            f"FROM note JOIN evidence ON evidence.note_id = note.id WHERE note.entity_id IN {ids}"
            ") AS anon_1 GROUP BY anon_1.eid"
        )
        counts.update((eid, int(n)) for eid, n in conn.execute(sql, batch * 5))
    return counts


def confirmed_candidates(
    conn: sqlite3.Connection, entity_ids: Sequence[str]
) -> list[tuple[str, str, str | None, str | None, str | None]]:
    """(entity id, list code, reference, list record id, delisted-in snapshot id) of the
    confirmed screening candidates of the entities, in the order the screening services read
    them (:func:`nkcase.services.screening_records.designations_for`)."""
    found: list[tuple[str, str, str | None, str | None, str | None]] = []
    for batch in chunked(entity_ids):
        found += conn.execute(
            "SELECT screening_candidate.entity_id, screening_candidate.list_code, "
            "screening_candidate.reference, screening_candidate.list_record_id, "
            "screening_candidate.delisted_in FROM screening_candidate "
            f"WHERE screening_candidate.entity_id IN {_in(batch)} "
            "AND screening_candidate.status = ?",
            [*batch, "confirmed"],
        )
    return found


def list_record_data(conn: sqlite3.Connection, record_ids: Sequence[str]) -> dict[str, str]:
    """The stored JSON of the list records ``record_ids``, by id."""
    found: dict[str, str] = {}
    for batch in chunked(record_ids):
        found.update(
            conn.execute(
                f"SELECT list_record.id, list_record.data FROM list_record "
                f"WHERE list_record.id IN {_in(batch)}",
                batch,
            )
        )
    return found
