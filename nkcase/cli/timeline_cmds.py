"""``nkcase timeline``: the dated items of a casebook or of some entities, in order.

Nothing heavy is imported at module level: the services load when the command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from nkcase.cli.common import add_json_flag, opened
from nkcase.cli.passphrase import add_casebook_argument
from nkcase.vocabulary.levels import HANDLING_LEVELS

KINDS = ("event", "relationship", "fact", "source")


def register(commands: Any) -> None:
    line = commands.add_parser(
        "timeline", help="events, relationship spans, dated facts and publications, in order"
    )
    add_casebook_argument(line)
    line.add_argument(
        "--entity",
        action="append",
        metavar="ENTITY",
        help="only items involving this entity; repeatable",
    )
    line.add_argument("--kind", action="append", choices=KINDS)
    line.add_argument("--schema", action="append", metavar="SCHEMA")
    line.add_argument("--from", dest="date_from", metavar="DATE")
    line.add_argument("--to", dest="date_to", metavar="DATE")
    line.add_argument(
        "--level",
        choices=HANDLING_LEVELS,
        default="internal",
        help="leave out what is above this handling level (default: internal)",
    )
    line.add_argument("--out", type=Path, help="also draw it as FILE.svg or FILE.png")
    add_json_flag(line)
    line.set_defaults(handler=cmd_timeline)


def cmd_timeline(args: argparse.Namespace) -> int:
    from nkcase import vocabulary
    from nkcase.cli.output import print_json, print_table
    from nkcase.services.lookup import resolve_entity
    from nkcase.services.timeline import load_timeline
    from nkcase.timeline import TimelineFilter

    with opened(args, write=False) as casebook:
        entity_ids = None
        if args.entity:
            with casebook.reading() as session:
                entity_ids = frozenset(resolve_entity(session, e).id for e in args.entity)
        timeline_filter = TimelineFilter(
            entity_ids=entity_ids,
            kinds=frozenset(args.kind) if args.kind else None,
            schemata=frozenset(vocabulary.get_schema(s).name for s in args.schema)
            if args.schema
            else None,
            date_from=vocabulary.clean_date(args.date_from) if args.date_from else None,
            date_to=vocabulary.clean_date(args.date_to) if args.date_to else None,
            level=args.level,
        )
        line = load_timeline(casebook, timeline_filter)
    if args.out is not None:
        from nkcase.services.figure_export import write_figure
        from nkcase.timeline.figure import EXPORT_TIMELINE, timeline_figure

        write_figure(timeline_figure(line.items, style=EXPORT_TIMELINE), args.out)
    if args.json:
        print_json(
            [
                {**_item_json(item), "evidence": line.evidence.get(item.id, [])}
                for item in line.items
            ]
        )
        return 0
    print_table(
        ("WHEN", "KIND", "WHAT", "QUOTES"),
        [
            (
                item.when,
                item.kind,
                item.label,
                ", ".join(item.grades)
                if item.grades
                else ("—" if item.kind == "source" else "unsupported"),
            )
            for item in line.items
        ],
    )
    if args.out is not None:
        print(f"wrote {args.out}")
    return 0


def _item_json(item: Any) -> dict[str, Any]:
    from nkcase.cli.output import to_jsonable

    data: dict[str, Any] = {
        name: to_jsonable(getattr(item, name)) for name in item.__dataclass_fields__
    }
    data["when"] = item.when
    data["precision"] = item.first.precision
    return data
