"""How the CLI prints: JSON for scripts, short aligned text for people."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Sequence
from typing import Any


def to_jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        for name in getattr(type(value), "JSON_EXTRA", ()):
            data[name] = to_jsonable(getattr(value, name))
        return data
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [to_jsonable(v) for v in value]
    if isinstance(value, bytes):
        return None
    return value


def print_json(value: Any) -> None:
    json.dump(to_jsonable(value), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Columns padded to their widest cell; the last column is left ragged."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        padded = [c.ljust(widths[i]) for i, c in enumerate(row[:-1])] + [row[-1]]
        print("  ".join(padded).rstrip())


def warn(message: str) -> None:
    print(f"nkcase: warning: {message}", file=sys.stderr)
