"""Import from the command line: duplicates, export-original, verify, hostile files refused."""

from __future__ import annotations

import hashlib
import io
import json
import random
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

from nkcase.cli.main import main
from tests.fixtures.documents import (
    make_zip_bomb,
    png_bytes,
    truncated_pdf_bytes,
    xref_loop_pdf_bytes,
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def pdf_bytes(pages: list[str], encrypt: str | None = None) -> bytes:
    buffer = io.BytesIO()
    enc = StandardEncryption(encrypt, canPrint=1) if encrypt else None
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=enc)
    for text in pages:
        y = 800
        for line in text.split("\n"):
            pdf.drawString(72, y, line)
            y -= 16
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


HOSTILE = {
    "empty.txt": b"",
    "random.txt": random.Random(3).randbytes(4096),
    "picture.pdf": png_bytes(),
    "truncated.pdf": truncated_pdf_bytes(),
    "xref-loop.pdf": xref_loop_pdf_bytes(),
    "locked.pdf": pdf_bytes(["Secret page."], encrypt="s3cret"),
}


@pytest.fixture
def book(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "x.nkcase")
    assert run(capsys, "new", path)[0] == 0
    note = tmp_path / "note.txt"
    note.write_text("A note about the Sea Star, seen off Nampo in May 2019.\n", encoding="utf-8")
    assert run(capsys, "import", path, str(note))[0] == 0
    return path


def test_import_duplicate_export_and_verify(
    book: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = tmp_path / "note.txt"
    code, out, _ = run(capsys, "import", book, str(note))
    assert code == 0 and "already present" in out
    sources = json.loads(run(capsys, "source", "list", book, "--json")[1])
    assert len(sources) == 1
    assert sources[0]["sha256"] == hashlib.sha256(note.read_bytes()).hexdigest()
    out_file = tmp_path / "back.txt"
    code, out, _ = run(
        capsys, "source", "export-original", book, sources[0]["id"], "--out", str(out_file)
    )
    assert code == 0
    assert out_file.read_bytes() == note.read_bytes()
    assert run(capsys, "verify", book)[0] == 0
    text = run(capsys, "source", "text", book, sources[0]["id"][:8])[1]
    assert "Sea Star" in text


@pytest.mark.parametrize("name", [*HOSTILE, "bomb.docx"])
def test_hostile_files_one_line_exit_1_nothing_changed(
    book: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = tmp_path / name
    if name == "bomb.docx":
        make_zip_bomb(path)
    else:
        path.write_bytes(HOSTILE[name])
    before = json.loads(run(capsys, "info", book, "--json")[1])
    code, out, err = run(capsys, "import", book, str(path))
    assert code == 1, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nkcase: error:"), err
    assert "Traceback" not in err
    after = json.loads(run(capsys, "info", book, "--json")[1])
    assert {k: v for k, v in after.items()} == before
    assert run(capsys, "check", book)[0] == 0


def test_encrypted_pdf_imports_with_password(
    book: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(HOSTILE["locked.pdf"])
    code, _, err = run(capsys, "import", book, str(path), "--password", "wrong")
    assert code == 1 and "password" in err
    code, _, err = run(capsys, "import", book, str(path), "--password", "s3cret")
    assert code == 0, err
    sources = json.loads(run(capsys, "source", "list", book, "--json")[1])
    pdf = next(s for s in sources if s["kind"] == "pdf")
    assert "Secret page." in run(capsys, "source", "text", book, pdf["id"])[1]


def test_folder_import_mixed(book: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("First document about the Albatross office.\n", encoding="utf-8")
    (folder / "sub" / "b.pdf").write_bytes(pdf_bytes(["Page one of b.", "Page two of b."]))
    (folder / "sub" / "bad.pdf").write_bytes(b"%PDF-1.4 garbage")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    code, out, err = run(capsys, "import", book, str(folder), "--reliability", "c")
    assert code == 1
    assert "2 imported, 0 already present, 1 failed" in out
    assert "skipped" in out and "bad.pdf" in err
    sources = json.loads(run(capsys, "source", "list", book, "--json")[1])
    assert sorted(s["reliability"] or "-" for s in sources) == ["-", "C", "C"]
    b = next(s for s in sources if s["file_name"] == "b.pdf")
    assert b["pages"] == 2
