"""Sanctions list import speed: records per second, beside a bare parse of the same file.

Generates (once, into the git-ignored benchmarks/.data/ folder) two large list files modelled
on the real ones in tests/data/lists:

- a UN consolidated XML of --records records (individuals and entities with aliases of both
  qualities, dates of birth incl. BETWEEN ranges, nationalities, passports, addresses and
  comments; indented as the UN's own file is);
- an OFAC legacy CSV set (sdn.csv, alt.csv, add.csv) of the same number of records;
- an OpenSanctions ``entities.ftm.json`` of the same number of targets, each with its Sanction
  entity (OpenSanctions' default collection is the largest list: about a million entities).

For each it prints records/s of: a bare pass (lxml ``iterparse`` clearing each record,
``csv.reader``, or ``json.loads`` per line) as the reference; nkcase's parser alone; and
``nkcase lists import`` end to end (``services.lists.import_list`` into a fresh casebook:
original file kept, records, names and identifiers written, one audit event, committed), in
wall time and per CPU-second of the process (the machine is shared). The second reference is
the floor of the write: the very rows nkcase wrote (read back from the casebook) inserted with
bare ``sqlite3`` ``executemany`` into an empty database with the same tables and indexes, in
one transaction. The target (issue 13) is 20,000 records/s end to end.

    .venv/bin/python benchmarks/lists_import.py [--records 100000] [--only un|ofac-csv|ftm]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from nkcase.screening.parsers import open_list
from nkcase.services.lists import import_list
from nkcase.store import create_casebook

DATA = Path(__file__).resolve().parent / ".data"
SYLLABLES = (
    "KIM RI PAK CHOE JONG CHO KANG YUN HAN SONG O HWANG JANG RYANG SIN KWON HYON MUN "
    "CHOL HO SU IL NAM GUK SOK HYOK MIN UNG YONG HUI CHUN RYONG SONG SIK JIN HAK"
).split()
PERSON_COMMENT = "Official of a designated entity; involved in transfers on behalf of it."
ENTITY_COMMENT = "Company engaged in ship-to-ship transfers."
PROGRAMMES = ("DPRK", "Al-Qaida", "Taliban", "Iraq", "Libya", "DRC", "Yemen", "South Sudan")


def korean_name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(SYLLABLES[:18]), f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"


def un_individual(i: int, rng: random.Random) -> str:
    family, given = korean_name(rng)
    birth = (
        "<TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>\n                <FROM_YEAR>1960</FROM_YEAR>\n"
        "                <TO_YEAR>1962</TO_YEAR>"
        if i % 7 == 0
        else f"<TYPE_OF_DATE>EXACT</TYPE_OF_DATE>\n                "
        f"<DATE>19{rng.randint(40, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}</DATE>"
    )
    return f"""
        <INDIVIDUAL>
            <DATAID>{7000000 + i}</DATAID>
            <VERSIONNUM>1</VERSIONNUM>
            <FIRST_NAME>{family}</FIRST_NAME>
            <SECOND_NAME>{given}</SECOND_NAME>
            <UN_LIST_TYPE>{rng.choice(PROGRAMMES)}</UN_LIST_TYPE>
            <REFERENCE_NUMBER>KPi.{i:06d}</REFERENCE_NUMBER>
            <LISTED_ON>2017-12-22</LISTED_ON>
            <COMMENTS1>{PERSON_COMMENT}</COMMENTS1>
            <DESIGNATION>
                <VALUE>Representative</VALUE>
            </DESIGNATION>
            <NATIONALITY>
                <VALUE>Democratic People's Republic of Korea</VALUE>
            </NATIONALITY>
            <LIST_TYPE>
                <VALUE>UN List</VALUE>
            </LIST_TYPE>
            <INDIVIDUAL_ALIAS>
                <QUALITY>Good</QUALITY>
                <ALIAS_NAME>{family.title()} {given.title().replace(" ", "-")}</ALIAS_NAME>
            </INDIVIDUAL_ALIAS>
            <INDIVIDUAL_ALIAS>
                <QUALITY>Low</QUALITY>
                <ALIAS_NAME>{given.title()}</ALIAS_NAME>
            </INDIVIDUAL_ALIAS>
            <INDIVIDUAL_ADDRESS>
                <CITY>Pyongyang</CITY>
                <COUNTRY>Democratic People's Republic of Korea</COUNTRY>
            </INDIVIDUAL_ADDRESS>
            <INDIVIDUAL_DATE_OF_BIRTH>
                {birth}
            </INDIVIDUAL_DATE_OF_BIRTH>
            <INDIVIDUAL_PLACE_OF_BIRTH/>
            <INDIVIDUAL_DOCUMENT>
                <TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT>
                <NUMBER>{rng.randint(100000000, 999999999)}</NUMBER>
            </INDIVIDUAL_DOCUMENT>
            <SORT_KEY/>
            <SORT_KEY_LAST_MOD/>
        </INDIVIDUAL>"""


def un_entity(i: int, rng: random.Random) -> str:
    name = f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)} TRADING CORPORATION"
    return f"""
        <ENTITY>
            <DATAID>{8000000 + i}</DATAID>
            <VERSIONNUM>1</VERSIONNUM>
            <FIRST_NAME>{name}</FIRST_NAME>
            <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
            <REFERENCE_NUMBER>KPe.{i:06d}</REFERENCE_NUMBER>
            <LISTED_ON>2016-03-02</LISTED_ON>
            <COMMENTS1>{ENTITY_COMMENT} IMO number: {5000000 + i}.</COMMENTS1>
            <LIST_TYPE>
                <VALUE>UN List</VALUE>
            </LIST_TYPE>
            <ENTITY_ALIAS>
                <QUALITY>a.k.a.</QUALITY>
                <ALIAS_NAME>{name.title()}</ALIAS_NAME>
            </ENTITY_ALIAS>
            <ENTITY_ADDRESS>
                <CITY>Pyongyang</CITY>
                <COUNTRY>Democratic People's Republic of Korea</COUNTRY>
            </ENTITY_ADDRESS>
            <SORT_KEY/>
            <SORT_KEY_LAST_MOD/>
        </ENTITY>"""


def make_un(path: Path, count: int) -> None:
    rng = random.Random(1718)
    people = count * 3 // 4
    with path.open("w", encoding="utf-8") as out:
        out.write(
            "<?xml version='1.0' encoding='UTF-8'?>\n<CONSOLIDATED_LIST "
            "dateGenerated='2026-01-28T00:00:11.197Z'>\n    <INDIVIDUALS>"
        )
        for i in range(people):
            out.write(un_individual(i, rng))
        out.write("\n    </INDIVIDUALS>\n    <ENTITIES>")
        for i in range(count - people):
            out.write(un_entity(i, rng))
        out.write("\n    </ENTITIES>\n</CONSOLIDATED_LIST>\n")


def make_ofac_csv(folder: Path, count: int) -> Path:
    rng = random.Random(510)
    folder.mkdir(parents=True, exist_ok=True)
    null = "-0- "
    with (
        (folder / "sdn.csv").open("w", encoding="utf-8", newline="") as sdn,
        (folder / "alt.csv").open("w", encoding="utf-8", newline="") as alt,
        (folder / "add.csv").open("w", encoding="utf-8", newline="") as add,
    ):
        for i in range(count):
            uid = 30000 + i
            if i % 10 == 0:
                name = f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)} {i}"
                remarks = f"Vessel Registration Identification IMO {rng.randint(7000000, 9999999)}."
                row = [
                    uid,
                    name,
                    "vessel",
                    "DPRK",
                    null,
                    "HMXY",
                    "General Cargo",
                    null,
                    null,
                    "Korea, North",
                    null,
                    remarks,
                ]
            else:
                family, given = korean_name(rng)
                name = f"{family}, {given.title().replace(' ', '-')}"
                remarks = (
                    f"DOB {rng.randint(1, 28):02d} Jun 19{rng.randint(40, 99)}; POB Pyongyang, "
                    f"North Korea; nationality Korea, North; Passport {rng.randint(10**8, 10**9)}."
                )
                row = [
                    uid,
                    name,
                    "individual",
                    "DPRK] [NPWMD",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    remarks,
                ]
            sdn.write(
                ",".join(str(c) if c == null or isinstance(c, int) else f'"{c}"' for c in row)
                + "\r\n"
            )
            alt.write(f'{uid},{i},"aka","{name.upper()}",{null}\r\n')
            add.write(f'{uid},{i},{null},"Pyongyang","Korea, North",{null}\r\n')
        sdn.write("\x1a")
    return folder / "sdn.csv"


def make_ftm(path: Path, count: int) -> None:
    rng = random.Random(2397)
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            family, given = korean_name(rng)
            entity = {
                "id": f"unsc-{7000000 + i}",
                "caption": f"{family} {given}",
                "schema": "Person",
                "properties": {
                    "name": [f"{family} {given}"],
                    "alias": [f"{family.title()} {given.title().replace(' ', '-')}"],
                    "lastName": [family],
                    "firstName": [given],
                    "birthDate": [
                        f"19{rng.randint(40, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
                    ],
                    "nationality": ["kp"],
                    "passportNumber": [str(rng.randint(10**8, 10**9))],
                    "notes": [PERSON_COMMENT],
                    "topics": ["sanction"],
                },
                "datasets": ["un_sc_sanctions"],
                "last_change": "2024-03-07T00:00:00",
                "target": True,
            }
            sanction = {
                "id": f"unsc-sanction-{7000000 + i}",
                "schema": "Sanction",
                "properties": {
                    "entity": [entity["id"]],
                    "programId": ["UN-SCDPRK"],
                    "listingDate": ["2017-12-22"],
                },
                "target": False,
            }
            out.write(json.dumps(entity, ensure_ascii=False, separators=(",", ":")) + "\n")
            out.write(json.dumps(sanction, separators=(",", ":")) + "\n")


def rate(count: int, seconds: tuple[float, float]) -> str:
    wall, cpu = seconds
    return (
        f"{count / wall:>10,.0f} records/s  ({count:,} in {wall:.2f} s; "
        f"{count / cpu:,.0f} records per CPU-second)"
    )


def timed(fn: Callable[[], int]) -> tuple[int, tuple[float, float]]:
    """(result, (wall seconds, CPU seconds of this process)). The machine is shared: CPU time
    says what the work costs whatever else runs; wall time what a user waits."""
    start, start_cpu = time.perf_counter(), time.process_time()
    count = fn()
    return count, (time.perf_counter() - start, time.process_time() - start_cpu)


def bare_xml(path: Path) -> int:
    count = 0
    for _event, element in etree.iterparse(
        str(path), events=("end",), tag=("INDIVIDUAL", "ENTITY"), resolve_entities=False
    ):
        count += 1
        element.clear()
    return count


def bare_csv(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for row in csv.reader(handle) if len(row) == 12)


def bare_json(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for line in handle if json.loads(line).get("target"))


LIST_TABLES = ("list_record", "list_name", "list_identifier")
TARGET = 20_000


def bare_write(casebook: Path, target: Path) -> tuple[int, tuple[float, float]]:
    """The rows of the list tables of ``casebook``, inserted with bare sqlite3 executemany
    (batches of 2,000, one transaction) into a new database with the same tables and indexes:
    what writing costs without any parsing. Returns (records, (wall, CPU seconds))."""
    source = sqlite3.connect(casebook)
    rows = {t: source.execute(f"SELECT * FROM {t}").fetchall() for t in LIST_TABLES}
    schema = [
        sql
        for (sql,) in source.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name IN (?, ?, ?) AND sql IS NOT NULL "
            "AND type IN ('table', 'index') ORDER BY type = 'table' DESC",
            LIST_TABLES,
        )
    ]
    source.close()
    out = sqlite3.connect(target, isolation_level=None)
    out.execute("PRAGMA journal_mode = WAL")
    for sql in schema:
        out.execute(sql)
    out.execute("PRAGMA foreign_keys = OFF")  # the snapshot rows are not copied

    def write() -> int:
        out.execute("BEGIN")
        for table in LIST_TABLES:
            table_rows = rows[table]
            if not table_rows:
                continue
            marks = ", ".join("?" * len(table_rows[0]))
            for start in range(0, len(table_rows), 2000):
                out.executemany(
                    f"INSERT INTO {table} VALUES ({marks})", table_rows[start : start + 2000]
                )
        out.execute("COMMIT")
        return len(rows["list_record"])

    result = timed(write)
    out.close()
    return result


def report(label: str, path: Path, bare: Callable[[Path], int]) -> None:
    size = sum(p.stat().st_size for _role, p in open_list(path).parts)
    print(f"\n{label}: {path.name}, {size / 2**20:.1f} MB")
    count, seconds = timed(lambda: bare(path))
    print(f"  bare parse (reference)   {rate(count, seconds)}")
    count, seconds = timed(lambda: sum(1 for _ in open_list(path).records()))
    print(f"  nkcase parser only       {rate(count, seconds)}")
    with tempfile.TemporaryDirectory() as tmp:
        with create_casebook(Path(tmp) / "b.nkcase") as book:
            count, seconds = timed(lambda: import_list(book, path).snapshot.record_count)
        print(f"  nkcase lists import      {rate(count, seconds)}   (target {TARGET:,}/s)")
        count, seconds = bare_write(Path(tmp) / "b.nkcase", Path(tmp) / "bare.sqlite")
    print(f"  bare sqlite3 executemany {rate(count, seconds)}   (same rows: write floor)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--only", choices=("un", "ofac-csv", "ftm"))
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    if args.only in (None, "un"):
        un = DATA / f"un-like-{args.records}.xml"
        if not un.exists():
            make_un(un, args.records)
        report("UN-like consolidated XML", un, bare_xml)
    if args.only in (None, "ofac-csv"):
        folder = DATA / f"ofac-csv-{args.records}"
        sdn = folder / "sdn.csv"
        if not sdn.exists():
            make_ofac_csv(folder, args.records)
        report("OFAC-like legacy CSV set", sdn, bare_csv)
    if args.only in (None, "ftm"):
        ftm = DATA / f"ftm-{args.records}.ftm.json"
        if not ftm.exists():
            make_ftm(ftm, args.records)
        report("OpenSanctions-like FtM entities", ftm, bare_json)


if __name__ == "__main__":
    main()
