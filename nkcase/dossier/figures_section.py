"""An entity's network chart and chronology in the dossier: vector figures and a table.

The figures arrive as plain :class:`~nkcase.figures.Figure` data (the service laid them out at
the dossier's handling level); here they become ReportLab drawings whose text is split by font
coverage with the dossier's own styler, so a missing glyph is reported like any other.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from nkcase.dossier.data import EntityDossier
from nkcase.dossier.layout import Heading
from nkcase.dossier.story import StoryContext, data_table, evidence_markup
from nkcase.dossier.styles import FRAME_WIDTH, MUTED_HEX
from nkcase.figures import Figure


def _heading(ctx: StoryContext, title: str, key: str) -> Heading:
    return Heading(ctx.t(title, "bold"), ctx.styles.h2, outline=title, key=key, level=1)


def _drawing(ctx: StoryContext, figure: Figure) -> Flowable:
    # imported here: nkcase.figures uses the dossier's fonts, which import this package
    from nkcase.figures.drawing import to_drawing
    from nkcase.figures.text import FigureFonts

    drawing = to_drawing(figure, FigureFonts(styler=ctx.styler))
    if figure.width > FRAME_WIDTH:  # never wider than the frame: scale down, keep vectors
        factor = FRAME_WIDTH / figure.width
        drawing.scale(factor, factor)
        drawing.width, drawing.height = figure.width * factor, figure.height * factor
    drawing.hAlign = "LEFT"
    return drawing


def network_story(ctx: StoryContext, idx: int, entity: EntityDossier) -> list[Flowable]:
    if entity.network is None:
        return []
    ctx.where(f"{entity.caption} / network")
    note = ctx.fixed(
        f"{entity.network.description}. Line style shows the strongest grade of the quotes "
        "behind each link at this handling level; arrows point from owner, director or "
        "subject to the other party.",
        MUTED_HEX,
    )
    return [
        KeepTogether(
            [
                _heading(ctx, "Network", f"ent{idx}-network"),
                Paragraph(note, ctx.styles.small),
                Spacer(1, 2 * mm),
                _drawing(ctx, entity.network),
            ]
        )
    ]


def chronology_story(ctx: StoryContext, idx: int, entity: EntityDossier) -> list[Flowable]:
    if not entity.chronology:
        return []
    ctx.where(f"{entity.caption} / chronology")
    s = ctx.styles
    story: list[Flowable] = [_heading(ctx, "Chronology", f"ent{idx}-chronology")]
    note = ctx.fixed(
        "Dates are as precise as the sources: \u201c2019\u201d means some time in 2019. "
        "Pale parts of a bar are the uncertain ends of a period.",
        MUTED_HEX,
    )
    story.append(Paragraph(note, s.small))
    if entity.timeline is not None:
        story += [Spacer(1, 2 * mm), _drawing(ctx, entity.timeline), Spacer(1, 3 * mm)]
    rows: list[list[Flowable | str]] = [["When", "What and evidence", "Kind"]]
    for line in entity.chronology:
        numbers = ctx.num.markers(idx, line.quote_refs, f"{entity.caption}: {line.what!r}")
        what = ctx.t(line.what)
        if line.detail:
            what += ctx.fixed(" \u00b7 ") + ctx.t(line.detail)
        if line.needs_quotes or numbers:
            what += evidence_markup(ctx, numbers, line.withheld_refs)
        rows.append(
            [
                Paragraph(ctx.t(line.when), s.cell),
                Paragraph(what, s.cell),
                Paragraph(ctx.t(line.kind), s.cell),
            ]
        )
    widths = [36 * mm, FRAME_WIDTH - 36 * mm - 26 * mm, 26 * mm]
    story.append(data_table(rows, widths, label_style=s.cell_head))
    return story
