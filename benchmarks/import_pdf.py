"""End-to-end import speed: extract, store and index a generated 300+ page PDF.

Prints pages per second for `nkcase import` (in-process, through the same service the CLI and
GUI use) beside `pdftotext` on the same file. Run by hand:

    .venv/bin/python benchmarks/import_pdf.py [--pages 320]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from nkcase.services import sources
from nkcase.store import create_casebook

WORDS = [
    "vessel",
    "tanker",
    "transfer",
    "cargo",
    "restaurant",
    "company",
    "director",
    "registry",
    "sanctions",
    "panel",
    "report",
    "shipment",
    "owner",
    "manager",
    "flag",
    "port",
    "coal",
    "oil",
    "payment",
    "account",
    "bank",
    "invoice",
    "front",
    "network",
    "Pyongyang",
    "Nampo",
    "Bangkok",
    "Hanoi",
    "Vientiane",
    "Singapore",
    "trading",
    "office",
    "contract",
    "worker",
]


def make_pdf(path: Path, pages: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for page in range(pages):
        pdf.setFont("Helvetica", 10)
        y = 800
        pdf.drawString(72, y, f"Page {page + 1}: findings of the panel")
        for _ in range(48):
            y -= 15
            line = " ".join(rng.choice(WORDS) for _ in range(14))
            pdf.drawString(72, y, line.capitalize() + ".")
        pdf.showPage()
    pdf.save()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=320)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pdf = folder / "report.pdf"
        make_pdf(pdf, args.pages)
        print(f"generated {pdf.name}: {args.pages} pages, {pdf.stat().st_size / 1e6:.1f} MB")
        times = []
        for run in range(args.runs):
            book = folder / f"bench{run}.nkcase"
            with create_casebook(book) as casebook:
                start = time.perf_counter()
                outcome, _ = sources.import_file(casebook, pdf)
                times.append(time.perf_counter() - start)
                assert outcome.status == "imported", outcome
        best = min(times)
        print(
            f"nkcase import (extract + store + index): best {best:.2f} s "
            f"= {args.pages / best:.0f} pages/s (runs: {', '.join(f'{t:.2f}' for t in times)})"
        )
        if shutil.which("pdftotext"):
            ptimes = []
            for _ in range(args.runs):
                start = time.perf_counter()
                subprocess.run(["pdftotext", str(pdf), str(folder / "out.txt")], check=True)
                ptimes.append(time.perf_counter() - start)
            pbest = min(ptimes)
            print(f"pdftotext: best {pbest:.2f} s = {args.pages / pbest:.0f} pages/s")
            print(f"ratio nkcase/pdftotext time: {best / pbest:.2f}")
        else:
            print("pdftotext not installed (poppler-utils): no comparison")


if __name__ == "__main__":
    main()
