"""The demo casebook, built once per module, and its FtM exports at each level."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nkcase.demo.builder import build_demo
from nkcase.store import Casebook, open_casebook


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.nkcase")


@pytest.fixture
def demo(demo_path: Path) -> Iterator[Casebook]:
    book = open_casebook(demo_path, readonly=True)
    try:
        yield book
    finally:
        book.close()


def read_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
