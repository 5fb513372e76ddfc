"""Shared pieces for the story builders: the build context, tables, markers, small texts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from nkcase.dossier.data import DossierDocument, WithheldSummary
from nkcase.dossier.fonts import Role
from nkcase.dossier.numbering import Numbering
from nkcase.dossier.styles import HEAD_BG, LINK, MUTED_HEX, RULE, UNSUPPORTED, Styles
from nkcase.dossier.textruns import TextStyler
from nkcase.vocabulary.levels import HandlingLevel


@dataclass(slots=True)
class StoryContext:
    """What every section builder needs: the input, fonts, styles and numbering."""

    doc: DossierDocument
    styler: TextStyler
    styles: Styles
    num: Numbering
    marks: int = 0
    """Number of progress marks put into the story so far."""

    def t(self, text: str | None, role: Role = "regular", base: Role | None = None) -> str:
        """Escaped, font-split markup for user text (short name: it is used everywhere)."""
        return self.styler.markup(text, role, base=base)

    def p(self, text: str | None, style_name: str = "body", role: Role = "regular") -> Paragraph:
        """A paragraph of user text in the given style."""
        style = getattr(self.styles, style_name)
        return Paragraph(self.t(text, role), style)

    def fixed(self, text: str, colour: str | None = None, role: Role = "regular") -> str:
        """Markup for our own (ASCII) wording inside a regular paragraph."""
        body = self.t(text, role, base="regular")
        return f'<font color="{colour}">{body}</font>' if colour else body

    def where(self, place: str) -> None:
        """Name the place the next texts go, for missing-character reports."""
        self.styler.context = place


WITHHELD_VALUE = "withheld"
"""What a fact row says instead of a value that is above the dossier's level."""


def withheld_value_markup(ctx: StoryContext) -> str:
    return ctx.fixed(WITHHELD_VALUE, MUTED_HEX, "italic")


def evidence_markup(ctx: StoryContext, numbers: Sequence[int], withheld: int) -> str:
    """Superscript links to the supporting quotes, or the "unsupported" mark."""
    out = ""
    if numbers:
        links = ",".join(f'<a href="#q{n}" color="{LINK}">{n}</a>' for n in numbers)
        out = f"<super>{links}</super>"
    if withheld:
        out += " " + ctx.fixed(f"(+{withheld} withheld)", MUTED_HEX)
    if not numbers and not withheld:
        out += " " + ctx.fixed("unsupported", UNSUPPORTED, "italic")
    return out


def data_table(
    rows: list[list[Flowable | str]],
    widths: Sequence[float],
    *,
    header: bool = True,
    label_style: ParagraphStyle | None = None,
) -> Table:
    """A light table: header row tinted, hairlines between rows, cells top-aligned.

    Plain ``str`` cells are our own labels (column heads, "SHA-256"...), never user text: the
    table draws them directly in ``label_style``'s font, size and colour, which is much
    cheaper than a Paragraph per label.
    """
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
    if label_style is not None:
        commands += [
            ("FONTNAME", (0, 0), (-1, -1), label_style.fontName),
            ("FONTSIZE", (0, 0), (-1, -1), label_style.fontSize),
            ("LEADING", (0, 0), (-1, -1), label_style.leading),
            ("TEXTCOLOR", (0, 0), (-1, -1), label_style.textColor),
        ]
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
        ]
    table = Table(
        rows,
        colWidths=list(widths),
        repeatRows=1 if header else 0,
        hAlign="LEFT",
        splitInRow=1,
    )
    table.setStyle(TableStyle(commands))
    return table


def key_value_table(
    ctx: StoryContext, pairs: list[tuple[str, Paragraph]], widths: Sequence[float]
) -> Table:
    """Two-column table of our labels and values (no header row)."""
    rows: list[list[Flowable | str]] = [[label, value] for label, value in pairs]
    return data_table(rows, widths, header=False, label_style=ctx.styles.cell_head)


def plural(n: int, word: str) -> str:
    """'1 quote', '3 quotes'."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def withheld_sentence(w: WithheldSummary, level: HandlingLevel) -> str | None:
    """ "3 quotes from 1 source are withheld at level public." or None if nothing was."""
    described = w.describe()
    if described is None:
        return None
    return f"{described} {'is' if w.single else 'are'} withheld at level {level}."
