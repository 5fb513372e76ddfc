"""``nkcase server …``: team casebooks on PostgreSQL (make one; name connection profiles)."""

from __future__ import annotations

import argparse
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
    add = actions.add_parser("add", help="name a postgresql:// address (password: ~/.pgpass)")
    add.add_argument("name")
    add.add_argument("address")
    add.set_defaults(handler=cmd_profile_add)
    lst = actions.add_parser("list", help="the profiles and their addresses")
    lst.set_defaults(handler=cmd_profile_list)
    remove = actions.add_parser("remove", help="forget a profile")
    remove.add_argument("name")
    remove.set_defaults(handler=cmd_profile_remove)


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
    from nkcase.store.profiles import profiles_file, save_profile

    save_profile(args.name, args.address)
    print(f"profile {args.name} saved in {profiles_file()}")
    return 0


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
