"""Keyboard order for dialogs and views: one call sets the Tab chain through a list of widgets.

Qt's default Tab order follows creation order, which rarely matches the layout once widgets
are made in one place and laid out in another; every dialog states its order with this.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from PySide6.QtWidgets import QWidget


def tab_chain(owner: QWidget, widgets: Sequence[QWidget]) -> None:
    """Tab moves through ``widgets`` in the given order (Shift+Tab backwards)."""
    for first, second in pairwise(widgets):
        owner.setTabOrder(first, second)
