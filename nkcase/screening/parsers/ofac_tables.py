"""The tables at the head of OFAC's advanced XML, which the parties refer to by number.

``ReferenceValueSets`` (alias types, countries, feature types, document types…),
``Locations`` and ``IDRegDocuments`` come before the ``DistinctParties``. A reading in one
process (:func:`~nkcase.screening.parsers.ofac_advanced.records`) fills the tables as it meets
them; a reading in pieces (:mod:`nkcase.screening.pipeline.ofac_plan`) reads the head of the file
alone, once (:func:`read_head`), and sends the tables to the workers that read the parties.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nkcase.screening.parsers import ofac
from nkcase.screening.parsers.common import (
    ListFormatError,
    clean_text,
    country_code,
    identifier,
)
from nkcase.screening.parsers.ofac_entries import CHECK_EVERY
from nkcase.screening.parsers.xmlsafe import (
    LOCAL_NAMES,
    Piece,
    iter_elements,
    local,
    release,
)
from nkcase.screening.records import Identifier

ADDRESS_PARTS = (
    "ADDRESS1",
    "ADDRESS2",
    "ADDRESS3",
    "CITY",
    "STATE/PROVINCE",
    "POSTAL CODE",
    "REGION",
)
WANTED = (
    "{*}ReferenceValueSets",
    "{*}Location",
    "{*}IDRegDocument",
    "{*}DistinctParty",
    "{*}SanctionsEntry",
    "{*}ProfileRelationship",
)
"""The elements a reading of the file handles (the parsers' ``tags`` filter)."""
TABLES = frozenset({"ReferenceValueSets", "Location", "IDRegDocument"})
"""The elements that fill the tables, wherever they stand."""


class NotInPiecesError(ListFormatError):
    """A part of the file holds what a reading in pieces does not expect there (a table after
    the first party, a party or an entry among the tables): the file is read in one process
    instead, which gives its rows or its error as always (internal to the plan)."""


#: What :class:`Tables` gives for a kind or key the file does not have (read, never changed:
#: a party's dozen lookups built an empty table each).
_NO_VALUE: tuple[str, dict[str, str]] = ("", {})
_NO_VALUES: dict[str, tuple[str, dict[str, str]]] = {}


@dataclass
class Tables:
    """The lookup tables, locations and documents read before the parties."""

    values: dict[str, dict[str, tuple[str, dict[str, str]]]] = field(default_factory=dict)
    locations: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    documents: dict[str, list[Identifier]] = field(default_factory=dict)

    def text(self, kind: str, key: str | None) -> str:
        return self.values.get(kind, _NO_VALUES).get(key or "", _NO_VALUE)[0]

    def attribute(self, kind: str, key: str | None, name: str) -> str:
        return self.values.get(kind, {}).get(key or "", ("", {}))[1].get(name, "")

    def country(self, country_id: str | None) -> str | None:
        if not country_id:
            return None
        iso2 = self.attribute("Country", country_id, "ISO2")
        return country_code(iso2) if iso2 else country_code(self.text("Country", country_id))

    def read(self, name: str, element: Any) -> None:
        """Add an element named ``name`` (one of :data:`TABLES`) to the tables."""
        if name == "ReferenceValueSets":
            _read_values(element, self)
        elif name == "Location":
            _read_location(element, self)
        else:
            _read_document(element, self)


def read_head(
    path: Path, what: str, head: Piece, check: Callable[[], None] | None = None
) -> Tables:
    """The tables of the file's ``head``: the document made of the file's first bytes, up to
    where its ``DistinctParties`` begin, and the root's end tag. It must hold tables only: a
    party or an entry there raises :class:`NotInPiecesError` (the reading in one process
    handles them in file order); a damaged head raises the parser's error. ``check`` is
    called every :data:`~.ofac_entries.CHECK_EVERY` tables and may raise (Cancel, when the
    importing process reads the head itself)."""
    tables = Tables()
    for counted, (_event, element) in enumerate(
        iter_elements(
            path, what=what, events=("end",), tags=WANTED, piece=head, drop_blank_text=True
        ),
        start=1,
    ):
        if check is not None and counted % CHECK_EVERY == 0:
            check()
        name = local(element.tag)
        if name in TABLES:
            tables.read(name, element)
        elif name != "ProfileRelationship":
            raise NotInPiecesError(f"{path.name}: a <{name}> before the parties")
        release(element)
    return tables


def _read_values(element: Any, tables: Tables) -> None:
    for value_set in element:
        for item in value_set:
            kind = local(item.tag)
            attributes = {k: v for k, v in item.attrib.items() if k != "ID"}
            tables.values.setdefault(kind, {})[item.get("ID", "")] = (
                clean_text(item.text),
                attributes,
            )


def _read_location(element: Any, tables: Tables) -> None:
    parts: dict[str, str] = {}
    country: str | None = None
    country_name = ""
    for child in element:
        kind = LOCAL_NAMES[child.tag]
        if kind == "LocationCountry":
            country_id = child.get("CountryID")
            country = tables.country(country_id)
            country_name = tables.text("Country", country_id)
        elif kind == "LocationPart":
            part_type = tables.text("LocPartType", child.get("LocPartTypeID"))
            for value in child.iter("{*}Value"):
                if value.text and value.text.strip():
                    parts.setdefault(part_type.upper(), clean_text(value.text))
    ordered = [parts[p] for p in ADDRESS_PARTS if p in parts]
    if country_name:
        ordered.append(country_name)
    tables.locations[element.get("ID", "")] = (", ".join(ordered), country)


def _read_document(element: Any, tables: Tables) -> None:
    # the number is the first such child (identifier() cleans its text); lxml's tag filter
    # finds it in C, where grouping the children by name built a proxy for each
    number = next(element.iterchildren("{*}IDRegistrationNo"), None)
    doc_type = tables.text("IDRegDocType", element.get("IDRegDocTypeID"))
    kind = ofac.ID_KINDS.get(doc_type.lower(), "other")
    found = identifier(
        kind,
        number.text if number is not None else None,
        country=tables.country(element.get("IssuedBy-CountryID")),
        note=doc_type if kind == "other" else None,
    )
    if found is not None:
        tables.documents.setdefault(element.get("IdentityID", ""), []).append(found)
