"""How a list is named, and the one-line designation mark of an entity ("UN 1718 · KPi.033").

Plain Python, so that both ways of reading a casebook mark an entity alike: the screening
services' :class:`~nkcase.services.screening_records.Designation` records (SQLAlchemy), and
the entity list of a casebook file read through the stdlib ``sqlite3`` module
(:func:`marks_of`, :mod:`nkcase.services.entity_summaries`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple, Protocol

#: Short names of lists, by list code; UN programmes by their committee's resolution.
LIST_NAMES = {
    "un-sc": "UN",
    "ofac-sdn": "OFAC SDN",
    "eu-fsf": "EU",
    "opensanctions": "OpenSanctions",
}
UN_PROGRAMMES = {"DPRK": "1718", "Iraq": "1518", "Libya": "1970", "Taliban": "1988",
                 "Al-Qaida": "1267", "Al-Qaida/ISIL": "1267"}  # fmt: skip


def list_label(list_code: str, programmes: Sequence[str] = ()) -> str:
    """How a list is named in one line: "UN 1718", "OFAC SDN DPRK3", "EU"."""
    name = LIST_NAMES.get(list_code, list_code)
    if list_code == "un-sc" and programmes:
        return f"{name} {UN_PROGRAMMES.get(programmes[0], programmes[0])}"
    if list_code == "ofac-sdn" and programmes:
        return f"{name} {programmes[0]}"
    return name


class MarkPart(Protocol):
    """What a mark shows of one designation (a ``Designation`` or a :class:`ListedAs`)."""

    @property
    def list_name(self) -> str: ...
    @property
    def reference(self) -> str | None: ...
    @property
    def listed_on(self) -> str | None: ...
    @property
    def delisted_in(self) -> str | None: ...


class ListedAs(NamedTuple):
    """One confirmed candidate as its mark needs it; ``delisted_in`` is not None when the
    record was no longer listed in a later snapshot."""

    list_name: str
    reference: str | None
    listed_on: str | None
    delisted_in: str | None


def designation_order(part: MarkPart) -> tuple[bool, str, str]:
    """An entity's designations in order: those still listed first, then by listing date."""
    return (part.delisted_in is not None, part.listed_on or "", part.list_name)


def mark_text(parts: Sequence[MarkPart]) -> str:
    """The mark of one entity's designations (in :func:`designation_order`): the current ones,
    or all of them marked "(delisted)" when none is current."""
    current = [d for d in parts if not d.delisted_in] or parts
    shown = [f"{d.list_name} · {d.reference}" if d.reference else d.list_name for d in current]
    delisted = current is parts and all(d.delisted_in for d in parts)
    return "; ".join(shown) + (" (delisted)" if delisted else "")


def marks_of(
    candidates: Iterable[tuple[str, str, str | None, str | None, str | None]],
    records: dict[str, str],
) -> dict[str, str]:
    """Entity id → its mark, from its confirmed candidates (entity id, list code, reference,
    list record id, delisted-in snapshot id), in the order the store reads them, and the JSON
    of their list records by id."""
    from nkcase.screening.codec import record_from_json  # only when there are designations

    decoded = {key: record_from_json(data) for key, data in records.items()}
    found: dict[str, list[ListedAs]] = defaultdict(list)
    for entity_id, list_code, reference, record_id, delisted_in in candidates:
        record = decoded.get(record_id or "")
        found[entity_id].append(
            ListedAs(
                list_label(list_code, record.programmes if record else ()),
                reference,
                record.listed_on if record else None,
                delisted_in,
            )
        )
    return {e: mark_text(sorted(parts, key=designation_order)) for e, parts in found.items()}
