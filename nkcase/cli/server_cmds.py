"""``nkcase server …``: team casebooks on PostgreSQL (make one; name connection profiles)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from nkcase.errors import UsageError


def register(commands: Any) -> None:
    server = commands.add_parser("server", help="team casebooks on a PostgreSQL server")
    sub = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    init = sub.add_parser(
        "init", help="make an empty PostgreSQL database a team casebook (runs the migrations)"
    )
    init.add_argument("address", help="a postgresql:// address or a profile name")
    init.add_argument("--name", help="the casebook's name (default: the database's)")
    init.set_defaults(handler=cmd_init)
    clear = sub.add_parser(
        "clear", help="clear a database role for a handling level (what the server shows it)"
    )
    clear.add_argument("address", help="a postgresql:// address or a profile name")
    clear.add_argument("role")
    clear.add_argument("level", choices=("public", "internal", "protected"))
    clear.set_defaults(handler=cmd_clear)
    profile = sub.add_parser("profile", help="named connection profiles (no passwords)")
    actions = profile.add_subparsers(dest="profile_command", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add", help="name a postgresql:// address (password: the OS keyring or ~/.pgpass)"
    )
    add.add_argument("name")
    add.add_argument("address")
    add.add_argument(
        "--keyring", action="store_true",
        help="also keep its password in the OS keyring (asked, or from --password-file)",
    )
    add.add_argument("--password-file", type=Path, metavar="FILE",
                     help="with --keyring: read the password from FILE instead of asking")
    add.set_defaults(handler=cmd_profile_add)
    lst = actions.add_parser("list", help="the profiles and their addresses")
    lst.set_defaults(handler=cmd_profile_list)
    remove = actions.add_parser("remove", help="forget a profile")
    remove.add_argument("name")
    remove.set_defaults(handler=cmd_profile_remove)
    password = sub.add_parser(
        "password",
        help="keep a team casebook's password in the OS keyring (never in nkcase's settings)",
        description="Store (or with --forget remove) the password of ADDRESS's database role "
        "in the OS keyring, under service “nkcase” and username role@host:port/db. Opening "
        "the casebook then takes it from there; without one, libpq reads ~/.pgpass.",
    )
    password.add_argument("address", help="a profile name or a postgresql:// address")
    password.add_argument("--password-file", type=Path, metavar="FILE",
                          help="read the password from FILE instead of asking")
    password.add_argument("--forget", action="store_true",
                          help="remove the stored password instead")
    password.set_defaults(handler=cmd_password)


def cmd_init(args: argparse.Namespace) -> int:
    from nkcase.store.profiles import casebook_location
    from nkcase.store.team import init_team_casebook

    where = casebook_location(args.address)
    if not isinstance(where, str):
        raise UsageError(
            f"“{args.address}” is neither a postgresql:// address nor a profile "
            "(a casebook file is made with `nkcase new`)"
        )
    with init_team_casebook(where, args.name) as casebook:
        info = casebook.info()
        print(f"created team casebook {casebook.location} “{info.name}” "
              f"(fingerprint {info.fingerprint})")
    return 0


def cmd_clear(args: argparse.Namespace) -> int:
    from nkcase.store.profiles import casebook_location
    from nkcase.store.team import clear_role

    where = casebook_location(args.address)
    if not isinstance(where, str):
        raise UsageError("clearances are for team casebooks: give a postgresql:// address")
    clear_role(where, args.role, args.level)
    print(f"role {args.role} is cleared for {args.level}")
    return 0


def cmd_profile_add(args: argparse.Namespace) -> int:
    from nkcase.store.profiles import check_profile, profiles_file, save_profile

    if args.password_file is not None and not args.keyring:
        raise UsageError("--password-file goes with --keyring (nkcase never stores a password "
                         "in its settings)")
    check_profile(args.name, args.address)
    if args.keyring:  # first: where there is no keyring, nothing is saved
        _store_password(args.address, args.password_file)
    save_profile(args.name, args.address)
    print(f"profile {args.name} saved in {profiles_file()}")
    return 0


def cmd_password(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from nkcase.store.passwords import forget_password, keyring_username
    from nkcase.store.profiles import casebook_location

    where = casebook_location(args.address)
    if not isinstance(where, str):
        raise UsageError(f"“{args.address}” is neither a postgresql:// address nor a profile")
    if make_url(where).password is not None:
        raise UsageError("give the address without its password: it is asked for, or read "
                         "from --password-file")
    if args.forget:
        if forget_password(where):
            print(f"password for {keyring_username(where)} removed from the OS keyring")
        else:
            print(f"the OS keyring held no password for {keyring_username(where)}")
        return 0
    _store_password(where, args.password_file)
    return 0


def _store_password(location: str, password_file: Path | None) -> None:
    from nkcase.cli.passphrase import secret_from_file_or_terminal
    from nkcase.store.passwords import (
        NO_KEYRING,
        KeyringUnavailableError,
        keyring_usable,
        keyring_username,
        store_password,
    )

    username = keyring_username(location)
    if not keyring_usable():  # said before asking for a password it could not keep
        raise KeyringUnavailableError(NO_KEYRING)
    password = secret_from_file_or_terminal(
        password_file, what="password", option="--password-file",
        prompt=f"Password of {username}",
    )
    store_password(location, password)
    print(f"password for {username} stored in the OS keyring (service nkcase)")


def cmd_profile_list(args: argparse.Namespace) -> int:
    from nkcase.store.profiles import load_profiles

    for name, address in sorted(load_profiles().items()):
        print(f"{name}\t{address}")
    return 0


def cmd_profile_remove(args: argparse.Namespace) -> int:
    from nkcase.store.profiles import remove_profile

    remove_profile(args.name)
    print(f"profile {args.name} removed")
    return 0
