"""The quotes supporting many items at once, as :class:`EvidenceRef` records by target id.

Charts, timelines and event lists need the evidence of hundreds of relationships or events
in one read; this runs one query per chunk of ids (well below SQLite's bound-parameter limit).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import Literal, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from nkcase.model import Evidence, Quote, Source
from nkcase.services.casefiles import EvidenceRef
from nkcase.store.batches import chunked
from nkcase.vocabulary.levels import HandlingLevel, higher

TargetColumn = Literal["entity_id", "fact_id", "relationship_id", "event_id"]


def evidence_refs(
    session: Session, column: TargetColumn, ids: Collection[str]
) -> dict[str, list[EvidenceRef]]:
    """Target id → its supporting quotes (by source title, then position), for ``ids``."""
    target = getattr(Evidence, column)
    found: dict[str, list[EvidenceRef]] = defaultdict(list)
    for chunk in chunked(ids):
        rows = session.execute(
            select(Evidence.id, target, Quote, Source.title, Source.reliability, Source.handling)
            .join(Quote, Quote.id == Evidence.quote_id)
            .join(Source, Source.id == Quote.source_id)
            .where(target.in_(chunk))
            .order_by(Source.title, Quote.start_offset)
        ).all()
        for evidence_id, target_id, quote, title, reliability, source_level in rows:
            # a quote's effective level is its own, raised to its source's (nkcase.levels)
            level = higher(cast(HandlingLevel, quote.handling), source_level)
            found[target_id].append(EvidenceRef.of(evidence_id, quote, title, reliability, level))
    return dict(found)
