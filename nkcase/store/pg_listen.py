"""Hearing of other analysts' changes to a team casebook: ``LISTEN nkcase_changes``.

The database announces every committed audit event (a trigger, :mod:`nkcase.store.pg_schema`)
with its sequence number. :class:`ChangeListener` holds one extra connection, in autocommit,
that listens on a daemon thread and calls back with each number; the app then reads those
events' change records (:mod:`nkcase.services.remote_changes`) and refreshes the views they
affect, as it does for its own changes. The callback runs on the listener's thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy.engine import URL

CHANNEL = "nkcase_changes"
POLL_SECONDS = 0.25  # how soon stop() is noticed; notifications themselves arrive at once

log = logging.getLogger(__name__)


class ChangeListener:
    """Listen on :data:`CHANNEL` at ``url`` and call ``on_change(seq)`` for each event."""

    def __init__(self, url: URL, on_change: Callable[[int], None]) -> None:
        self._conninfo = url.render_as_string(hide_password=False)
        self._on_change = on_change
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="nkcase-listen", daemon=True)
        self.ready = threading.Event()

    def start(self) -> ChangeListener:
        self._thread.start()
        self.ready.wait(10)
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(5)

    def _run(self) -> None:
        import psycopg

        try:
            with psycopg.connect(self._conninfo, autocommit=True) as conn:
                conn.execute(f"LISTEN {CHANNEL}")
                self.ready.set()
                while not self._stop.is_set():
                    for note in conn.notifies(timeout=POLL_SECONDS):
                        if note.payload.isdigit():
                            self._on_change(int(note.payload))
        except Exception:  # the app goes on without live updates; say so in the log
            log.exception("stopped listening for other analysts' changes")
        finally:
            self.ready.set()
