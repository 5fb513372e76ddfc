"""The search queries on a team casebook (PostgreSQL): the same matches as FTS5's, ranked.

The twin of the FTS5 queries in :mod:`nkcase.search.query`, which calls these for a
PostgreSQL session. The ``search_doc`` rows are the same on both backends (the same folded
bodies, :mod:`nkcase.search.index`); PostgreSQL keeps a word vector of each body (``simple``
configuration, accents removed, like FTS5's ``unicode61 remove_diacritics 2``) and a trigram
index over the bodies holding Hangul, Han or kana (``pg_trgm``), both defined with the schema
(:mod:`nkcase.store.pg_schema`).

The query language is the same: every whitespace-separated group of the query is a phrase
(``phraseto_tsquery``), the groups ANDed; a query holding CJK characters is a substring. Scores
are lower-better like BM25's: the negated ``ts_rank_cd`` for words, the negated share of the
body the substring covers for CJK.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.orm import Session

from nkcase.textfold import fold

_WORD = re.compile(r"\w+", re.UNICODE)


def word_groups(query: str) -> list[str]:
    """The query's phrases: its whitespace-separated groups, each as its words (folded)."""
    groups = []
    for group in fold(query).folded.split():
        words = _WORD.findall(group)
        if words:
            groups.append(" ".join(words))
    return groups


def word_docs(
    session: Session, query: str, where: str, params: dict[str, object], limit: int
) -> tuple[int, list[tuple[int, float]]]:
    groups = word_groups(query)
    if not groups:
        return 0, []
    tsquery = " && ".join(f"nk_search_query(:g{i})" for i in range(len(groups)))
    bound = {**params, **{f"g{i}": g for i, g in enumerate(groups)}}
    # The query is built ONCE: a materialised CTE. Left inline, the (immutable, inlined)
    # function is evaluated for every row twice — in the match and in the rank — once the
    # server switches to the generic plan of the prepared statement (after five searches):
    # twice the statement's time on a common word.
    return _best(
        session,
        f"WITH q AS MATERIALIZED (SELECT {tsquery} AS q) "
        f"SELECT d.rowid, -ts_rank_cd(d.words, q.q) AS score FROM search_doc d, q "
        f"WHERE d.words @@ q.q {where} LIMIT :cap",
        bound,
        limit,
    )


def substring_docs(
    session: Session, folded_query: str, where: str, params: dict[str, object], limit: int
) -> tuple[int, list[tuple[int, float]]]:
    """Documents holding CJK whose body contains ``folded_query`` (the trigram index answers
    three characters or more; shorter needles scan the CJK documents, as on SQLite)."""
    pattern = "%" + re.sub(r"([\\%_])", r"\\\1", folded_query) + "%"
    return _best(
        session,
        "SELECT d.rowid, -(length(d.body) - length(replace(d.body, :needle, '')))::float8 "
        "/ greatest(length(d.body), 1) AS score FROM search_doc d "
        f"WHERE d.cjk = 1 AND d.body LIKE :pattern {where} LIMIT :cap",
        {**params, "needle": folded_query, "pattern": pattern},
        limit,
    )


def _best(
    session: Session, matches: str, params: dict[str, object], limit: int
) -> tuple[int, list[tuple[int, float]]]:
    """How many of ``matches`` (rowid, score) there are, and the best ``limit`` of them by
    (score, rowid): ranked by the server, which sends those few rows instead of every match
    (a thousand rows for a common word, a quarter of a search's CPU in the app)."""
    rows = session.execute(
        text(
            f"SELECT m.rowid, m.score, count(*) OVER () FROM ({matches}) m "
            "ORDER BY m.score, m.rowid LIMIT :best"
        ),
        {**params, "best": max(limit, 1)},
    ).all()
    total = int(rows[0][2]) if rows else 0
    return total, [(int(r[0]), float(r[1])) for r in rows[:limit]]
