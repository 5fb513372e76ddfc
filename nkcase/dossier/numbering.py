"""Numbers for quotes and sources, fixed before layout so that markers can point at them.

Quotes are numbered through the whole dossier in the order they are printed (entity by entity,
grouped by source in appendix order, then by page), so "12" means one quote everywhere. The
numbering is a pure function of the input, which keeps the output reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nkcase.dossier.data import DossierDocument, EntityDossier, QuoteEntry

UNKNOWN_SOURCE = 10**9


@dataclass(slots=True)
class Numbering:
    """Where every quote and source of one dossier is printed."""

    source_no: dict[str, int] = field(default_factory=dict)
    """Source id -> appendix number (S1, S2...)."""
    quote_no: dict[tuple[int, str], int] = field(default_factory=dict)
    """(entity index, quote id) -> quote number."""
    ordered: list[list[QuoteEntry]] = field(default_factory=list)
    """Per entity, its quotes in printed order."""
    warnings: list[str] = field(default_factory=list)

    def markers(self, entity_index: int, refs: tuple[str, ...], what: str) -> list[int]:
        """Quote numbers for ``refs``; unknown ids are reported once as a warning and dropped."""
        numbers: set[int] = set()
        for ref in refs:
            n = self.quote_no.get((entity_index, ref))
            if n is None:
                self.warnings.append(
                    f"{what} refers to quote {ref!r}, which is not in the dossier."
                )
            else:
                numbers.add(n)
        return sorted(numbers)


def number_dossier(doc: DossierDocument) -> Numbering:
    """Assign S-numbers to sources and numbers to quotes, in printed order."""
    num = Numbering()
    for i, src in enumerate(doc.sources, start=1):
        if src.id in num.source_no:
            num.warnings.append(f"Source {src.id!r} is listed twice in the appendix.")
            continue
        num.source_no[src.id] = i
    counter = 0
    for e_idx, entity in enumerate(doc.entities):
        ordered = _order_quotes(entity, num)
        num.ordered.append(ordered)
        for q in ordered:
            counter += 1
            num.quote_no[(e_idx, q.id)] = counter
    return num


def _order_quotes(entity: EntityDossier, num: Numbering) -> list[QuoteEntry]:
    seen: set[str] = set()
    unique: list[tuple[int, QuoteEntry]] = []
    for pos, q in enumerate(entity.quotes):
        if q.id in seen:
            num.warnings.append(f"{entity.caption}: quote {q.id!r} is listed twice; shown once.")
            continue
        seen.add(q.id)
        if q.source_id not in num.source_no:
            num.warnings.append(
                f"{entity.caption}: quote {q.id!r} cites source {q.source_id!r}, "
                "which is not in the sources appendix."
            )
        unique.append((pos, q))
    unique.sort(
        key=lambda pq: (
            num.source_no.get(pq[1].source_id, UNKNOWN_SOURCE),
            pq[1].pages[0] if pq[1].pages else 0,
            pq[0],
        )
    )
    return [q for _pos, q in unique]
