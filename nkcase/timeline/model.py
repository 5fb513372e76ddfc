"""Timeline items and their order.

Partial dates stay partial: an item dated "2017" is known to the year and is drawn as the whole
year, labelled "2017" — never as 1 January 2017. Items sort by the earliest day they may mean,
and a less precise date first ("2017" before "2017-01" before "2017-01-01"), then by end, kind
and label, so the order never depends on load order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from nkcase.vocabulary.dates import PartialDate

ItemKind = Literal["event", "relationship", "fact", "source"]
KIND_ORDER: dict[str, int] = {"event": 0, "relationship": 1, "fact": 2, "source": 3}
KIND_LABELS: dict[str, str] = {
    "event": "Events",
    "relationship": "Relationships",
    "fact": "Dated facts",
    "source": "Sources published",
}


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """One dated thing. ``end`` makes it a span; a relationship with a start and no end is
    ``open`` (it may still hold)."""

    kind: ItemKind
    id: str
    start: str
    end: str | None
    label: str
    detail: str = ""
    """A second line: the place of an event, the schema of a relationship, a source's title."""
    schema: str = ""
    """The item's own schema: "Event", "Ownership", the fact's entity schema, "Source"."""
    entity_ids: tuple[str, ...] = ()
    entity_captions: tuple[str, ...] = ()
    entity_schemata: tuple[str, ...] = ()
    quote_ids: tuple[str, ...] = ()
    grades: tuple[str, ...] = ()
    open: bool = False

    @property
    def first(self) -> PartialDate:
        return PartialDate.parse(self.start)

    @property
    def last(self) -> PartialDate:
        return PartialDate.parse(self.end) if self.end else self.first

    @property
    def earliest(self) -> date:
        return self.first.earliest

    @property
    def latest(self) -> date:
        """The last day it may mean (a span's end, the end of a partial date's period)."""
        return self.last.latest

    @property
    def when(self) -> str:
        """As a person writes it: "2017", "2017-06 – 2018", "2018-06 –" (still holding)."""
        if self.end:
            return f"{self.start} – {self.end}"
        return f"{self.start} –" if self.open else self.start

    @property
    def phrase(self) -> str:
        """The date in a sentence: "since 2018-06" for a span that may still hold."""
        return f"since {self.start}" if self.open and not self.end else self.when

    @property
    def is_span(self) -> bool:
        return self.end is not None or self.open

    def sort_key(self) -> tuple[tuple[int, int, int], tuple[int, int, int], int, str, str]:
        return (
            self.first.sort_key(),
            self.last.sort_key(),
            KIND_ORDER[self.kind],
            self.label.casefold(),
            self.id,
        )


def sort_items(items: Iterable[TimelineItem]) -> list[TimelineItem]:
    return sorted(items, key=TimelineItem.sort_key)


@dataclass(frozen=True, slots=True)
class TimelineFilter:
    """Which items a timeline shows. ``level`` applies when loading (what is above it is never
    loaded); the rest by :meth:`passes`."""

    entity_ids: frozenset[str] | None = None
    """Items involving any of these entities (None: all)."""
    kinds: frozenset[str] | None = None
    schemata: frozenset[str] | None = None
    """Items whose own schema, or one of whose entities' schemata, is one of these."""
    date_from: str | None = None
    date_to: str | None = None
    level: str = "internal"

    def passes(self, item: TimelineItem) -> bool:
        if self.kinds is not None and item.kind not in self.kinds:
            return False
        if self.entity_ids is not None and not self.entity_ids.intersection(item.entity_ids):
            return False
        if self.schemata is not None and not (
            item.schema in self.schemata or self.schemata.intersection(item.entity_schemata)
        ):
            return False
        ongoing = item.open and not item.end  # a relationship that may still hold
        too_early = (
            bool(self.date_from) and item.latest < PartialDate.parse(str(self.date_from)).earliest
        )
        if too_early and not ongoing:
            return False
        return not (self.date_to and item.earliest > PartialDate.parse(self.date_to).latest)
