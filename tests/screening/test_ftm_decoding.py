"""FtM entity lines are decoded by msgspec when they are plain and by the standard library's
json otherwise (issue 13: the import's speed). What a file gives must not depend on which of the
two read a line: the same records, or the same one-line error. A line is sent down the standard
library's path here by adding a field msgspec refuses and the import does not read (``NaN``).
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nkcase.screening.parsers import ListFormatError, open_list
from nkcase.screening.parsers.common import make_record
from nkcase.screening.parsers.content_hash import content_hash
from nkcase.screening.records import (
    DateRange,
    Identifier,
    ListRecord,
    RecordName,
    new_date_range,
    new_identifier,
    new_name,
    new_record,
)
from tests.screening.lists import FTM_DPRK, FTM_YENTE

TEXT = st.text(st.sampled_from(["a", "Z", " ", "\t", '"', "\\", "\x1f", "\n", "리", "é", "\u2028"]))
VALUES = st.lists(TEXT, max_size=3)
PROPERTY = st.sampled_from(
    ["name", "alias", "weakAlias", "previousName", "lastName", "imoNumber", "passportNumber",
     "nationality", "country", "birthDate", "birthPlace", "notes", "position", "address",
     "addressEntity", "topics", "firstName"]
)  # fmt: skip
ENTITY = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["e1", "e2", "addr1"]),
        "schema": st.sampled_from(["Person", "Vessel", "Sanction", "Address", "Ownership"]),
        "properties": st.dictionaries(
            PROPERTY | st.sampled_from(["entity", "programId", "listingDate", "full"]), VALUES
        ),
    },
    optional={"target": st.booleans() | st.none(), "caption": TEXT},
)


def write_lines(path: Path, entities: list[dict[str, object]], loose: bool) -> Path:
    lines = []
    for entity in entities:
        line = json.dumps(entity, ensure_ascii=False)
        if loose:  # a field msgspec refuses (NaN) and the import does not read
            line = line[:-1] + ', "score": NaN}'
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read(path: Path) -> list[ListRecord] | str:
    try:
        return list(open_list(path, "ftm").records())
    except ListFormatError as err:
        return str(err)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(ENTITY, min_size=1, max_size=4))
def test_both_decoders_give_the_same_records(
    tmp_path: Path, entities: list[dict[str, object]]
) -> None:
    plain = read(write_lines(tmp_path / "plain.ftm.json", entities, loose=False))
    loose = read(write_lines(tmp_path / "loose.ftm.json", entities, loose=True))
    assert plain == (loose.replace("loose", "plain") if isinstance(loose, str) else loose)


@pytest.mark.parametrize("source", [FTM_DPRK, FTM_YENTE])
def test_real_lines_read_loosely_give_the_same_records(tmp_path: Path, source: Path) -> None:
    entities = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()]
    loose = write_lines(tmp_path / "loose.ftm.json", entities, loose=True)
    assert read(loose) == list(open_list(source).records())


def test_a_lone_surrogate_in_what_is_read_is_a_one_line_error(tmp_path: Path) -> None:
    """JSON can write half a character (``\\ud800``); the standard library decodes it and no
    database stores it: refused with the line's number, where it used to fail while writing.
    In a field the import does not read it is no matter."""
    path = tmp_path / "s.ftm.json"
    path.write_text(
        '{"id":"a","schema":"Person","caption":"\\ud800","properties":{"name":["Kim"]}}\n'
        '{"id":"b","schema":"Person","properties":{"name":["Ri \\ud800 Won"]}}\n',
        encoding="utf-8",
    )
    with pytest.raises(ListFormatError, match="line 2 holds a lone surrogate") as caught:
        list(open_list(path).records())
    assert "\n" not in str(caught.value)
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert [r.primary_name for r in open_list(path).records()] == ["Kim"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('{"id":"a","schema":"Person","properties":{"name":"KIM"}}', "name is not a list of texts"),
        ('{"id":"a","schema":"Person","properties":{"alias":[1]}}', "alias is not a list of texts"),
        ('{"id":"a","schema":"Person","properties":["x"]}', "not an FtM entity"),
        ('{"id":"a","schema":"Person","c":' + "[" * 5000 + "]" * 5000 + "}", "not a JSON entity"),
    ],
)
def test_entities_that_are_not_ftm_are_one_line_errors(
    tmp_path: Path, line: str, expected: str
) -> None:
    """Values of the wrong type in a property the import reads were read a character at a
    time or crashed it; JSON nested too deep crashed it too."""
    path = tmp_path / "x.ftm.json"
    path.write_text('{"id":"z","schema":"Person","properties":{"name":["Z"]}}\n' + line + "\n")
    with pytest.raises(ListFormatError, match=f"line 2 .*{expected}"):
        list(open_list(path, "ftm").records())


def test_unread_values_of_other_types_are_no_matter(tmp_path: Path) -> None:
    path = tmp_path / "x.ftm.json"
    path.write_text(
        '{"id":7,"schema":"Person","properties":{"name":["Kim Il"],"topics":[1,null]},'
        '"target":true,"score":1e999,"properties2":null}\n'
    )
    (record,) = open_list(path, "ftm").records()
    assert record.record_key == "7" and record.primary_name == "Kim Il"


def test_records_built_fast_are_the_frozen_classes_instances() -> None:
    name = new_name("RI WON HO", "name", ("RI", "WON HO"), "RI", "Latn")
    assert type(name) is RecordName
    assert name == RecordName("RI WON HO", "name", ("RI", "WON HO"), "RI", "Latn")
    assert hash(name) == hash(RecordName("RI WON HO", "name", ("RI", "WON HO"), "RI", "Latn"))
    document = new_identifier("passport", "381420754", "kp", None)
    assert type(document) is Identifier and document == Identifier("passport", "381420754", "kp")
    born = new_date_range("1964", "1964")
    assert type(born) is DateRange and born == DateRange("1964", "1964")
    assert hash(born) == hash(DateRange("1964", "1964"))
    record = make_record(
        record_key="k",
        schema="Person",
        names=(name,),
        birth_dates=(born,),
        identifiers=(document,),
    )
    same = ListRecord(
        "k", "Person", (name,), birth_dates=(DateRange("1964", "1964"),),
        identifiers=(document,), content_hash=record.content_hash,
    )  # fmt: skip
    assert type(record) is ListRecord and record == same and hash(record) == hash(same)
    assert repr(record) == repr(same) and pickle.loads(pickle.dumps(record)) == same
    assert content_hash(record) == record.content_hash
    with pytest.raises(AttributeError):
        record.schema = "Vessel"  # type: ignore[misc]
    copied = new_record(*(getattr(record, f) for f in ListRecord.__slots__))
    assert copied == record


@pytest.mark.parametrize("block", [64, 1 << 20])
def test_errors_come_in_the_order_of_the_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    """Lines reach the passes in runs of a block's lines: a line too long is still refused
    only after the lines before it were read (their errors first), and a blank line is skipped
    wherever it is."""
    from nkcase.screening.parsers import ftm_lines

    monkeypatch.setattr(ftm_lines, "MAX_LINE_BYTES", 300)
    monkeypatch.setattr(ftm_lines, "BLOCK_BYTES", block)
    person = '{"id":"p","schema":"Person","properties":{"name":["KIM"]}}'
    sanction = '{"id":"s","schema":"Sanction","properties":{"entity":["p"],"programId":["X"]}}'
    long = '{"id":"l","schema":"Person","properties":{"name":["' + "A" * 400 + '"]}}'
    path = tmp_path / "x.ftm.json"
    path.write_text("\n".join([person, '{"id":"s","schema":"Sanction",', long]) + "\n")
    assert read(path) == "x.ftm.json line 2 is not a JSON entity"
    path.write_text("\n".join([person, sanction, long, '{"id":"s","schema":"Sanction",']))
    assert read(path) == "x.ftm.json line 3 is longer than 0 MiB: not an FtM entity file"
    path.write_text("\n".join([person + "\r", "", " \r", sanction, "\t"]))
    assert [(r.record_key, r.programmes) for r in read(path)] == [("p", ("X",))]  # type: ignore[union-attr]
