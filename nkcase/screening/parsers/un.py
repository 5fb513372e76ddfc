"""The UN Security Council Consolidated List (``consolidated.xml``).

Structure (scsanctions.un.org/resources/xml/en/consolidated.xml): ``CONSOLIDATED_LIST
dateGenerated=…`` holding ``INDIVIDUALS/INDIVIDUAL`` and ``ENTITIES/ENTITY``. A name comes in
up to four parts, FIRST_NAME…FOURTH_NAME, kept in the list's order: for DPRK records (UN_LIST_TYPE
"DPRK", the 1718 Committee) the family name is FIRST_NAME ("RI" / "WON HO"), so it is also set as
``family``. Alias QUALITY "Good" and "a.k.a." are aliases, "Low" weak aliases, "f.k.a." previous
names. Dates of birth are EXACT (DATE or YEAR), APPROXIMATELY (YEAR) or BETWEEN (FROM_YEAR and
TO_YEAR, kept as a range). Older files put an alternative date of birth inside an empty
INDIVIDUAL_ALIAS; it is read as a date of birth too, so moving it is not an amendment.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nkcase.screening.parsers.common import (
    ListFormatError,
    ListHeader,
    clean_text,
    country_code,
    date_range,
    identifier,
    imo_numbers,
    iso_date,
    make_record,
    script_of,
    single_date,
)
from nkcase.screening.parsers.memo import Memo
from nkcase.screening.parsers.xmlsafe import (
    Piece,
    Progress,
    XmlLayout,
    iter_elements,
    local,
    read_at_once,
    release,
)
from nkcase.screening.records import DateRange, Identifier, ListRecord, RecordName, new_name

FORMAT = "un"
WHAT = "UN consolidated list"
ROOT = "CONSOLIDATED_LIST"
ALIAS_QUALITY = {
    "good": "alias",
    "a.k.a.": "alias",
    "aka": "alias",
    "low": "weakAlias",
    "f.k.a.": "previousName",
    "fka": "previousName",
}
DOCUMENT_KINDS = {
    "passport": "passport",
    "national identification number": "national_id",
    "identification number": "national_id",
    "national identity card": "national_id",
}
# Fields whose few values recur record after record, read through a Memo of what they give:
_QUALITY: Memo[str | None, str] = Memo(
    lambda raw: ALIAS_QUALITY.get(clean_text(raw).lower(), "alias")
)
_DATE_KIND: Memo[str | None, str] = Memo(lambda raw: clean_text(raw).upper())
_DOCUMENT_KIND: Memo[str | None, str] = Memo(lambda raw: clean_text(raw).lower())
_CLEANED = Memo(clean_text)
"""A programme, designation or title: a few recur."""
_COUNTRY = Memo(country_code)
"""A country as the list spells it (a nationality, an address's or a document's country;
:func:`country_code` cleans the text itself)."""
_DAY = Memo(iso_date)
"""A listing date: most records of a list were listed on one of a few hundred days."""
NAME_FIELDS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
LAYOUT = XmlLayout(records=(b"INDIVIDUAL", b"ENTITY"), containers=(b"INDIVIDUALS", b"ENTITIES"))


def header(path: Path) -> ListHeader:
    for _event, element in iter_elements(path, what=WHAT, events=("start",)):
        _check_root(element, path)
        return _header(element)
    raise ListFormatError(f"{path.name} is empty")


def records(
    path: Path, progress: Progress | None = None, piece: Piece | None = None
) -> Iterator[ListRecord]:
    """The records of the file, or of one ``piece`` of it (a worker's part).

    The whitespace between elements is not read (``drop_blank_text``). Whether libxml2 drops a
    blank text depends on where its input buffer ends (it looks ahead for the next tag), so
    every text read here is stripped or cleaned first: blank and missing give the same, and a
    record the same wherever the reading began. A piece is parsed whole (``at_once``): a record
    is read at its end, so it reads the same whether the elements after it are there or not.

    Each element is freed at its end with the siblings before it (:func:`release`), never
    every so many: a record inside another must read the same wherever the reading began (a
    worker reads a piece). A piece parsed whole is freed as a whole once read, so there an
    element is released only when an element still open may read it: one inside a record, or
    inside anything but a ``<CONSOLIDATED_LIST>`` root; a record at the top is not (2 % of a
    record's instructions)."""
    whole = read_at_once(piece)
    seen_root = False
    list_root: bool | None = None  # whether the document's root is <CONSOLIDATED_LIST>
    depth = 0  # the elements of ``tags`` open
    for event, element in iter_elements(
        path,
        what=WHAT,
        progress=progress,
        tags=(ROOT, "INDIVIDUAL", "ENTITY"),
        piece=piece,
        drop_blank_text=True,
        at_once=True,
    ):
        if event == "start":
            seen_root = seen_root or element.tag == ROOT
            if list_root is None:  # the first element of ``tags``: the root, if any is
                list_root = seen_root and element.getparent() is None
            depth += 1
            continue
        depth -= 1
        if element.tag == "INDIVIDUAL":
            yield _individual(element)
        elif element.tag == "ENTITY":
            yield _entity(element)
        if not whole or depth > 1 or (depth == 1 and not list_root):
            release(element)
    if not seen_root:
        raise ListFormatError(f"{path.name} is not a UN consolidated list (no <{ROOT}>)")


def _check_root(element: Any, path: Path) -> None:
    if local(element.tag) != ROOT:
        raise ListFormatError(
            f"{path.name} is not a UN consolidated list (its root element is "
            f"<{local(element.tag)}>, not <{ROOT}>)"
        )


def _header(root: Any) -> ListHeader:
    return ListHeader(
        format=FORMAT,
        list_code="un-sc",
        publisher="United Nations Security Council",
        title="UN Security Council Consolidated List",
        generated=iso_date(root.get("dateGenerated")),
    )


Groups = dict[str, list[Any]]
#: The record's fields that hold text directly (the first of each is read).
LEAVES = frozenset(
    (
        *NAME_FIELDS,
        "DATAID",
        "NAME_ORIGINAL_SCRIPT",
        "UN_LIST_TYPE",
        "REFERENCE_NUMBER",
        "LISTED_ON",
        "COMMENTS1",
    )
)


#: The record's fields that hold elements, read by :func:`_individual` and :func:`_entity`:
#: others (VERSIONNUM, LIST_TYPE, SORT_KEY…, a tenth of a record's children) are not kept.
_GROUPED = frozenset(
    (
        "DESIGNATION",
        "TITLE",
        "NATIONALITY",
        "INDIVIDUAL_ALIAS",
        "INDIVIDUAL_DATE_OF_BIRTH",
        "INDIVIDUAL_PLACE_OF_BIRTH",
        "INDIVIDUAL_ADDRESS",
        "INDIVIDUAL_DOCUMENT",
        "ENTITY_ALIAS",
        "ENTITY_ADDRESS",
    )
)


def _read(element: Any) -> tuple[dict[str, str], Groups]:
    """A record's children in one pass: the texts of its leaf fields (stripped, the first of
    each name) and the children of :data:`_GROUPED` grouped by name, in document order. UN
    elements have no namespace; comments and processing instructions were removed by the
    parser."""
    leaves: dict[str, str] = {}
    groups: Groups = {}
    for child in element:
        tag = child.tag
        if tag in LEAVES:
            if tag not in leaves:
                leaves[tag] = (child.text or "").strip()
        elif tag in _GROUPED:
            if tag in groups:
                groups[tag].append(child)
            else:
                groups[tag] = [child]
    return leaves, groups


def _leaves(element: Any) -> dict[str, str]:
    """The texts of a small element's children by name (UN elements have no namespace, and an
    alias, date or document has each field once): one pass, no grouping. Each child's tag is
    read once: lxml builds a new string at every read. The parser drops comments and
    processing instructions, and a file with entities is refused before its first record, so
    every child is an element: were one not, its key (not a text) would match no field. Texts
    are stripped: a blank one may or may not have been dropped by the parser (see
    :func:`records`), and a caller's ``or`` must not tell them apart."""
    return {child.tag: (child.text or "").strip() for child in element}


def _names(leaves: dict[str, str], aliases: list[dict[str, str]], dprk: bool) -> list[RecordName]:
    """The record's names; ``aliases`` are its alias groups' fields (read once: an
    individual's are also where older files keep a date of birth). Built by the records' fast
    constructor (:func:`~nkcase.screening.records.new_name`): the frozen dataclass's
    ``__init__`` cost 10,000 instructions a name, three names a record."""
    parts = tuple([p for p in [clean_text(leaves[f]) for f in NAME_FIELDS if f in leaves] if p])
    found: list[RecordName] = []
    if parts:  # clean parts joined by single spaces: already clean text
        full = " ".join(parts)
        family = parts[0] if dprk and len(parts) > 1 else None
        found.append(new_name(full, "name", parts, family, script_of(full)))
    # a missing field is not cleaned: a call costs more than the test (~1,000 instructions)
    original = (
        clean_text(leaves["NAME_ORIGINAL_SCRIPT"]) if "NAME_ORIGINAL_SCRIPT" in leaves else ""
    )
    if original:
        found.append(new_name(original, "name", (), None, script_of(original)))
    for fields in aliases:
        quality = _QUALITY[fields.get("QUALITY")]
        name = clean_text(fields.get("ALIAS_NAME"))
        if name:
            found.append(new_name(name, quality, (), None, script_of(name)))  # type: ignore[arg-type]
    return found


def _values(groups: Groups, tag: str) -> list[str]:
    """The texts of the VALUE elements of ``tag`` (designations, titles: a few recur)."""
    found = groups.get(tag)
    if not found:
        return []
    return [v for v in [_CLEANED[v.text] for group in found for v in group] if v]


ADDRESS_FIELDS = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")


def _address(element: Any) -> tuple[str, str | None]:
    """An address (or place of birth) as text, and its country's code. Read through
    :data:`_ADDRESS`, by the address's fields as they are written: a list repeats its
    addresses (the same city and country in hundreds of records), and the fields' texts are
    read anyway."""
    return _ADDRESS[
        tuple([(child.tag, (child.text or "").strip()) for child in element])  # as _leaves
    ]


def _address_of(written: tuple[tuple[str, str], ...]) -> tuple[str, str | None]:
    """:func:`_address` of an address's (name, text) fields, in document order (a field written
    twice: the last one)."""
    if not written:
        return "", None
    fields = dict(written)
    # only the fields present are cleaned (most addresses have two of the five), in a list
    # comprehension rather than nested generators
    text = ", ".join(
        [p for p in [clean_text(fields[f]) for f in ADDRESS_FIELDS if f in fields] if p]
    )
    note = clean_text(fields["NOTE"]) if "NOTE" in fields else ""
    if note:
        text = f"{text} ({note})" if text else note
    return text, _COUNTRY[fields.get("COUNTRY")]


_ADDRESS: Memo[tuple[tuple[str, str], ...], tuple[str, str | None]] = Memo(_address_of, 4096)


def _birth_date(element: Any) -> DateRange | None:
    fields = _leaves(element)
    kind = _DATE_KIND[fields.get("TYPE_OF_DATE")]
    if kind == "BETWEEN":
        return date_range(single_date(fields.get("FROM_YEAR")), single_date(fields.get("TO_YEAR")))
    exact = iso_date(fields.get("DATE"))
    return date_range(exact or single_date(fields.get("YEAR")))


def _documents(groups: Groups) -> list[Identifier]:
    found: list[Identifier | None] = []
    for doc in groups.get("INDIVIDUAL_DOCUMENT", ()):
        fields = _leaves(doc)
        raw_kind = _DOCUMENT_KIND[fields.get("TYPE_OF_DOCUMENT")]
        issuer = fields.get("ISSUING_COUNTRY") or fields.get("COUNTRY_OF_ISSUE")
        second, remark = fields.get("TYPE_OF_DOCUMENT2"), fields.get("NOTE")
        if second or remark:  # most documents have neither: no calls, no join
            notes = (clean_text(second), clean_text(remark))
            note = " ".join([p for p in notes if p])
        else:
            note = ""
        kind = DOCUMENT_KINDS.get(raw_kind, "other")
        if kind == "other" and raw_kind:
            note = f"{raw_kind}; {note}" if note else raw_kind
        found.append(identifier(kind, fields.get("NUMBER"), country=_COUNTRY[issuer], note=note))
    return [i for i in found if i is not None]


Common = tuple[str, str | None, tuple[str, ...], str | None, str | None, tuple[str, ...]]
"""The fields both kinds of record read alike: key, reference, programmes, listing date,
remarks, positions."""


def _common(leaves: dict[str, str], groups: Groups) -> Common:
    """:data:`Common`, as a tuple the callers unpack and name to :func:`make_record`: a
    dictionary passed as ``**`` was built, copied and bound by name for every record."""
    programme = _CLEANED[leaves.get("UN_LIST_TYPE")]
    return (
        clean_text(leaves.get("DATAID")),
        clean_text(leaves.get("REFERENCE_NUMBER")) or None,
        (programme,) if programme else (),
        _DAY[leaves.get("LISTED_ON", "")],
        clean_text(leaves.get("COMMENTS1")) or None,
        tuple(_values(groups, "DESIGNATION") + _values(groups, "TITLE")),
    )


def _individual(element: Any) -> ListRecord:
    leaves, groups = _read(element)
    key, reference, programmes, listed_on, remarks, positions = _common(leaves, groups)
    dprk = "DPRK" in programmes
    births = [_birth_date(b) for b in groups.get("INDIVIDUAL_DATE_OF_BIRTH", ())]
    aliases = [_leaves(alias) for alias in groups.get("INDIVIDUAL_ALIAS", ())]
    for fields in aliases:  # older files: an alias's birth date
        if "DATE_OF_BIRTH" in fields:
            births.append(date_range(iso_date(fields["DATE_OF_BIRTH"])))
    places = [_address(p)[0] for p in groups.get("INDIVIDUAL_PLACE_OF_BIRTH", ())]
    addresses = [_address(a)[0] for a in groups.get("INDIVIDUAL_ADDRESS", ())]
    countries = [_COUNTRY[v.text] for group in groups.get("NATIONALITY", ()) for v in group]
    return make_record(
        record_key=key,
        schema="Person",
        names=tuple(_names(leaves, aliases, dprk)),
        reference=reference,
        programmes=programmes,
        listed_on=listed_on,
        birth_dates=tuple([b for b in births if b is not None]),
        birth_places=tuple([p for p in places if p]),
        countries=tuple([c for c in countries if c]),
        identifiers=tuple(_documents(groups)),
        addresses=tuple([a for a in addresses if a]),
        remarks=remarks,
        positions=positions,
    )


def _entity(element: Any) -> ListRecord:
    leaves, groups = _read(element)
    key, reference, programmes, listed_on, remarks, positions = _common(leaves, groups)
    addresses: list[str] = []
    countries: list[str] = []
    for address in groups.get("ENTITY_ADDRESS", ()):
        text, code = _address(address)
        if text:
            addresses.append(text)
        if code:
            countries.append(code)
    imo = [identifier("imo", n) for n in imo_numbers(remarks)]
    return make_record(
        record_key=key,
        schema="Organization",
        names=tuple(_names(leaves, [_leaves(a) for a in groups.get("ENTITY_ALIAS", ())], False)),
        reference=reference,
        programmes=programmes,
        listed_on=listed_on,
        countries=tuple(countries),
        identifiers=tuple([i for i in imo if i is not None]),
        addresses=tuple(addresses),
        remarks=remarks,
        positions=positions,
    )
