"""Importing each list excerpt writes exactly the rows it wrote before the import was sped up.

The digests were taken (tests/fixtures/list_digest.py) on the code before the speed work of
issue 13: every record, name and identifier row, the stored JSON and the content hashes. A
parser or writer change that alters any of them fails here; the content hash especially must
not move, or every record of the next snapshot would look amended. A deliberate change of what
is stored must say so in its commit and update the digest here. ``benchmarks/lists_output.py``
runs the same check on the large generated files.
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
    (UN_2024, 12, "e9661bd3c2f3cb65f4157d823e428902fd1b1690f58e9316a9e0113d497f8b26"),
    (UN_2026, 12, "d2207939e3a72baa19b20a7eac2a679a8677672c3e12cfdd819eb1a473ada61c"),
    (OFAC_CSV, 8, "e83e6128c379a2a6a4a438b3213b9718c5e6da1aae218a92898967cfd6045ae4"),
    (OFAC_ADVANCED, 6, "71c4666847db56d1fa768f0d250178592d6f402814895f0f3bfb53095a0202f6"),
    (OFAC_CLASSIC, 3, "138fb68e8410ee9f0ee4fe90b6d5625c2d9b418bf54b45f96a7d095b75e35fdf"),
    (EU, 6, "bc65e65aba89151cbe5c70ca1691b8842dfe741b193d759dd2bb49af08fa9efa"),
    (FTM_DPRK, 4, "3dd3586993544175c99067b15cf7e6dc38bcd54e7076b0ac87cc3f97dd46ca27"),
    (FTM_YENTE, 6, "b9134b80ca443f3198d3682b825f80a2b8d8c4a6531da57cd6d260f143f1be0c"),
]


@pytest.mark.parametrize(
    ("path", "records", "digest"), EXPECTED, ids=lambda v: getattr(v, "name", "")
)
def test_import_writes_the_same_rows(path: Path, records: int, digest: str, tmp_path: Path) -> None:
    assert import_digest(path, tmp_path) == (records, digest)
