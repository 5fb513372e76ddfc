"""A FollowTheMoney validator written from FtM's published model (:mod:`.model`).

One entity line is valid when it is a JSON object with an ``id`` that follows FtM's id rule
(letters, digits, dots and hyphens, a letter or digit at both ends, at most 200 characters —
no underscores), a ``schema`` that FtM defines and that is not abstract, and ``properties`` that
map the schema's property names to lists of strings, each a valid value of the property's type
(lowercase country codes, ISO date prefixes, SHA-1 content hashes...) within its length limit,
with the schema's required properties present. A whole file is valid when, besides, every
entity-typed value names an entity of the file whose schema fits the property's range.

The checks follow what ``followthemoney`` does with ``get_proxy(data, cleaned=False)`` and
``Schema.validate``; the type checks are deliberately strict forms of FtM's (FtM's cleaners
accept more and normalise it, but what we write must need no cleaning).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from nkcase.exchange.ftm.model import ID_PATTERN, MAX_ID_LENGTH, FtmModel, FtmSchema, ftm_model

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?)?)?$")
_NUMBER = re.compile(r"^-?(\d+(\.\d+)?|\.\d+)$")
_CHECKSUM = re.compile(r"^[0-9a-f]{40}$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+\d{5,15}$")
_MIMETYPE = re.compile(r"^[a-z0-9.+-]+/[a-z0-9.+-]+$")
_LANGUAGE = re.compile(r"^[a-z]{3}$")


def _date_ok(value: str) -> bool:
    if not _DATE.match(value):
        return False
    parts = value[:10].split("-")
    return (len(parts) < 2 or 1 <= int(parts[1]) <= 12) and (
        len(parts) < 3 or 1 <= int(parts[2]) <= 31
    )


def type_checks(model: FtmModel) -> dict[str, Callable[[str], bool]]:
    """For each FtM value type we meet, whether a (cleaned) value is valid."""
    return {
        "country": lambda v: v in model.countries,
        "date": _date_ok,
        "number": lambda v: bool(_NUMBER.match(v)),
        "checksum": lambda v: bool(_CHECKSUM.match(v)),
        "url": lambda v: bool(_URL.match(v)),
        "email": lambda v: bool(_EMAIL.match(v)),
        "phone": lambda v: bool(_PHONE.match(v)),
        "mimetype": lambda v: bool(_MIMETYPE.match(v)),
        "language": lambda v: bool(_LANGUAGE.match(v)),
        "topic": lambda v: v in model.topics,
        "gender": lambda v: v in model.genders,
        "entity": valid_id,
    }


def valid_id(value: str) -> bool:
    return len(value) <= MAX_ID_LENGTH and bool(ID_PATTERN.match(value))


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a line: the entity (when known) and a message a person reads."""

    entity_id: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.entity_id}: {self.message}" if self.entity_id else self.message


class Validator:
    """Checks entity lines against the model; :meth:`entity` one line, :meth:`lines` a file."""

    def __init__(self, model: FtmModel | None = None) -> None:
        self.model = model or ftm_model()
        self.checks = type_checks(self.model)

    def value_ok(self, schema: FtmSchema, prop: str, value: str) -> str | None:
        """Why ``value`` is not valid for ``schema.prop`` (None: it is)."""
        found = schema.properties.get(prop)
        if found is None:
            return f"{schema.name} has no property {prop!r}"
        if not value.strip():
            return f"{prop}: an empty value"
        if found.max_length and len(value) > found.max_length:
            return f"{prop}: a value of {len(value)} characters (at most {found.max_length})"
        check = self.checks.get(found.type)
        if check is not None and not check(value):
            return f"{prop}: {_short(value)!r} is not a valid {found.type}"
        return None

    def entity(self, data: Any) -> list[Problem]:
        """The problems of one decoded line (empty: a valid FtM entity)."""
        if not isinstance(data, Mapping):
            return [Problem(None, f"not a JSON object but {type(data).__name__}")]
        raw_id = data.get("id")
        entity_id = raw_id if isinstance(raw_id, str) else None
        out: list[Problem] = []

        def bad(message: str) -> None:
            out.append(Problem(entity_id, message))

        if not isinstance(raw_id, str):
            bad("no id (a string)")
        elif not valid_id(raw_id):
            bad(f"the id {_short(raw_id)!r} breaks FtM's id rule (letters, digits, '.' and '-', "
                f"at most {MAX_ID_LENGTH} characters)")
        schema_name = data.get("schema")
        if not isinstance(schema_name, str):
            bad("no schema (a string)")
            return out
        schema = self.model.get(schema_name)
        if schema is None:
            where = "nkcase's model subset" if schema_name in self.model.all_schemata else "FtM"
            bad(f"schema {_short(schema_name)!r} is not in {where}")
            return out
        if schema.abstract:
            bad(f"schema {schema_name} is abstract")
        props = data.get("properties")
        if not isinstance(props, Mapping):
            bad("properties is not an object")
            return out
        for prop, values in props.items():
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                bad(f"{_short(str(prop))}: values must be a list of strings")
                continue
            for value in values:
                problem = self.value_ok(schema, str(prop), value)
                if problem is not None:
                    bad(problem)
                    break
        for prop in schema.required:
            if not props.get(prop):
                bad(f"{schema_name} requires {prop}")
        return out

    def lines(self, entities: Iterable[Any]) -> list[Problem]:
        """The problems of a whole file: each line's, and references that do not fit."""
        out: list[Problem] = []
        schema_of: dict[str, str] = {}
        references: list[tuple[str, str, str, str]] = []  # (entity, schema, prop, target)
        for data in entities:
            found = self.entity(data)
            out += found
            if found:
                continue
            schema = self.model.schemata[data["schema"]]
            if data["id"] in schema_of:
                out.append(Problem(data["id"], "the id is used twice"))
            schema_of[data["id"]] = schema.name
            for prop, values in data["properties"].items():
                if schema.properties[prop].type == "entity":
                    references += [(data["id"], schema.name, prop, v) for v in values]
        for entity_id, schema_name, prop, target in references:
            wanted = self.model.schemata[schema_name].properties[prop].range
            target_schema = schema_of.get(target)
            if target_schema is None:
                out.append(Problem(entity_id, f"{prop}: {target} is not in the file"))
            elif wanted and not self.model.schemata[target_schema].is_a(wanted):
                out.append(Problem(
                    entity_id, f"{prop}: {target} is a {target_schema}, not a {wanted}"))
        return out


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
