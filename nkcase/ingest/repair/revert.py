"""Revert logged repairs in a frozen text, or apply reverted ones again (pure functions).

A repair log entry says where its ``after`` stands in the text and what the extractor gave
(``before``). Reverting it puts ``before`` back and keeps the entry, marked reverted, so it
can be applied again; boxes, pages and the other entries move with the text, as for any
edit (:func:`nkcase.ingest.edits.apply_edits`). :func:`toggle` also returns where every
offset of the old text lands, so quotes can follow exactly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from nkcase.ingest.boxes import CharBoxes
from nkcase.ingest.edits import Edit, Edited, apply_edits, offset_mapper
from nkcase.ingest.types import PageSpan, RepairEntry


def toggle(
    text: str,
    repairs: Sequence[RepairEntry],
    selected: Iterable[int],
    *,
    revert: bool,
    boxes: CharBoxes | None = None,
    pages: Sequence[PageSpan] = (),
) -> tuple[Edited, Callable[[int], int | None]]:
    """Revert (or, ``revert=False``, apply again) the repairs at indexes ``selected`` of
    ``repairs``. Entries already in the wanted state are left alone.

    Returns the edited text with its boxes, pages and log, and the offset map of
    :func:`~nkcase.ingest.edits.offset_mapper`.
    """
    chosen = {i for i in selected if repairs[i].reverted != revert}
    edits = []
    log = []
    for i, repair in enumerate(repairs):
        if i in chosen:
            assert text[repair.start : repair.end] == repair.shown, "repair log out of step"
            edits.append(Edit(repair.start, repair.end, repair.before if revert else repair.after))
            repair = RepairEntry(
                repair.kind, repair.start, repair.end, repair.before, repair.after, revert
            )
        log.append(repair)
    edited = apply_edits(text, edits, boxes=boxes, repairs=log, pages=pages)
    return edited, offset_mapper(edits)


def matching_reverts(old: Sequence[RepairEntry], new: Sequence[RepairEntry]) -> list[int]:
    """Indexes of ``new`` that repeat a repair a person reverted in ``old``: the same kind,
    before and after, at the same occurrence of that triple (a re-extraction keeps the
    person's decisions where the repairs are the same)."""
    reverted: set[tuple[str, str, str, int]] = set()
    seen: Counter[tuple[str, str, str]] = Counter()
    for repair in old:
        key = (repair.kind, repair.before, repair.after)
        if repair.reverted:
            reverted.add((*key, seen[key]))
        seen[key] += 1
    found = []
    seen.clear()
    for i, repair in enumerate(new):
        key = (repair.kind, repair.before, repair.after)
        if (*key, seen[key]) in reverted:
            found.append(i)
        seen[key] += 1
    return found
