"""Hostile, damaged and wrong files: one line each, and nothing imported.

No sanctions list declares a DTD, so any file with one is refused before a record is read;
the parsers themselves never expand entities, never read other files or the network, and
refuse a file that ends early, even after records were already read.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nkcase.errors import IngestError
from nkcase.model import AuditEvent, ListName, ListRecordRow, ListSnapshot, ListSnapshotFile
from nkcase.screening.parsers import ListFormatError, open_list, un
from nkcase.services.check import check_casebook
from nkcase.services.lists import import_list
from nkcase.store import Casebook
from tests.screening.lists import EU, OFAC_ADVANCED, OFAC_CLASSIC, OFAC_CSV, UN_2026

RECORD = (
    "<INDIVIDUAL><DATAID>{n}</DATAID><FIRST_NAME>{name}</FIRST_NAME>"
    "<UN_LIST_TYPE>DPRK</UN_LIST_TYPE></INDIVIDUAL>"
)


def un_file(body: str, doctype: str = "") -> str:
    return (
        f"<?xml version='1.0' encoding='UTF-8'?>\n{doctype}"
        f"<CONSOLIDATED_LIST dateGenerated='2026-01-28'><INDIVIDUALS>{body}"
        "</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>\n"
    )


BILLION_LAUGHS = un_file(
    RECORD.format(n=1, name="&lol9;"),
    '<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>\n",
)
EXTERNAL_ENTITY = un_file(
    RECORD.format(n=1, name="&xxe;"),
    '<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n',
)
EXTERNAL_DTD = un_file(
    RECORD.format(n=1, name="RI"),
    '<!DOCTYPE CONSOLIDATED_LIST SYSTEM "http://example.org/consolidated.dtd">\n',
)
PARAMETER_ENTITY = un_file(
    RECORD.format(n=1, name="RI"),
    '<!DOCTYPE x [<!ENTITY % remote SYSTEM "http://example.org/evil.dtd"> %remote;]>\n',
)
HOSTILE = {
    "billion laughs": (BILLION_LAUGHS, "declares a DTD"),
    "external entity": (EXTERNAL_ENTITY, "declares a DTD"),
    "external DTD": (EXTERNAL_DTD, "declares a DTD"),
    "parameter entity": (PARAMETER_ENTITY, "declares a DTD"),
}


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def truncated_un(tmp_path: Path) -> Path:
    """The real UN excerpt cut in the middle of its eleventh record (many records read fine
    before the end is found missing)."""
    data = UN_2026.read_bytes()
    cut = data.index(b"<FIRST_NAME>", data.index(b"<ENTITY>") + 300)
    return write(tmp_path, "consolidated.xml", data[:cut])


DAMAGED = {
    "malformed XML": (
        un_file(RECORD.format(n=1, name="RI") + "<INDIVIDUAL></ENTITY>"),
        "not a well-formed UN consolidated list",
    ),
    "XML cut short inside a tag": (
        UN_2026.read_bytes()[: UN_2026.read_bytes().index(b"<SORT_KEY", 3000) + 6],
        r"the file is truncated \(line \d+, column \d+\)$",
    ),
    "XML with a wrong tag on its last line": (
        un_file(RECORD.format(n=1, name="RI") + "<INDIVIDUAL></ENTITY>").replace("\n", " "),
        r"not a well-formed UN consolidated list: .* \(line 1, column \d+\)$",
    ),
    "XML with an entity no list declares": (
        un_file(RECORD.format(n=1, name="RI &bogus; HO")),
        r"uses an XML entity nkcase does not expand: refused \(line 2, column \d+\)$",
    ),
    "wrong XML": (
        "<?xml version='1.0'?><html><body>not a list</body></html>",
        "not a sanctions list nkcase reads",
    ),
    "PDF": (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        "not a sanctions list nkcase reads",
    ),
    "empty": ("", "is empty"),
    "JSON that is not FtM": ('{"hello": "world"}\n', "not FollowTheMoney entities"),
    "truncated FtM": (
        '{"id":"a","schema":"Person","properties":{"name":["A"]},"target":true}\n'
        '{"id":"b","schema":"Person","properties":{"name":["B"',
        "line 2 ends in the middle of an entity",
    ),
}


def assert_one_line(err: Exception) -> None:
    message = str(err)
    assert message and "\n" not in message and "Traceback" not in message


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_xml_is_refused_before_reading(tmp_path: Path, name: str) -> None:
    content, expected = HOSTILE[name]
    path = write(tmp_path, "consolidated.xml", content)
    with pytest.raises(ListFormatError, match=expected) as caught:
        list(open_list(path).records())
    assert_one_line(caught.value)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_the_parser_itself_refuses_a_dtd(tmp_path: Path, name: str) -> None:
    """Even called directly, past format detection, the UN parser refuses a DTD and never
    expands an entity or reads /etc/passwd."""
    content, _expected = HOSTILE[name]
    path = write(tmp_path, "consolidated.xml", content)
    with pytest.raises(ListFormatError, match="declares a DTD"):
        list(un.records(path))


def test_truncated_xml_after_good_records(tmp_path: Path) -> None:
    path = truncated_un(tmp_path)
    source = open_list(path)  # the head is fine
    with pytest.raises(ListFormatError, match="truncated") as caught:
        list(source.records())
    assert_one_line(caught.value)


@pytest.mark.parametrize("name", list(DAMAGED))
def test_damaged_or_wrong_files(tmp_path: Path, name: str) -> None:
    content, expected = DAMAGED[name]
    suffix = ".ftm.json" if "FtM" in name else ".xml"
    path = write(tmp_path, f"list{suffix}", content)
    with pytest.raises(ListFormatError, match=expected) as caught:
        list(open_list(path).records())
    assert_one_line(caught.value)


@pytest.mark.parametrize(
    ("excerpt", "tag"),
    [
        (UN_2026, b"<FIRST_NAME"),
        (EU, b"<nameAlias"),
        (OFAC_ADVANCED, b"<NamePartValue"),
        (OFAC_CLASSIC, b"<lastName"),
    ],
    ids=["UN", "EU", "OFAC advanced", "OFAC classic"],
)
def test_an_undeclared_entity_is_named_with_its_line(
    tmp_path: Path, excerpt: Path, tag: bytes
) -> None:
    """libxml2 stops on an entity no DTD declares with "no element found" and no place; the
    message says what it is, and where (its own error, kept in lxml's log)."""
    data = excerpt.read_bytes()
    at = data.index(b">", data.index(tag)) + 1
    if tag == b"<nameAlias":  # the names are attributes: inside the first one
        at = data.index(b'"', data.index(b"wholeName=", data.index(tag))) + 1
    line = data[:at].count(b"\n") + 1
    path = write(tmp_path, excerpt.name, data[:at] + b"&bogus;" + data[at:])
    with pytest.raises(ListFormatError) as caught:
        list(open_list(path).records())
    assert re.fullmatch(
        rf"{re.escape(path.name)} uses an XML entity nkcase does not expand: refused "
        rf"\(line {line}, column \d+\)",
        str(caught.value),
    )


def test_damaged_csv(tmp_path: Path) -> None:
    rows = OFAC_CSV.read_bytes().split(b"\r\n")
    short_row = write(tmp_path, "sdn.csv", b"\r\n".join([*rows[:3], b'999,"ONLY THREE",-0- ']))
    with pytest.raises(ListFormatError, match="line 4 has 3 fields, not 12"):
        list(open_list(short_row).records())
    open_quote = write(tmp_path / "..", "cut.csv", b"\r\n".join(rows[:2]) + b'\r\n17069,"CHONG CH')
    with pytest.raises(ListFormatError, match="damaged or truncated"):
        list(open_list(open_quote).records())


def test_ofac_entries_hidden_in_a_comment_are_refused(tmp_path: Path) -> None:
    """OFAC advanced XML: the entries are read from the file's tail, found by a byte search for
    their start tag. Entries in a comment after the real ones would be found first; the second
    pass sees the real ones and refuses the file rather than give the parties the wrong
    programmes and listing dates."""
    data = OFAC_ADVANCED.read_bytes()
    start = data.index(b"<SanctionsEntries>")
    section = data[start : data.index(b"</SanctionsEntries>") + len(b"</SanctionsEntries>")]
    forged = section.replace(b"<Comment>DPRK</Comment>", b"<Comment>NONE</Comment>")
    assert forged != section
    end = data.rindex(b"</Sanctions>")
    path = write(
        tmp_path, "sdn_advanced.xml", data[:end] + b"<!-- " + forged + b" -->\n" + data[end:]
    )
    with pytest.raises(ListFormatError, match="not the entries the file holds") as caught:
        list(open_list(path).records())
    assert_one_line(caught.value)


def counts(casebook: Casebook) -> tuple[int, ...]:
    with casebook.reading() as session:
        return tuple(
            int(session.scalar(select(func.count()).select_from(model)) or 0)
            for model in (ListSnapshot, ListSnapshotFile, ListRecordRow, ListName, AuditEvent)
        )


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda p: write(p, "consolidated.xml", BILLION_LAUGHS), id="billion laughs"),
        pytest.param(lambda p: write(p, "consolidated.xml", EXTERNAL_ENTITY), id="external entity"),
        pytest.param(truncated_un, id="truncated"),
        pytest.param(lambda p: write(p, "list.xml", DAMAGED["wrong XML"][0]), id="wrong format"),
    ],
)
def test_nothing_is_imported_from_a_refused_file(casebook: Casebook, tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    import_list(casebook, UN_2026.with_name("consolidated-2024-09-26-excerpt.xml"))
    before = counts(casebook)
    with pytest.raises(IngestError) as caught:
        import_list(casebook, make(tmp_path))
    assert_one_line(caught.value)
    assert counts(casebook) == before
    assert check_casebook(casebook) == []
