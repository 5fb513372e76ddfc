"""Repairs of extracted text: each stage returns edits that :mod:`nkcase.ingest.edits` applies.

Stages (see :func:`nkcase.ingest.repair.pipeline.repair_text`): line endings normalised,
ligature characters expanded, line-end hyphenation rejoined (PDF only), words split by lost
ligatures rejoined — the last only in a document that proves that damage
(:mod:`~nkcase.ingest.repair.damage`), with the word lists of the languages detected in it
(:mod:`~nkcase.ingest.repair.languages`, :mod:`~nkcase.ingest.repair.lexicon`).
:mod:`~nkcase.ingest.repair.revert` undoes logged repairs and applies them again.
"""
