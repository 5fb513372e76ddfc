"""Repairs of extracted text: each stage returns edits that :mod:`nkcase.ingest.edits` applies.

Stages (see :func:`nkcase.ingest.repair.pipeline.repair_text`): ligature characters expanded,
line-end hyphenation rejoined (PDF only), words split by lost ligatures rejoined.
"""
