"""Dossiers from a casebook: handling levels, any script, escaping, page images, reproducibility."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from nkcase.cli.main import main
from nkcase.services import entities, quotes, sources
from nkcase.services.casefiles import case_file
from nkcase.services.dossier_data import gather_dossier
from nkcase.services.dossier_export import export_dossier
from nkcase.store import Casebook
from tests.fixtures.documents import make_text_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

PUBLIC_TEXT = (
    "Harbour log, Nampo, 2019.\n\nThe tanker Sea Star loaded coal at the north pier on 4 May. "
    "AT&T <Ltd> handled the satellite phones for the crew.\n"
)
SECRET_TEXT = (
    "Informant KESTREL said the Sea Star moved its cargo to a second ship at night off the "
    "coast. Payment went through a company in Dalian.\n"
)


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def case(casebook: Casebook, tmp_path: Path) -> dict[str, str]:
    public = tmp_path / "harbour-log.txt"
    public.write_text(PUBLIC_TEXT, encoding="utf-8")
    secret = tmp_path / "kestrel-debrief.txt"
    secret.write_text(SECRET_TEXT, encoding="utf-8")
    pdf = make_text_pdf(
        tmp_path / "panel.pdf",
        ["Panel report page one.", "The Sea Star was seen alongside another tanker in May."],
    )
    ids = {
        "public": sources.import_file(
            casebook,
            public,
            sources.ImportOptions(handling="public", reliability="B", title="Harbour log"),
        )[0].source_id,
        "secret": sources.import_file(
            casebook,
            secret,
            sources.ImportOptions(handling="protected", reliability="C", title="KESTREL debrief"),
        )[0].source_id,
        "pdf": sources.import_file(
            casebook,
            pdf,
            sources.ImportOptions(handling="public", reliability="A", title="Panel report"),
        )[0].source_id,
    }
    vessel = entities.create_entity(
        casebook,
        "Vessel",
        "Sea Star",
        aliases=["만수대창작사"],
        props=[("imoNumber", "8905490"), ("flag", "kp")],
    ).subject_id
    company = entities.create_entity(casebook, "Company", 'AT&T <Ltd> "Co"').subject_id
    entities.add_note(casebook, vessel, "Public note on the tanker.", handling="public")
    entities.add_note(casebook, vessel, "Internal lead: ask the port agent.", handling="internal")
    imo = next(f for f in case_file(casebook, vessel).facts if f.prop == "imoNumber")
    quotes.add_quote(
        casebook,
        ids["public"],
        text="The tanker Sea Star loaded coal at the north pier",
        entity_ids=[vessel],
        fact_ids=[imo.id],
        credibility=2,
        handling="public",
    )
    quotes.add_quote(
        casebook,
        ids["public"],
        text="AT&T <Ltd> handled the satellite phones",
        entity_ids=[company],
        handling="public",
    )
    quotes.add_quote(
        casebook,
        ids["secret"],
        text="moved its cargo to a second ship at night",
        entity_ids=[vessel],
        credibility=3,
    )
    quotes.add_quote(
        casebook,
        ids["pdf"],
        text="The Sea Star was seen alongside another tanker",
        entity_ids=[vessel],
        credibility=1,
        handling="public",
    )
    return {"vessel": vessel, "company": company, **ids}


def test_public_level_leaves_protected_source_out_entirely(
    casebook: Casebook, case: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "public.pdf"
    result = export_dossier(casebook, [case["vessel"]], out, level="public")
    text = " ".join(pdftotext(out).split())
    assert "The tanker Sea Star loaded coal at the north pier" in text
    assert "Public note on the tanker." in text
    for leak in ("KESTREL", "moved its cargo", "kestrel-debrief", "Internal lead"):
        assert leak not in text, leak
    with casebook.reading() as session:
        from nkcase.model import Source

        secret_hash = session.get(Source, case["secret"]).sha256
        public_hash = session.get(Source, case["public"]).sha256
    assert secret_hash not in text.replace(" ", "")
    assert public_hash in text.replace(" ", "")
    assert result.withheld.quotes == 1 and result.withheld.sources == 1
    assert result.withheld.notes == 1
    assert "withheld" in text

    full = tmp_path / "protected.pdf"
    export_dossier(casebook, [case["vessel"]], full, level="protected")
    full_text = " ".join(pdftotext(full).split())
    assert "moved its cargo to a second ship at night" in full_text
    assert secret_hash in full_text.replace(" ", "")


def test_scripts_escaping_facts_and_page_images(
    casebook: Casebook, case: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "all.pdf"
    result = export_dossier(casebook, [case["vessel"], case["company"]], out, level="public")
    text = pdftotext(out)
    assert "만수대창작사" in text
    assert 'AT&T <Ltd> "Co"' in text
    assert "AT&T <Ltd> handled the satellite phones" in " ".join(text.split())
    assert "IMO8905490" in text
    assert result.pages >= 3
    images = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True)
    if images.returncode == 0:
        assert len(images.stdout.strip().splitlines()) >= 3  # header lines + the page crop
    doc = gather_dossier(casebook, [case["vessel"]], "public")
    pdf_quotes = [q for q in doc.entities[0].quotes if q.source_id == case["pdf"]]
    assert pdf_quotes and pdf_quotes[0].page_image is not None
    assert pdf_quotes[0].pages == (2, 2)


def test_reproducible_and_per_entity(
    casebook: Casebook, case: dict[str, str], tmp_path: Path
) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    export_dossier(casebook, [case["vessel"]], a, level="internal")
    export_dossier(casebook, [case["vessel"]], b, level="internal")
    assert pdftotext(a) == pdftotext(b)
    folder = tmp_path / "each"
    result = export_dossier(
        casebook, [case["vessel"], case["company"]], folder, level="public", per_entity=True
    )
    assert len(result.paths) == 2 and all(p.parent == folder and p.exists() for p in result.paths)


def test_cli_export_all_with_password(
    casebook: Casebook, case: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    casebook.close()
    out = tmp_path / "locked.pdf"
    code = main(
        [
            "export",
            "dossier",
            casebook.location,
            "--all",
            "--out",
            str(out),
            "--level",
            "public",
            "--password",
            "correct horse battery",
        ]
    )
    assert code == 0, capsys.readouterr().err
    locked = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True)
    assert "Sea Star" not in locked.stdout
    opened = subprocess.run(
        ["pdftotext", "-upw", "correct horse battery", str(out), "-"],
        capture_output=True,
        text=True,
    )
    assert "Sea Star" in opened.stdout
    assert (
        main(
            [
                "export",
                "dossier",
                casebook.location,
                "--entity",
                "nobody",
                "--out",
                str(tmp_path / "x.pdf"),
            ]
        )
        == 2
    )


def test_thousand_quote_dossier_builds(casebook: Casebook, tmp_path: Path) -> None:
    lines = [
        f"Line {i}: the vessel reported position {i} near the coast at dawn." for i in range(1000)
    ]
    path = tmp_path / "log.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    source_id = sources.import_file(casebook, path)[0].source_id
    vessel = entities.create_entity(casebook, "Vessel", "Long Log").subject_id
    from nkcase.services.source_records import source_text

    full = source_text(casebook, source_id).text
    from nkcase.anchoring import make_selectors
    from nkcase.model import Evidence, Quote

    # Bulk-insert the quotes (the service path is tested above; this tests the dossier's size).
    with casebook.session() as session, session.begin():
        version = source_text(casebook, source_id).text_version_id
        start = 0
        for i in range(1000):
            start = full.index(f"Line {i}:", start)
            end = full.index("\n", start) if i < 999 else len(full)
            sel = make_selectors(full, start, end)
            quote = Quote(
                source_id=source_id,
                text_version_id=version,
                start_offset=start,
                end_offset=end,
                exact=sel.exact,
                prefix=sel.prefix,
                suffix=sel.suffix,
                credibility=3,
            )
            session.add(quote)
            session.flush()
            session.add(Evidence(quote_id=quote.id, entity_id=vessel))
    out = tmp_path / "long.pdf"
    result = export_dossier(casebook, [vessel], out, level="protected")
    assert result.pages > 20
    text = " ".join(pdftotext(out).split())
    assert "Line 999: the vessel reported position 999" in text


def test_cancelled_per_entity_export_leaves_nothing(
    casebook: Casebook, case: dict[str, str], tmp_path: Path
) -> None:
    from nkcase.errors import CancelledError

    folder = tmp_path / "each"
    calls: list[int] = []

    def progress(done: int, total: int, label: str) -> None:
        calls.append(done)
        if done >= total // 2 + 1:  # part-way through the second entity
            raise CancelledError("stop")

    with pytest.raises(CancelledError):
        export_dossier(
            casebook,
            [case["vessel"], case["company"]],
            folder,
            level="public",
            per_entity=True,
            on_progress=progress,
        )
    assert calls and not folder.exists()  # nothing written, not even the folder it made
