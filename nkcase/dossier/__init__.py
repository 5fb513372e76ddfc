"""PDF dossiers: case files rendered with ReportLab from plain data (no database access here).

Public API: the input dataclasses in :mod:`nkcase.dossier.data`, :func:`build_dossier`, and
:func:`nkcase.dossier.crops.render_quote_crop` for the page images of PDF quotes.
"""

from nkcase.dossier.builder import ProgressCallback, build_dossier
from nkcase.dossier.data import (
    DesignationLine,
    DossierDocument,
    DossierResult,
    EntityDossier,
    FactLine,
    NameLine,
    NoteLine,
    PageImage,
    QuoteEntry,
    RelationshipLine,
    SourceEntry,
    WithheldSummary,
)

__all__ = [
    "DesignationLine",
    "DossierDocument",
    "DossierResult",
    "EntityDossier",
    "FactLine",
    "NameLine",
    "NoteLine",
    "PageImage",
    "ProgressCallback",
    "QuoteEntry",
    "RelationshipLine",
    "SourceEntry",
    "WithheldSummary",
    "build_dossier",
]
