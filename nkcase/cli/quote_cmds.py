"""``nkcase quote add|list|show|remove``, ``link``, ``search``, ``mentions``, ``reanchor``."""

from __future__ import annotations

import argparse
from typing import Any

from nkcase.cli.common import add_json_flag, add_level_option, opened, prop_pairs
from nkcase.cli.output import print_json, print_table
from nkcase.cli.passphrase import add_casebook_argument
from nkcase.errors import UsageError
from nkcase.services import quote_records, quotes, reanchor
from nkcase.services.lookup import resolve_entity
from nkcase.services.mentions_service import mentions_in_source
from nkcase.services.search_service import KINDS, search
from nkcase.services.source_records import resolve_source
from nkcase.store import Casebook


def register(commands: Any) -> None:
    quote = commands.add_parser("quote", help="quote passages of sources as evidence")
    sub = quote.add_subparsers(dest="quote_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="quote a passage (by exact text or offsets) and link it")
    add_casebook_argument(add)
    add.add_argument("--source", required=True)
    add.add_argument("--text", help="the exact passage; must occur once in the source")
    add.add_argument("--start", type=int)
    add.add_argument("--end", type=int)
    add.add_argument("--entity", action="append", default=[], help="link to ENTITY; repeatable")
    add.add_argument(
        "--fact",
        action="append",
        default=[],
        metavar="[ENTITY:]PROP=VALUE",
        help="link to a fact (created when missing); ENTITY defaults to --entity",
    )
    add.add_argument("--relationship", action="append", default=[], metavar="ID")
    add.add_argument("--note-id", action="append", default=[], metavar="NOTE",
                     help="link to a note (its id or id prefix); repeatable")
    add.add_argument("--event", action="append", default=[], metavar="EVENT",
                     help="link to an event (id or id prefix); repeatable")
    add.add_argument("--credibility", type=int, choices=range(1, 7), metavar="1-6")
    add.add_argument("--note", default="", help="your note on the quote itself")
    add_level_option(
        add, "--level", "--handling", dest="handling", default=None,
        help="the quote's handling level (default: its source's; never lower than it)",
    )
    add_json_flag(add)
    add.set_defaults(handler=cmd_add)

    lst = sub.add_parser("list", help="quotes, optionally of one source or entity")
    add_casebook_argument(lst)
    lst.add_argument("--source")
    lst.add_argument("--entity")
    add_json_flag(lst)
    lst.set_defaults(handler=cmd_list)
    show = sub.add_parser("show", help="one quote with its links")
    add_casebook_argument(show)
    show.add_argument("quote")
    add_json_flag(show)
    show.set_defaults(handler=cmd_show)
    remove = sub.add_parser("remove", help="remove a quote and its links")
    add_casebook_argument(remove)
    remove.add_argument("quote")
    remove.set_defaults(handler=cmd_remove)

    link = commands.add_parser("link", help="link a quote to an entity, fact or relationship")
    add_casebook_argument(link)
    link.add_argument("--quote", required=True)
    target = link.add_mutually_exclusive_group(required=True)
    target.add_argument("--entity")
    target.add_argument("--fact", metavar="ENTITY:PROP=VALUE")
    target.add_argument("--relationship")
    target.add_argument("--note", metavar="NOTE", help="a note's id or id prefix")
    target.add_argument("--event", help="an event's id or id prefix")
    link.set_defaults(handler=cmd_link)

    find = commands.add_parser("search", help="search sources, quotes, names and notes")
    add_casebook_argument(find)
    find.add_argument("query")
    find.add_argument("--kind", action="append", choices=KINDS)
    find.add_argument("--entity")
    find.add_argument("--min-reliability", metavar="A-F")
    find.add_argument("--from", dest="published_from", metavar="DATE")
    find.add_argument("--to", dest="published_to", metavar="DATE")
    find.add_argument("--limit", type=int, default=20)
    add_json_flag(find)
    find.set_defaults(handler=cmd_search)

    mentions = commands.add_parser("mentions", help="where entity names occur in a source")
    add_casebook_argument(mentions)
    mentions.add_argument("source")
    add_json_flag(mentions)
    mentions.set_defaults(handler=cmd_mentions)

    re_anchor = commands.add_parser(
        "reanchor", help="re-extract a source and re-anchor its quotes; list what needs review"
    )
    add_casebook_argument(re_anchor)
    re_anchor.add_argument("source")
    re_anchor.add_argument("--password")
    re_anchor.add_argument("--accept", metavar="CANDIDATE", help="accept one candidate")
    re_anchor.add_argument("--reject", metavar="QUOTE", help="reject a quote's candidates")
    add_json_flag(re_anchor)
    re_anchor.set_defaults(handler=cmd_reanchor)


def _fact_id(casebook: Casebook, spec: str, default_entity: str | None) -> str:
    """``ENTITY:PROP=VALUE`` (or ``PROP=VALUE`` with a default entity) → the fact's id,
    creating the fact when the entity does not have it yet."""
    from nkcase.services import entities

    entity_ref, sep, rest = (
        spec.rpartition(":") if "=" in spec.split(":", 1)[-1] else ("", "", spec)
    )
    if "=" in entity_ref:  # the value itself held a colon
        entity_ref, rest = "", spec
    ref = entity_ref if sep and entity_ref else default_entity
    if ref is None:
        raise UsageError(f"--fact {spec}: say which entity (ENTITY:PROP=VALUE)")
    [(prop, value)] = prop_pairs([rest], "--fact")
    with casebook.reading() as session:
        entity_id = resolve_entity(session, ref).id
    fact_id, _change = entities.ensure_fact(casebook, entity_id, prop, value)
    return fact_id


def _note_id(casebook: Casebook, ref: str) -> str:
    """The id of the note ``ref`` names (an id or an unambiguous id prefix)."""
    from nkcase.services.releases import find_item

    with casebook.reading() as session:
        kind, row = find_item(session, ref)
    if kind != "note":
        raise UsageError(f"{ref} is an {kind}, not a note")
    return str(row.id)


def _event_id(session: Any, ref: str) -> str:
    from nkcase.services.events import resolve_event

    return resolve_event(session, ref).id


def cmd_add(args: argparse.Namespace) -> int:
    if args.text is None and (args.start is None or args.end is None):
        raise UsageError("give --text, or both --start and --end")
    with opened(args, write=True) as casebook:
        with casebook.reading() as session:
            source_id = resolve_source(session, args.source).id
            entity_ids = [resolve_entity(session, e).id for e in args.entity]
            event_ids = [_event_id(session, e) for e in args.event]
        default_entity = entity_ids[0] if len(entity_ids) == 1 else None
        fact_ids = [_fact_id(casebook, spec, default_entity) for spec in args.fact]
        change = quotes.add_quote(
            casebook,
            source_id,
            start=args.start,
            end=args.end,
            text=args.text,
            entity_ids=entity_ids,
            fact_ids=fact_ids,
            relationship_ids=args.relationship,
            note_ids=[_note_id(casebook, n) for n in args.note_id],
            event_ids=event_ids,
            credibility=args.credibility,
            note=args.note,
            handling=args.handling,
        )
        assert change.subject_id is not None
        record = quote_records.quote_record(casebook, change.subject_id)
    if args.json:
        print_json(record)
    else:
        print(record.id)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with opened(args, write=False) as casebook:
        with casebook.reading() as session:
            source_id = resolve_source(session, args.source).id if args.source else None
            entity_id = resolve_entity(session, args.entity).id if args.entity else None
        records = quote_records.list_quotes(casebook, source_id=source_id, entity_id=entity_id)
    if args.json:
        print_json(records)
    else:
        print_table(
            ["id", "grade", "page", "status", "source", "text"],
            [
                (
                    r.id[:8],
                    r.grade,
                    "" if r.first_page is None else r.first_page + 1,
                    r.status,
                    r.source_title[:30],
                    " ".join(r.exact.split())[:70],
                )
                for r in records
            ],
        )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with opened(args, write=False) as casebook:
        record = quote_records.quote_record(casebook, args.quote)
    if args.json:
        print_json(record)
    else:
        page = "" if record.first_page is None else f", p. {record.first_page + 1}"
        print(f"[{record.grade}] {record.source_title}{page} ({record.status})")
        print(f"“{record.exact}”")
        if record.note:
            print(f"note: {record.note}")
        for item in record.linked:
            print(f"  supports {item.kind}: {item.caption}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    with opened(args, write=True) as casebook:
        record = quote_records.quote_record(casebook, args.quote)
        print(quotes.remove_quote(casebook, record.id).summary)
    return 0


def cmd_link(args: argparse.Namespace) -> int:
    with opened(args, write=True) as casebook:
        quote_id = quote_records.quote_record(casebook, args.quote).id
        if args.entity:
            with casebook.reading() as session:
                entity_id = resolve_entity(session, args.entity).id
            change = quotes.link(casebook, quote_id, entity_id=entity_id)
        elif args.fact:
            change = quotes.link(casebook, quote_id, fact_id=_fact_id(casebook, args.fact, None))
        elif args.note:
            change = quotes.link(casebook, quote_id, note_id=_note_id(casebook, args.note))
        elif args.event:
            with casebook.reading() as session:
                event_id = _event_id(session, args.event)
            change = quotes.link(casebook, quote_id, event_id=event_id)
        else:
            change = quotes.link(casebook, quote_id, relationship_id=args.relationship)
    print(change.summary)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    with opened(args, write=False) as casebook:
        entity_id = None
        if args.entity:
            with casebook.reading() as session:
                entity_id = resolve_entity(session, args.entity).id
        results = search(
            casebook,
            args.query,
            kinds=set(args.kind) if args.kind else None,
            entity_id=entity_id,
            min_reliability=args.min_reliability,
            published_from=args.published_from,
            published_to=args.published_to,
            limit=args.limit,
        )
    if args.json:
        print_json(results)
        return 0
    for hit in results.hits:
        where = f"p. {hit.page + 1}" if hit.page is not None else ""
        offsets = f"@{hit.start}" if hit.start is not None else ""
        print(f"{hit.kind:<8} {hit.title[:40]}  {where} {offsets}")
        print(f"         {_marked(hit.snippet, hit.highlights)}")
    more = " (ranked among the first matches only)" if results.truncated else ""
    print(f"{len(results.hits)} shown of {results.total_estimate} match(es){more}")
    return 0


def _marked(snippet: str, highlights: list[tuple[int, int]]) -> str:
    out, last = [], 0
    for start, end in sorted(highlights):
        if start < last:
            continue
        out += [snippet[last:start], "[", snippet[start:end], "]"]
        last = end
    out.append(snippet[last:])
    return "".join(out)


def cmd_mentions(args: argparse.Namespace) -> int:
    with opened(args, write=False) as casebook:
        with casebook.reading() as session:
            source_id = resolve_source(session, args.source).id
        records = mentions_in_source(casebook, source_id)
    if args.json:
        print_json(records)
        return 0
    for m in records:
        flag = " (quoted)" if m.already_quoted else ""
        print(f"{m.start:>7}  {m.caption} ← “{m.matched_text}”{flag}   …{m.context}…")
    print(f"{len(records)} mention(s)")
    return 0


def cmd_reanchor(args: argparse.Namespace) -> int:
    with opened(args, write=True) as casebook:
        with casebook.reading() as session:
            source_id = resolve_source(session, args.source).id
        if args.accept:
            print(reanchor.accept_candidate(casebook, args.accept).summary)
            return 0
        if args.reject:
            quote_id = quote_records.quote_record(casebook, args.reject).id
            print(reanchor.reject_quote_candidates(casebook, quote_id).summary)
            return 0
        report = reanchor.reextract_source(casebook, source_id, password=args.password)
        items = reanchor.review_items(casebook, source_id)
    if args.json:
        print_json(
            {"report": {k: v for k, v in vars(report).items() if k != "change"}, "review": items}
        )
        return 0
    if report.unchanged:
        print("the text is unchanged: every quote stays where it is")
    else:
        print(
            f"text version {report.new_version}: {len(report.exact)} exact, "
            f"{len(report.moved)} moved, {len(report.review)} need review, "
            f"{len(report.orphan)} orphaned"
        )
    for item in items:
        old = " ".join(item.old_text.split())[:60]
        print(f"{item.status.upper():<7} quote {item.quote_id[:8]}: “{old}”")
        for c in item.candidates:
            print(f"        candidate {c.id} ({c.score:.0f}): “{' '.join(c.text.split())[:60]}”")
    if any(item.candidates for item in items):
        print("accept a candidate with --accept CANDIDATE, or reject with --reject QUOTE")
    return 0
