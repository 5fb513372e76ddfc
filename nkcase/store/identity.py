"""Who is acting: the name written into every audit event."""

from __future__ import annotations

import getpass
import os

ACTOR_ENV = "NKCASE_INVESTIGATOR"


def default_actor() -> str:
    """The configured investigator name (``NKCASE_INVESTIGATOR``), else the OS user name."""
    configured = os.environ.get(ACTOR_ENV, "").strip()
    if configured:
        return configured
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
