"""Dossiers carry each entity's network chart and chronology, at the dossier's level."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from nkcase.services import entities, relationships
from nkcase.services.dossier_data import gather_dossier
from nkcase.services.dossier_export import export_dossier
from tests.services.network import Network, build_network


def pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


@pytest.fixture
def net(casebook, tmp_path: Path) -> Network:
    return build_network(casebook, tmp_path / "docs")


def test_the_tanker_dossier_has_its_network_and_chronology(casebook, net, tmp_path) -> None:
    doc = gather_dossier(casebook, [net["tanker"]], "internal", with_page_images=False)
    [entity] = doc.entities
    assert entity.network is not None and entity.timeline is not None
    assert len(entity.network.groups("node")) == 4  # tanker, owner, director, restaurant
    assert [(c.when, c.kind) for c in entity.chronology] == [
        ("since 2018", "Relationship"), ("2019", "Event"),
        ("2022-10-03 – 2022-10-12", "Event")]
    cited = {q for line in entity.chronology for q in line.quote_refs}
    assert cited <= {q.id for q in entity.quotes}  # every footnote resolves

    out = tmp_path / "tanker.pdf"
    export_dossier(casebook, [net["tanker"]], out, level="internal")
    text = pdf_text(out)
    for expected in ("Network", "Chronology", "Renamed from Morning Reed", "Transponder off",
                     "Albatross Trading", "Okryu Restaurant", "2022-10-03"):
        assert expected in text, expected
    assert "Pak Ghost" not in text and "collects cash" not in text


def test_a_protected_dossier_shows_the_debriefs_links(casebook, net, tmp_path) -> None:
    out = tmp_path / "ra.pdf"
    export_dossier(casebook, [net["ra"]], out, level="protected")
    text = pdf_text(out)
    assert "Pak Ghost" in text and "collects cash" in text
    # (the relationships table is the handling-levels work's; the figures are checked here)
    [entity] = gather_dossier(casebook, [net["ra"]], "public", with_page_images=False).entities
    assert entity.network is not None
    shown = {g.id for g in entity.network.groups("node")} | {
        g.id for g in entity.network.groups("edge")}
    assert shown.isdisjoint({net["ghost"], net["collects"], net["partner"]})
    assert net["crane"] in shown


def test_figures_can_be_left_out(casebook, net, tmp_path) -> None:
    out = tmp_path / "plain.pdf"
    export_dossier(casebook, [net["tanker"]], out, with_figures=False)
    assert "Chronology" not in pdf_text(out)


def test_hangul_names_in_the_network_figure_are_real_text(casebook, net, tmp_path) -> None:
    okryu = str(entities.create_entity(casebook, "Organization", "평양옥류관").subject_id)
    relationships.relate(casebook, "UnknownLink", net["tanker"], okryu, role="운송")
    out = tmp_path / "hangul.pdf"
    result = export_dossier(casebook, [net["tanker"]], out)
    assert not [w for w in result.warnings if "No available font" in w]
    text = pdf_text(out)
    assert "평양옥류관" in text and "운송" in text
