"""The store: casebook files, engines, locks and migrations (SQLite-specific SQL lives here).

:class:`Casebook`, :func:`create_casebook` and :func:`open_casebook` are imported on first use
(PEP 562): they bring SQLAlchemy, and the read-only path of :mod:`nkcase.store.sqlite_read`
(``nkcase entity list`` on a file) reads a casebook without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nkcase.store.casebook import Casebook, create_casebook, open_casebook

__all__ = ["Casebook", "create_casebook", "open_casebook"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from nkcase.store import casebook

        return getattr(casebook, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
