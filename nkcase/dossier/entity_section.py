"""One entity's part of the dossier: names, summary, facts, relationships, quotes, notes."""

from __future__ import annotations

import hashlib
import re

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
)

from nkcase.dossier.data import EntityDossier, NoteLine, QuoteEntry, SourceEntry
from nkcase.dossier.figures_section import chronology_story, network_story
from nkcase.dossier.layout import FramedImage, Heading, LineOfRuns, ProgressMark
from nkcase.dossier.numbering import UNKNOWN_SOURCE
from nkcase.dossier.story import (
    StoryContext,
    data_table,
    evidence_markup,
    plural,
    withheld_value_markup,
)
from nkcase.dossier.styles import ACCENT_HEX, FRAME_WIDTH, LINK, MUTED_HEX, QUOTE_INDENT
from nkcase.dossier.textruns import Run

QUOTE_KEEP = 16 * mm
"""A quote starts on a new page when less than this is left (head plus two lines)."""

QUOTES_PER_MARK = 10
"""Progress is reported (and cancellation checked) every this many quotes."""


def entity_story(ctx: StoryContext, idx: int, entity: EntityDossier) -> list[Flowable]:
    """The flowables of one entity's section, starting on a new page."""
    key = f"ent{idx}"
    ctx.where(entity.caption)
    story: list[Flowable] = [PageBreak()]
    story.append(
        Heading(
            ctx.t(entity.caption, "bold"), ctx.styles.h1, outline=entity.caption, key=key, level=0
        )
    )
    subtitle = [ctx.t(entity.schema, base="regular")]
    if entity.status:
        subtitle.append(ctx.fixed("status: ") + ctx.t(entity.status))
    if entity.tags:
        subtitle.append(ctx.fixed("tags: ") + ctx.t(", ".join(entity.tags)))
    for d in entity.designations:
        if not d.delisted_in:
            subtitle.append(
                ctx.fixed("Designated: ", ACCENT_HEX, "bold")
                + ctx.t(" · ".join(x for x in (d.list_name, d.reference) if x))
            )
    story.append(Paragraph(" · ".join(subtitle), ctx.styles.small))
    story.append(Spacer(1, 3 * mm))

    story += _designations(ctx, idx, entity)
    story += _names(ctx, idx, entity)
    if entity.summary:
        ctx.where(f"{entity.caption} / summary")
        story.append(_heading(ctx, "Summary", f"{key}-summary"))
        for para in _paragraphs(entity.summary):
            story.append(ctx.p(para))
    story += _facts(ctx, idx, entity)
    story += _relationships(ctx, idx, entity)
    story += network_story(ctx, idx, entity)
    story += chronology_story(ctx, idx, entity)
    story += _quotes(ctx, idx, entity)
    if entity.notes:
        ctx.where(f"{entity.caption} / notes")
        story.append(_heading(ctx, "Notes", f"{key}-notes"))
        for note in entity.notes:
            line = note if isinstance(note, NoteLine) else NoteLine(note)
            paras = _paragraphs(line.text)
            marks = ""
            if line.quote_refs:
                numbers = ctx.num.markers(idx, line.quote_refs, f"{entity.caption}: a note")
                marks = evidence_markup(ctx, numbers, 0)
            for i, para in enumerate(paras):
                text = ctx.t(para) + (marks if i == len(paras) - 1 else "")
                story.append(
                    Paragraph(text, ctx.styles.bullet, bulletText="•" if i == 0 else None)
                )
    story.append(ProgressMark(entity.caption))
    ctx.marks += 1
    return story


def _heading(ctx: StoryContext, title: str, key: str, level: int = 1) -> Heading:
    return Heading(ctx.t(title, "bold"), ctx.styles.h2, outline=title, key=key, level=level)


def _paragraphs(text: str) -> list[str]:
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return [p for p in parts if p]


_LINE_BREAK = re.compile(r"[ \t]*(?<!\n)\n(?!\n)[ \t]*")


def _reflow(text: str) -> str:
    """A quote's single line breaks (where a PDF's lines happened to end) as spaces.

    The words are exactly the quote's; blank lines (paragraph breaks) stay, and the page crop
    beside a PDF quote shows the original line layout.
    """
    if "\n" not in text:
        return text
    return _LINE_BREAK.sub(" ", text.replace("\r\n", "\n"))


def _designations(ctx: StoryContext, idx: int, entity: EntityDossier) -> list[Flowable]:
    """Each confirmed designation: list, reference, listing date, and the list snapshot (file
    and SHA-256) that is its evidence."""
    if not entity.designations:
        return []
    ctx.where(f"{entity.caption} / sanctions designations")
    s = ctx.styles
    rows: list[list[Flowable | str]] = [["List and reference", "Evidence: list snapshot"]]
    for d in entity.designations:
        head = "Delisted" if d.delisted_in else "Designated"
        listed = f" · listed {d.listed_on}" if d.listed_on else ""
        what = ctx.fixed(f"{head}: ", ACCENT_HEX, "bold") + ctx.t(
            f"{d.list_name} · {d.reference or 'no reference'}{listed}"
        )
        matched = ctx.fixed("matched name: ", MUTED_HEX) + ctx.t(
            f"{d.matched_name} (score {d.score:.2f})"
        )
        lines = [what, matched]
        if d.confirmed:
            lines.append(ctx.fixed(f"confirmed {d.confirmed}", MUTED_HEX))
        if d.delisted_in:
            lines.append(ctx.fixed("not listed in ", MUTED_HEX) + ctx.t(d.delisted_in))
        evidence = "<br/>".join(
            [
                ctx.t(d.snapshot),
                ctx.fixed("file: ", MUTED_HEX) + ctx.t(d.snapshot_file),
                ctx.fixed("SHA-256: ", MUTED_HEX) + ctx.t(d.snapshot_sha256, "mono"),
            ]
        )
        rows.append([Paragraph("<br/>".join(lines), s.cell), Paragraph(evidence, s.cell)])
    return [
        _heading(ctx, "Sanctions designations", f"ent{idx}-designations"),
        data_table(rows, [FRAME_WIDTH * 0.45, FRAME_WIDTH * 0.55], label_style=s.cell_head),
    ]


def _names(ctx: StoryContext, idx: int, entity: EntityDossier) -> list[Flowable]:
    if not entity.names:
        return []
    ctx.where(f"{entity.caption} / names")
    s = ctx.styles
    rows: list[list[Flowable | str]] = [[h for h in ("Name", "Kind", "Language / script")]]
    for name in entity.names:
        lang = " / ".join(x for x in (name.lang, name.script) if x)
        rows.append(
            [
                Paragraph(ctx.t(name.value), s.cell),
                Paragraph(ctx.t(name.kind), s.cell),
                Paragraph(ctx.t(lang), s.cell),
            ]
        )
    return [
        _heading(ctx, "Names", f"ent{idx}-names"),
        data_table(rows, [FRAME_WIDTH - 70 * mm, 34 * mm, 36 * mm], label_style=s.cell_head),
    ]


def _facts(ctx: StoryContext, idx: int, entity: EntityDossier) -> list[Flowable]:
    if not entity.facts:
        return []
    ctx.where(f"{entity.caption} / facts")
    s = ctx.styles
    rows: list[list[Flowable | str]] = [[h for h in ("Property", "Value and evidence")]]
    for fact in entity.facts:
        if fact.withheld:
            value = withheld_value_markup(ctx)
        else:
            numbers = ctx.num.markers(
                idx, fact.quote_refs, f"{entity.caption}: fact {fact.label!r}"
            )
            value = ctx.t(fact.value) + evidence_markup(ctx, numbers, fact.withheld_refs)
        rows.append([Paragraph(ctx.t(fact.label), s.cell), Paragraph(value, s.cell)])
    legend = ctx.fixed(
        "Superscript numbers link to the quotes that support a value; "
        "\u201cunsupported\u201d means no quote in this dossier supports it; "
        "\u201cwithheld\u201d, that the value is above this dossier's handling level.",
        MUTED_HEX,
    )
    return [
        _heading(ctx, "Facts", f"ent{idx}-facts"),
        Paragraph(legend, s.small),
        Spacer(1, 2 * mm),
        data_table(rows, [46 * mm, FRAME_WIDTH - 46 * mm], label_style=s.cell_head),
    ]


def _relationships(ctx: StoryContext, idx: int, entity: EntityDossier) -> list[Flowable]:
    if not entity.relationships:
        return []
    ctx.where(f"{entity.caption} / relationships")
    s = ctx.styles
    rows: list[list[Flowable | str]] = [
        [h for h in ("Relationship", "Other party and evidence", "Role", "Period")]
    ]
    for rel in entity.relationships:
        arrow = "\u2192" if rel.direction == "outgoing" else "\u2190"
        numbers = ctx.num.markers(
            idx, rel.quote_refs, f"{entity.caption}: relationship with {rel.other!r}"
        )
        other = ctx.t(rel.other) + evidence_markup(ctx, numbers, rel.withheld_refs)
        period = (
            " \u2013 ".join([rel.start or "?", rel.end or "?"]) if (rel.start or rel.end) else ""
        )
        rows.append(
            [
                Paragraph(ctx.t(f"{rel.schema} {arrow}"), s.cell),
                Paragraph(other, s.cell),
                Paragraph(ctx.t(rel.role), s.cell),
                Paragraph(ctx.t(period), s.cell),
            ]
        )
    legend = ctx.fixed(
        "\u2192 this entity is the subject (owns, directs, employs...); \u2190 the other party is.",
        MUTED_HEX,
    )
    widths = [34 * mm, FRAME_WIDTH - 34 * mm - 34 * mm - 30 * mm, 34 * mm, 30 * mm]
    return [
        _heading(ctx, "Relationships", f"ent{idx}-rels"),
        Paragraph(legend, s.small),
        Spacer(1, 2 * mm),
        data_table(rows, widths, label_style=s.cell_head),
    ]


def _quotes(ctx: StoryContext, idx: int, entity: EntityDossier) -> list[Flowable]:
    quotes = ctx.num.ordered[idx]
    if not quotes:
        return []
    ctx.where(f"{entity.caption} / quotes")
    story: list[Flowable] = [_heading(ctx, "Quotes", f"ent{idx}-quotes")]
    story.append(
        Paragraph(
            ctx.fixed(
                f"{plural(len(quotes), 'quote')}, grouped by source. "
                "Grades: source reliability (A-F) "
                "and information credibility (1-6).",
                MUTED_HEX,
            ),
            ctx.styles.small,
        )
    )
    sources = {s.id: s for s in ctx.doc.sources}
    current: str | None = None
    for count, q in enumerate(quotes, start=1):
        if q.source_id != current:
            current = q.source_id
            story += _source_heading(ctx, idx, sources.get(current), current)
        story += _quote_block(ctx, idx, q)
        if count % QUOTES_PER_MARK == 0:
            story.append(ProgressMark(f"{entity.caption}: quote {count} of {len(quotes)}"))
            ctx.marks += 1
    return story


def _source_heading(
    ctx: StoryContext, idx: int, source: SourceEntry | None, source_id: str
) -> list[Flowable]:
    n = ctx.num.source_no.get(source_id, UNKNOWN_SOURCE)
    if source is None:
        title = f"Source not in this dossier ({source_id})"
        return [
            Heading(
                ctx.t(title, "bold"),
                ctx.styles.h3,
                outline=title,
                key=f"ent{idx}-srcx-{hashlib.sha1(source_id.encode()).hexdigest()[:12]}",
                level=2,
            )
        ]
    label = f"S{n}"
    heading = Heading(
        f'<font color="{ACCENT_HEX}">{label}</font>  ' + ctx.t(source.title, "bold"),
        ctx.styles.h3,
        outline=f"{label} {source.title}",
        key=f"ent{idx}-src{n}",
        level=2,
    )
    meta = [x for x in (source.publisher, source.published) if x]
    if source.reliability:
        meta.append(f"reliability {source.reliability}")
    line = ctx.t(" · ".join(meta)) + (" · " if meta else "")
    line += f'<a href="#src{n}" color="{LINK}">{ctx.fixed(f"details in appendix {label}")}</a>'
    return [heading, Paragraph(line, ctx.styles.small)]


def _quote_block(ctx: StoryContext, idx: int, q: QuoteEntry) -> list[Flowable]:
    n = ctx.num.quote_no[(idx, q.id)]
    s = ctx.styles
    styler = ctx.styler
    bold = styler.base_font("bold")
    regular = styler.base_font("regular")
    sep = Run("  \u00b7  ", regular)
    runs: list[Run] = [Run(f"[{n}]", bold, ACCENT_HEX)]
    head = [f'<a name="q{n}"/><font name="{bold}" color="{ACCENT_HEX}">[{n}]</font>']
    if q.pages:
        first, last = q.pages
        pages = f"p. {first}" if first == last else f"pp. {first}\u2013{last}"
        runs += [sep, *styler.line_runs(pages)]
        head.append(ctx.fixed(pages))
    if q.grade:
        runs += [sep, Run("grade ", regular), *styler.line_runs(q.grade)]
        head.append(ctx.fixed("grade ") + ctx.t(q.grade))
    src_no = ctx.num.source_no.get(q.source_id)
    if src_no is not None:
        runs += [sep, Run(f"S{src_no}", regular, LINK, f"src{src_no}")]
        head.append(f'<a href="#src{src_no}" color="{LINK}">S{src_no}</a>')
    # Head, text and note are separate flowables so that a quote in one script stays a
    # single-font paragraph, which ReportLab lays out several times faster than mixed ones. The
    # head's ``keep`` keeps it off the bottom of a page without keepWithNext, whose container
    # wraps every quote twice.
    out: list[Flowable] = [
        LineOfRuns(
            runs,
            s.quote_head,
            markup="  ·  ".join(head),
            anchor=f"q{n}",
            keep=QUOTE_KEEP - s.quote_head.spaceBefore,
        ),
        Paragraph(ctx.t("\u201c" + _reflow(q.text) + "\u201d"), s.quote),
    ]
    if q.note:
        out.append(Paragraph(ctx.t("Note: " + q.note, "italic"), s.quote_note))
    if q.page_image is not None:
        try:
            image = FramedImage(q.page_image.png, indent=QUOTE_INDENT, max_height=80 * mm)
        except Exception as exc:  # a bad image must not lose the whole dossier
            ctx.num.warnings.append(f"Quote {q.id!r}: page image unreadable ({exc}); left out.")
        else:
            out.append(image)
            out.append(
                Paragraph(
                    ctx.fixed(
                        f"Page {q.page_image.page} of the original, passage highlighted.", MUTED_HEX
                    ),
                    s.caption,
                )
            )
            return [KeepTogether(out)]  # the picture belongs beside its quote
    return out
