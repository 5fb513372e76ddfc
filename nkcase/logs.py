"""Where nkcase writes its log, and how unexpected errors get there."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

import platformdirs

APP_NAME = "nkcase"


def log_dir() -> Path:
    path = Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_file() -> Path:
    return log_dir() / "nkcase.log"


def log_unexpected(err: BaseException) -> Path:
    """Append ``err`` with its traceback to the log file; returns the file's path."""
    path = log_file()
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write("".join(traceback.format_exception(err)))
            handle.write("\n")
    except OSError:
        logging.getLogger(APP_NAME).exception("could not write the log file")
    return path
