"""The entity list's rows, and the list read from a plain casebook file without SQLAlchemy.

:func:`summaries_of` makes the rows of a page of entities from what was read for it — its
quote counts, the levels of its entities (:mod:`nkcase.services.level_rows`, whose load has
read the page's facts) and their designation marks — for both ways of reading a casebook:

- :func:`nkcase.services.casefiles.list_entities`, on any open casebook (SQLAlchemy);
- :func:`list_entities_in_file`, on a plain casebook file through the stdlib ``sqlite3``
  module (:mod:`nkcase.store.sqlite_read`): what ``nkcase entity list`` uses, so that a
  listing starts without importing SQLAlchemy (issue 12).

Both give the same rows for the same casebook (tests/services/test_entity_list_file.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from nkcase.services.designation_marks import marks_of
from nkcase.services.level_records import PUBLIC, CasebookLevels, LevelRecord
from nkcase.services.level_rows import badge_levels_from
from nkcase.vocabulary.names import NAME_PROPERTIES


@dataclass(frozen=True)
class EntitySummary:
    """A row of the entity list."""

    id: str
    schema: str
    caption: str
    status: str | None
    countries: list[str]
    aliases: list[str]
    quote_count: int
    level: LevelRecord = PUBLIC
    designated: str = ""  # "UN 1718 · KPi.033": confirmed sanctions-list matches


def summaries_of(
    rows: Sequence[tuple[str, str, str]],
    quote_counts: Mapping[str, int],
    levels: CasebookLevels,
    designated: Mapping[str, str],
) -> list[EntitySummary]:
    """The list rows of the entities ``rows`` ((id, schema, caption), in the list's order),
    from their quote counts, their levels (a badge load of these entities) and their
    designation marks."""
    status: dict[str, str] = {}
    countries: dict[str, list[str]] = defaultdict(list)
    aliases: dict[str, list[str]] = defaultdict(list)
    # the level load has read the page's facts already (unordered): its rows, in fact order
    shown = {"status", "country", *NAME_PROPERTIES}
    for _id, entity_id, prop, value, _position, *_level in sorted(
        (f for f in levels.fact_rows if f[2] in shown), key=itemgetter(4)
    ):
        if prop == "status":
            status[entity_id] = value
        elif prop == "country":
            countries[entity_id].append(value)
        elif prop != "name":
            aliases[entity_id].append(value)
    graph = levels.graph
    return [
        EntitySummary(
            i,
            s,
            c,
            status.get(i),
            countries.get(i, []),
            aliases.get(i, []),
            quote_counts.get(i, 0),
            levels.record(i) if i in graph else PUBLIC,
            designated.get(i, ""),
        )
        for i, s, c in rows
    ]


def list_entities_in_file(
    path: Path,
    *,
    schema: str | None = None,
    status: str | None = None,
    tag: str | None = None,
) -> list[EntitySummary] | None:
    """:func:`nkcase.services.casefiles.list_entities` of the plain casebook file ``path``,
    read through the stdlib ``sqlite3`` module, or None for an encrypted file (whose key only
    the store's SQLCipher connections hold). A file that cannot be read raises what opening it
    to read raises.
    """
    from nkcase.store import sqlite_read
    from nkcase.store.encryption import is_encrypted_casebook

    if is_encrypted_casebook(path):
        return None
    with sqlite_read.reading_file(path) as conn:
        if schema:
            from nkcase import vocabulary  # the schema's canonical name; only when filtering

            schema = vocabulary.get_schema(schema).name
        rows = sqlite_read.entity_page(
            conn, schema=schema, status=status, tag=tag.lower() if tag else None
        )
        ids = [r[0] for r in rows]
        if not ids:
            return []
        counts = sqlite_read.quote_counts(conn, ids)
        levels = badge_levels_from(sqlite_read.FileRows(conn), ids)
        candidates = sqlite_read.confirmed_candidates(conn, ids)
        records = sqlite_read.list_record_data(conn, [c[3] for c in candidates if c[3]])
    return summaries_of(rows, counts, levels, marks_of(candidates, records))
