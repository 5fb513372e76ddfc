"""Importing each list excerpt writes exactly the rows it wrote before the import was sped up.

The digests were taken (tests/fixtures/list_digest.py) on the code before the speed work of
issue 13: every record, name and identifier row, the stored JSON and the content hashes. A
parser or writer change that alters any of them fails here; the content hash especially must
not move, or every record of the next snapshot would look amended. A deliberate change of what
is stored must say so in its commit and update the digest here. ``benchmarks/lists_output.py``
runs the same check on the large generated files.

Moved once, deliberately: content hash version 2 (compact JSON instead of ``repr``, with
migration 0012 re-hashing stored records) changed every ``content_hash`` and the "hash" in
every record's JSON, and nothing else (checked by importing every excerpt and the
100,000-record FtM file before and after with those two masked: the same digests).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.list_digest import import_digest
from tests.screening.lists import (
    EU,
    FTM_DPRK,
    FTM_YENTE,
    OFAC_ADVANCED,
    OFAC_CLASSIC,
    OFAC_CSV,
    UN_2024,
    UN_2026,
)

EXPECTED = [
    (UN_2024, 12, "e01cfb8f0cbac7b74d3f110db6c0c5516756d01a386d48791625ee752f5f189f"),
    (UN_2026, 12, "744807a60c2997e76c2c64236c4e68a1c67cc97d646b3e2ddef66142482d4889"),
    (OFAC_CSV, 8, "608ac2f9549d4e305df7a4ba7cdc95161893a15d745a3a42f406f861d2a7b2bb"),
    (OFAC_ADVANCED, 6, "1c8a3d32bc2bdaa57b62e321a3b581092e72676df61879f4372fb936d1c96702"),
    (OFAC_CLASSIC, 3, "9541d6c8b6d2feda66b5b61bbf90688edf0e11b3b561ba982b1924a1ed239e8a"),
    (EU, 6, "d23d26e3df2f9ad2536e0ba5c93a197c5129b884416857ea2c5758f0c720cb9b"),
    (FTM_DPRK, 4, "93867ad600c445591140a459c16ccae3452f34c4f4ee7e7f927c0a6b24aa4781"),
    (FTM_YENTE, 6, "33a98cebb5212424fb7a57ce8fa8ddc72e0590d58b7563467f3631d3641639e3"),
]


@pytest.mark.parametrize(
    ("path", "records", "digest"), EXPECTED, ids=lambda v: getattr(v, "name", "")
)
def test_import_writes_the_same_rows(path: Path, records: int, digest: str, tmp_path: Path) -> None:
    assert import_digest(path, tmp_path) == (records, digest)
