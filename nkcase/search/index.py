"""Keeping the search index in step with the casebook, inside the same transaction.

:func:`apply_rows` is called by :func:`nkcase.services.changes.operation` with the rows every
operation changed (imports, name edits, quotes, notes, undo and redo alike), so the index can
never drift from the data it describes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from nkcase.search.passages import split_passages
from nkcase.store.batches import chunked
from nkcase.textfold import fold_parts, fold_text
from nkcase.vocabulary import NAME_PROPERTIES, has_cjk

_REMOVE_MANY = text(
    "DELETE FROM search_doc WHERE kind = :kind AND ref_id IN :refs"
).bindparams(bindparam("refs", expanding=True))

_INSERT = text(
    "INSERT INTO search_doc (kind, ref_id, owner_id, text_version_id, start_offset, end_offset,"
    " page, cjk, body) VALUES (:kind, :ref_id, :owner_id, :text_version_id, :start, :end, :page,"
    " :cjk, :body)"
)


def _doc(
    kind: str, ref_id: str, owner_id: str, body: str, folded: str | None = None, **where: Any
) -> dict[str, Any]:
    """One search_doc row; ``folded`` is ``fold_text(body)`` when the caller has it already."""
    return {
        "kind": kind,
        "ref_id": ref_id,
        "owner_id": owner_id,
        "text_version_id": where.get("text_version_id"),
        "start": where.get("start"),
        "end": where.get("end"),
        "page": where.get("page"),
        "cjk": int(has_cjk(body)),
        "body": fold_text(body) if folded is None else folded,
    }


def index_text_version(
    session: Session, text_version_id: str, source_id: str, full_text: str, page_map: str
) -> int:
    """Index a text version's passages (one batch insert); returns how many."""
    page_starts = [int(p[0]) for p in json.loads(page_map or "[]")]
    passages = list(split_passages(full_text, page_starts))
    bodies = fold_parts(full_text, ((p.start, p.end) for p in passages))
    docs = [
        _doc(
            "passage",
            source_id,
            source_id,
            full_text[p.start : p.end],
            body,
            text_version_id=text_version_id,
            start=p.start,
            end=p.end,
            page=p.page,
        )
        for p, body in zip(passages, bodies, strict=True)
    ]
    if docs:
        session.execute(_INSERT, docs)
    return len(docs)


def remove_docs(session: Session, kind: str, ref_id: str) -> None:
    session.execute(
        text("DELETE FROM search_doc WHERE kind = :kind AND ref_id = :ref"),
        {"kind": kind, "ref": ref_id},
    )


def affects_index(table: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> bool:
    """Whether a change of this row changes what the index holds (see :func:`apply_rows`)."""
    if table == "fact":
        return any(row is not None and row["prop"] in NAME_PROPERTIES for row in (before, after))
    return table in ("text_version", "quote", "note")


def apply_rows(session: Session, rows: Sequence[Any]) -> None:
    """Bring the index up to date with one operation's row changes (see module docstring).

    The documents of changed names, quotes and notes are removed and written in batches (one
    row appears once in an operation's changes, so removing all before writing all is the
    same as replacing each): an import of thousands of entities costs a few statements, not
    two per row."""
    sources_to_reindex: set[str] = set()
    removed: dict[str, list[str]] = {}
    written: list[dict[str, Any]] = []
    for row in rows:
        before, after = row.before, row.after
        if row.table == "text_version":
            sources_to_reindex.add((after or before or {})["source_id"])
            continue
        kind_and_make = _DOCUMENTS.get(row.table)
        if kind_and_make is None:
            continue
        kind, make = kind_and_make
        if before is not None:
            removed.setdefault(kind, []).append(before["id"])
        if after is not None and (doc := make(after)) is not None:
            written.append(doc)
    for kind, ids in removed.items():
        for chunk in chunked(ids):
            session.execute(_REMOVE_MANY, {"kind": kind, "refs": chunk})
    if written:
        session.execute(_INSERT, written)
    for source_id in sorted(sources_to_reindex):
        index_current_text(session, source_id)


def index_current_text(session: Session, source_id: str) -> None:
    """Index the passages of the source's current (newest) text version only.

    Older versions are history: a search must not find a passage twice, once per extraction.
    Undoing a re-extraction deletes the newest version, and the previous one is indexed again.
    """
    session.execute(
        text("DELETE FROM search_doc WHERE kind = 'passage' AND owner_id = :s"), {"s": source_id}
    )
    current = session.execute(
        text(
            "SELECT id, text, page_map FROM text_version WHERE source_id = :s "
            "ORDER BY number DESC LIMIT 1"
        ),
        {"s": source_id},
    ).first()
    if current is not None:
        index_text_version(session, current[0], source_id, current[1], current[2])


def _name_doc(row: dict[str, Any]) -> dict[str, Any] | None:
    if row["prop"] not in NAME_PROPERTIES:
        return None
    return _doc("name", row["id"], row["entity_id"], row["value"])


def _quote_doc(row: dict[str, Any]) -> dict[str, Any]:
    body = row["exact"] + ("\n" + row["note"] if row.get("note") else "")
    return _doc(
        "quote",
        row["id"],
        row["source_id"],
        body,
        text_version_id=row["text_version_id"],
        start=row["start_offset"],
        end=row["end_offset"],
        page=row.get("first_page"),
    )


def _note_doc(row: dict[str, Any]) -> dict[str, Any]:
    return _doc("note", row["id"], row["entity_id"], row["text"])


_DOCUMENTS: dict[str, tuple[str, Callable[[dict[str, Any]], dict[str, Any] | None]]] = {
    "fact": ("name", _name_doc),
    "quote": ("quote", _quote_doc),
    "note": ("note", _note_doc),
}
"""Changed rows of these tables → the kind of search document they make, and how."""


def rebuild(session: Session, rows: Iterable[tuple[str, dict[str, Any]]]) -> None:
    """Drop and refill the whole index from ``(table, row)`` pairs (``nkcase reindex``)."""
    session.execute(text("DELETE FROM search_doc"))
    if session.get_bind().dialect.name == "sqlite":  # PostgreSQL's indexes follow by themselves
        session.execute(text("INSERT INTO search_fts(search_fts) VALUES ('rebuild')"))
        session.execute(text("INSERT INTO search_tri(search_tri) VALUES ('rebuild')"))
    for table, row in rows:
        apply_rows(session, [_Insert(table, row)])


class _Insert:
    def __init__(self, table: str, row: dict[str, Any]) -> None:
        self.table, self.before, self.after = table, None, row
