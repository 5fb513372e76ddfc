"""Alembic migrations shipped inside the package, applied when a casebook opens.

Policy (docs/data-model.md): every schema change is a new revision under
``nkcase/store/migrations/versions``; a fixture casebook per released revision lives in
``tests/data`` and is opened by the tests. Before upgrading a casebook we write a backup next to
it; a casebook whose revision we do not know was written by a newer nkcase and is refused.

Opening a casebook at the current revision does not import Alembic (it costs ~150 ms of
start-up): the revision is read with one SELECT and compared with :data:`REVISIONS`
(:mod:`nkcase.store.revisions`, with the messages that refuse another one), which a test keeps
equal to the migration scripts.

Creating a casebook does not run the migrations either (importing Alembic and replaying six
revisions, table rebuilds included, was half of ``nkcase new``): an SQLite casebook gets the
head schema from :data:`HEAD_SCHEMA`, the statements the migrations leave in ``sqlite_master``,
in one transaction. A test keeps that file equal to what the migrations make; after adding a
migration, regenerate it with ``python -m nkcase.store.migrate``. Other databases, or a missing
or outdated file, take the migrations.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from nkcase.store.revisions import HEAD_REVISION as HEAD_REVISION
from nkcase.store.revisions import REVISIONS as REVISIONS
from nkcase.store.revisions import refuse_if_too_new as refuse_if_too_new

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
#: The SQLite schema the migrations make, for creating casebooks without them.
HEAD_SCHEMA = MIGRATIONS_DIR / "head_schema.sql"
_SCHEMA_HEADER = "-- nkcase casebook schema at revision "
_STATEMENT_END = "\n;\n"


@dataclass(frozen=True)
class UpgradeInfo:
    """What happened when an older casebook was opened: from and to which revision, the backup."""

    from_revision: str
    to_revision: str
    backup_path: Path


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    return HEAD_REVISION


def known_revisions() -> set[str]:
    return set(REVISIONS)


def script_revisions() -> list[str]:
    """The revisions of the migration scripts themselves, oldest first (for the tests)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def current_revision(engine: Engine) -> str | None:
    """The casebook's schema revision; None for an SQLite file (or a PostgreSQL database) that
    is not a casebook."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            if conn.execute(text("SELECT to_regclass('alembic_version')")).scalar() is None:
                return None
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
            return None if row is None else str(row[0])
        try:
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        except OperationalError as err:
            if "no such table" in str(err.orig):
                return None
            raise
    return None if row is None else str(row[0])


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the schema to ``target`` in one transaction (SQLite's and PostgreSQL's DDL are
    transactional).

    Foreign keys are off while the migrations run, as SQLite's procedure for changing a table
    asks: a batch migration rebuilds a table by copying it and dropping the old one, and with
    foreign keys on, that DROP would cascade — deleting every fact of every entity when the
    entity table is rebuilt. The references are checked before the transaction commits.
    """
    from alembic import command

    if engine.dialect.name == "postgresql":
        # PostgreSQL's DDL is transactional and its references are checked as rows change.
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), target)
        return
    with engine.connect() as conn:
        # On the driver's connection: no transaction is open yet, and PRAGMA foreign_keys
        # does nothing inside one.
        driver = conn.connection.driver_connection
        assert driver is not None
        driver.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                command.upgrade(alembic_config(conn), target)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(
                        f"the schema upgrade left {len(broken)} broken reference(s) "
                        f"(first in table {broken[0][0]}); nothing was changed"
                    )
        finally:
            driver.execute("PRAGMA foreign_keys = ON")


def create_schema(engine: Engine) -> None:
    """Give a new, empty casebook the head schema: from :data:`HEAD_SCHEMA` on SQLite (in one
    transaction), else by running every migration."""
    statements = head_schema_statements() if engine.dialect.name == "sqlite" else None
    if statements is None:
        upgrade(engine)
        return
    with engine.connect() as conn, conn.begin():
        for statement in statements:
            conn.exec_driver_sql(statement)
        conn.execute(
            text("INSERT INTO alembic_version (version_num) VALUES (:head)"),
            {"head": HEAD_REVISION},
        )


def head_schema_statements() -> list[str] | None:
    """The statements of :data:`HEAD_SCHEMA`; None when it is missing or not of the head."""
    try:
        content = HEAD_SCHEMA.read_text(encoding="utf-8")
    except OSError:
        return None
    first, _, body = content.partition("\n")
    if first != _SCHEMA_HEADER + HEAD_REVISION:
        return None
    return [s.strip() for s in body.split(_STATEMENT_END) if s.strip()]


def dump_schema(engine: Engine) -> str:
    """The schema of an SQLite casebook as :data:`HEAD_SCHEMA` holds it: tables (virtual ones
    without the shadow tables SQLite makes for them), then indexes, triggers and views, each
    as ``sqlite_master`` keeps its SQL; ``alembic_version`` is a table like any other."""
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
            "AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
        ).all()
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    virtual = [name for _type, name, sql in rows if sql.upper().startswith("CREATE VIRTUAL")]
    order = {"table": 0, "index": 1, "trigger": 2, "view": 3}
    kept = [
        (order[kind], sql)
        for kind, name, sql in rows
        if not (kind == "table" and any(name.startswith(f"{v}_") for v in virtual))
    ]
    kept.sort(key=lambda item: item[0])  # stable: creation order within each kind
    body = _STATEMENT_END.join(sql for _kind, sql in kept)
    return f"{_SCHEMA_HEADER}{revision}\n{body}{_STATEMENT_END}"


def write_head_schema(target: Path = HEAD_SCHEMA) -> Path:
    """Run every migration on an empty database in memory and write what they made to
    ``target``."""
    from sqlalchemy import create_engine

    engine = create_engine("sqlite://")
    try:
        upgrade(engine)
        target.write_text(dump_schema(engine), encoding="utf-8")
    finally:
        engine.dispose()
    return target


if __name__ == "__main__":
    print(f"wrote {write_head_schema()}")
