"""Property: any sequence of operations, undone in reverse, leaves the casebook as it was;
redone in order, as it ended — every row and the search index (a content digest)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nkcase.errors import NkcaseError
from nkcase.ingest.types import ExtractedDocument
from nkcase.services import (
    entities,
    history,
    quotes,
    reanchor,
    relationships,
    source_edits,
    sources,
)
from nkcase.services.changes import Change
from nkcase.services.source_records import source_text
from nkcase.store import Casebook, create_casebook, open_casebook

from .conftest import FIELD_NOTE
from .digest import content_digest

NAMES = ["Albatross", "평양옥류관", 'AT&T <Ltd> "Co"', "Ra Kyong-su", "Sea Star", "Морской"]
SCHEMATA = ["Company", "Person", "Vessel", "Organization"]
TABLE_POOLS = ("entity", "fact", "note", "relationship", "quote", "evidence", "source")
#: Each kind of operation and the kinds of row it needs to exist (it is drawn only then).
KINDS: dict[str, tuple[str, ...]] = {
    "create": (), "import": (), "rename": ("entity",), "summary": ("entity",),
    "delete": ("entity",), "country": ("entity",), "alias": ("entity",),
    "remove_fact": ("fact",), "tag": ("entity",), "untag": ("entity",), "note": ("entity",),
    "edit_note": ("note",), "remove_note": ("note",), "relate": ("entity",),
    "unrelate": ("relationship",), "quote": ("source", "entity"), "link": ("quote", "entity"),
    "unlink": ("evidence",), "edit_quote": ("quote",), "remove_quote": ("quote",),
    "grade": ("source",), "title": ("source",), "reextract": ("source",),
}
#: Drawn twice as often: quoting and removing are where rows go by cascade.
OFTEN = ("quote", "quote", "link", "remove_quote", "delete", "remove_fact", "unrelate")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A casebook with one imported source, copied for every example."""
    folder = tmp_path_factory.mktemp("undo-template")
    path = folder / "template.nkcase"
    note = folder / "field-note.txt"
    note.write_text(FIELD_NOTE, encoding="utf-8")
    with create_casebook(path, "Template") as casebook:
        sources.import_file(casebook, note)
    return path


class Model:
    """The ids seen so far, by table, for drawing the arguments of the next operation."""

    def __init__(self, casebook: Casebook) -> None:
        with casebook.reading() as session:
            from nkcase.model import Source

            self.pools: dict[str, list[str]] = {t: [] for t in TABLE_POOLS}
            self.pools["source"] = list(session.scalars(Source.__table__.select()
                                                        .with_only_columns(Source.id)))

    def learn(self, change: Change) -> None:
        for row in change.rows:
            if row.table not in self.pools:
                continue
            row_id = str(row.value("id"))
            if row.kind == "insert":
                self.pools[row.table].append(row_id)
            elif row.kind == "delete":
                self.pools[row.table].remove(row_id)


def draw_operation(
    data: st.DataObject, casebook: Casebook, model: Model
) -> Callable[[], Change | None]:
    """One operation with its arguments drawn from what exists, ready to run."""
    def pick(table: str) -> str:
        pool = model.pools[table]
        return data.draw(st.sampled_from(pool)) if pool else "missing"

    name = st.sampled_from(NAMES)
    possible = [k for k, needs in KINDS.items() if all(model.pools[t] for t in needs)]
    possible += [k for k in OFTEN if k in possible]
    kind = data.draw(st.sampled_from(possible), label="operation")
    if kind == "create":
        schema, value = data.draw(st.sampled_from(SCHEMATA)), data.draw(name)
        return lambda: entities.create_entity(casebook, schema, value)
    elif kind == "rename":
        eid, value = pick("entity"), data.draw(name)
        return lambda: entities.edit_entity(casebook, eid, name=value)
    elif kind == "summary":
        eid = pick("entity")
        return lambda: entities.edit_entity(casebook, eid, summary="seen in Hanoi")
    elif kind == "delete":
        eid = pick("entity")
        return lambda: entities.delete_entity(casebook, eid)
    elif kind == "country":
        eid, value = pick("entity"), data.draw(st.sampled_from(["vn", "kp", "th"]))
        return lambda: entities.set_fact(casebook, eid, "country", value)
    elif kind == "alias":
        eid, value = pick("entity"), data.draw(name)
        return lambda: entities.add_name(casebook, eid, value)
    elif kind == "remove_fact":
        fid = pick("fact")
        return lambda: entities.remove_fact(casebook, fid)
    elif kind == "tag":
        eid = pick("entity")
        return lambda: entities.tag_entity(casebook, eid, "priority")
    elif kind == "untag":
        eid = pick("entity")
        return lambda: entities.untag_entity(casebook, eid, "priority")
    elif kind == "note":
        eid = pick("entity")
        return lambda: entities.add_note(casebook, eid, "Met the director & his <agent>")
    elif kind == "edit_note":
        nid = pick("note")
        return lambda: entities.edit_note(casebook, nid, handling="protected")
    elif kind == "remove_note":
        nid = pick("note")
        return lambda: entities.remove_note(casebook, nid)
    elif kind == "relate":
        a, b = pick("entity"), pick("entity")
        return lambda: relationships.relate(casebook, "UnknownLink", a, b, role="seen with")
    elif kind == "unrelate":
        rid = pick("relationship")
        return lambda: relationships.unrelate(casebook, rid)
    elif kind == "quote":
        sid, eid = pick("source"), pick("entity")
        where = data.draw(st.floats(0, 0.9))
        length = data.draw(st.integers(1, 60))
        links = [eid] if data.draw(st.integers(0, 3)) else []

        def quote(sid: str = sid, where: float = where, length: int = length,
                  links: list[str] = links) -> Change:
            size = len(source_text(casebook, sid).text)
            start = int(where * size)
            return quotes.add_quote(casebook, sid, start=start, end=min(size, start + length),
                                    entity_ids=links)
        return quote
    elif kind == "link":
        qid, eid = pick("quote"), pick("entity")
        return lambda: quotes.link(casebook, qid, entity_id=eid)
    elif kind == "unlink":
        evid = pick("evidence")
        return lambda: quotes.unlink(casebook, evid)
    elif kind == "edit_quote":
        qid, cred = pick("quote"), data.draw(st.integers(1, 6))
        return lambda: quotes.edit_quote(casebook, qid, credibility=cred, note="checked")
    elif kind == "remove_quote":
        qid = pick("quote")
        return lambda: quotes.remove_quote(casebook, qid)
    elif kind == "grade":
        sid, grade = pick("source"), data.draw(st.sampled_from(["A", "C", "F", None]))
        return lambda: source_edits.grade_source(casebook, sid, grade)
    elif kind == "title":
        sid, value = pick("source"), data.draw(name)
        return lambda: source_edits.edit_source(casebook, sid, title=value)
    elif kind == "reextract":
        sid = pick("source")
        old, new = data.draw(st.sampled_from([
            ("2016", "2015"), ("Albatross", "Albatros"), ("\n\n", "\n\nPage break\n\n")]))

        def reextract(sid: str = sid, old: str = old, new: str = new) -> Change | None:
            current = source_text(casebook, sid).text
            return reanchor.reanchor_to(casebook, sid, ExtractedDocument(
                current.replace(old, new, 1), "text", "text/plain", "test", "2")).change
        return reextract
    else:
        body = data.draw(st.sampled_from(["Second note on Nampo.", "Третий отчёт о судне."]))

        def import_one(body: str = body) -> Change | None:
            path = casebook.path.with_name(f"note-{len(model.pools['source'])}.txt")
            path.write_text(body + f" ({len(model.pools['source'])})", encoding="utf-8")
            return sources.import_file(casebook, path)[1]
        return import_one


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_undo_all_then_redo_all_restores_each_state(
    data: st.DataObject, template: Path, tmp_path: Path
) -> None:
    folder = tmp_path / f"example-{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    path = folder / "case.nkcase"
    shutil.copy(template, path)
    with open_casebook(path) as casebook:
        model = Model(casebook)
        start = content_digest(casebook)
        done: list[Change] = []
        steps = data.draw(st.integers(5, 30), label="steps")
        for _ in range(steps):
            run = draw_operation(data, casebook, model)
            try:
                change = run()
            except NkcaseError:
                continue  # refused with a message (bad offsets, missing ids): nothing written
            if change is not None and not change.empty:
                model.learn(change)
                done.append(change)
        end = content_digest(casebook)
        for change in reversed(done):
            history.undo(casebook, change)
        assert content_digest(casebook) == start
        for change in done:
            history.redo(casebook, change)
        assert content_digest(casebook) == end
