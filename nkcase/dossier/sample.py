"""A fictitious sample dossier, for looking at the layout and for demos.

Everything here is invented (names, numbers, sentences); no real company, ship or report is
described. ``python -m nkcase.dossier.sample OUT.pdf`` writes the sample dossier.
"""

from __future__ import annotations

import hashlib
import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from nkcase.dossier.crops import render_quote_crop
from nkcase.dossier.data import (
    DossierDocument,
    EntityDossier,
    FactLine,
    NameLine,
    PageImage,
    QuoteEntry,
    RelationshipLine,
    SourceEntry,
    WithheldSummary,
)

REPORT_LINES = [
    "Annex 14: Vessel movements observed in the reporting period",
    "",
    "The tanker SILVER HERON switched off its transponder for eleven days in",
    "March and reappeared near the same anchorage with a deeper draught,",
    "which is consistent with having taken on cargo at sea.",
    "",
    "Registry papers list Kestrel Ocean Logistics Co., Ltd. as the manager of",
    "the vessel since 2019; the company shares a postal address with two",
    "other shipping firms named in earlier annexes.",
]


def sample_report_pdf() -> tuple[bytes, list[tuple[float, float, float, float]]]:
    """A one-page invented 'panel report' PDF and the rectangles of its highlighted passage."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1)
    height = A4[1]
    c.setFont("Helvetica-Bold", 13)
    c.drawString(72, height - 80, "Fictitious Monitoring Group - Interim Report")
    c.setFont("Helvetica", 10.5)
    y = height - 120
    rects: list[tuple[float, float, float, float]] = []
    for i, line in enumerate(REPORT_LINES):
        c.drawString(72, y, line)
        if 6 <= i <= 8:
            w = c.stringWidth(line, "Helvetica", 10.5)
            rects.append((72, y - 2.5, 72 + w, y + 9))
        y -= 15
    c.setFont("Helvetica", 8)
    c.drawString(72, 40, "Page 37")
    c.showPage()
    c.save()
    return buf.getvalue(), rects


def sample_document() -> DossierDocument:
    """Two entities (a front company and a vessel), three sources, graded quotes, one crop."""
    pdf, rects = sample_report_pdf()
    crop = render_quote_crop(pdf, None, 0, rects, dpi=110)
    sha = hashlib.sha256(pdf).hexdigest()
    sources = (
        SourceEntry(
            id="src-panel",
            title="Fictitious Monitoring Group, interim report (annexes)",
            kind="pdf",
            publisher="Fictitious Monitoring Group",
            published="2023-08",
            retrieved="2024-01-15",
            url="https://example.org/reports/interim-2023.pdf",
            sha256=sha,
            reliability="B",
            file_name="interim-2023.pdf",
            pages=212,
        ),
        SourceEntry(
            id="src-news",
            title="Harbour gossip: a tanker that keeps going dark",
            kind="html",
            publisher="Example Maritime Weekly",
            published="2023-11-02",
            retrieved="2024-01-16",
            url="https://news.example.com/2023/11/tanker-dark",
            sha256=hashlib.sha256(b"news").hexdigest(),
            reliability="C",
        ),
        SourceEntry(
            id="src-registry",
            title="Company registry extract (translated)",
            kind="docx",
            publisher="Example registry service",
            published="2022-05-30",
            retrieved="2024-02-01",
            sha256=hashlib.sha256(b"registry").hexdigest(),
            reliability="A",
            file_name="registry-extract.docx",
            pages=3,
        ),
    )
    company = EntityDossier(
        id="ent-kestrel",
        schema="Company",
        caption="Kestrel Ocean Logistics Co., Ltd.",
        names=(
            NameLine("Kestrel Ocean Logistics Co., Ltd.", "name", "en", "Latn"),
            NameLine("황조해운회사", "alias", "ko", "Hang"),
            NameLine("Хвангдзо Хэун", "weakAlias", "ru", "Cyrl"),
            NameLine("黃鳥海運", "alias", "ko", "Hani"),
            NameLine("Kestrel Shipping & Trading <HK>", "previousName", "en", "Latn"),
        ),
        status="operating (2024-01)",
        summary=(
            "A ship-management company that appears as manager of the tanker SILVER HERON. "
            "Its registered address is shared with two other shipping firms. The working "
            "hypothesis is that it fronts for a state trading company; this is not yet "
            "established."
        ),
        facts=(
            FactLine("Registration number", "HK-2019-448812", ("q-reg",)),
            FactLine("Country", "Hong Kong", ("q-reg",)),
            FactLine("Address", "Room 1704, 88 Example Road, Kowloon", ("q-reg", "q-addr")),
            FactLine("Alias (Hangul)", "황조해운회사", ()),
            FactLine("Telephone", "+852 5555 0142", (), withheld_refs=1),
        ),
        relationships=(
            RelationshipLine(
                "UnknownLink",
                "SILVER HERON",
                "outgoing",
                "ship manager",
                "2019",
                None,
                ("q-manager",),
            ),
            RelationshipLine(
                "Ownership",
                "Example Holdings (BVI) Ltd.",
                "incoming",
                "owner",
                "2018-06",
                "2021",
                (),
            ),
        ),
        quotes=(
            QuoteEntry(
                "q-manager",
                "src-panel",
                "Registry papers list Kestrel Ocean Logistics Co., Ltd. as the manager of "
                "the vessel since 2019; the company shares a postal address with two "
                "other shipping firms named in earlier annexes.",
                (37, 37),
                "B2",
                "Matches the registry extract.",
                PageImage(crop, 37),
            ),
            QuoteEntry(
                "q-reg",
                "src-registry",
                "Kestrel Ocean Logistics Co., Ltd., registration number HK-2019-448812, "
                "registered office Room 1704, 88 Example Road, Kowloon.",
                (1, 1),
                "A1",
            ),
            QuoteEntry(
                "q-addr",
                "src-news",
                "Three shipping firms share one small office on Example Road, and none of "
                "them answered the door.",
                None,
                "C3",
            ),
        ),
        notes=(
            "Ask the registry for the 2021 annual return; the director list may have "
            "changed when ownership moved.",
        ),
        tags=("front company", "shipping"),
    )
    vessel = EntityDossier(
        id="ent-heron",
        schema="Vessel",
        caption="SILVER HERON",
        names=(
            NameLine("SILVER HERON", "name", "en"),
            NameLine("은백로", "alias", "ko"),
            NameLine("SEA HERON 7", "previousName", "en"),
        ),
        status="active (2023-11)",
        summary="Product tanker; dark periods in March 2023 consistent with ship-to-ship "
        "transfers.",
        facts=(
            FactLine("IMO number", "9123453", ("q-dark",)),
            FactLine("Flag", "Example Islands", ("q-news-flag",)),
            FactLine("Deadweight", "4,950 t", ()),
        ),
        relationships=(
            RelationshipLine(
                "UnknownLink",
                "Kestrel Ocean Logistics Co., Ltd.",
                "incoming",
                "ship manager",
                "2019",
                None,
                ("q-dark",),
            ),
        ),
        quotes=(
            QuoteEntry(
                "q-dark",
                "src-panel",
                "The tanker SILVER HERON switched off its transponder for eleven days in "
                "March and reappeared near the same anchorage with a deeper draught, "
                "which is consistent with having taken on cargo at sea.",
                (37, 37),
                "B2",
            ),
            QuoteEntry(
                "q-news-flag",
                "src-news",
                "The vessel, now flying the flag of the Example Islands, was seen again "
                "in November with fresh paint on its name boards.",
                None,
                "C2",
            ),
        ),
    )
    return DossierDocument(
        title="Kestrel Ocean Logistics and the tanker SILVER HERON",
        casebook_name="Tanker network 2024",
        casebook_fingerprint="5f2a9c0e7b1d4e8fa3c6b9d2e5f80a1c",
        generated_at=datetime(2024, 3, 1, 9, 30, tzinfo=UTC),
        level="internal",
        entities=(company, vessel),
        sources=sources,
        prepared_by="Analyst J. Doe",
        withheld=WithheldSummary(quotes=3, sources=1),
    )


def main(argv: list[str] | None = None) -> int:
    """Write the sample dossier to the path given (default: sample-dossier.pdf)."""
    from nkcase.dossier.builder import build_dossier

    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "sample-dossier.pdf")
    result = build_dossier(sample_document(), out)
    print(f"{out}: {result.pages} pages")
    for w in result.warnings:
        print("warning:", w)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
