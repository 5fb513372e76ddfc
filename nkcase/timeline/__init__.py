"""The timeline's core: dated items (events, relationship spans, dated facts, publications)
with partial dates kept as such, their order, time scales and ticks, and lanes.

Pure Python: :mod:`nkcase.services.timeline` loads the items of a casebook at a handling
level; the GUI, the CLI and the dossier order, scale and draw them with these functions.
"""

from nkcase.timeline.model import ItemKind, TimelineFilter, TimelineItem, sort_items

__all__ = ["ItemKind", "TimelineFilter", "TimelineItem", "sort_items"]
