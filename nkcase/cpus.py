"""How many cores this process may use: the one answer for every pool of worker processes
(PDF pages, list files)."""

from __future__ import annotations

import os


def available_cpus() -> int:
    """Cores this process may run on (its affinity where the OS reports it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
