"""One query over sources' text, quotes, notes and entity names, with bounded work.

A word that occurs in nearly every passage of a large casebook must still answer at once, so
no query ranks more than :data:`RANK_CAP` matches: the first ``RANK_CAP`` are scored with BM25
and the best ``limit`` shown, and the result says it was truncated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.orm import Session

from nkcase.search.index import has_cjk
from nkcase.store import Casebook
from nkcase.textfold import fold

RANK_CAP = 2000
SNIPPET_CHARS = 220
KINDS = ("passage", "quote", "name", "note")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    kind: str
    ref_id: str
    owner_id: str
    source_id: str | None
    entity_id: str | None
    title: str
    snippet: str
    highlights: list[tuple[int, int]]
    start: int | None
    end: int | None
    page: int | None
    score: float


@dataclass
class SearchResults:
    query: str
    hits: list[SearchHit] = field(default_factory=list)
    total_estimate: int = 0
    truncated: bool = False


def fts_query(query: str) -> str | None:
    """The FTS5 MATCH expression: every whitespace-separated group a phrase, groups ANDed."""
    groups = []
    for group in fold(query).folded.split():
        words = _WORD.findall(group)
        if words:
            groups.append('"' + " ".join(words) + '"')
    return " AND ".join(groups) if groups else None


def search(
    casebook: Casebook,
    query: str,
    *,
    kinds: set[str] | None = None,
    entity_id: str | None = None,
    min_reliability: str | None = None,
    published_from: str | None = None,
    published_to: str | None = None,
    limit: int = 50,
) -> SearchResults:
    """Ranked hits with snippets in the original text, offsets and pages to jump to."""
    results = SearchResults(query)
    folded_query = " ".join(fold(query).folded.split())
    if not folded_query:
        return results
    filters, params = _filters(kinds, entity_id, min_reliability, published_from, published_to)
    with casebook.reading() as session:
        if has_cjk(folded_query):
            rows = _trigram_rows(session, folded_query, filters, params)
        else:
            match = fts_query(query)
            if match is None:
                return results
            rows = [
                (int(r[0]), float(r[1]))
                for r in session.execute(
                    text(
                        "SELECT d.rowid, bm25(search_fts) AS score FROM search_fts "
                        "JOIN search_doc d ON d.rowid = search_fts.rowid "
                        f"WHERE search_fts MATCH :match {filters} LIMIT :cap"
                    ),
                    {**params, "match": match, "cap": RANK_CAP},
                )
            ]
        results.total_estimate = len(rows)
        results.truncated = len(rows) >= RANK_CAP
        best = sorted(rows, key=lambda r: (r[1], r[0]))[:limit]
        terms = _WORD.findall(folded_query) or [folded_query]
        results.hits = [
            hit
            for rowid, score in best
            if (hit := _hit(session, rowid, score, folded_query, terms)) is not None
        ]
    return results


def _trigram_rows(
    session: Session, folded_query: str, filters: str, params: dict[str, object]
) -> list[tuple[int, float]]:
    if len(folded_query) >= 3:
        phrase = '"' + folded_query.replace('"', '""') + '"'
        return [
            (r[0], r[1])
            for r in session.execute(
                text(
                    "SELECT d.rowid, bm25(search_tri) FROM search_tri "
                    "JOIN search_doc d ON d.rowid = search_tri.rowid "
                    f"WHERE search_tri MATCH :match {filters} LIMIT :cap"
                ),
                {**params, "match": phrase, "cap": RANK_CAP},
            )
        ]
    # One or two characters: too short for trigrams; a bounded scan of CJK documents.
    return [
        (r[0], 0.0)
        for r in session.execute(
            text(
                "SELECT d.rowid FROM search_doc d WHERE d.cjk = 1 "
                f"AND instr(d.body, :needle) > 0 {filters} LIMIT :cap"
            ),
            {**params, "needle": folded_query, "cap": RANK_CAP},
        )
    ]


def _filters(
    kinds: set[str] | None,
    entity_id: str | None,
    min_reliability: str | None,
    published_from: str | None,
    published_to: str | None,
) -> tuple[str, dict[str, object]]:
    clauses: list[str] = []
    params: dict[str, object] = {}
    if kinds:
        names = sorted(k for k in kinds if k in KINDS)
        clauses.append("d.kind IN (" + ",".join(f"'{k}'" for k in names) + ")")
    if entity_id:
        params["entity"] = entity_id
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
    if min_reliability:
        params["reliability"] = min_reliability.upper()
        source_clauses.append("s.reliability IS NOT NULL AND s.reliability <= :reliability")
    if published_from:
        params["pfrom"] = published_from
        source_clauses.append("s.published >= :pfrom")
    if published_to:
        params["pto"] = published_to
        source_clauses.append("substr(s.published, 1, length(:pto)) <= :pto")
    if source_clauses:
        clauses.append(
            "d.kind IN ('passage', 'quote') AND d.owner_id IN (SELECT s.id FROM source s WHERE "
            + " AND ".join(source_clauses)
            + ")"
        )
    return "".join(f" AND {c}" for c in clauses), params


def _hit(
    session: Session, rowid: int, score: float, folded_query: str, terms: list[str]
) -> SearchHit | None:
    doc = session.execute(
        text(
            "SELECT kind, ref_id, owner_id, text_version_id, start_offset, end_offset, page "
            "FROM search_doc WHERE rowid = :r"
        ),
        {"r": rowid},
    ).one_or_none()
    if doc is None:
        return None
    kind, ref_id, owner_id, tv_id, start, end, page = doc
    base = 0
    if kind in ("passage", "quote"):
        original = session.execute(
            text("SELECT substr(text, :s + 1, :n) FROM text_version WHERE id = :tv"),
            {"s": start, "n": end - start, "tv": tv_id},
        ).scalar_one()
        title = session.execute(
            text("SELECT title FROM source WHERE id = :id"), {"id": owner_id}
        ).scalar_one()
        source_id, entity_id, base = owner_id, None, start
    else:
        table, column = ("fact", "value") if kind == "name" else ("note", "text")
        original = session.execute(
            text(f"SELECT {column} FROM {table} WHERE id = :id"), {"id": ref_id}
        ).scalar_one()
        title = session.execute(
            text("SELECT caption FROM entity WHERE id = :id"), {"id": owner_id}
        ).scalar_one()
        source_id, entity_id = None, owner_id
    spans = find_spans(original, folded_query, terms)
    first = spans[0] if spans else (0, 0)
    lo = max(0, first[0] - SNIPPET_CHARS // 3)
    hi = min(len(original), lo + SNIPPET_CHARS)
    snippet = original[lo:hi].replace("\n", " ")
    highlights = [(s - lo, e - lo) for s, e in spans if s >= lo and e <= hi]
    prefix = "…" if lo > 0 else ""
    if prefix:
        highlights = [(s + 1, e + 1) for s, e in highlights]
    snippet = prefix + snippet.rstrip() + ("…" if hi < len(original) else "")
    return SearchHit(
        kind,
        ref_id,
        owner_id,
        source_id,
        entity_id,
        title,
        snippet,
        highlights,
        base + first[0] if kind in ("passage", "quote") else None,
        base + first[1] if kind in ("passage", "quote") else None,
        page,
        float(score),
    )


def find_spans(original: str, folded_query: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where the query (else its words) occurs in ``original``, as original offsets."""
    folded = fold(original)
    spans: list[tuple[int, int]] = []
    needles = [folded_query] if folded_query in folded.folded else terms
    for needle in needles:
        start = folded.folded.find(needle)
        while start >= 0 and len(spans) < 50:
            spans.append(folded.span_to_original(start, start + len(needle)))
            start = folded.folded.find(needle, start + len(needle))
    return sorted(set(spans))
