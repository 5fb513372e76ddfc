"""A chart as saved in the casebook: which entities, where, pinned or not, with which filters.

Stored as JSON in :class:`nkcase.model.Chart` ``state``. Reading is tolerant: unknown keys are
ignored and malformed values are dropped (a chart must never fail to open because one position
is damaged), while writing is always the canonical form, so saving a chart unchanged writes
the same text.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any, Literal

from nkcase.graph.grades import clean_minimum
from nkcase.graph.model import ChartFilter, GradeBy

STATE_VERSION = 1
LayoutName = Literal["force", "hierarchy"]
LAYOUTS: tuple[LayoutName, ...] = ("force", "hierarchy")
LEVELS = ("public", "internal", "protected")


@dataclass
class ChartState:
    entity_ids: list[str] = field(default_factory=list)
    """The entities the chart shows, in the order they were added."""
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    pinned: set[str] = field(default_factory=set)
    """Entities the investigator placed by hand: layouts keep them where they are."""
    chart_filter: ChartFilter = field(default_factory=ChartFilter)
    layout: LayoutName = "force"
    grade_by: GradeBy = "strongest"
    seed: int = 1

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "version": STATE_VERSION,
            "entities": list(dict.fromkeys(self.entity_ids)),
            "positions": {
                k: [round(x, 2), round(y, 2)]
                for k, (x, y) in sorted(self.positions.items())
                if k in set(self.entity_ids)
            },
            "pinned": sorted(p for p in self.pinned if p in set(self.entity_ids)),
            "filter": _filter_json(self.chart_filter),
            "layout": self.layout,
            "grade_by": self.grade_by,
            "seed": self.seed,
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> ChartState:
        try:
            data = json.loads(text)
        except (TypeError, ValueError):
            data = {}
        if not isinstance(data, dict):
            data = {}
        entity_ids = [str(e) for e in data.get("entities", []) if isinstance(e, str)]
        positions: dict[str, tuple[float, float]] = {}
        raw_positions = data.get("positions", {})
        if isinstance(raw_positions, dict):
            for key, value in raw_positions.items():
                point = _point(value)
                if point is not None:
                    positions[str(key)] = point
        pinned = {str(p) for p in data.get("pinned", []) if isinstance(p, str)}
        layout = data.get("layout") if data.get("layout") in LAYOUTS else "force"
        grade_by = (
            data.get("grade_by")
            if data.get("grade_by") in ("strongest", "weakest")
            else "strongest"
        )
        raw_seed = data.get("seed")
        seed = raw_seed if isinstance(raw_seed, int) else 1
        return cls(
            entity_ids=list(dict.fromkeys(entity_ids)),
            positions=positions,
            pinned=pinned,
            chart_filter=_filter_from(data.get("filter")),
            layout=layout,  # type: ignore[arg-type]
            grade_by=grade_by,  # type: ignore[arg-type]
            seed=seed,
        )


def _point(value: Any) -> tuple[float, float] | None:
    if not isinstance(value, list | tuple) or len(value) != 2:
        return None
    try:
        x, y = float(value[0]), float(value[1])
    except (TypeError, ValueError):
        return None
    return (x, y) if math.isfinite(x) and math.isfinite(y) else None


def _filter_json(f: ChartFilter) -> dict[str, Any]:
    return {
        "schemata": None if f.schemata is None else sorted(f.schemata),
        "date_from": f.date_from,
        "date_to": f.date_to,
        "min_grade": f.min_grade,
        "level": f.level,
    }


def _filter_from(raw: Any) -> ChartFilter:
    if not isinstance(raw, dict):
        return ChartFilter()
    from nkcase.errors import ValidationError
    from nkcase.vocabulary.dates import clean_date

    def date(key: str) -> str | None:
        value = raw.get(key)
        if not isinstance(value, str) or not value:
            return None
        try:
            return clean_date(value)
        except ValidationError:
            return None

    schemata = raw.get("schemata")
    try:
        minimum = clean_minimum(
            raw.get("min_grade") if isinstance(raw.get("min_grade"), str) else None
        )
    except ValidationError:
        minimum = None
    return ChartFilter(
        schemata=frozenset(str(s) for s in schemata) if isinstance(schemata, list) else None,
        date_from=date("date_from"),
        date_to=date("date_to"),
        min_grade=minimum,
        level=str(raw["level"]) if raw.get("level") in LEVELS else "internal",
    )
