"""Make tests/data/evidence-rev0002.nkcase: a revision-0002 casebook with sources and evidence.

Revision 0003 gave every item a handling level that follows its evidence. This fixture,
written by the nkcase of revision 0002, holds what the upgrade must get right: a protected
debrief whose quotes are the only support of a fact, a relationship and an informant; and a
source raised to protected *after* it was quoted, whose quotes 0002 left below it.

It was made once, with the nkcase of revision 0002 (commit 4221628) on the path:
``git archive 4221628 | tar -x -C /tmp/nkcase-0002`` then
``PYTHONPATH=/tmp/nkcase-0002 python tests/data/make_evidence_fixture.py``. Never regenerate it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from nkcase.services import entities, quotes, relationships, source_edits, sources
from nkcase.store import create_casebook
from nkcase.store.migrate import head_revision

REGISTRY = "Registry extract. Albatross Trading was registered in Hanoi in 2016.\n"
DEBRIEF = (
    "Debrief of KESTREL. Cash went through account 0071-4432-19 every month. "
    "KESTREL keeps the books at Albatross.\n"
)
LATE = "Shipping note. The tanker Sea Star called at Nampo in May.\n"


def main() -> None:
    assert head_revision() == "0002", "run this with the nkcase of revision 0002"
    path = Path(__file__).with_name("evidence-rev0002.nkcase")
    if path.exists():
        raise SystemExit(f"{path} exists; fixtures of released revisions never change")
    with tempfile.TemporaryDirectory() as folder, create_casebook(
        path, "Evidence fixture", actor="fixture"
    ) as book:
        files = {}
        for name, text in (("registry", REGISTRY), ("debrief", DEBRIEF), ("late", LATE)):
            files[name] = Path(folder) / f"{name}.txt"
            files[name].write_text(text, encoding="utf-8")
        registry = sources.import_file(
            book, files["registry"], sources.ImportOptions(handling="public", title="Registry")
        )[0].source_id
        debrief = sources.import_file(
            book, files["debrief"], sources.ImportOptions(handling="protected", title="Debrief")
        )[0].source_id
        late = sources.import_file(
            book, files["late"], sources.ImportOptions(handling="internal", title="Late")
        )[0].source_id
        albatross = entities.create_entity(book, "Company", "Albatross Trading").subject_id
        kestrel = entities.create_entity(book, "Person", "KESTREL").subject_id
        vessel = entities.create_entity(book, "Vessel", "Sea Star").subject_id
        quotes.add_quote(book, registry, text="Albatross Trading was registered in Hanoi",
                         entity_ids=[albatross])
        account = entities.set_fact(book, albatross, "notes", "account 0071-4432-19").subject_id
        quotes.add_quote(book, debrief, text="account 0071-4432-19", fact_ids=[account])
        inside = relationships.relate(book, "UnknownLink", kestrel, albatross,
                                      role="informant inside").subject_id
        quotes.add_quote(book, debrief, text="KESTREL keeps the books at Albatross",
                         relationship_ids=[inside])
        quotes.add_quote(book, late, text="The tanker Sea Star called at Nampo",
                         entity_ids=[vessel])
        source_edits.set_source_handling(book, late, "protected")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
