"""``nkcase event add|list|show|edit|remove``: dated happenings for the timeline.

Nothing heavy is imported at module level: the services load when a command runs.
"""

from __future__ import annotations

import argparse
from typing import Any

from nkcase.cli.common import add_json_flag, opened
from nkcase.cli.passphrase import add_casebook_argument
from nkcase.vocabulary.levels import HANDLING_LEVELS


def register(commands: Any) -> None:
    event = commands.add_parser("event", help="events on the timeline (a renaming, a closure…)")
    sub = event.add_subparsers(dest="event_command", metavar="ACTION", required=True)

    add = sub.add_parser("add", help="record an event; prints its id")
    add_casebook_argument(add)
    add.add_argument("--date", required=True, help="2019, 2019-06, 2019-06-03 or 3 June 2019")
    add.add_argument("--end", help="the last day of a span (a transponder dark for days)")
    add.add_argument("--summary", required=True, help="what happened, in one line")
    add.add_argument(
        "--entity",
        action="append",
        required=True,
        metavar="ENTITY",
        help="an entity involved; repeatable",
    )
    add.add_argument(
        "--organizer",
        action="append",
        default=[],
        metavar="ENTITY",
        help="an entity that arranged it; repeatable",
    )
    add.add_argument("--place", default="")
    add.add_argument("--description", default="")
    add.add_argument("--handling", choices=HANDLING_LEVELS, help="the event's own handling level")
    add.add_argument(
        "--quote",
        action="append",
        default=[],
        metavar="QUOTE",
        help="link an existing quote as evidence; repeatable",
    )
    add_json_flag(add)
    add.set_defaults(handler=cmd_add)

    lst = sub.add_parser("list", help="events in date order")
    add_casebook_argument(lst)
    lst.add_argument("--entity", help="only events involving this entity")
    add_json_flag(lst)
    lst.set_defaults(handler=cmd_list)

    show = sub.add_parser("show", help="one event with its entities and quotes")
    add_casebook_argument(show)
    show.add_argument("event", help="id or id prefix")
    add_json_flag(show)
    show.set_defaults(handler=cmd_show)

    edit = sub.add_parser("edit", help="change an event's date, summary, place or entities")
    add_casebook_argument(edit)
    edit.add_argument("event")
    edit.add_argument("--date")
    edit.add_argument("--end", help="a date, or '' to make it a single date again")
    edit.add_argument("--summary")
    edit.add_argument("--place")
    edit.add_argument("--description")
    edit.add_argument("--handling", choices=HANDLING_LEVELS)
    edit.add_argument("--add-entity", action="append", default=[], metavar="ENTITY")
    edit.add_argument("--remove-entity", action="append", default=[], metavar="ENTITY")
    edit.set_defaults(handler=cmd_edit)

    remove = sub.add_parser("remove", help="remove an event (its quotes stay)")
    add_casebook_argument(remove)
    remove.add_argument("event")
    remove.set_defaults(handler=cmd_remove)


def _entity_ids(casebook: Any, refs: list[str]) -> list[str]:
    from nkcase.services.lookup import resolve_entity

    with casebook.reading() as session:
        return [resolve_entity(session, ref).id for ref in refs]


def _event_id(casebook: Any, ref: str) -> str:
    from nkcase.services.events import resolve_event

    with casebook.reading() as session:
        return resolve_event(session, ref).id


def cmd_add(args: argparse.Namespace) -> int:
    from nkcase.cli.output import print_json
    from nkcase.services import events, quotes
    from nkcase.services.quote_records import quote_record

    with opened(args, write=True) as casebook:
        quote_ids = [quote_record(casebook, q).id for q in args.quote]
        change = events.add_event(
            casebook,
            date=args.date,
            end=args.end,
            summary=args.summary,
            entity_ids=_entity_ids(casebook, args.entity),
            organizer_ids=_entity_ids(casebook, args.organizer),
            place=args.place,
            description=args.description,
            handling=args.handling,
        )
        event_id = str(change.subject_id)
        for quote_id in quote_ids:
            quotes.link(casebook, quote_id, event_id=event_id)
        if args.json:
            print_json(events.event_record(casebook, event_id))
        else:
            print(event_id)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from nkcase.cli.output import print_json, print_table
    from nkcase.services import events

    with opened(args, write=False) as casebook:
        entity_id = _entity_ids(casebook, [args.entity])[0] if args.entity else None
        records = events.list_events(casebook, entity_id=entity_id)
    if args.json:
        print_json(records)
        return 0
    print_table(
        ("ID", "WHEN", "EVENT", "ENTITIES", "QUOTES"),
        [
            (
                r.id[:8],
                r.when,
                r.summary,
                ", ".join(p.caption for p in r.entities),
                len(r.evidence) or "unsupported",
            )
            for r in records
        ],
    )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from nkcase.cli.output import print_json
    from nkcase.services import events

    with opened(args, write=False) as casebook:
        record = events.event_record(casebook, args.event)
    if args.json:
        print_json(record)
        return 0
    print(f"{record.when}  {record.summary}")
    print(f"  id: {record.id}   handling: {record.handling}")
    if record.place:
        print(f"  place: {record.place}")
    if record.description:
        print(f"  {record.description}")
    for party in record.entities:
        print(f"  {party.role}: {party.caption} ({party.schema})")
    if not record.evidence:
        print("  unsupported: no quote supports this event")
    for ref in record.evidence:
        pages = f", {ref.pages}" if ref.pages else ""
        print(f"  [{ref.grade}] “{ref.text}” — {ref.source_title}{pages}")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    from nkcase.services import events

    with opened(args, write=True) as casebook:
        kwargs: dict[str, Any] = {}
        if args.end is not None:
            kwargs["end"] = args.end or None
        change = events.edit_event(
            casebook,
            _event_id(casebook, args.event),
            date=args.date,
            summary=args.summary,
            place=args.place,
            description=args.description,
            handling=args.handling,
            add_entities=_entity_ids(casebook, args.add_entity),
            remove_entities=_entity_ids(casebook, args.remove_entity),
            **kwargs,
        )
    print(change.summary)
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from nkcase.services import events

    with opened(args, write=True) as casebook:
        change = events.remove_event(casebook, _event_id(casebook, args.event))
    print(change.summary)
    return 0
