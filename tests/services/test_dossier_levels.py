"""Public dossiers reveal nothing learned only from a protected source: text, PDF bytes, random.

The informant case (tests/fixtures/informant.py): a fact, a relationship, a note and an
entity whose only support is a protected debrief. At level public none of their text, names,
roles, titles, URLs or hashes may reach the PDF — neither in what pdftotext reads nor in the
raw bytes (decompressed streams, metadata, bookmarks) — only counts. After a release with a
reason, exactly the released item appears.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

from nkcase.services import releases
from nkcase.services.dossier_export import export_dossier
from nkcase.store import Casebook
from tests.fixtures.informant import ACCOUNT_FACT, ROLE, InformantCase, build_informant_case

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def pdftotext(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return " ".join(out.split())


def pdf_bytes(path: Path) -> bytes:
    """The PDF's bytes with every Flate stream decompressed beside it (qpdf --qdf's view)."""
    data = path.read_bytes()
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        start = match.end()
        end = data.find(b"endstream", start)
        try:
            parts.append(zlib.decompressobj().decompress(data[start:end]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def encodings(secret: str) -> list[bytes]:
    """The forms a text can take inside a PDF: UTF-8, UTF-16BE (bookmarks, metadata)…"""
    forms = [secret.encode("utf-8"), secret.encode("utf-16-be")]
    with contextlib.suppress(UnicodeEncodeError):
        forms.append(secret.encode("latin-1"))
    return forms


def assert_absent(path: Path, secrets: list[str]) -> None:
    text = pdftotext(path)
    raw = pdf_bytes(path)
    # the raw check sees text: what a public dossier shows is in its bytes as such
    assert b"Hanoi registry extract" in raw and b"Albatross Trading" in raw
    for secret in secrets:
        assert secret not in text, f"{secret!r} in the text of {path.name}"
        if " " not in secret:  # pdftotext may break a long hash across lines
            assert secret not in text.replace(" ", ""), secret
        for form in encodings(secret):
            assert form not in raw, f"{secret!r} in the bytes of {path.name}"


@pytest.fixture
def informant(casebook: Casebook, tmp_path: Path) -> InformantCase:
    return build_informant_case(casebook, tmp_path)


def test_public_dossiers_hold_only_counts_of_what_the_debrief_taught(
    casebook: Casebook, informant: InformantCase, tmp_path: Path
) -> None:
    everything = tmp_path / "all-public.pdf"
    result = export_dossier(casebook, [informant.company, informant.informant], everything,
                            level="public")
    assert_absent(everything, informant.secrets())
    text = pdftotext(everything)
    assert "Albatross Trading" in text and "Hanoi registry extract" in text
    assert "withheld" in text and "1 entity" in text and "1 relationship" in text
    w = result.withheld
    assert (w.entities, w.facts, w.relationships, w.notes, w.sources) == (1, 1, 1, 1, 1)
    assert w.quotes == 3  # the fact's, the relationship's and the note's quotes

    per_entity = tmp_path / "each"
    result = export_dossier(casebook, [informant.company, informant.informant], per_entity,
                            level="public", per_entity=True)
    assert len(result.paths) == 1 and result.withheld.entities == 1
    assert_absent(result.paths[0], informant.secrets())

    # the same casebook at protected shows all of it: the checks above can fail
    full = tmp_path / "protected.pdf"
    export_dossier(casebook, [informant.company, informant.informant], full, level="protected")
    full_text = pdftotext(full)
    for secret in ("0071-4432-19", ROLE, "Tran Thi Heron", "왜가리", informant.debrief_sha256):
        assert secret in full_text.replace(" ", "") or secret in full_text, secret


def test_a_protected_entity_alone_is_refused_at_public(
    casebook: Casebook, informant: InformantCase, tmp_path: Path
) -> None:
    from nkcase.errors import ValidationError

    with pytest.raises(ValidationError, match="above level public"):
        export_dossier(casebook, [informant.informant], tmp_path / "x.pdf", level="public")
    assert not (tmp_path / "x.pdf").exists()


def test_after_a_release_exactly_the_released_value_appears(
    casebook: Casebook, informant: InformantCase, tmp_path: Path
) -> None:
    releases.release(casebook, informant.account_fact, "public",
                     "confirmed by the bank in court filing 117")
    out = tmp_path / "released.pdf"
    result = export_dossier(casebook, [informant.company, informant.informant], out,
                            level="public")
    text = pdftotext(out)
    assert ACCOUNT_FACT in text
    others = [s for s in informant.secrets() if s not in ACCOUNT_FACT]
    assert_absent(out, others)
    assert (result.withheld.facts, result.withheld.relationships, result.withheld.notes) == (
        0, 1, 1)
    assert result.withheld.entities == 1
