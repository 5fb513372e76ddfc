"""Dossier rendering speed: nkcase's builder beside a plain ReportLab document of the same text.

Prints pages per second for an entity with 500 quotes (synthetic, invented text with some
Hangul and Cyrillic mixed in) and for two plain platypus documents in one font: one with the
entity's strings (facts, quote heads, quotes, notes, sources), and one with every line of text
the built dossier shows (cover, tables, headings, appendix, running headers and footers
included), then the time ratios (target: at most 1.5).
Run: PYTHONPATH=. python benchmarks/dossier.py [quotes [mixed_every]]
"""

from __future__ import annotations

import io
import sys
import time
from datetime import UTC, datetime
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate

from nkcase.dossier import (
    DossierDocument,
    EntityDossier,
    FactLine,
    NameLine,
    QuoteEntry,
    SourceEntry,
    build_dossier,
)
from nkcase.dossier.fonts import default_library

WORDS = [
    "cargo",
    "tanker",
    "registry",
    "manager",
    "address",
    "annex",
    "vessel",
    "transfer",
    "company",
    "director",
    "shipment",
    "anchorage",
    "the",
    "of",
    "was",
    "in",
    "by",
    "from",
    "with",
    "and",
]
OTHER_SCRIPTS = ("만수대", "평양", "Морской")


def synthetic(quotes: int, mixed_every: int = 10) -> DossierDocument:
    """One entity, ``quotes`` quotes of 30-70 words over 20 sources, facts citing them.

    Every ``mixed_every``-th quote also holds Hangul and Cyrillic words (1 = all of them).
    """
    sources = tuple(
        SourceEntry(
            id=f"s{i}",
            title=f"Invented source {i}",
            publisher="Example",
            sha256=f"{i:064x}",
            reliability="BCD"[i % 3],
        )
        for i in range(20)
    )
    qs = []
    for i in range(quotes):
        n = 30 + (i * 7) % 40
        words = [WORDS[(i + j * 3) % len(WORDS)] for j in range(n)]
        if i % mixed_every == 0:
            words[5::9] = [OTHER_SCRIPTS[k % 3] for k in range(len(words[5::9]))]
        text = " ".join(words)
        qs.append(
            QuoteEntry(
                id=f"q{i}",
                source_id=f"s{i % 20}",
                text=f"Passage {i}: {text}.",
                pages=(i % 300 + 1, i % 300 + 1),
                grade="B2",
                note="Invented note." if i % 5 == 0 else None,
            )
        )
    facts = tuple(
        FactLine(f"Property {i}", f"Value {i} 값", (f"q{i}", f"q{i + 1}"))
        for i in range(0, min(quotes - 1, 60), 2)
    )
    entity = EntityDossier(
        id="e",
        schema="Company",
        caption="Benchmark Trading Co.",
        names=(NameLine("Benchmark Trading Co."), NameLine("벤치마크 무역회사")),
        facts=facts,
        quotes=tuple(qs),
    )
    return DossierDocument(
        title="Benchmark",
        casebook_name="bench",
        casebook_fingerprint="0" * 32,
        generated_at=datetime(2024, 1, 1, tzinfo=UTC),
        level="internal",
        entities=(entity,),
        sources=sources,
    )


def build_plain(story: list[Paragraph]) -> int:
    """Typesets ``story`` as a plain A4 platypus document; returns its pages."""
    buf = io.BytesIO()
    pages = 0

    def count(canvas: object, _doc: object) -> None:
        nonlocal pages
        pages += 1

    SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, invariant=1).build(
        story, onFirstPage=count, onLaterPages=count
    )
    return pages


def plain(doc: DossierDocument) -> int:
    """The same strings as plain paragraphs in one TrueType font; returns pages."""
    lib = default_library()
    font = lib.base_font("regular")
    style = ParagraphStyle("b", fontName=font, fontSize=9.5, leading=13.2)
    small = ParagraphStyle("s", style, fontSize=8, leading=10.5)
    story = []
    entity = doc.entities[0]
    for f in entity.facts:
        story.append(Paragraph(escape(f"{f.label}: {f.value}"), style))
    for q in entity.quotes:
        story.append(Paragraph(escape(f"[{q.id}] p. {q.pages} grade {q.grade}"), small))
        story.append(Paragraph(escape(q.text), style))
        if q.note:
            story.append(Paragraph(escape(q.note), small))
    for s in doc.sources:
        story.append(Paragraph(escape(f"{s.title} {s.publisher} {s.sha256}"), style))
    return build_plain(story)


def dossier_text(doc: DossierDocument) -> list[str]:
    """Every line of text the built dossier shows (cover, tables, heads, appendix, headers)."""
    import pypdfium2

    buf = io.BytesIO()
    build_dossier(doc, buf)
    pdf = pypdfium2.PdfDocument(buf.getvalue())
    lines: list[str] = []
    for page in pdf:
        lines += [line for line in page.get_textpage().get_text_range().splitlines() if line]
    return lines


def plain_all_text(lines: list[str]) -> int:
    """All the dossier's text, line by line, as plain paragraphs in one font; returns pages."""
    style = ParagraphStyle("b", fontName=default_library().base_font("regular"), fontSize=9.5,
                           leading=13.2)
    story = [Paragraph(escape(line), style) for line in lines]
    return build_plain(story)


def best_of(runs: int, fn: object) -> tuple[float, int]:
    times = []
    pages = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        pages = fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return min(times), pages


def main() -> None:
    quotes = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    mixed_every = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    doc = synthetic(quotes, mixed_every)
    default_library()  # font discovery is a one-off per process, not part of a build
    plain(doc)  # warm up font registration and parsing caches for both
    t_plain, p_plain = best_of(5, lambda: plain(doc))
    t_ours, p_ours = best_of(5, lambda: build_dossier(doc, io.BytesIO()).pages)
    lines = dossier_text(doc)
    t_all, p_all = best_of(5, lambda: plain_all_text(lines))
    t_cold = time.perf_counter()
    build_dossier(
        synthetic(quotes + 1, mixed_every), io.BytesIO()
    )  # new strings: run-split cache cold
    t_cold = time.perf_counter() - t_cold
    print(f"quotes: {quotes}, one in {mixed_every} with Hangul and Cyrillic words")
    print(
        f"plain ReportLab : {t_plain:6.3f} s  {p_plain:4d} pages  {p_plain / t_plain:7.1f} pages/s"
    )
    print(f"plain, all text : {t_all:6.3f} s  {p_all:4d} pages  {p_all / t_all:7.1f} pages/s"
          f"  (every line the dossier shows, {len(lines)} lines)")
    print(f"nkcase dossier  : {t_ours:6.3f} s  {p_ours:4d} pages  {p_ours / t_ours:7.1f} pages/s")
    print(f"nkcase (cold)   : {t_cold:6.3f} s")
    print(
        f"time ratio ours/plain: {t_ours / t_plain:.2f}  "
        f"(per page: {(t_ours / p_ours) / (t_plain / p_plain):.2f})"
    )
    print(f"time ratio ours/plain with all the dossier's text: {t_ours / t_all:.2f}")


if __name__ == "__main__":
    main()
