"""Alembic migrations shipped inside the package, applied when a casebook opens.

Policy (docs/data-model.md): every schema change is a new revision under
``nkcase/store/migrations/versions``; a fixture casebook per released revision lives in
``tests/data`` and is opened by the tests. Before upgrading a casebook we write a backup next to
it; a casebook whose revision we do not know was written by a newer nkcase and is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from nkcase import __version__
from nkcase.errors import CasebookTooNewError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


@dataclass(frozen=True)
class UpgradeInfo:
    """What happened when an older casebook was opened: from and to which revision, the backup."""

    from_revision: str
    to_revision: str
    backup_path: Path


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def refuse_if_too_new(revision: str | None, path: Path) -> None:
    if revision is not None and revision not in known_revisions():
        raise CasebookTooNewError(
            f"{path.name} was written by a newer nkcase (schema revision {revision}); "
            f"this nkcase {__version__} knows revisions up to {head_revision()}: update nkcase"
        )


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the schema to ``target`` in one transaction (SQLite DDL is transactional)."""
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), target)
