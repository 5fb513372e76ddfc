"""The store: casebook files, engines, locks and migrations (SQLite-specific SQL lives here)."""

from nkcase.store.casebook import Casebook, create_casebook, open_casebook

__all__ = ["Casebook", "create_casebook", "open_casebook"]
