"""What kind of thing an operation changed, as semantic flags (after Anki's ``OpChanges``).

Views decide whether to refresh from these flags, never from table names: a view of names asks
``flags.names``, the reader asks ``flags.quotes or flags.evidence``. The mapping from tables
to flags lives here only, and a test checks that every table of the model has one, so a new
table (reference lists next) cannot be forgotten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields

from nkcase.search.index import affects_index
from nkcase.services.rows import RowChange
from nkcase.vocabulary import NAME_PROPERTIES


@dataclass(frozen=True, slots=True)
class ChangeFlags:
    """Each flag says that rows of that kind were added, changed or removed."""

    entities: bool = False  # entity rows: created, deleted, caption, schema, summary
    names: bool = False  # any name of an entity (name facts, aliases, the caption)
    facts: bool = False  # any property value, names included
    relationships: bool = False
    tags: bool = False
    notes: bool = False
    quotes: bool = False
    evidence: bool = False  # links from quotes to entities, facts, relationships
    anchors: bool = False  # re-anchoring candidates waiting for review
    sources: bool = False  # a source's record or its stored original
    texts: bool = False  # a source's text versions (what the reader shows)
    levels: bool = False  # an own handling level or a release (items, quotes, sources)
    events: bool = False  # events on the timeline and the entities taking part in them
    charts: bool = False  # saved link charts
    merges: bool = False  # audit chains of casebooks merged in (nkcase.exchange.merge)
    lists: bool = False  # reference lists (sanctions list snapshots: services.bulk)
    screening: bool = False  # screening candidates and their reviews (designations)
    search_index: bool = False  # anything the full-text index holds

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def __or__(self, other: ChangeFlags) -> ChangeFlags:
        return ChangeFlags(
            **{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)}
        )

    def names_set(self) -> set[str]:
        """The names of the flags that are set (for messages and tests)."""
        return {f.name for f in fields(self) if getattr(self, f.name)}


def _is_name(row: RowChange) -> bool:
    return bool(row.values("prop") & set(NAME_PROPERTIES))


def _caption_changed(row: RowChange) -> bool:
    return row.kind != "update" or len(row.values("caption")) > 1


LEVEL_COLUMNS = ("handling", "released_to", "released_by", "released_at", "release_reason")


def _level_changed(row: RowChange) -> bool:
    """An update of an own level or of a release (what other items' levels follow)."""
    return row.kind == "update" and any(len(row.values(c)) > 1 for c in LEVEL_COLUMNS)


#: For each table of the model, the flags its rows set; a predicate adds a flag only when it
#: holds for the row (a fact that is a name also sets ``names``).
TABLE_FLAGS: dict[str, tuple[tuple[str, Callable[[RowChange], bool] | None], ...]] = {
    "entity": (("entities", None), ("names", _caption_changed), ("levels", _level_changed)),
    "fact": (("facts", None), ("names", _is_name), ("levels", _level_changed)),
    "relationship": (("relationships", None), ("levels", _level_changed)),
    "entity_tag": (("tags", None),),
    "note": (("notes", None), ("levels", _level_changed)),
    "quote": (("quotes", None), ("levels", _level_changed)),
    "evidence": (("evidence", None),),
    "reanchor_candidate": (("anchors", None),),
    "source": (("sources", None), ("levels", _level_changed)),
    "source_original": (("sources", None),),
    "text_version": (("texts", None),),
    "list_snapshot": (("lists", None),),
    "list_snapshot_file": (("lists", None),),
    "list_record": (("lists", None),),
    "list_name": (("lists", None),),
    "list_identifier": (("lists", None),),
    # a snapshot's stored blocking index: derived data written outside operations (never in a
    # change), shown by no view
    "list_blocking": (),
    "screening_candidate": (("screening", None),),
    "event": (("events", None), ("levels", _level_changed)),
    "event_entity": (("events", None),),
    "chart": (("charts", None),),
    "merged_chain": (("merges", None),),
    "merged_audit_event": (("merges", None),),
    # where imported FtM entities came from: read with the entities they became
    "ftm_origin": (("entities", None),),
}


def flags_for(rows: Iterable[RowChange]) -> ChangeFlags:
    """The flags of a set of row changes."""
    found: set[str] = set()
    for row in rows:
        for flag, holds in TABLE_FLAGS.get(row.table, ()):
            if holds is None or holds(row):
                found.add(flag)
        if affects_index(row.table, row.before, row.after):
            found.add("search_index")
    return ChangeFlags(**dict.fromkeys(found, True))
