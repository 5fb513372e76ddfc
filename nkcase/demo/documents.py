"""The demo's source documents, written at run time: DOCX, PDF, HTML, UTF-8 and EUC-KR text.

nkcase ships no sample files: the demo writes its own, one per format the importer handles, so
a first-time user sees every kind of source (and each extractor's quirks, such as ligature
characters in a PDF or a legacy Korean encoding) in a casebook they can play with.

Every writer is deterministic — fixed timestamps in the DOCX zip and its properties, ReportLab's
``invariant`` mode for the PDF — so two demo builds import byte-identical originals with the
same SHA-256.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

from nkcase.demo import texts

FIXED_TIME = datetime(2023, 4, 3, 9, 0, 0, tzinfo=UTC)
PDF_TIME = datetime(2023, 2, 20, 10, 0, 0, tzinfo=UTC)
_ZIP_TIME = (2023, 4, 3, 9, 0, 0)

DEJAVU_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
    Path("/Library/Fonts"),
)


@dataclass(frozen=True)
class DemoDocument:
    """One file of the demo: its name, the kind nkcase should detect, and its bytes."""

    key: str
    file_name: str
    kind: str  # "docx", "pdf", "html", "text"
    data: bytes


def field_report_docx() -> bytes:
    """A Word field report with a header, a footer and a table, as a team would write one."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    props = document.core_properties
    props.title = texts.FIELD_REPORT_TITLE
    props.author = "Demo Investigator"
    props.last_modified_by = "Demo Investigator"
    props.created = FIXED_TIME.replace(tzinfo=None)
    props.modified = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    section = document.sections[0]
    section.header.paragraphs[0].text = texts.DEMO_NOTICE
    section.footer.paragraphs[0].text = "Field report FR-07 · internal · team use only"
    document.add_heading(texts.FIELD_REPORT_TITLE, level=1)
    for paragraph in texts.FIELD_REPORT_PARAGRAPHS:
        document.add_paragraph(paragraph)
    header, *rows = texts.FIELD_REPORT_TABLE
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, header, strict=True):
        cell.text = label
        for run in cell.paragraphs[0].runs:
            run.bold = True
            run.font.size = Pt(10)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    document.add_paragraph(texts.FR_PATTERN)
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalise_zip(buffer.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed member timestamps (python-docx stamps the current time)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def find_ligature_font() -> Path:
    """A TrueType font with glyphs for U+FB01/U+FB02: bundled fonts first, then DejaVu Sans."""
    from nkcase.dossier.fonts import bundled_font_dirs

    for folder in [*bundled_font_dirs(), *DEJAVU_DIRS]:
        candidate = folder / "DejaVuSans.ttf"
        if candidate.is_file():
            return candidate
    from nkcase.errors import NkcaseError

    raise NkcaseError(
        "the demo needs the DejaVu Sans font to typeset its PDF "
        "(install it: sudo apt-get install fonts-dejavu-core)"
    )


def shipping_review_pdf(font_path: Path | None = None) -> bytes:
    """A three-page PDF report set in DejaVu Sans with real fi/fl ligature characters."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    font_name = "nkcase-demo-DejaVuSans"
    try:
        pdfmetrics.getFont(font_name)
    except KeyError:
        pdfmetrics.registerFont(TTFont(font_name, str(font_path or find_ligature_font())))
    body = ParagraphStyle("body", fontName=font_name, fontSize=11, leading=15, spaceAfter=8)
    title = ParagraphStyle("title", parent=body, fontSize=17, leading=22, spaceAfter=14)

    def decorate(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(font_name, 8)
        canvas.drawString(20 * mm, 287 * mm, f"{texts.PDF_PUBLISHER} · {texts.DEMO_NOTICE}")
        canvas.drawRightString(190 * mm, 12 * mm, f"Page {doc.page}")
        canvas.restoreState()

    story: list[object] = [Paragraph(escape(texts.ligate(texts.PDF_TITLE)), title)]
    for number, page in enumerate(texts.PDF_PAGES):
        if number:
            story.append(PageBreak())
        for paragraph in page:
            story.append(Paragraph(escape(texts.ligate(paragraph)), body))
            story.append(Spacer(1, 2))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=texts.PDF_TITLE,
        author=texts.PDF_PUBLISHER,
        creator="nkcase demo",
        invariant=True,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=22 * mm,
        bottomMargin=20 * mm,
    )
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate, canvasmaker=_dated_canvas())
    return buffer.getvalue()


def _dated_canvas() -> type:
    """A ReportLab canvas whose PDF says it was made at :data:`PDF_TIME`.

    ReportLab's ``invariant`` mode makes the bytes reproducible but dates every file
    2000-01-01, which nkcase would then show as the report's publication date.
    """
    from reportlab.pdfgen.canvas import Canvas

    from nkcase.dossier.layout import pin_pdf_dates

    class DatedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            pin_pdf_dates(self, PDF_TIME)

    return DatedCanvas


def news_page_html() -> bytes:
    """A saved news page: meta tags, navigation, a sidebar and a footer around the article."""
    paragraphs = "\n".join(f"      <p>{escape(p)}</p>" for p in texts.NEWS_PARAGRAPHS)
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{escape(texts.NEWS_TITLE)} | {escape(texts.NEWS_SITE)}</title>
  <meta property="og:title" content="{escape(texts.NEWS_TITLE)}">
  <meta property="og:site_name" content="{escape(texts.NEWS_SITE)}">
  <meta property="og:type" content="article">
  <meta name="author" content="{escape(texts.NEWS_AUTHOR)}">
  <meta property="article:published_time" content="{texts.NEWS_PUBLISHED}T08:30:00+07:00">
  <link rel="canonical" href="{texts.NEWS_URL}">
  <link rel="stylesheet" href="https://news.example.org/static/site.css">
</head>
<body>
  <header class="site-header">
    <a class="logo" href="https://news.example.org/">{escape(texts.NEWS_SITE)}</a>
    <nav>
      <ul>
        <li><a href="https://news.example.org/region">Region</a></li>
        <li><a href="https://news.example.org/business">Business</a></li>
        <li><a href="https://news.example.org/opinion">Opinion</a></li>
        <li><a href="https://news.example.org/subscribe">Subscribe</a></li>
      </ul>
    </nav>
  </header>
  <main>
    <article>
      <h1>{escape(texts.NEWS_TITLE)}</h1>
      <p class="byline">By {escape(texts.NEWS_AUTHOR)} ·
        <time datetime="{texts.NEWS_PUBLISHED}">12 June 2020</time></p>
{paragraphs}
    </article>
    <aside class="related">
      <h2>Most read</h2>
      <ul>
        <li><a href="https://news.example.org/2020/06/rice-prices">Rice prices climb again</a></li>
        <li><a href="https://news.example.org/2020/06/river-ferry">New river ferry opens</a></li>
      </ul>
    </aside>
  </main>
  <footer>
    <p>© 2020 {escape(texts.NEWS_SITE)}. All rights reserved.</p>
    <p><a href="https://news.example.org/privacy">Privacy</a> ·
       <a href="https://news.example.org/contact">Contact</a></p>
  </footer>
  <script src="https://news.example.org/static/tracker.js"></script>
</body>
</html>
"""
    return page.encode("utf-8")


def debrief_text() -> bytes:
    return texts.DEBRIEF_TEXT.encode("utf-8")


def korean_brief_euc_kr() -> bytes:
    return texts.KOREAN_TEXT.encode("euc_kr")


def demo_documents() -> list[DemoDocument]:
    """Every demo document, in the order the builder imports them."""
    return [
        DemoDocument("field-report", "FR-07 field report Bangkok.docx", "docx",
                     field_report_docx()),
        DemoDocument("shipping-review", "shipping-review-blue-lantern.pdf", "pdf",
                     shipping_review_pdf()),
        DemoDocument("news-page", "mekong-ledger-hanoi-restaurant.html", "html", news_page_html()),
        DemoDocument("debrief", "debrief-KESTREL-2023-04-02.txt", "text", debrief_text()),
        DemoDocument("korean-brief", "vientiane-sonamu-euc-kr.txt", "text", korean_brief_euc_kr()),
    ]


def write_documents(folder: Path) -> dict[str, Path]:
    """Write every demo document into ``folder``; returns their paths by key."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for document in demo_documents():
        path = folder / document.file_name
        path.write_bytes(document.data)
        paths[document.key] = path
    return paths
