"""One query over sources' text, quotes, notes and entity names, with bounded work.

The index and its queries (FTS5, SQLite-specific) live in :mod:`nkcase.search`; this service
turns what they find into hits with snippets in the original text.

A word that occurs in nearly every passage of a large casebook must still answer at once, so
no query ranks more than :data:`RANK_CAP` matches: the first ``RANK_CAP`` are scored with BM25
and the best ``limit`` shown, and the result says it was truncated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nkcase.search.query import (
    KINDS,
    FoundDoc,
    SearchFilters,
    best_docs,
    fts_query,
    load_found_docs,
)
from nkcase.store import Casebook
from nkcase.textfold import fold

__all__ = ["KINDS", "RANK_CAP", "SearchHit", "SearchResults", "find_spans", "fts_query", "search"]

RANK_CAP = 2000
SNIPPET_CHARS = 220
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
    filters = SearchFilters(
        frozenset(kinds) if kinds else None,
        entity_id,
        min_reliability,
        published_from,
        published_to,
    )
    with casebook.reading() as session:
        total, best = best_docs(session, query, filters, RANK_CAP, limit)
        results.total_estimate = total
        results.truncated = total >= RANK_CAP
        found = load_found_docs(session, [rowid for rowid, _score in best])
    terms = _WORD.findall(folded_query) or [folded_query]
    results.hits = [
        hit
        for rowid, score in best
        if (hit := _hit(found.get(rowid), score, folded_query, terms)) is not None
    ]
    return results


def _hit(
    found: FoundDoc | None, score: float, folded_query: str, terms: list[str]
) -> SearchHit | None:
    if found is None:
        return None
    doc, original, title = found.doc, found.original, found.title
    base = 0
    if doc.kind in ("passage", "quote"):
        assert doc.start is not None and doc.end is not None
        source_id, entity_id, base = doc.owner_id, None, doc.start
    else:
        source_id, entity_id = None, doc.owner_id
    if original is None or title is None:
        return None  # the index is rebuilt in the same transaction as the data: never stale
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
    in_text = doc.kind in ("passage", "quote")
    return SearchHit(
        doc.kind,
        doc.ref_id,
        doc.owner_id,
        source_id,
        entity_id,
        title,
        snippet,
        highlights,
        base + first[0] if in_text else None,
        base + first[1] if in_text else None,
        doc.page,
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
