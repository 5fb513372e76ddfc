"""The order in which repairs run, per document kind."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from nkcase.ingest.boxes import CharBoxes
from nkcase.ingest.edits import Edit, apply_edits
from nkcase.ingest.repair.characters import ligature_character_edits, line_ending_edits
from nkcase.ingest.repair.damage import DamageReport, lost_ligature_edits
from nkcase.ingest.repair.hyphenation import hyphenation_edits
from nkcase.ingest.repair.lexicon import lexicon
from nkcase.ingest.repair.tokens import document_languages
from nkcase.ingest.types import PageSpan, RepairEntry


@dataclass(slots=True)
class Repaired:
    """The repaired text with its boxes, pages and repair log, and what the damage test found."""

    text: str
    boxes: CharBoxes | None
    repairs: list[RepairEntry]
    pages: list[PageSpan]
    languages: tuple[str, ...] = ()
    damage: DamageReport | None = None


def repair_text(
    text: str,
    *,
    boxes: CharBoxes | None = None,
    pages: Sequence[PageSpan] = (),
    hyphenation: bool = False,
    lost_ligatures: bool = True,
    repairs: Sequence[RepairEntry] = (),
    protected: frozenset[str] = frozenset(),
    unmapped_glyphs: bool = False,
    boxes_before_last_stage: Callable[[CharBoxes], object] | None = None,
) -> Repaired:
    """Normalise line endings, expand ligature characters, then (optionally) rejoin line-end
    hyphenation and words split by lost ligatures. Boxes, pages and the repair log follow.

    Ligature characters go first so the word lists see plain letters; hyphenation runs
    before the lost-ligature repair so that its line breaks are gone first. ``protected``
    and ``unmapped_glyphs``: see :func:`~nkcase.ingest.repair.damage.lost_ligature_edits`.
    ``boxes_before_last_stage`` is called with the boxes as they are before the lost-ligature
    stage, the last that may move them and one that seldom does (only in a document that
    proves the damage): a caller can start packing them while that stage runs, and keep the
    result when ``Repaired.boxes`` is still that same object.
    """
    result = Repaired(text, boxes, list(repairs), list(pages))

    def apply(edits: list[Edit]) -> None:
        if edits:
            edited = apply_edits(
                result.text, edits, boxes=result.boxes, repairs=result.repairs, pages=result.pages
            )
            result.text, result.boxes = edited.text, edited.boxes
            result.repairs, result.pages = edited.repairs, edited.pages

    apply(line_ending_edits(result.text))
    apply(ligature_character_edits(result.text))
    if not (hyphenation or lost_ligatures):
        return result
    languages = None
    if hyphenation:  # needs the languages first; the lost-ligature stage reuses them
        languages = document_languages(result.text)
        result.languages = languages.languages
        found = (lexicon(lang) for lang in languages.languages)
        apply(hyphenation_edits(result.text, [lex for lex in found if lex is not None]))
    if lost_ligatures:
        if boxes_before_last_stage is not None and result.boxes is not None:
            boxes_before_last_stage(result.boxes)
        edits, result.damage = lost_ligature_edits(
            result.text,
            protected=protected,
            unmapped_glyphs=unmapped_glyphs,
            languages=languages,
        )
        result.languages = result.damage.languages
        apply(edits)
    return result
