"""The quotes supporting many items at once, as :class:`EvidenceRef` records by target id.

Charts, timelines and event lists need the evidence of hundreds of relationships or events
in one read; this runs one query per chunk of ids (well below SQLite's bound-parameter limit).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from nkcase.model import Evidence, Quote, Source
from nkcase.services.casefiles import EvidenceRef, grade

TargetColumn = Literal["entity_id", "fact_id", "relationship_id", "event_id"]
CHUNK = 500


def chunked(ids: Collection[str], size: int = CHUNK) -> Iterator[list[str]]:
    listed = list(dict.fromkeys(ids))
    for start in range(0, len(listed), size):
        yield listed[start : start + size]


def evidence_refs(
    session: Session, column: TargetColumn, ids: Collection[str]
) -> dict[str, list[EvidenceRef]]:
    """Target id → its supporting quotes (by source title, then position), for ``ids``."""
    target = getattr(Evidence, column)
    found: dict[str, list[EvidenceRef]] = defaultdict(list)
    for chunk in chunked(ids):
        rows = session.execute(
            select(Evidence.id, target, Quote, Source.title, Source.reliability)
            .join(Quote, Quote.id == Evidence.quote_id)
            .join(Source, Source.id == Quote.source_id)
            .where(target.in_(chunk))
            .order_by(Source.title, Quote.start_offset)
        ).all()
        for evidence_id, target_id, quote, title, reliability in rows:
            found[target_id].append(
                EvidenceRef(
                    evidence_id,
                    quote.id,
                    quote.source_id,
                    title,
                    quote.first_page,
                    quote.last_page,
                    grade(reliability, quote.credibility),
                    quote.exact,
                    quote.note,
                    quote.handling,
                    quote.status,
                )
            )
    return dict(found)
