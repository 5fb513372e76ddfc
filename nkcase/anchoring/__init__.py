"""Anchoring quotes: the selectors stored with each quote and their resolution against a text.

A quote is found again by position (verified against its exact text), else by its exact text
chosen by prefix and suffix, else fuzzy candidates are offered for a person to confirm. A
wrong anchor is worse than an orphan, so anything uncertain is handed to review.
"""

from nkcase.anchoring.resolve import Candidate, Resolution, resolve
from nkcase.anchoring.selectors import TextSelectors, find_exact, make_selectors

__all__ = ["Candidate", "Resolution", "TextSelectors", "find_exact", "make_selectors", "resolve"]
