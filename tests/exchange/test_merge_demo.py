"""The merge as a new user tries it: two copies of the demo casebook edited apart, brought
together; a public copy of the demo; undo; the CLI without a terminal."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from nkcase.cli.main import main
from nkcase.demo import texts as t
from nkcase.demo.builder import build_demo
from nkcase.exchange.copy import copy_at_level
from nkcase.exchange.merge import apply_merge, merge_casebooks, plan_merge
from nkcase.model import Entity, Evidence, Fact, MergedChain, Quote, Source
from nkcase.services import entities, quotes, source_edits
from nkcase.services.check import check_casebook
from nkcase.services.history import undo
from nkcase.services.source_records import source_text
from nkcase.store import Casebook, open_casebook
from tests.services.digest import content_digest

RESTAURANT = "Okryu Noodle Bar Phnom Penh"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.nkcase")


@pytest.fixture
def pair(demo: Path, tmp_path: Path) -> Iterator[tuple[Casebook, Casebook]]:
    shutil.copy(demo, tmp_path / "alice.nkcase")
    shutil.copy(demo, tmp_path / "bob.nkcase")
    a = open_casebook(tmp_path / "alice.nkcase", actor="alice")
    b = open_casebook(tmp_path / "bob.nkcase", actor="bob")
    try:
        yield a, b
    finally:
        a.close()
        b.close()


def ids(book: Casebook) -> tuple[str, str]:
    with book.reading() as session:
        vessel = session.scalar(select(Entity.id).where(Entity.schema == "Vessel"))
        news = session.scalar(select(Source.id).where(Source.title == t.NEWS_TITLE))
    assert vessel and news
    return vessel, news


def add_restaurant(book: Casebook) -> str:
    _vessel, news = ids(book)
    restaurant = entities.create_entity(book, "Organization", RESTAURANT,
                                        props=[("country", "kh")]).subject_id
    assert restaurant is not None
    assert len(source_text(book, news).text) > 200
    for start in (0, 120):
        quotes.add_quote(book, news, start=start, end=start + 50, entity_ids=[restaurant])
    return restaurant


def change_flag_and_grade(book: Casebook, flag: str, grade: str) -> None:
    vessel, news = ids(book)
    entities.edit_entity(book, vessel, remove_props=[("flag", "tg")], add_props=[("flag", flag)])
    source_edits.grade_source(book, news, grade)


def flags_and_grade(book: Casebook) -> tuple[list[str], str | None]:
    vessel, news = ids(book)
    with book.reading() as session:
        flags = sorted(session.scalars(
            select(Fact.value).where(Fact.entity_id == vessel, Fact.prop == "flag")))
        grade = session.scalar(select(Source.reliability).where(Source.id == news))
    return flags, grade


def test_two_demo_copies_edited_apart_merge_asking_only_about_flag_and_grade(
    pair: tuple[Casebook, Casebook],
) -> None:
    a, b = pair
    restaurant = add_restaurant(a)
    change_flag_and_grade(a, "pa", "A")  # both sides changed the flag and the grade …
    change_flag_and_grade(b, "kp", "E")  # … differently since the copies diverged
    with a.reading() as mine, b.reading() as theirs:
        plan = plan_merge(mine, theirs)
    assert sorted(q.kind for q in plan.questions) == ["conflict", "property"]
    by_kind = {q.kind: q for q in plan.questions}
    assert by_kind["property"].here == {"flag": ["pa"]}
    assert by_kind["property"].there == {"flag": ["kp"]}
    assert by_kind["property"].base == {"flag": ["tg"]}  # three-way: the demo's flag
    assert by_kind["conflict"].here == {"reliability": "A"}
    assert by_kind["conflict"].there == {"reliability": "E"}
    assert by_kind["conflict"].base == {"reliability": "C"}

    # into Bob's copy: Alice's restaurant and quotes come across without a question
    decisions = {by_kind["property"].id: "there", by_kind["conflict"].id: "here"}
    with b.reading() as mine, a.reading() as theirs:
        reverse = plan_merge(mine, theirs)
    assert {q.id for q in reverse.questions} == set(decisions)
    change = merge_casebooks(b, a, decisions)
    assert change is not None
    with b.reading() as session:
        assert session.get(Entity, restaurant) is not None
        linked = session.scalars(select(Evidence).where(Evidence.entity_id == restaurant)).all()
        assert len(linked) == 2
        chains = session.scalars(select(MergedChain)).all()
    assert flags_and_grade(b) == (["pa"], "E")  # Alice's flag, Bob's own grade
    assert [c.audit_head for c in chains] == [a.info().audit_head]
    assert check_casebook(b) == []
    assert merge_casebooks(b, a, decisions) is None  # merging again changes nothing


def test_edits_made_on_one_side_come_across_without_a_question(
    pair: tuple[Casebook, Casebook],
) -> None:
    a, b = pair
    add_restaurant(a)
    change_flag_and_grade(b, "kp", "E")
    with a.reading() as mine, b.reading() as theirs:
        plan = plan_merge(mine, theirs)
    assert plan.questions == []
    # ...but the person merging sees which existing items change, with both values.
    lines = sorted(edit.line() for edit in plan.incoming)
    assert len(lines) == 2
    assert lines[0].startswith("flag of Vessel") and lines[0].endswith(": tg → kp")
    assert lines[1].startswith("source “") and lines[1].endswith(": C → E")
    assert merge_casebooks(a, b) is not None
    assert flags_and_grade(a) == (["kp"], "E")
    with a.reading() as session:
        assert session.scalar(select(Entity.id).where(Entity.caption == RESTAURANT))


def test_undo_of_a_merge_restores_the_casebook_exactly(pair: tuple[Casebook, Casebook]) -> None:
    a, b = pair
    add_restaurant(b)
    change_flag_and_grade(b, "kp", "E")
    before = content_digest(a)
    change = merge_casebooks(a, b)
    assert change is not None and content_digest(a) != before
    undo(a, change)
    assert content_digest(a) == before
    assert check_casebook(a) == []


def test_a_decision_is_needed_before_anything_is_merged(
    pair: tuple[Casebook, Casebook],
) -> None:
    from nkcase.errors import ValidationError

    a, b = pair
    change_flag_and_grade(a, "pa", "A")
    change_flag_and_grade(b, "kp", "E")
    before = content_digest(a)
    with a.reading() as mine, b.reading() as theirs:
        plan = plan_merge(mine, theirs)
    with pytest.raises(ValidationError, match="2 question"):
        apply_merge(a, plan, {})
    assert content_digest(a) == before


def test_the_cli_refuses_without_a_terminal_and_says_what_to_do(
    pair: tuple[Casebook, Casebook], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    a, b = pair
    change_flag_and_grade(a, "pa", "A")
    change_flag_and_grade(b, "kp", "E")
    paths = [str(a.path), str(b.path)]
    a.close()
    b.close()
    assert main(["merge", *paths, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "flag" in out and "reliability" in out and "base:" in out
    assert main(["merge", *paths]) == 2
    assert "--decisions-template" in capsys.readouterr().err
    template = tmp_path / "decisions.json"
    assert main(["merge", *paths, "--dry-run", "--decisions-template", str(template)]) == 0
    filled = template.read_text(encoding="utf-8").replace("null", '"there"')
    template.write_text(filled, encoding="utf-8")
    capsys.readouterr()
    assert main(["merge", *paths, "--decisions", str(template)]) == 0
    assert "merged:" in capsys.readouterr().out
    assert main(["check", paths[0]]) == 0


def test_a_public_copy_of_the_demo_holds_no_byte_of_the_protected_debrief(
    demo: Path, tmp_path: Path
) -> None:
    with open_casebook(demo, readonly=True) as book:
        with book.reading() as session:
            debrief = session.scalars(select(Source).where(Source.title == t.DEBRIEF_TITLE)).one()
            quoted = session.scalars(select(Quote.exact).where(Quote.source_id == debrief.id)).all()
        sha = debrief.sha256
        copy = copy_at_level(book, tmp_path / "public.nkcase", "public").path
    raw = copy.read_bytes()
    secrets = [t.DEBRIEF_TITLE, t.DEBRIEF_CASH, t.DEBRIEF_SHIP, "KESTREL", sha, *quoted]
    assert quoted and b"Blue Lantern" in raw
    for secret in secrets:
        assert secret.encode() not in raw, secret
    assert hashlib.sha256(t.DEBRIEF_TEXT.encode()).hexdigest().encode() not in raw
    with open_casebook(copy) as opened:
        assert check_casebook(opened) == []
