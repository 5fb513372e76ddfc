"""Anchoring quotes: the selectors stored with each quote and their resolution against a text.

A quote is found again by position (verified against its exact text), else by its exact text
chosen by prefix and suffix, else fuzzy candidates are offered for a person to confirm. A
wrong anchor is worse than an orphan, so anything uncertain is handed to review.
"""

from nkcase.anchoring.resolve import Candidate, Resolution, Status, resolve
from nkcase.anchoring.selectors import (
    DEFAULT_CONTEXT,
    Occurrence,
    TextSelectors,
    find_exact,
    make_selectors,
    occurrence_contexts,
)

__all__ = [
    "DEFAULT_CONTEXT",
    "Candidate",
    "Occurrence",
    "Resolution",
    "Status",
    "TextSelectors",
    "find_exact",
    "make_selectors",
    "occurrence_contexts",
    "resolve",
]
