"""The issues' own walk-throughs on the two seed articles (skipped when ../shared is absent)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from nkcase.services import entities, originals, quotes, sources
from nkcase.services.casefiles import case_file
from nkcase.services.mentions_service import mentions_in_source
from nkcase.services.search_service import search
from nkcase.services.source_records import source_text
from nkcase.store import Casebook


def _import(casebook: Casebook, path: Path, **options: object) -> str:
    outcome, _ = sources.import_file(casebook, path, sources.ImportOptions(**options))  # type: ignore[arg-type]
    assert outcome.source_id is not None
    return outcome.source_id


def test_seed_001_is_repaired_and_seed_000_untouched(
    casebook: Casebook, seed_000: Path, seed_001: Path, tmp_path: Path
) -> None:
    # Which words come back is the ingest tests' business; here: the repaired text and its
    # log are what the casebook stores, and every log entry points at its repaired word.
    damaged = source_text(casebook, _import(casebook, seed_001))
    assert "National Committee" in damaged.text
    assert all(r.kind == "ligature" for r in damaged.repairs) and len(damaged.repairs) >= 11
    for repair in damaged.repairs:
        assert damaged.text[repair.start : repair.end] == repair.after
    clean_id = _import(casebook, seed_000)
    clean = source_text(casebook, clean_id)
    assert clean.repairs == []
    assert clean.text.split() == seed_000.read_text(encoding="utf-8").split()
    out = tmp_path / "back.txt"
    digest = originals.export_original(casebook, clean_id, out)
    assert digest == hashlib.sha256(seed_000.read_bytes()).hexdigest()
    assert out.read_bytes() == seed_000.read_bytes()


def test_albatross_quote_search_and_mentions(
    casebook: Casebook, seed_000: Path, seed_001: Path
) -> None:
    s000 = _import(casebook, seed_000, reliability="B")
    s001 = _import(casebook, seed_001)
    albatross = entities.create_entity(
        casebook, "Company", "Albatross", props=[("country", "Vietnam"), ("sector", "labour")]
    ).subject_id
    country = next(f for f in case_file(casebook, albatross).facts if f.prop == "country")
    quotes.add_quote(
        casebook,
        s000,
        text="Albatross was a Vietnamese-registered company",
        entity_ids=[albatross],
        fact_ids=[country.id],
        credibility=2,
    )
    record = case_file(casebook, albatross)
    supported = {f.prop: f.supported for f in record.facts}
    assert supported == {"country": True, "sector": False}
    assert record.evidence[0].grade == "B2"
    assert record.evidence[0].source_title == seed_000.stem

    pyongyang = {h.source_id for h in search(casebook, "Pyongyang", kinds={"passage"}).hits}
    assert pyongyang == {s000, s001}
    assert {h.source_id for h in search(casebook, "Indo-Pacific").hits} == {s001}
    alias = entities.create_entity(
        casebook, "Organization", "Mansudae Art Studio", aliases=["만수대창작사"]
    ).subject_id
    assert alias in {h.entity_id for h in search(casebook, "창작사").hits}

    haedanghwa = entities.create_entity(casebook, "Company", "Haedanghwa Group").subject_id
    found = mentions_in_source(casebook, s000)
    by_entity = {m.entity_id for m in found}
    assert {albatross, haedanghwa} <= by_entity
    assert any(m.already_quoted for m in found if m.entity_id == albatross)
    text = source_text(casebook, s000).text
    assert all(text[m.start : m.end] == m.matched_text for m in found)
