"""Measure PDF extraction speed: nkcase.ingest.extract() against pdftotext on the same file.

Usage: python benchmarks/extract_pdf.py [PAGES] [LINES_PER_PAGE]
Generates a text PDF with ReportLab in a temporary folder (default 320 pages of 46 lines,
about 3,500 characters a page, like a UN Panel of Experts report) and prints pages/s.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nkcase.ingest import extract
from nkcase.ingest.repair.lexicon import english

_VOCABULARY_TEXT = (
    "the panel investigated vessels tankers that transferred refined petroleum products ship "
    "to ship off the coast while front companies registered in several jurisdictions arranged "
    "payments through correspondent accounts and the designated entities continued operating "
    "restaurants overseas with workers whose wages were remitted to the government according "
    "to member states the report notes that the flag registry deregistered the ship after "
    "inspection revealed falsified documents and concealed ownership"
)
VOCABULARY = _VOCABULARY_TEXT.split()


def make_pdf(path: Path, pages: int, lines: int) -> int:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    rng = random.Random(7)
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    chars = 0
    for number in range(pages):
        words = " ".join(rng.choice(VOCABULARY) for _ in range(lines * 14))
        text = pdf.beginText(56, A4[1] - 64)
        text.setFont("Helvetica", 10)
        for line in textwrap.wrap(words, 78)[:lines]:
            text.textLine(line)
            chars += len(line) + 1
        pdf.drawText(text)
        pdf.drawString(290, 30, str(number + 1))
        pdf.showPage()
    pdf.save()
    return chars // pages


def best_of(runs: int, action: object) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 320
    lines = int(sys.argv[2]) if len(sys.argv) > 2 else 46
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.pdf"
        per_page = make_pdf(path, pages, lines)
        data = path.read_bytes()
        english()  # the word list loads once per process; not part of per-file cost
        doc = extract(data, path.name)
        seconds = best_of(3, lambda: extract(data, path.name))
        print(f"{pages} pages, ~{per_page} characters a page, {len(data) / 1e6:.1f} MB")
        print(
            f"nkcase extract(): {pages / seconds:7.0f} pages/s ({seconds:.2f} s; text, page map, "
            f"boxes {len(doc.char_boxes or b'') / 1e6:.1f} MB packed, repairs)"
        )
        if shutil.which("pdftotext"):
            out = Path(folder) / "out.txt"
            cmd = ["pdftotext", "-enc", "UTF-8", str(path), str(out)]
            seconds = best_of(3, lambda: subprocess.run(cmd, check=True))
            print(f"pdftotext:        {pages / seconds:7.0f} pages/s ({seconds:.2f} s; text only)")
            bbox = ["pdftotext", "-bbox", str(path), str(Path(folder) / "out.html")]
            seconds = best_of(1, lambda: subprocess.run(bbox, check=True))
            print(f"pdftotext -bbox:  {pages / seconds:7.0f} pages/s ({seconds:.2f} s; word boxes)")
        else:
            print("pdftotext: not installed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
