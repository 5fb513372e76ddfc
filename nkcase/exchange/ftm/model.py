"""The part of FollowTheMoney's published model nkcase reads and writes, as typed data.

The data (``resources/ftm/model-4.11.2.json``) was taken from the ``followthemoney`` package,
version 4.11.2 (its ``followthemoney/schema/*.yaml`` and type registry), by a one-off script in a
scratch environment (docs/exchange.md): the schemata we export and import with all their
ancestors, each with its own properties (type, range, a length limit where the property sets
one), the names of all FtM schemata (so an import can tell "an FtM schema nkcase does not take"
from "not FtM at all"), the maximum length of each value type, and the country, topic and
gender codes. The ``followthemoney`` package itself is never a dependency: it is too heavy.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any

from nkcase.resources import resource_path

FTM_VERSION = "4.11.2"
"""The followthemoney release the model data was taken from."""

ID_PATTERN = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z.-]*[0-9a-zA-Z])?$")
"""FtM's entity id rule (``followthemoney.util.ENTITY_ID``... as Aleph enforces it)."""
MAX_ID_LENGTH = 200


@dataclass(frozen=True, slots=True)
class FtmProperty:
    name: str
    type: str
    schema: str
    """The schema that defines it (Thing for ``name``)."""
    range: str | None = None
    """For entity-typed properties: the schema the referenced entity must be (or extend)."""
    max_length: int = 0


@dataclass(frozen=True, slots=True)
class FtmSchema:
    name: str
    abstract: bool
    extends: tuple[str, ...]
    ancestors: frozenset[str]
    """Itself and every schema it extends, directly or not."""
    properties: MappingProxyType[str, FtmProperty]
    required: tuple[str, ...] = ()
    edge: tuple[str, str] | None = None

    def is_a(self, other: str) -> bool:
        return other in self.ancestors


@dataclass(frozen=True)
class FtmModel:
    version: str
    schemata: MappingProxyType[str, FtmSchema]
    all_schemata: frozenset[str]
    type_lengths: MappingProxyType[str, int]
    countries: frozenset[str]
    topics: frozenset[str]
    genders: frozenset[str]
    extra: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str) -> FtmSchema | None:
        return self.schemata.get(name)


def _build(raw: dict[str, Any]) -> FtmModel:
    declared: dict[str, dict[str, Any]] = raw["schemata"]

    def ancestors(name: str) -> list[str]:
        out = [name]
        for parent in declared[name]["extends"]:
            out += [a for a in ancestors(parent) if a not in out]
        return out

    lengths = {str(k): int(v) for k, v in raw["types"].items()}
    schemata: dict[str, FtmSchema] = {}
    for name, spec in declared.items():
        chain = ancestors(name)
        props: dict[str, FtmProperty] = {}
        required: list[str] = []
        for owner in reversed(chain):  # farthest first: nearer schemata override
            for prop, p in declared[owner]["properties"].items():
                props[prop] = FtmProperty(
                    prop, p["type"], owner, p.get("range"),
                    int(p.get("maxLength", lengths.get(p["type"], 0))),
                )
            required += [r for r in declared[owner].get("required", ()) if r not in required]
        edge = spec.get("edge")
        schemata[name] = FtmSchema(
            name, bool(spec["abstract"]), tuple(spec["extends"]), frozenset(chain),
            MappingProxyType(props), tuple(required), (edge[0], edge[1]) if edge else None,
        )
    return FtmModel(
        str(raw["version"]), MappingProxyType(schemata), frozenset(raw["all"]),
        MappingProxyType(lengths), frozenset(raw["countries"]), frozenset(raw["topics"]),
        frozenset(raw["genders"]),
    )


@cache
def ftm_model() -> FtmModel:
    """The model subset (read once)."""
    path = resource_path("ftm", f"model-{FTM_VERSION}.json")
    return _build(json.loads(path.read_text(encoding="utf-8")))
