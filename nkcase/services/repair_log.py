"""How a text version stores its repair log and page map (JSON columns), both ways.

``repairs``: ``[[kind, start, end, before, after], ...]``, with a sixth element ``true`` for
a repair a person reverted (older casebooks never have it). ``page_map``:
``[[start, end, width, height, has_text], ...]``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from nkcase.ingest.types import PageSpan, RepairEntry


def repairs_to_json(repairs: Sequence[RepairEntry]) -> str:
    return json.dumps(
        [
            [r.kind, r.start, r.end, r.before, r.after, *([True] if r.reverted else [])]
            for r in repairs
        ],
        ensure_ascii=False,
    )


def repairs_from_json(raw: str) -> list[RepairEntry]:
    return [RepairEntry(*entry) for entry in json.loads(raw)]


def pages_to_json(pages: Sequence[PageSpan]) -> str:
    return json.dumps([[p.start, p.end, p.width, p.height, p.has_text_layer] for p in pages])


def pages_from_json(raw: str) -> list[PageSpan]:
    return [
        PageSpan(i, int(p[0]), int(p[1]), float(p[2]), float(p[3]), bool(p[4]))
        for i, p in enumerate(json.loads(raw))
    ]
