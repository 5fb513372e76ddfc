"""The search index's queries: which indexed documents match, ranked, within the filters.

The service (:mod:`nkcase.services.search_service`) turns the documents found here into hits
with snippets; everything FTS5-specific (MATCH expressions, ``bm25``, the trigram index, the
content table ``search_doc``) stays in this module, and a team casebook's (PostgreSQL's
tsvector and pg_trgm) in :mod:`nkcase.search.pg_query`, behind the same :func:`best_docs`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from nkcase.search.index import has_cjk
from nkcase.textfold import fold

#: What the index holds, by kind of document.
KINDS = ("passage", "quote", "name", "note")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchFilters:
    """Narrowing a search: kinds of document, one entity's material, source grade and dates."""

    kinds: frozenset[str] | None = None
    entity_id: str | None = None
    min_reliability: str | None = None
    published_from: str | None = None
    published_to: str | None = None


@dataclass(frozen=True)
class IndexedDoc:
    """One indexed document: a passage or quote of a source's text, a name or a note."""

    kind: str
    ref_id: str
    owner_id: str
    text_version_id: str | None
    start: int | None
    end: int | None
    page: int | None


def fts_query(query: str) -> str | None:
    """The FTS5 MATCH expression: every whitespace-separated group a phrase, groups ANDed."""
    groups = []
    for group in fold(query).folded.split():
        words = _WORD.findall(group)
        if words:
            groups.append('"' + " ".join(words) + '"')
    return " AND ".join(groups) if groups else None


def best_docs(
    session: Session, query: str, filters: SearchFilters, cap: int, limit: int
) -> tuple[int, list[tuple[int, float]]]:
    """How many documents match (at most ``cap`` are ranked) and the best ``limit`` of them as
    (rowid, score) by (score, rowid), lower scores better (BM25)."""
    folded_query = " ".join(fold(query).folded.split())
    if not folded_query:
        return 0, []
    where, params = _filter_sql(filters)
    params["cap"] = cap
    if session.get_bind().dialect.name == "postgresql":
        from nkcase.search import pg_query

        if has_cjk(folded_query):
            return pg_query.substring_docs(session, folded_query, where, params, limit)
        return pg_query.word_docs(session, query, where, params, limit)
    rows = _matching_docs(session, query, folded_query, where, params)
    return len(rows), sorted(rows, key=lambda r: (r[1], r[0]))[:limit]


def _matching_docs(
    session: Session, query: str, folded_query: str, where: str, params: dict[str, object]
) -> list[tuple[int, float]]:
    """Up to ``params["cap"]`` matching documents in a casebook file (FTS5)."""
    if has_cjk(folded_query):
        return _trigram_docs(session, folded_query, where, params)
    match = fts_query(query)
    if match is None:
        return []
    return [
        (int(r[0]), float(r[1]))
        for r in session.execute(
            text(
                "SELECT d.rowid, bm25(search_fts) AS score FROM search_fts "
                "JOIN search_doc d ON d.rowid = search_fts.rowid "
                f"WHERE search_fts MATCH :match {where} LIMIT :cap"
            ),
            {**params, "match": match},
        )
    ]


@dataclass(frozen=True)
class FoundDoc:
    """An indexed document with what a hit shows: its text as stored and its owner's title."""

    doc: IndexedDoc
    original: str | None
    """The passage or quote of the frozen text, the name, or the note (None: not readable)."""
    title: str | None
    """The source's title (passages, quotes) or the entity's caption (names, notes)."""


#: One statement for every hit of a page: a hit's document, its text and its title (a query
#: per hit was most of a search's cost on a server, one round trip each).
_FOUND_DOCS = text(
    "SELECT d.rowid, d.kind, d.ref_id, d.owner_id, d.text_version_id, d.start_offset, "
    "d.end_offset, d.page, "
    "CASE WHEN d.kind IN ('passage', 'quote') "
    "THEN substr(t.text, d.start_offset + 1, d.end_offset - d.start_offset) "
    "WHEN d.kind = 'name' THEN f.value ELSE n.text END, "
    "CASE WHEN d.kind IN ('passage', 'quote') THEN s.title ELSE e.caption END "
    "FROM search_doc d "
    "LEFT JOIN text_version t ON d.kind IN ('passage', 'quote') AND t.id = d.text_version_id "
    "LEFT JOIN source s ON d.kind IN ('passage', 'quote') AND s.id = d.owner_id "
    "LEFT JOIN fact f ON d.kind = 'name' AND f.id = d.ref_id "
    "LEFT JOIN note n ON d.kind = 'note' AND n.id = d.ref_id "
    "LEFT JOIN entity e ON d.kind IN ('name', 'note') AND e.id = d.owner_id "
    "WHERE d.rowid IN :rowids"
).bindparams(bindparam("rowids", expanding=True))


def load_found_docs(session: Session, rowids: list[int]) -> dict[int, FoundDoc]:
    """The documents ``rowids`` with their texts and titles, by rowid (absent: not indexed)."""
    if not rowids:
        return {}
    return {
        int(row[0]): FoundDoc(IndexedDoc(*row[1:8]), row[8], row[9])
        for row in session.execute(_FOUND_DOCS, {"rowids": rowids})
    }


def _trigram_docs(
    session: Session, folded_query: str, where: str, params: dict[str, object]
) -> list[tuple[int, float]]:
    if len(folded_query) >= 3:
        phrase = '"' + folded_query.replace('"', '""') + '"'
        return [
            (int(r[0]), float(r[1]))
            for r in session.execute(
                text(
                    "SELECT d.rowid, bm25(search_tri) FROM search_tri "
                    "JOIN search_doc d ON d.rowid = search_tri.rowid "
                    f"WHERE search_tri MATCH :match {where} LIMIT :cap"
                ),
                {**params, "match": phrase},
            )
        ]
    # One or two characters: too short for trigrams; a bounded scan of CJK documents.
    return [
        (int(r[0]), 0.0)
        for r in session.execute(
            text(
                "SELECT d.rowid FROM search_doc d WHERE d.cjk = 1 "
                f"AND instr(d.body, :needle) > 0 {where} LIMIT :cap"
            ),
            {**params, "needle": folded_query},
        )
    ]


def _filter_sql(filters: SearchFilters) -> tuple[str, dict[str, object]]:
    clauses: list[str] = []
    params: dict[str, object] = {}
    if filters.kinds:
        names = sorted(k for k in filters.kinds if k in KINDS)
        clauses.append("d.kind IN (" + ",".join(f"'{k}'" for k in names) + ")")
    if filters.entity_id:
        params["entity"] = filters.entity_id
        linked_quotes = (
            "SELECT e.quote_id FROM evidence e LEFT JOIN fact f ON f.id = e.fact_id "
            "LEFT JOIN relationship r ON r.id = e.relationship_id WHERE e.entity_id = :entity "
            "OR f.entity_id = :entity OR r.subject_id = :entity OR r.object_id = :entity"
        )
        clauses.append(
            f"(d.owner_id = :entity OR (d.kind = 'quote' AND d.ref_id IN ({linked_quotes})) "
            f"OR (d.kind = 'passage' AND d.owner_id IN "
            f"(SELECT source_id FROM quote WHERE id IN ({linked_quotes}))))"
        )
    source_clauses = []
    if filters.min_reliability:
        params["reliability"] = filters.min_reliability.upper()
        source_clauses.append("s.reliability IS NOT NULL AND s.reliability <= :reliability")
    if filters.published_from:
        params["pfrom"] = filters.published_from
        source_clauses.append("s.published >= :pfrom")
    if filters.published_to:
        params["pto"] = filters.published_to
        source_clauses.append("substr(s.published, 1, length(:pto)) <= :pto")
    if source_clauses:
        clauses.append(
            "d.kind IN ('passage', 'quote') AND d.owner_id IN (SELECT s.id FROM source s WHERE "
            + " AND ".join(source_clauses)
            + ")"
        )
    return "".join(f" AND {c}" for c in clauses), params
