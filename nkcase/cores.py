"""How many cores this process may use: the one question every use of worker processes asks
(PDF pages, list files), answered once."""

from __future__ import annotations

import os


def available_cpus() -> int:
    """Cores this process may run on (its affinity where the OS reports it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
