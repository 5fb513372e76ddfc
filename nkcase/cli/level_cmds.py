"""``nkcase note``, ``nkcase release``, ``nkcase mark`` and ``nkcase levels``: handling levels.

``release`` shows an item learned from higher-level material at a lower level, with a reason
(audited, undoable, shown in the case file); ``mark`` sets an item's own level; ``levels``
lists what an output at a level would withhold and what it shows by release.
"""

from __future__ import annotations

import argparse
from typing import Any

from nkcase.cli.common import add_json_flag, add_level_option, opened, prop_pairs
from nkcase.cli.output import print_json
from nkcase.cli.passphrase import add_casebook_argument
from nkcase.errors import NotFoundError, UsageError
from nkcase.levels import Withheld
from nkcase.store import Casebook
from nkcase.vocabulary.levels import HANDLING_LEVELS

ITEM_HELP = (
    "id or id prefix of an entity, fact, relationship or note; an entity's name; "
    "or ENTITY:PROP=VALUE for a fact (names too: ENTITY:alias=…)"
)


def register(commands: Any) -> None:
    note = commands.add_parser("note", help="add a note to an entity; prints its id")
    add_casebook_argument(note)
    note.add_argument("entity", help="id, id prefix, or an unambiguous name or alias")
    note.add_argument("text")
    add_level_option(note, default="internal",
                     help="the note's handling level (default internal)")
    add_json_flag(note)
    note.set_defaults(handler=cmd_note)

    release = commands.add_parser(
        "release",
        help="show an item at a lower level than its evidence gives it, with a reason",
    )
    add_casebook_argument(release)
    release.add_argument("item", help=ITEM_HELP)
    add_level_option(release, "--to", dest="to", default=None,
                     help="the level it may be shown at")
    release.add_argument("--reason", help="why it may be shown there (kept in the audit log)")
    release.add_argument("--withdraw", action="store_true", help="take a release back")
    release.set_defaults(handler=cmd_release)

    mark = commands.add_parser("mark", help="set an item's own handling level")
    add_casebook_argument(mark)
    mark.add_argument("item", help=ITEM_HELP)
    mark.add_argument("level", choices=HANDLING_LEVELS)
    mark.set_defaults(handler=cmd_mark)

    report = commands.add_parser(
        "levels", help="what an output at a level withholds, and what it shows by release"
    )
    add_casebook_argument(report)
    add_level_option(report, default="public", help="the recipient's level (default public)")
    report.add_argument("--entity", action="append", default=[],
                        help="only these entities (repeatable); default every entity")
    add_json_flag(report)
    report.set_defaults(handler=cmd_levels)


def resolve_item(casebook: Casebook, ref: str) -> str:
    """The id of the item ``ref`` names (see :data:`ITEM_HELP`)."""
    from sqlalchemy import select

    from nkcase import vocabulary
    from nkcase.model import Fact
    from nkcase.services.lookup import resolve_entity
    from nkcase.services.releases import find_item

    with casebook.reading() as session:
        try:
            return str(find_item(session, ref)[1].id)
        except NotFoundError:
            pass
        entity_ref, sep, spec = ref.partition(":")
        if sep and "=" in spec:
            [(prop, value)] = prop_pairs([spec], "ITEM")
            entity = resolve_entity(session, entity_ref)
            clean = vocabulary.clean_value(entity.schema, prop, value)
            fact_id = session.scalar(
                select(Fact.id).where(
                    Fact.entity_id == entity.id, Fact.prop == prop, Fact.value == clean
                )
            )
            if fact_id is None:
                raise NotFoundError(f"{entity.caption} has no {prop} “{value}”")
            return str(fact_id)
        return str(resolve_entity(session, ref).id)


def cmd_note(args: argparse.Namespace) -> int:
    from nkcase.services import entities
    from nkcase.services.lookup import resolve_entity

    with opened(args, write=True) as casebook:
        with casebook.reading() as session:
            entity_id = resolve_entity(session, args.entity).id
        change = entities.add_note(casebook, entity_id, args.text, handling=args.level)
    if args.json:
        print_json({"id": change.subject_id, "summary": change.summary})
    else:
        print(change.subject_id)
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    from nkcase.services import releases

    with opened(args, write=True) as casebook:
        item_id = resolve_item(casebook, args.item)
        if args.withdraw:
            print(releases.withdraw_release(casebook, item_id).summary)
            return 0
        if not args.to or not args.reason:
            raise UsageError("give --to LEVEL and --reason R (or --withdraw)")
        change = releases.release(casebook, item_id, args.to, args.reason)
        print(change.summary)
        with casebook.reading() as session:
            from nkcase.services.levels import load_levels

            kind, row = releases.find_item(session, item_id)
            levels = load_levels(session, [releases.entity_of(kind, row)])
            record = levels.record(item_id)
        if record.held_by:
            print(f"note: still not shown at level {args.to}: {record.explanation}")
    return 0


def cmd_mark(args: argparse.Namespace) -> int:
    from nkcase.services import releases

    with opened(args, write=True) as casebook:
        print(releases.set_level(casebook, resolve_item(casebook, args.item), args.level).summary)
    return 0


def withheld_line(w: Withheld, level: str) -> str:
    """ "withheld at level public: 1 entity, 2 property values, …" (only counts)."""
    return f"withheld at level {level}: {w.describe() or 'nothing'}"


def cmd_levels(args: argparse.Namespace) -> int:
    from nkcase.services.level_views import level_report
    from nkcase.services.lookup import resolve_entity

    with opened(args, write=False) as casebook:
        ids = None
        if args.entity:
            with casebook.reading() as session:
                ids = [resolve_entity(session, e).id for e in args.entity]
        report = level_report(casebook, ids, args.level)
    if args.json:
        print_json(report)
        return 0
    for line in report.withheld:
        print(f"WITHHELD  {line.kind:<12} {line.caption}  [{line.level.explanation}]")
    for line in report.released:
        print(f"RELEASED  {line.kind:<12} {line.caption}  [{line.level.explanation}]")
    print(withheld_line(report.counts, args.level))
    return 0
