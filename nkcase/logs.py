"""Where nkcase writes its log, and how unexpected errors get there.

The log is a plain file outside any casebook. Once an encrypted casebook has been opened in a
process, what that process logs keeps no case details: an exception's message can carry a
name, a title or a quote (SQLAlchemy puts the statement's parameters in its messages), so from
then on only the exceptions' types and where they were raised (file, line, function, the line
of nkcase's code) are written, never their messages.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

APP_NAME = "nkcase"
WITHHELD = "(message withheld: an encrypted casebook was open)"

_withhold_details = False


def withhold_case_details() -> None:
    """From now on, for the rest of this process, log no exception messages.

    Called when an encrypted casebook opens. It is never turned back off: names read from the
    casebook may still be in memory (and in the next exception) after it closed.
    """
    global _withhold_details
    _withhold_details = True


def withholding_case_details() -> bool:
    return _withhold_details


def log_dir() -> Path:
    import platformdirs  # only when something is logged

    path = Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_file() -> Path:
    return log_dir() / "nkcase.log"


def format_for_log(err: BaseException) -> str:
    """``err`` with its traceback, its messages left out while case details are withheld."""
    if not _withhold_details:
        return "".join(traceback.format_exception(err))
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = err
    chain: list[BaseException] = []
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or current.__context__
    for index, exc in enumerate(reversed(chain)):
        if index:
            parts.append("\nThe exception above led to this one:\n\n")
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_tb(exc.__traceback__))
        parts.append(f"{type(exc).__module__}.{type(exc).__qualname__}: {WITHHELD}\n")
    return "".join(parts)


def log_unexpected(err: BaseException) -> Path:
    """Append ``err`` with its traceback to the log file; returns the file's path."""
    path = log_file()
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(format_for_log(err))
            handle.write("\n")
    except OSError:
        logging.getLogger(APP_NAME).exception("could not write the log file")
    return path
