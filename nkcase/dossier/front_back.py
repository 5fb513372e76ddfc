"""The cover, the "withheld" section and the sources appendix."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from nkcase.dossier.data import EntityDossier
from nkcase.dossier.layout import Heading
from nkcase.dossier.story import (
    StoryContext,
    data_table,
    key_value_table,
    plural,
    withheld_sentence,
)
from nkcase.dossier.styles import (
    ACCENT_HEX,
    FRAME_WIDTH,
    LEVEL_COLOURS,
    LEVEL_MEANING,
    MUTED_HEX,
)

COVER_ENTITY_LIMIT = 4
"""Up to this many entities are shown on the cover with all their names; more get a table."""


def format_generated(ctx: StoryContext) -> str:
    """The generation time as printed (UTC, minutes)."""
    when = ctx.doc.generated_at
    if when.tzinfo is not None:
        from datetime import UTC

        when = when.astimezone(UTC)
    return when.strftime("%Y-%m-%d %H:%M UTC")


def level_band(ctx: StoryContext) -> Table:
    """Full-width coloured band naming the handling level and what it means."""
    level = ctx.doc.level
    text = ctx.fixed(f"HANDLING LEVEL: {level.upper()}", role="bold")
    meaning = ctx.t(LEVEL_MEANING[level])
    band = Table(
        [[Paragraph(f"{text}<br/>{meaning}", ctx.styles.band)]],
        colWidths=[FRAME_WIDTH],
        hAlign="LEFT",
    )
    band.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), LEVEL_COLOURS[level]),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    return band


def cover_story(ctx: StoryContext) -> list[Flowable]:
    """Cover page: level band, title, the entities with their names, provenance of the file."""
    doc = ctx.doc
    s = ctx.styles
    ctx.where("cover")
    story: list[Flowable] = [
        level_band(ctx),
        Spacer(1, 14 * mm),
        Heading(
            ctx.fixed("CASE DOSSIER", MUTED_HEX, role="bold"),
            s.kicker,
            outline="Cover",
            key="cover",
            level=0,
        ),
        Paragraph(ctx.t(doc.title, "bold"), s.cover_title),
    ]
    if len(doc.entities) <= COVER_ENTITY_LIMIT:
        for entity in doc.entities:
            # A one-entity dossier is usually titled with the entity's name: no second copy.
            repeat = not (len(doc.entities) == 1 and entity.caption.strip() == doc.title.strip())
            story += _cover_entity(ctx, entity, with_caption=repeat)
    else:
        rows: list[list[Flowable | str]] = [[h for h in ("Entity", "Schema", "Status")]]
        for entity in doc.entities:
            rows.append(
                [
                    Paragraph(ctx.t(entity.caption), s.cell),
                    Paragraph(ctx.t(entity.schema), s.cell),
                    Paragraph(ctx.t(entity.status), s.cell),
                ]
            )
        story.append(
            data_table(rows, [FRAME_WIDTH - 80 * mm, 35 * mm, 45 * mm], label_style=s.cell_head)
        )
    story.append(Spacer(1, 10 * mm))

    quotes = sum(len(q) for q in ctx.num.ordered)
    pairs = [
        ("Generated", Paragraph(ctx.fixed(format_generated(ctx)), s.cell)),
        ("Handling level", Paragraph(ctx.fixed(doc.level), s.cell)),
        ("Casebook", Paragraph(ctx.t(doc.casebook_name), s.cell)),
        ("Casebook fingerprint", Paragraph(ctx.t(doc.casebook_fingerprint, "mono"), s.mono)),
    ]
    if doc.prepared_by:
        pairs.append(("Prepared by", Paragraph(ctx.t(doc.prepared_by), s.cell)))
    pairs.append(
        (
            "Contents",
            Paragraph(
                ctx.fixed(
                    f"{plural(len(doc.entities), 'entity').replace('entitys', 'entities')}, "
                    f"{plural(quotes, 'quote')} from {plural(len(doc.sources), 'source')}"
                ),
                s.cell,
            ),
        )
    )
    sentence = withheld_sentence(doc.withheld, doc.level)
    if sentence:
        pairs.append(("Withheld", Paragraph(ctx.fixed(sentence, "#a33a3a"), s.cell)))
    story.append(key_value_table(ctx, pairs, [42 * mm, FRAME_WIDTH - 42 * mm]))
    story.append(Spacer(1, 6 * mm))
    story.append(
        Paragraph(
            ctx.fixed(
                "Every fact in this dossier is footnoted to the exact quotes it rests on; "
                "each quote names its source, page and grade, and the sources appendix "
                "gives each file's SHA-256 "
                "so a recipient holding the file can check it is the same.",
                MUTED_HEX,
            ),
            s.small,
        )
    )
    return story


def _cover_entity(
    ctx: StoryContext, entity: EntityDossier, *, with_caption: bool = True
) -> list[Flowable]:
    s = ctx.styles
    out: list[Flowable] = []
    if with_caption:
        out.append(Paragraph(ctx.t(entity.caption, "bold"), s.cover_entity))
    line = ctx.t(entity.schema)
    if entity.status:
        line += ctx.fixed(" · status: ") + ctx.t(entity.status)
    out.append(Paragraph(line, s.small))
    others = [n for n in entity.names if n.value != entity.caption]
    for name in others:
        extra = ", ".join(x for x in (name.kind, name.lang) if x)
        text = ctx.t(name.value) + (ctx.fixed(f"  ({extra})", MUTED_HEX) if extra else "")
        out.append(Paragraph(text, s.body))
    return out


def withheld_story(ctx: StoryContext) -> list[Flowable]:
    """A short section saying what the handling level left out (nothing if nothing was)."""
    sentence = withheld_sentence(ctx.doc.withheld, ctx.doc.level)
    if not sentence:
        return []
    ctx.where("withheld note")
    return [
        Heading(
            ctx.fixed("Withheld at this level", role="bold"),
            ctx.styles.h2,
            outline="Withheld at this level",
            key="withheld",
            level=0,
        ),
        Paragraph(ctx.fixed(sentence), ctx.styles.body),
        Paragraph(
            ctx.fixed(
                "A dossier made for a higher handling level shows them; "
                "facts whose only support was "
                "withheld are marked \u201cwithheld\u201d.",
                MUTED_HEX,
            ),
            ctx.styles.small,
        ),
    ]


def appendix_story(ctx: StoryContext) -> list[Flowable]:
    """Sources appendix: one block per source, the target of every quote's source link."""
    doc = ctx.doc
    if not doc.sources:
        return []
    ctx.where("sources appendix")
    s = ctx.styles
    story: list[Flowable] = [
        PageBreak(),
        Heading(ctx.t("Sources", "bold"), s.h1, outline="Sources appendix", key="sources", level=0),
        Paragraph(
            ctx.fixed(
                "SHA-256 is computed over the original file as imported into the casebook. "
                "Reliability is the Admiralty grade of the source (A reliable \u2013 F cannot be "
                "judged).",
                MUTED_HEX,
            ),
            s.small,
        ),
        Spacer(1, 3 * mm),
    ]
    seen: set[str] = set()
    for src in doc.sources:
        if src.id in seen:
            continue
        seen.add(src.id)
        n = ctx.num.source_no[src.id]
        head = Heading(
            f'<a name="src{n}"/><font color="{ACCENT_HEX}">S{n}</font>  '
            + ctx.t(src.title, "bold"),
            s.h3,
            outline=f"S{n} {src.title}",
            key=f"appendix-src{n}",
            level=1,
        )
        pairs: list[tuple[str, Paragraph]] = []
        for label, value in (
            ("Kind", src.kind),
            ("Publisher", src.publisher),
            ("Published", src.published),
            ("Retrieved", src.retrieved),
            ("URL", src.url),
            ("File", src.file_name),
        ):
            if value:
                pairs.append((label, Paragraph(ctx.t(value), s.cell)))
        if src.pages:
            pairs.append(("Pages", Paragraph(ctx.fixed(str(src.pages)), s.cell)))
        if src.sha256:
            pairs.append(("SHA-256", Paragraph(ctx.t(src.sha256, "mono"), s.mono)))
        if src.reliability:
            pairs.append(
                ("Reliability", Paragraph(ctx.t(src.reliability, "bold", base="regular"), s.cell))
            )
        block: list[Flowable] = [head]
        if pairs:
            block.append(key_value_table(ctx, pairs, [28 * mm, FRAME_WIDTH - 28 * mm]))
        story += block  # the h3 style's keepWithNext keeps the heading with its table
    return story
