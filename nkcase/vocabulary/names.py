"""The properties that hold an entity's names (FollowTheMoney's), strongest first.

Defined once: the case file, search, mentions, the dossier and the screening lists all ask
"is this property a name?" and must agree.
"""

from __future__ import annotations

from typing import Literal, get_args

NameProperty = Literal["name", "alias", "weakAlias", "previousName"]
"""A name property: the entity's main name, another name it goes by, a weak alias (a nickname
or a low-quality list entry), a name it had before."""

NAME_PROPERTIES: tuple[NameProperty, ...] = get_args(NameProperty)
"""``("name", "alias", "weakAlias", "previousName")``, strongest first."""
