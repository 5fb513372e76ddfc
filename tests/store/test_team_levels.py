"""Access by handling level on a team casebook: a role cleared for public or internal
receives from the server exactly what the one visibility rule shows at its level — queried as
that role, table by table, for the informant case (tests/fixtures/informant.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from nkcase.cli.main import main
from nkcase.services import entities
from nkcase.services.check import check_casebook
from nkcase.services.levels import load_levels
from nkcase.store import open_casebook
from tests.fixtures.informant import build_informant_case

#: table → the level-rule item ids its rows are (all levelled tables the policies cover)
TABLES = ("source", "quote", "entity", "fact", "note", "relationship")


def _as_role(team_url: str, cluster: Any, role: str) -> str:
    database = make_url(team_url).database
    cluster.sql(f"CREATE ROLE {role} LOGIN")
    cluster.sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}", database)
    return str(cluster.url(database, user=role))


def _received(url: str) -> dict[str, set[str]]:
    with open_casebook(url, readonly=True) as book, book.reading() as session:
        found = {
            table: set(session.execute(text(f"SELECT id FROM {table}")).scalars())
            for table in TABLES
        }
        found["text"] = {
            str(row)
            for query in (
                "SELECT body FROM search_doc",
                "SELECT text FROM text_version",
                "SELECT encode(data, 'escape') FROM source_original",
                "SELECT changes FROM audit_event",
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
        with owner.reading() as session:
            visibility = load_levels(session).at(level)
            everything = {
                table: set(session.execute(text(f"SELECT id FROM {table}")).scalars())
                for table in TABLES
            }
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
    for secret in case.secrets():
        assert not any(secret in body for body in received["text"]), secret


def test_a_role_cleared_for_protected_receives_everything_and_may_write(
    team_url: str, pg_cluster: Any, tmp_path: Path
) -> None:
    with open_casebook(team_url) as owner:
        build_informant_case(owner, tmp_path)
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
        for table in TABLES:
            assert received[table] == set(
                session.execute(text(f"SELECT id FROM {table}")).scalars()
            ), table
