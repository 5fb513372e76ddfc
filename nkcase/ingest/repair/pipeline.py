"""The order in which repairs run, per document kind."""

from __future__ import annotations

from collections.abc import Sequence

from nkcase.ingest.boxes import CharBoxes
from nkcase.ingest.edits import Edited, apply_edits
from nkcase.ingest.repair.characters import ligature_character_edits, line_ending_edits
from nkcase.ingest.repair.hyphenation import hyphenation_edits
from nkcase.ingest.repair.ligatures import ligature_split_edits
from nkcase.ingest.types import PageSpan, RepairEntry


def repair_text(
    text: str,
    *,
    boxes: CharBoxes | None = None,
    pages: Sequence[PageSpan] = (),
    hyphenation: bool = False,
    lost_ligatures: bool = True,
    repairs: Sequence[RepairEntry] = (),
) -> Edited:
    """Normalise line endings, expand ligature characters, then (optionally) rejoin line-end
    hyphenation and words split by lost ligatures. Boxes, pages and the repair log follow.

    Hyphenation runs before the lost-ligature repair so that "sanc-⏎ons" style damage has its
    line break gone first; ligature characters go first so the word list sees plain letters.
    """
    result = Edited(text, boxes, list(repairs), list(pages))
    stages = [line_ending_edits, ligature_character_edits]
    if hyphenation:
        stages.append(hyphenation_edits)
    if lost_ligatures:
        stages.append(ligature_split_edits)
    for stage in stages:
        edits = stage(result.text)
        if edits:
            result = apply_edits(
                result.text, edits, boxes=result.boxes, repairs=result.repairs, pages=result.pages
            )
    return result
