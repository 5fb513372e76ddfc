"""Team casebooks on PostgreSQL: creating one in an empty database, opening one by address.

A team casebook is the same schema, services, change records and audit chain as a casebook
file, in a database on a server the desk already runs (:mod:`nkcase.store.postgres`). It has no
lock file (the server arbitrates between analysts) and no backup beside it (the server's own
backups, ``pg_dump``, keep it). Its audit names the actor as the investigator and the database
role they connected as.

Passwords never travel in nkcase's settings: they come from the OS keyring when it holds one
for the address (:mod:`nkcase.store.passwords`, handed to libpq in memory), else libpq reads
them from the pgpass file (``~/.pgpass`` or ``$PGPASSFILE``); an address given with a password
is used for this connection only and never stored (profiles refuse one:
:mod:`nkcase.store.profiles`).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from nkcase import __version__
from nkcase.errors import (
    CasebookError,
    NotACasebookError,
    ServerLoginError,
    ServerUnreachableError,
)
from nkcase.model import CasebookInfo, new_id, utc_now
from nkcase.store import migrate
from nkcase.store.casebook import Casebook, fingerprint_for
from nkcase.store.identity import default_actor
from nkcase.store.postgres import PostgresProvider, display_url


def team_actor(investigator: str, role: str) -> str:
    """The name the audit log records: who, and as which database role."""
    return investigator if investigator == role else f"{investigator} (role {role})"


def _connect(location: str, readonly: bool) -> tuple[PostgresProvider, Engine, str]:
    from nkcase.store.passwords import stored_password

    # The keyring's password, unless the address carries one; None leaves libpq to pgpass.
    password = None if make_url(location).password is not None else stored_password(location)
    provider = PostgresProvider(location, readonly=readonly, password=password)
    engine = provider.make_engine()
    try:
        with engine.connect() as conn:
            role = str(conn.execute(text("SELECT current_user")).scalar_one())
    except DBAPIError as err:
        engine.dispose()
        raise connection_error(location, err) from None
    return provider, engine, role


#: The failures PostgreSQL names by SQLSTATE (its error codes, the same in every language of
#: the server's messages): a connection exception (class 08: 08001 unable to connect, 08006
#: connection failure...), a refused login (class 28: 28000 invalid authorization, 28P01
#: invalid password), no such database (3D000 invalid_catalog_name).
_UNREACHABLE_CLASS = "08"
_LOGIN_CLASS = "28"
_NO_DATABASE_STATE = "3D000"

#: What libpq says when the error carries no SQLSTATE. psycopg (3.3, libpq 18) raises a plain
#: OperationalError without one for every failure while the connection starts — nobody
#: answered, and also the server's own refusals (role, password, database), of which libpq keeps
#: only the text — so for those this wording, in English (the client's own messages, and the
#: server's in its configured language: a server with another lc_messages falls through to
#: the general message, still one line with the server's words), is what is left.
_UNREACHABLE = ("connection refused", "no such file or directory", "could not translate host",
                "failed to resolve host", "timeout expired", "network is unreachable",
                "no route to host", "could not connect", "server closed the connection")
_LOGIN = ("password", "authentication failed", "pg_hba.conf", "role \"")
_NO_DATABASE = ("database \"",)


def connection_error(location: str, err: DBAPIError) -> CasebookError:
    """One line saying why the team casebook at ``location`` did not open: no server answered
    (:class:`ServerUnreachableError`), the server refused the login (:class:`ServerLoginError`),
    no such database (:class:`NotACasebookError`), or else what the server said.

    Decided by the error's SQLSTATE where psycopg gives one, then by whether libpq was asked
    for a password it did not have, and only then by libpq's English wording."""
    raw = str(err.orig).strip() if err.orig is not None else str(err)
    first = raw.splitlines()[0] if raw else type(err).__name__
    # "connection failed: connection to server at "h", port 5432 failed: FATAL:  <reason>"
    reason = first.rsplit("failed: ", 1)[-1].removeprefix("FATAL:").strip() or first
    sqlstate = getattr(err.orig, "sqlstate", None)
    kind = _kind_by_sqlstate(sqlstate) if isinstance(sqlstate, str) else None
    if kind is None and _password_missing(err.orig):
        kind = ServerLoginError
    if kind is None:
        kind = _kind_by_wording(first.lower())
    where = display_url(location)
    if kind is ServerUnreachableError:
        return ServerUnreachableError(
            f"cannot reach the server of {where}: {reason} (is the address right and the "
            "server running?)", details=raw)
    if kind is NotACasebookError:
        return NotACasebookError(f"{where} is not an nkcase casebook: {reason}", details=raw)
    if kind is ServerLoginError:
        return ServerLoginError(
            f"the server of {where} refused the login: {reason}{_password_hint()}", details=raw)
    return CasebookError(f"cannot open the team casebook at {where}: {reason}", details=raw)


def _kind_by_sqlstate(sqlstate: str) -> type[CasebookError] | None:
    if sqlstate.startswith(_UNREACHABLE_CLASS):
        return ServerUnreachableError
    if sqlstate.startswith(_LOGIN_CLASS):
        return ServerLoginError
    if sqlstate == _NO_DATABASE_STATE:
        return NotACasebookError
    return CasebookError


def _password_missing(orig: BaseException | None) -> bool:
    """libpq's own flag: the server asked for a password and none was at hand."""
    pgconn = getattr(orig, "pgconn", None)
    return bool(getattr(pgconn, "needs_password", False))


def _kind_by_wording(lowered: str) -> type[CasebookError]:
    if "fatal:" not in lowered and any(m in lowered for m in _UNREACHABLE):
        return ServerUnreachableError
    if "does not exist" in lowered and any(m in lowered for m in _NO_DATABASE):
        return NotACasebookError
    if any(m in lowered for m in _LOGIN) or "no password supplied" in lowered:
        return ServerLoginError
    return CasebookError


def _password_hint() -> str:
    from nkcase.store.passwords import keyring_usable

    if keyring_usable():
        return (" (store the password in the OS keyring with `nkcase server password "
                "PROFILE`, or put it in your pgpass file, ~/.pgpass)")
    return " (put the password in your pgpass file, ~/.pgpass: there is no usable OS keyring here)"


def init_team_casebook(
    location: str, name: str | None = None, *, actor: str | None = None
) -> Casebook:
    """Make the empty database at ``location`` a team casebook (the same migrations as a file)."""
    provider, engine, role = _connect(location, readonly=False)
    try:
        revision = migrate.current_revision(engine)
        if revision is not None:
            raise CasebookError(
                f"{provider.location} already holds a casebook (schema revision {revision})"
            )
        with engine.connect() as conn:
            tables = conn.execute(
                text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            ).scalar_one()
        if tables:
            raise CasebookError(
                f"{provider.location} is not empty ({tables} tables): give an empty database"
            )
        migrate.upgrade(provider.writer(engine))
        casebook_id = new_id()
        created_at = utc_now()
        who = team_actor(actor or default_actor(), role)
        with provider.writer(engine).begin() as conn:
            conn.execute(
                insert(CasebookInfo).values(
                    id=casebook_id,
                    name=name or provider.database,
                    created_at=created_at,
                    created_by=who,
                    fingerprint=fingerprint_for(casebook_id, created_at),
                    app_version=__version__,
                    audit_head="",
                    audit_count=0,
                )
            )
    except DBAPIError as err:
        engine.dispose()
        raise connection_error(location, err) from None
    except BaseException:
        engine.dispose()
        raise
    return _casebook(provider, engine, actor, role, readonly=False)


def open_team_casebook(
    location: str, *, readonly: bool = False, actor: str | None = None
) -> Casebook:
    """Open the team casebook at ``location``, upgrading its schema when it is older."""
    provider, engine, role = _connect(location, readonly=readonly)
    try:
        revision = migrate.current_revision(engine)
        if revision is None:
            raise NotACasebookError(
                f"{provider.location} is not an nkcase casebook: make it one with "
                "`nkcase server init`"
            )
        migrate.refuse_if_too_new(revision, Path(provider.database))
        if revision != migrate.head_revision():
            if readonly:
                raise CasebookError(
                    f"{provider.location} uses an older schema (revision {revision}); upgrade "
                    f"it with `nkcase upgrade {provider.location}` or by opening it in the app"
                )
            # One transaction: the upgrade happens whole or not at all. The server's backups
            # (pg_dump) stand in for the backup file written beside a casebook file.
            migrate.upgrade(provider.writer(engine))
    except BaseException:
        engine.dispose()
        raise
    return _casebook(provider, engine, actor, role, readonly=readonly)


def _casebook(
    provider: PostgresProvider, engine: Engine, actor: str | None, role: str, *, readonly: bool
) -> Casebook:
    return Casebook(
        Path(provider.database),
        engine,
        readonly=readonly,
        actor=team_actor(actor or default_actor(), role),
        lock=None,
        provider=provider,
        location=provider.location,
    )


def clear_role(location: str, role: str, level: str) -> None:
    """Clear database ``role`` for handling ``level``: the row-level policies then give it what
    the visibility rule shows at that level (:mod:`nkcase.store.pg_levels`). Run by the
    casebook's owner; not an operation (it changes who may read, not the casebook)."""
    from nkcase.vocabulary.levels import check_level

    check_level(level)
    provider, engine, _role = _connect(location, readonly=False)
    try:
        with provider.writer(engine).begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO nk_clearance (role_name, level) VALUES (:r, :l) "
                    "ON CONFLICT (role_name) DO UPDATE SET level = excluded.level"
                ),
                {"r": role, "l": level},
            )
    except DBAPIError as err:
        raise connection_error(location, err) from None
    finally:
        engine.dispose()
        provider.close()
