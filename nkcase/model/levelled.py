"""Columns shared by every item that carries a handling level and can be released.

Entities, facts (names included), relationships and notes — and events when they come — each
hold their own ``handling`` level (what a person set) and an optional **release**: a person's
recorded decision that the item may be shown at a lower level than its evidence alone allows
(who, when, to which level, why). How these combine with the evidence into an effective level
is decided in one place, :mod:`nkcase.levels`.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from nkcase.vocabulary.levels import DEFAULT_OWN_LEVEL, sql_check


def handling_column(default: str = DEFAULT_OWN_LEVEL) -> Mapped[str]:
    """The item's own handling level (public, internal, protected)."""
    return mapped_column(String(10), default=default)


def level_checks() -> tuple[CheckConstraint, CheckConstraint]:
    """CHECK constraints keeping ``handling`` and ``released_to`` to the handling levels."""
    return (
        CheckConstraint(sql_check("handling"), name="handling"),
        CheckConstraint(sql_check("released_to", nullable=True), name="released_to"),
    )


class Released:
    """Mixin: the release of an item to a lower level than its evidence gives it.

    All four columns are set together by :func:`nkcase.services.releases.release` and cleared
    together when a release is withdrawn; ``released_to`` None means "not released".
    """

    released_to: Mapped[str | None] = mapped_column(String(10), default=None)
    released_by: Mapped[str | None] = mapped_column(Text, default=None)
    released_at: Mapped[str | None] = mapped_column(String(32), default=None)
    release_reason: Mapped[str | None] = mapped_column(Text, default=None)
