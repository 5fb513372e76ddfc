"""Conditions "this column is one of these ids", bound as cheaply as each backend allows.

A page of the navigator asks a dozen questions about the same few hundred entity ids (their
facts, evidence, relationships, levels). ``column.in_(ids)`` binds one parameter per id, so
each such statement is rendered anew for its number of ids, and on PostgreSQL the driver
parses the long text again every time: on a team casebook that rendering and parsing was
most of the CPU a navigator page cost. There the ids go in as one array parameter
(``column = ANY(:ids)``): the statement's text is the same for every page, compiled once by
SQLAlchemy, and prepared once by the server. The array is bound as its text form, one string
the server reads as a ``varchar[]`` parameter (:class:`ArrayText`): psycopg dumps a Python list
element by element in Python (binary or text), ~1.5 ms for a page of 200 ids, and a page binds
its ids in seven statements, where a string is handed over at C speed. The parameter itself has
the array type (``$1::VARCHAR[]``), so the server parses the text once when it binds it; a
``CAST`` of a string parameter instead would be evaluated again for every row a filter tests
(a navigator page's server CPU went from 14 ms to 116 ms that way). SQLite has no arrays; it
keeps ``IN (…)`` in batches (:data:`nkcase.store.batches.IDS_PER_STATEMENT` ids, below its
limit on bound parameters).

Callers ask :func:`id_batches` for the batches and :meth:`IdBatch.has` for the condition, and
run one statement per batch; they write no backend-specific SQL.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import any_, bindparam
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import UserDefinedType

from nkcase.store.batches import IDS_PER_STATEMENT, chunked


class ArrayText(UserDefinedType[str]):
    """A ``varchar[]`` parameter given as its text (:func:`array_literal`): rendered with the
    cast on the parameter (``%(ids)s::VARCHAR[]``), handed to the driver as the string."""

    cache_ok = True
    render_bind_cast = True

    def get_col_spec(self, **_kw: Any) -> str:
        return "VARCHAR[]"

    def bind_processor(self, dialect: Dialect) -> None:
        return None


@dataclass(frozen=True)
class IdBatch:
    """Some ids, bound the way the session's backend binds a list best."""

    ids: list[str]
    as_array: bool
    _array: ColumnElement[Any] | None = field(default=None, repr=False)

    def has(self, column: Any) -> ColumnElement[bool]:
        """``column`` is one of these ids (the same array parameter wherever it is asked)."""
        if self._array is not None:
            return column == any_(self._array)  # type: ignore[no-any-return]
        return column.in_(self.ids)  # type: ignore[no-any-return]


def id_batches(
    session: Session, ids: Collection[str], size: int = IDS_PER_STATEMENT
) -> Iterator[IdBatch]:
    """``ids`` (duplicates dropped, order kept) in as few batches as the backend allows: one
    array on PostgreSQL, lists of ``size`` on SQLite; none when there are no ids."""
    listed = list(dict.fromkeys(ids))
    if not listed:
        return
    if uses_arrays(session):
        yield IdBatch(listed, True, bindparam(None, array_literal(listed), type_=ArrayText()))
        return
    for chunk in chunked(listed, size):
        yield IdBatch(chunk, False)


def uses_arrays(session: Session) -> bool:
    """Whether the session's backend binds a list of ids as one array (PostgreSQL)."""
    return bool(session.get_bind().dialect.name == "postgresql")


def array_literal(ids: Collection[str]) -> str:
    """PostgreSQL's text form of an array of ``ids``: each element double-quoted, its
    backslashes and double quotes escaped (so any text, "NULL", commas and braces included,
    reads back as itself)."""
    if not ids:
        return "{}"
    joined = '","'.join(ids)
    if "\\" in joined or joined.count('"') != 2 * (len(ids) - 1):  # an id holds one of them
        joined = '","'.join(i.replace("\\", "\\\\").replace('"', '\\"') for i in ids)
    return '{"' + joined + '"}'
