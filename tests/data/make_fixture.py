"""Make the fixture casebook for the current schema revision: tests/data/casebook-revNNNN.nkcase.

Run once per released revision (``python tests/data/make_fixture.py``) and commit the file;
never regenerate an old one. tests/store/test_migrations.py opens every fixture.
"""

from __future__ import annotations

from pathlib import Path

from nkcase.services import entities, relationships
from nkcase.store import create_casebook
from nkcase.store.migrate import head_revision


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
        entities.create_entity(book, "Vessel", "Sea Star", props=[("imoNumber", "8905490")])
        relationships.relate(book, "Directorship", person, albatross, role="director", start="2017")
        entities.add_note(book, albatross, "Registry extract requested.")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
