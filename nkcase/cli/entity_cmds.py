"""``nkcase entity add|list|show|edit|delete`` and ``nkcase relate``.

The services are imported by the commands that use them, not here: ``nkcase entity list`` on
a casebook file reads it without SQLAlchemy (:func:`cmd_list`), and importing SQLAlchemy's ORM
alone would take longer than the whole listing may (issue 12).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from nkcase.cli.common import add_json_flag, add_level_option, opened, prop_pairs
from nkcase.cli.output import print_json, print_table
from nkcase.cli.passphrase import add_casebook_argument

if TYPE_CHECKING:
    from nkcase.services.casefiles import CaseFile
    from nkcase.services.entity_summaries import EntitySummary
    from nkcase.services.level_records import LevelRecord
    from nkcase.store import Casebook


def register(commands: Any) -> None:
    entity = commands.add_parser("entity", help="create, list, show, edit, delete entities")
    sub = entity.add_subparsers(dest="entity_command", metavar="ACTION", required=True)

    add = sub.add_parser("add", help="create an entity; prints its id")
    add_casebook_argument(add)
    add.add_argument("--schema", required=True, help="Person, Company, Organization, Vessel...")
    add.add_argument("--name", required=True)
    add.add_argument("--alias", action="append", default=[], help="repeatable; any script")
    add.add_argument("--country", action="append", default=[], help="code or name; repeatable")
    add.add_argument("--imo", help="IMO number (vessels); the check digit is verified")
    add.add_argument("--status", help="operating, closed or unknown")
    add.add_argument("--summary", default="")
    add.add_argument("--prop", action="append", default=[], metavar="PROP=VALUE")
    add_level_option(
        add, default="public",
        help="the entity's own handling level (protected for an informant); its level also "
        "follows its evidence",
    )
    add_json_flag(add)
    add.set_defaults(handler=cmd_add)

    lst = sub.add_parser("list", help="list entities")
    add_casebook_argument(lst)
    lst.add_argument("--schema")
    lst.add_argument("--status")
    lst.add_argument("--tag")
    add_json_flag(lst)
    lst.set_defaults(handler=cmd_list)

    show = sub.add_parser("show", help="an entity's case file")
    add_casebook_argument(show)
    show.add_argument("entity", help="id, id prefix, or an unambiguous name or alias")
    add_level_option(
        show, "--as-level", dest="as_level", default=None,
        help="show only what a recipient of this level sees (as a dossier at it would)",
    )
    add_json_flag(show)
    show.set_defaults(handler=cmd_show)

    edit = sub.add_parser("edit", help="rename, add or remove properties")
    add_casebook_argument(edit)
    edit.add_argument("entity")
    edit.add_argument("--name")
    edit.add_argument("--alias", action="append", default=[])
    edit.add_argument("--status")
    edit.add_argument("--summary")
    edit.add_argument("--prop", action="append", default=[], metavar="PROP=VALUE")
    edit.add_argument("--remove-prop", action="append", default=[], metavar="PROP=VALUE")
    edit.add_argument("--tag", action="append", default=[])
    edit.add_argument("--note")
    add_level_option(edit, "--note-level", dest="note_level", default="internal",
                     help="handling level of the --note (default internal)")
    add_level_option(edit, default=None, help="set the entity's own handling level")
    add_json_flag(edit)
    edit.set_defaults(handler=cmd_edit)

    delete = sub.add_parser("delete", help="delete an entity with its links")
    add_casebook_argument(delete)
    delete.add_argument("entity")
    delete.set_defaults(handler=cmd_delete)

    relate = commands.add_parser("relate", help="link two entities")
    add_casebook_argument(relate)
    relate.add_argument("subject", help="owner, director, employee, member...")
    relate.add_argument("object", help="asset, organisation, employer...")
    relate.add_argument("--schema", required=True, help="Ownership, Directorship, Employment...")
    relate.add_argument("--role", default="")
    relate.add_argument("--start")
    relate.add_argument("--end")
    relate.add_argument("--summary", default="")
    add_level_option(
        relate, default="public",
        help="the relationship's own handling level; it also follows its evidence and ends",
    )
    add_json_flag(relate)
    relate.set_defaults(handler=cmd_relate)


def resolve_ref(casebook: Casebook, ref: str) -> str:
    from nkcase.services.lookup import resolve_entity

    with casebook.reading() as session:
        return resolve_entity(session, ref).id


def cmd_add(args: argparse.Namespace) -> int:
    props = [("country", c) for c in args.country]
    if args.imo:
        props.append(("imoNumber", args.imo))
    if args.status:
        props.append(("status", args.status))
    props += prop_pairs(args.prop, "--prop")
    from nkcase.services import entities  # writes: not imported by the read commands
    from nkcase.services.casefiles import case_file

    with opened(args, write=True) as casebook:
        change = entities.create_entity(
            casebook,
            args.schema,
            args.name,
            aliases=args.alias,
            props=props,
            summary=args.summary,
            level=args.level,
        )
        assert change.subject_id is not None
        if args.json:
            print_json(case_file(casebook, change.subject_id))
        else:
            print(change.subject_id)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    rows = _entities_from_file(args)
    if rows is None:
        from nkcase.services.casefiles import list_entities

        with opened(args, write=False) as casebook:
            rows = list_entities(casebook, schema=args.schema, status=args.status, tag=args.tag)
    if args.json:
        print_json(rows)
    else:
        print_table(
            ["id", "schema", "name", "level", "countries", "quotes", "aliases"],
            [
                (
                    r.id[:8],
                    r.schema,
                    r.caption,
                    r.level.level,
                    ",".join(r.countries),
                    r.quote_count,
                    "; ".join(r.aliases),
                )
                for r in rows
            ],
        )
    return 0


def _entities_from_file(args: argparse.Namespace) -> list[EntitySummary] | None:
    """The list read from a plain casebook file without SQLAlchemy (the same rows); None for
    a team casebook or an encrypted file (read through the services on an opened casebook)."""
    from nkcase.store.profiles import casebook_location

    where = casebook_location(args.casebook)
    if isinstance(where, str):
        return None
    from nkcase.services.entity_summaries import list_entities_in_file

    return list_entities_in_file(where, schema=args.schema, status=args.status, tag=args.tag)


def cmd_show(args: argparse.Namespace) -> int:
    from nkcase.services.casefiles import case_file

    with opened(args, write=False) as casebook:
        entity_id = resolve_ref(casebook, args.entity)
        if args.as_level:
            from nkcase.services.level_views import case_file_at

            record = case_file_at(casebook, entity_id, args.as_level)
        else:
            record = case_file(casebook, entity_id)
    if args.json:
        print_json(record)
    else:
        print_case_file(record)
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    add = [("alias", a) for a in args.alias]
    if args.status:
        add.append(("status", args.status))
    add += prop_pairs(args.prop, "--prop")
    remove = prop_pairs(args.remove_prop, "--remove-prop")
    from nkcase.services import entities
    from nkcase.services.casefiles import case_file

    with opened(args, write=True) as casebook:
        entity_id = resolve_ref(casebook, args.entity)
        entities.edit_entity(
            casebook,
            entity_id,
            name=args.name,
            summary=args.summary,
            add_props=add,
            remove_props=remove,
        )
        for tag in args.tag:
            entities.tag_entity(casebook, entity_id, tag)
        if args.note:
            entities.add_note(casebook, entity_id, args.note, handling=args.note_level)
        if args.level:
            from nkcase.services.releases import set_level

            set_level(casebook, entity_id, args.level)
        record = case_file(casebook, entity_id)
    if args.json:
        print_json(record)
    else:
        print_case_file(record)
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    from nkcase.services import entities

    with opened(args, write=True) as casebook:
        change = entities.delete_entity(casebook, resolve_ref(casebook, args.entity))
    print(change.summary)
    return 0


def cmd_relate(args: argparse.Namespace) -> int:
    from nkcase.services import relationships

    with opened(args, write=True) as casebook:
        change = relationships.relate(
            casebook,
            args.schema,
            resolve_ref(casebook, args.subject),
            resolve_ref(casebook, args.object),
            role=args.role,
            start=args.start,
            end=args.end,
            summary=args.summary,
            level=args.level,
        )
    if args.json:
        print_json({"id": change.subject_id, "summary": change.summary})
    else:
        print(change.subject_id)
    return 0


def _level_mark(level: LevelRecord) -> str:
    """"  [protected — derives from …]" after an item above public; nothing for public."""
    return "" if level.level == "public" and not level.released else f"  [{level.explanation}]"


def print_case_file(record: CaseFile) -> None:
    if record.as_level:
        print(f"as a recipient of level {record.as_level} sees it:")
    if record.hidden:
        print(f"{record.caption}  [{record.schema_label}]: the whole case file is withheld")
        return
    print(f"{record.caption}  [{record.schema_label}]  {record.id}{_level_mark(record.level)}")
    status = record.status
    if status:
        print(f"status: {status}")
    for designation in record.designations:
        print(f"{designation.text}  (snapshot {designation.snapshot_label}, "
              f"SHA-256 {designation.snapshot_sha256[:16]}…)")
    for name in record.names:
        script = f"  ({name.script})" if name.script else ""
        print(f"  {name.label}: {name.value}{script}{_level_mark(name.level)}")
    if record.summary:
        print(f"\n{record.summary}")
    if record.facts:
        print("\nfacts:")
        for fact in record.facts:
            if fact.withheld:
                print(f"  {fact.label}: withheld")
                continue
            support = f"{len(fact.evidence)} quote(s)" if fact.supported else "UNSUPPORTED"
            hidden = f", {fact.withheld_quotes} withheld" if fact.withheld_quotes else ""
            print(f"  {fact.label}: {fact.display}  [{support}{hidden}]{_level_mark(fact.level)}")
    if record.relationships:
        print("\nrelationships:")
        for rel in record.relationships:
            dates = " – ".join(d for d in (rel.start, rel.end) if d)
            role = f" ({rel.role})" if rel.role else ""
            support = f"{len(rel.evidence)} quote(s)" if rel.supported else "UNSUPPORTED"
            print(
                f"  {rel.subject_caption} → {rel.object_caption}: {rel.label}{role}"
                f"{'  ' + dates if dates else ''}  [{support}]{_level_mark(rel.level)}"
            )
    evidence = {ref.quote_id: ref for ref in record.all_evidence()}
    if evidence:
        print("\nevidence:")
        for ref in evidence.values():
            where = f" {ref.pages}" if ref.pages else ""
            level = f" ({ref.level})" if ref.level != "public" else ""
            print(f"  [{ref.grade}] {ref.source_title}{where}{level}: “{ref.text}”")
    if record.tags:
        print("\ntags: " + ", ".join(record.tags))
    for note in record.notes:
        print(f"\nnote {note.id[:8]} ({note.level.explanation}, {note.created_at[:10]}): "
              f"{note.text}")
    if record.withheld is not None and record.withheld.anything:
        from nkcase.cli.level_cmds import withheld_line

        print(f"\n{withheld_line(record.withheld, record.as_level or '')}")
