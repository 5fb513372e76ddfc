"""Explainable name matching for screening: pure Python, no database, no Qt.

:func:`score_pair` scores a :class:`Subject` (a casebook entity or a name found in a text)
against one :class:`~nkcase.screening.records.ListRecord` and returns a :class:`Match` with
the named :class:`Feature` s behind its score; :class:`BlockingIndex` finds the few records
worth scoring among a million names. See docs/screening.md for the design.
"""

from nkcase.screening.matching.features import Feature, explain
from nkcase.screening.matching.scoring import DEFAULT_THRESHOLD, Match, Subject, score_pair

__all__ = ["DEFAULT_THRESHOLD", "Feature", "Match", "Subject", "explain", "score_pair"]
