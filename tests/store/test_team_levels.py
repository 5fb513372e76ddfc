"""Access by handling level on a team casebook: a role cleared for public or internal
receives from the server exactly what the one visibility rule shows at its level — queried as
that role, table by table, for the informant case (tests/fixtures/informant.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from nkcase.cli.main import main
from nkcase.graph.model import ChartFilter
from nkcase.graph.state import ChartState
from nkcase.levels.rule import Visibility
from nkcase.model import Base, new_id
from nkcase.services import charts, entities, events, quotes, sources
from nkcase.services.candidate_levels import candidates_at_level
from nkcase.services.check import check_casebook
from nkcase.services.levels import load_levels
from nkcase.services.lists import import_list
from nkcase.services.screening import screen
from nkcase.services.screening_records import list_candidates
from nkcase.store import open_casebook
from nkcase.store.pg_levels import UNLEVELLED
from nkcase.vocabulary.levels import LEVEL_RANK
from tests.fixtures.informant import (
    DEBRIEF_QUOTES,
    INFORMANT,
    REGISTRY_TEXT,
    InformantCase,
    build_informant_case,
)
from tests.screening.lists import UN_2024

#: table → the level-rule item ids its rows are (all levelled tables the policies cover)
TABLES = ("source", "quote", "entity", "fact", "note", "relationship", "event")
#: the tables whose rows link items: table → the SQL that names a row and the items it needs
LINKS = {
    "event_entity": "SELECT event_id || ' ' || entity_id, ARRAY[event_id] FROM event_entity",
    "evidence": (
        "SELECT id, ARRAY[quote_id, coalesce(entity_id, fact_id, relationship_id, note_id, "
        "event_id)] FROM evidence"
    ),
    "entity_tag": "SELECT entity_id || ' ' || tag, ARRAY[entity_id] FROM entity_tag",
    # the rows that carry an item's content under another name (revision 0010)
    "ftm_origin": (
        "SELECT id, ARRAY[coalesce(entity_id, relationship_id, event_id)] FROM ftm_origin"
    ),
    "reanchor_candidate": "SELECT id, ARRAY[quote_id] FROM reanchor_candidate",
}
#: An alias of a public person that only the protected debrief supports, and the person the
#: debrief alone tells of: a public reader never learns that either was screened, or matched.
HIDDEN_ALIAS = "리원호"
HIDDEN_PERSON = "Ri Won Ho"
HIDDEN_PASSPORT = "381420565"


def _add_events_tags_and_charts(owner: Any, case: InformantCase) -> None:
    """Events at every level (from the registry, from the debrief alone, with the informant),
    tags, and charts that name a withheld entity or were drawn at a higher level."""
    registered = events.add_event(owner, date="2016", summary="Albatross registered in Hanoi",
                                  entity_ids=[case.company]).subject_id
    assert registered is not None
    quotes.add_quote(owner, case.registry, text="Its office is on Tran Hung Dao street",
                     event_ids=[registered])
    carried = events.add_event(owner, date="2024-03", summary="Cash carried to Dandong",
                               entity_ids=[case.company]).subject_id
    assert carried is not None
    quotes.add_quote(owner, case.debrief, text=DEBRIEF_QUOTES[2][:40], event_ids=[carried])
    events.add_event(owner, date="2024", summary=f"{INFORMANT} met the manager",
                     entity_ids=[case.company, case.informant], handling="public")
    events.add_event(owner, date="2023", summary="Office moved", entity_ids=[case.company],
                     handling="internal")
    entities.tag_entity(owner, case.company, "restaurant-cash")
    entities.tag_entity(owner, case.informant, "heron-source")
    for name, ids, level in (
        ("Albatross alone", [case.company], "public"),
        (f"Around {INFORMANT}", [case.company, case.informant], "public"),
        ("Albatross as drawn at internal", [case.company], "internal"),
        ("Albatross as drawn at protected", [case.company], "protected"),
    ):
        state = ChartState(entity_ids=ids, positions={i: (1.0, 2.0) for i in ids},
                           chart_filter=ChartFilter(level=level))
        charts.save_chart(owner, name, state)
    with owner.writing() as session:  # a damaged state: nobody below protected reads it
        session.execute(text("INSERT INTO chart (id, name, state, created_at, updated_at, "
                             "version, origin) VALUES ('damaged', 'Damaged', '{not json', "
                             "'', '', 0, '')"))


def _add_carriers(owner: Any, case: InformantCase, folder: Path) -> None:
    """Rows that carry levelled content under another name: where FtM lines came from, review
    candidates of re-anchoring, screening candidates of entities (by a public name, by an
    alias only the debrief supports, of an entity only the debrief tells of) and of names
    found in a public and a protected source."""
    import_list(owner, UN_2024)
    person = entities.create_entity(owner, "Person", "Kim Song-chol",
                                    aliases=[HIDDEN_ALIAS]).subject_id
    hidden = entities.create_entity(owner, "Person", HIDDEN_PERSON).subject_id
    assert person is not None and hidden is not None
    quotes.add_quote(owner, case.registry, text=REGISTRY_TEXT[:20], entity_ids=[person])
    with owner.reading() as session:
        alias = session.execute(text("SELECT id FROM fact WHERE value = :v"),
                                {"v": HIDDEN_ALIAS}).scalar_one()
    quotes.add_quote(owner, case.debrief, text=DEBRIEF_QUOTES[3], fact_ids=[alias])
    quotes.add_quote(owner, case.debrief, text=DEBRIEF_QUOTES[1], entity_ids=[hidden])
    # a public person whose passport only the debrief gives: the match quotes the number
    holder = entities.create_entity(owner, "Person", "Kim Song Chol",
                                    props=[("passportNumber", HIDDEN_PASSPORT)]).subject_id
    assert holder is not None
    quotes.add_quote(owner, case.registry, text=REGISTRY_TEXT[:20], entity_ids=[holder])
    with owner.reading() as session:
        passport = session.execute(text("SELECT id FROM fact WHERE value = :v"),
                                   {"v": HIDDEN_PASSPORT}).scalar_one()
    quotes.add_quote(owner, case.debrief, text=DEBRIEF_QUOTES[0], fact_ids=[passport])
    screen(owner, entity_ids=[person, hidden, holder])
    for name, level, body in (
        ("panel-notes.txt", "public", "The Panel met KIM Song-chol in Bangkok.\n"),
        ("heron-sighting.txt", "protected", "HERON saw KIM Song-chol in Dandong.\n"),
    ):
        (folder / name).write_text(body, encoding="utf-8")
        imported = sources.import_file(owner, folder / name,
                                       sources.ImportOptions(handling=level))[0].source_id
        assert imported is not None
        screen(owner, source_id=imported)
    with owner.writing() as session:  # no operation makes these rows on demand: as the owner
        targets = [("entity_id", case.company, "albatross"),
                   ("entity_id", case.informant, f"person {INFORMANT}"),
                   ("relationship_id", case.relationship, "inside"),
                   *(("event_id", e, f"event {e}")
                     for e in session.execute(text("SELECT id FROM event")).scalars())]
        for column, target, ftm_id in targets:
            session.execute(
                text(f"INSERT INTO ftm_origin (id, ftm_id, schema, dataset, {column}, file_name, "
                     "file_sha256, imported_at) VALUES (:id, :ftm, 'Thing', 'desk', :target, "
                     "'lines.ftm.json', '', '')"),
                {"id": new_id(), "ftm": ftm_id, "target": target},
            )
        session.execute(text(
            "INSERT INTO reanchor_candidate (id, quote_id, text_version_id, start_offset, "
            "end_offset, text, score, created_at) SELECT gen_random_uuid()::text, id, "
            "text_version_id, start_offset, end_offset, exact, 0.9, '' FROM quote"))


def _candidates_shown(session: Any, level: str) -> set[str]:
    """The screening candidates the screening output shows at ``level`` (the one rule)."""
    return {c.id for c in candidates_at_level(session, list_candidates(session), level)}


def _link_rows(session: Any) -> dict[str, dict[str, list[str]]]:
    return {table: {row[0]: row[1] for row in session.execute(text(query))}
            for table, query in LINKS.items()}


def _chart_shown(state: str, visibility: Visibility) -> bool:
    """What the rule shows of a chart read whole: every entity it names, at its level."""
    try:
        if not isinstance(json.loads(state), dict):
            return False
    except ValueError:
        return False  # damaged: read whole by nobody below protected
    chart = ChartState.from_json(state)
    named = [*chart.entity_ids, *chart.pinned, *chart.positions]
    return LEVEL_RANK[chart.chart_filter.level] <= LEVEL_RANK[visibility.level] and all(
        visibility.shows(e) for e in named if e in visibility.graph
    )


def _as_role(team_url: str, cluster: Any, role: str) -> str:
    database = make_url(team_url).database
    cluster.sql(f"CREATE ROLE {role} LOGIN")
    cluster.sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}", database)
    return str(cluster.url(database, user=role))


def _received(url: str) -> dict[str, set[str]]:
    with open_casebook(url, readonly=True) as book, book.reading() as session:
        found = {
            table: set(session.execute(text(f"SELECT id FROM {table}")).scalars())
            for table in (*TABLES, "chart", "screening_candidate")
        }
        found.update({table: set(rows) for table, rows in _link_rows(session).items()})
        found["text"] = {
            str(row)
            for query in (
                "SELECT body FROM search_doc",
                "SELECT text FROM text_version",
                "SELECT encode(data, 'escape') FROM source_original",
                "SELECT changes FROM audit_event",
                "SELECT summary FROM event",
                "SELECT name || state FROM chart",
                "SELECT tag FROM entity_tag",
                "SELECT ftm_id || file_name FROM ftm_origin",
                "SELECT text FROM reanchor_candidate",
                "SELECT subject_key || subject_name || features FROM screening_candidate",
            )
            for row in session.execute(text(query)).scalars()
        }
        return found


@pytest.mark.parametrize("level", ["public", "internal"])
def test_a_role_receives_exactly_what_its_level_shows(
    team_url: str, pg_cluster: Any, tmp_path: Path, level: str
) -> None:
    with open_casebook(team_url) as owner:
        case = build_informant_case(owner, tmp_path)
        _add_events_tags_and_charts(owner, case)
        _add_carriers(owner, case, tmp_path)
        with owner.reading() as session:
            visibility = load_levels(session).at(level)
            everything = {
                table: set(session.execute(text(f"SELECT id FROM {table}")).scalars())
                for table in TABLES
            }
            links = _link_rows(session)
            saved_charts = dict(session.execute(text("SELECT id, state FROM chart")).all())
            candidates = set(
                session.execute(text("SELECT id FROM screening_candidate")).scalars()
            )
            shown_candidates = _candidates_shown(session, level)
    role = f"reader_{level}_{make_url(team_url).database}"
    url = _as_role(team_url, pg_cluster, role)
    if level != "public":  # a role without a clearance row is cleared for public only
        assert main(["server", "clear", team_url, role, level]) == 0

    received = _received(url)

    for table in TABLES:
        expected = {i for i in everything[table] if visibility.shows(i)}
        assert received[table] == expected, table
        if level == "public":
            assert expected != everything[table], f"the case withholds some {table} rows"
    for table, rows in links.items():
        shown = {row for row, needs in rows.items() if all(visibility.shows(i) for i in needs)}
        assert received[table] == shown, table
        assert shown != set(rows), f"the case withholds some {table} rows"
    shown_charts = {i for i, state in saved_charts.items() if _chart_shown(state, visibility)}
    assert received["chart"] == shown_charts
    assert 0 < len(shown_charts) < len(saved_charts) - 1  # some, never the damaged one
    assert received["screening_candidate"] == shown_candidates
    # withheld: by the alias, of Ri, by the passport, of the protected source's name
    assert 0 < len(shown_candidates) <= len(candidates) - 4
    for secret in (*case.secrets(), HIDDEN_ALIAS, HIDDEN_PERSON, HIDDEN_PASSPORT):
        assert not any(secret in body for body in received["text"]), secret


def test_a_role_cleared_for_protected_receives_everything_and_may_write(
    team_url: str, pg_cluster: Any, tmp_path: Path
) -> None:
    with open_casebook(team_url) as owner:
        case = build_informant_case(owner, tmp_path)
        _add_events_tags_and_charts(owner, case)
        _add_carriers(owner, case, tmp_path)
    role = f"analyst_{make_url(team_url).database}"
    url = _as_role(team_url, pg_cluster, role)
    database = make_url(team_url).database
    for grant in ("ALL ON ALL TABLES", "ALL ON ALL SEQUENCES"):
        pg_cluster.sql(f"GRANT {grant} IN SCHEMA public TO {role}", database)
    # Not yet cleared: a public reader may not write.
    with open_casebook(url) as book, pytest.raises(DBAPIError, match="row-level security"):
        entities.create_entity(book, "Company", "Sea Star Shipping")
    assert main(["server", "clear", team_url, role, "protected"]) == 0
    with open_casebook(url) as book:
        entities.create_entity(book, "Company", "Sea Star Shipping")
        assert check_casebook(book) == []
    received = _received(url)
    with open_casebook(team_url, readonly=True) as owner, owner.reading() as session:
        for table in (*TABLES, "chart", "screening_candidate"):
            assert received[table] == set(
                session.execute(text(f"SELECT id FROM {table}")).scalars()
            ), table
        for table, rows in _link_rows(session).items():
            assert received[table] == set(rows), table


def test_every_table_is_under_a_level_policy_or_says_why_it_holds_nothing_levelled(
    team_url: str,
) -> None:
    with open_casebook(team_url, readonly=True) as owner, owner.reading() as session:
        secured = dict(session.execute(text(
            "SELECT relname, relrowsecurity FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'"
        )).all())
    assert set(Base.metadata.tables) | {"search_doc"} <= set(secured)
    unsecured = {table for table, on in secured.items() if not on}
    assert unsecured == set(UNLEVELLED)
