"""FtM ids for our rows: stable, derived from our UUID keys, valid under FtM's id rule.

``nkcase-<kind>-<uuid>``: the UUID's hexadecimal digits and hyphens are all allowed in FtM ids
(no underscores), the kind keeps an entity's id apart from a quote's with the same key, and the
same row gives the same id in every export, so a recipient who imports two exports of the
same casebook updates instead of duplicating. The id says nothing about the content.
"""

from __future__ import annotations

from typing import Literal

IdKind = Literal["entity", "rel", "event", "party", "source", "quote"]
PREFIX = "nkcase-"


def ftm_id(kind: IdKind, *keys: str) -> str:
    """The id of the row(s) ``keys`` of ``kind`` (a party: an event and an entity)."""
    return PREFIX + kind + "-" + "-".join(key.lower() for key in keys)
