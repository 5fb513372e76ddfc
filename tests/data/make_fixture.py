"""Make the fixture casebook for the current schema revision: tests/data/casebook-revNNNN.nkcase.

Run once per released revision (``python tests/data/make_fixture.py``) and commit the file;
never regenerate an old one. tests/store/test_migrations.py opens every fixture.
"""

from __future__ import annotations

from pathlib import Path

from nkcase.exchange.ftm.importer import import_ftm
from nkcase.graph.state import ChartState
from nkcase.services import charts, entities, events, quotes, relationships, releases, sources
from nkcase.services.lists import import_list
from nkcase.services.screening import review_candidate, screen
from nkcase.store import create_casebook
from nkcase.store.migrate import head_revision

UN_EXCERPT = "consolidated-2026-01-28-excerpt.xml"
REGISTRY = "Registry extract. Heron Holdings was registered in Hanoi in 2016.\n"
DEBRIEF = (
    "Debrief of KESTREL. Cash went through account 0071-4432-19 every month. "
    "KESTREL keeps the books at Heron Holdings.\n"
)
UN_EXCERPT = "consolidated-2026-01-28-excerpt.xml"


def main() -> None:
    path = Path(__file__).with_name(f"casebook-rev{head_revision()}.nkcase")
    if path.exists():
        raise SystemExit(f"{path} exists; fixtures of released revisions never change")
    with create_casebook(path, "Migration fixture", actor="fixture") as book:
        albatross = entities.create_entity(
            book, "Company", "Albatross Trading", aliases=["알바트로스"], props=[("country", "vn")]
        ).subject_id
        person = entities.create_entity(book, "Person", "Ra Kyong-su").subject_id
        entities.create_entity(
            book, "Organization", "평양옥류관 Bangkok", props=[("country", "th")]
        )
        entities.create_entity(book, "Company", 'AT&T <Ltd> "Co"')
        vessel = entities.create_entity(
            book, "Vessel", "Sea Star", props=[("imoNumber", "8905490")]
        ).subject_id
        relationships.relate(book, "Directorship", person, albatross, role="director", start="2017")
        entities.add_note(book, albatross, "Registry extract requested.")
        _levels(book, path.parent)
        # From revision 0004: a sanctions list snapshot (reference data, written in bulk).
        import_list(book, Path(__file__).with_name("lists") / "un" / UN_EXCERPT)
        # From revision 0005: a screening candidate, confirmed (a designation).
        # From revision 0011: the screening stores the snapshot's blocking index.
        listed = entities.create_entity(book, "Person", "Lee Won-ho").subject_id
        assert listed is not None
        [candidate] = screen(book, entity_ids=[listed]).subjects[0].candidates
        review_candidate(book, candidate.id, "confirm")
        # From revision 0006: an event and a saved chart.
        events.add_event(
            book, date="2019", summary="Renamed Sea Star", entity_ids=[vessel, albatross]
        )
        charts.save_chart(book, "Albatross network", ChartState(entity_ids=[albatross, person]))
        # From revision 0007: row versions, and a merged casebook's audit chain.
        _merged(book, path.parent)
        # From revision 0008: an FtM import (a person with its FtM id, dataset and file hash).
        ftm_file = path.with_suffix(".ftm.json")
        ftm_file.write_text(
            '{"id": "fixture-person-1", "schema": "Person", "datasets": ["fixture"], '
            '"properties": {"name": ["Pak Song-il"], "nationality": ["kp"]}}\n',
            encoding="utf-8",
        )
        import_ftm(book, ftm_file)
        ftm_file.unlink()
    print(f"wrote {path}")


def _merged(book, folder: Path) -> None:  # type: ignore[no-untyped-def]
    """Since revision 0007: a fieldwork copy edited apart and merged back."""
    from nkcase.exchange.merge import merge_casebooks
    from nkcase.store import open_casebook

    field = folder / "fixture-fieldwork.nkcase"
    book.backup(field)
    try:
        with open_casebook(field, actor="fieldwork") as copy:
            entities.create_entity(copy, "Company", "Fieldwork Trading", props=[("country", "kh")])
            merge_casebooks(book, copy)
    finally:
        for leftover in (field, field.with_name(field.name + ".lock")):
            leftover.unlink(missing_ok=True)


def _levels(book, folder: Path) -> None:  # type: ignore[no-untyped-def]
    """Since revision 0003: a protected source, what only it supports, a release, a level
    set by hand, a note supported by a quote."""
    holdings = entities.create_entity(book, "Company", "Heron Holdings").subject_id
    assert holdings is not None
    (folder / "fixture-registry.txt").write_text(REGISTRY, encoding="utf-8")
    (folder / "fixture-debrief.txt").write_text(DEBRIEF, encoding="utf-8")
    try:
        registry = sources.import_file(
            book, folder / "fixture-registry.txt", sources.ImportOptions(handling="public")
        )[0].source_id
        debrief = sources.import_file(
            book, folder / "fixture-debrief.txt",
            sources.ImportOptions(handling="protected", title="KESTREL debrief"),
        )[0].source_id
    finally:
        (folder / "fixture-registry.txt").unlink()
        (folder / "fixture-debrief.txt").unlink()
    assert registry is not None and debrief is not None
    quotes.add_quote(book, registry, text="Heron Holdings was registered in Hanoi",
                     entity_ids=[holdings])
    account = entities.set_fact(book, holdings, "notes", "account 0071-4432-19").subject_id
    assert account is not None
    quotes.add_quote(book, debrief, text="account 0071-4432-19", fact_ids=[account])
    kestrel = entities.create_entity(book, "Person", "KESTREL").subject_id
    assert kestrel is not None
    inside = relationships.relate(book, "UnknownLink", kestrel, holdings,
                                  role="informant inside").subject_id
    quotes.add_quote(book, debrief, text="KESTREL keeps the books at Heron Holdings",
                     relationship_ids=[str(inside)])
    note = entities.add_note(book, holdings, "Cash moves monthly.", handling="public")
    quotes.add_quote(book, debrief, text="Cash went through", note_ids=[str(note.subject_id)])
    releases.release(book, account, "public", "confirmed by the bank")
    marked = entities.create_entity(book, "Person", "Marked Protected", level="protected")
    assert marked.subject_id is not None


if __name__ == "__main__":
    main()
