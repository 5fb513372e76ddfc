"""``nkcase chart export|save|list|delete``: link charts as SVG or PNG, and saved charts.

Nothing heavy is imported at module level: the services load when a command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from nkcase.cli.common import add_json_flag, opened
from nkcase.cli.passphrase import add_casebook_argument
from nkcase.vocabulary.levels import HANDLING_LEVELS


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--level",
        choices=HANDLING_LEVELS,
        help="leave out what is above this handling level (default: internal, "
        "or the saved chart's)",
    )
    parser.add_argument(
        "--schema",
        action="append",
        metavar="SCHEMA",
        help="only entities of this schema; repeatable",
    )
    parser.add_argument(
        "--from",
        dest="date_from",
        metavar="DATE",
        help="only relationships that may hold on or after this date",
    )
    parser.add_argument("--to", dest="date_to", metavar="DATE")
    parser.add_argument(
        "--min-grade",
        metavar="GRADE",
        help="only links with a quote of at least this grade (C3, B…)",
    )


def register(commands: Any) -> None:
    chart = commands.add_parser("chart", help="link charts: export, save, list, delete")
    sub = chart.add_subparsers(dest="chart_command", metavar="ACTION", required=True)

    export = sub.add_parser("export", help="draw a chart as an SVG or PNG file")
    add_casebook_argument(export)
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--entity", action="append", metavar="ENTITY", help="start from this entity; repeatable"
    )
    which.add_argument("--all", action="store_true", help="the whole casebook")
    which.add_argument("--chart", metavar="NAME", help="a saved chart, as saved")
    export.add_argument("--hops", type=int, default=1, help="with --entity: how far (default 1)")
    export.add_argument("--layout", choices=("force", "hierarchy"), default="force")
    export.add_argument("--out", required=True, type=Path, help="FILE.svg or FILE.png")
    _filters(export)
    export.set_defaults(handler=cmd_export)

    save = sub.add_parser("save", help="save the chart of some entities under a name")
    add_casebook_argument(save)
    save.add_argument("name")
    save.add_argument("--entity", action="append", required=True, metavar="ENTITY")
    save.add_argument("--hops", type=int, default=1)
    save.add_argument("--layout", choices=("force", "hierarchy"), default="force")
    _filters(save)
    save.set_defaults(handler=cmd_save)

    lst = sub.add_parser("list", help="saved charts")
    add_casebook_argument(lst)
    add_json_flag(lst)
    lst.set_defaults(handler=cmd_list)

    delete = sub.add_parser("delete", help="delete a saved chart")
    add_casebook_argument(delete)
    delete.add_argument("name")
    delete.set_defaults(handler=cmd_delete)


def _chart_filter(args: argparse.Namespace, default_level: str = "internal") -> Any:
    from nkcase import vocabulary
    from nkcase.graph import ChartFilter
    from nkcase.graph.grades import clean_minimum

    schemata = (
        frozenset(vocabulary.get_schema(s).name for s in args.schema) if args.schema else None
    )
    return ChartFilter(
        schemata=schemata,
        date_from=vocabulary.clean_date(args.date_from) if args.date_from else None,
        date_to=vocabulary.clean_date(args.date_to) if args.date_to else None,
        min_grade=clean_minimum(args.min_grade),
        level=args.level or default_level,
    )


def _seeds(casebook: Any, refs: list[str]) -> list[str]:
    from nkcase.services.lookup import resolve_entity

    with casebook.reading() as session:
        return [resolve_entity(session, ref).id for ref in refs]


def cmd_export(args: argparse.Namespace) -> int:
    from nkcase.services import figure_export as fx

    fx.check_format(args.out)
    with opened(args, write=False) as casebook:
        if args.chart:
            from dataclasses import replace

            from nkcase.services.charts import open_chart

            record, state = open_chart(casebook, args.chart)
            if any((args.schema, args.date_from, args.date_to, args.min_grade)):
                state.chart_filter = _chart_filter(args, state.chart_filter.level)
            elif args.level:
                state.chart_filter = replace(state.chart_filter, level=args.level)
            picture = fx.picture_of_state(casebook, state, title=record.name)
        elif args.all:
            picture = fx.picture_of_casebook(
                casebook, chart_filter=_chart_filter(args), layout=args.layout
            )
        else:
            seeds = _seeds(casebook, args.entity)
            from nkcase.services.casefiles import case_file

            title = ", ".join(case_file(casebook, s).caption for s in seeds[:3])
            picture = fx.picture_of_neighbourhood(
                casebook,
                seeds,
                hops=args.hops,
                chart_filter=_chart_filter(args),
                layout=args.layout,
                title=title,
            )
        figure = fx.chart_picture_figure(picture)
        fx.write_figure(figure, args.out)
    graph = picture.graph
    print(
        f"wrote {args.out} ({len(graph.nodes)} entities, {len(graph.edges)} relationships, "
        f"level {picture.level})"
    )
    return 0


def cmd_save(args: argparse.Namespace) -> int:
    from nkcase.graph.state import ChartState
    from nkcase.services import charts, figure_export

    with opened(args, write=True) as casebook:
        chart_filter = _chart_filter(args)
        picture = figure_export.picture_of_neighbourhood(
            casebook,
            _seeds(casebook, args.entity),
            hops=args.hops,
            chart_filter=chart_filter,
            layout=args.layout,
        )
        state = ChartState(
            entity_ids=list(picture.graph.nodes),
            positions=picture.positions,
            chart_filter=chart_filter,
            layout=args.layout,
        )
        change = charts.save_chart(casebook, args.name, state)
    print(f"{change.summary} ({len(state.entity_ids)} entities)")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from nkcase.cli.output import print_json, print_table
    from nkcase.services import charts

    with opened(args, write=False) as casebook:
        records = charts.list_charts(casebook)
    if args.json:
        print_json(records)
    else:
        print_table(
            ("NAME", "ENTITIES", "UPDATED"),
            [(r.name, r.entity_count, r.updated_at[:16]) for r in records],
        )
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    from nkcase.services import charts

    with opened(args, write=True) as casebook:
        print(charts.delete_chart(casebook, args.name).summary)
    return 0
