"""Exporting dossier PDFs at a handling level: one PDF of the chosen case files, or one per
case file into a folder, with progress, Cancel, and nothing left half-written.

What a dossier shows is gathered by :func:`~nkcase.services.dossier_data.gather_dossier`, the one
place the level is applied to it (the renderer sees only what that hands it). This module only
writes files: it groups the case files, names the PDFs, runs the renderer (:mod:`nkcase.dossier`)
and removes what it wrote when cancelled; apart, so that what may be shown is decided in one
module that writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nkcase.dossier import WithheldSummary, build_dossier
from nkcase.errors import CancelledError, ValidationError
from nkcase.levels import Withheld
from nkcase.services.dossier_data import gather_dossier
from nkcase.services.levels import load_levels
from nkcase.store import Casebook

ProgressCallback = Callable[[int, int, str], None]


@dataclass
class ExportResult:
    paths: list[Path] = field(default_factory=list)
    pages: int = 0
    warnings: list[str] = field(default_factory=list)
    withheld: WithheldSummary = field(default_factory=WithheldSummary)


def _slug(text: str) -> str:
    slug = re.sub(r"[^\w\-]+", "-", text, flags=re.UNICODE).strip("-")
    return slug[:60] or "entity"


def export_dossier(
    casebook: Casebook,
    entity_ids: Sequence[str],
    out: Path,
    *,
    level: str = "internal",
    password: str | None = None,
    per_entity: bool = False,
    prepared_by: str | None = None,
    on_progress: ProgressCallback | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    with_figures: bool = True,
) -> ExportResult:
    """Write one PDF (or one per entity into the folder ``out``) at ``level``.

    Cancelling (``is_cancelled`` or ``on_progress`` raising CancelledError) or failing writes
    nothing: a single PDF is replaced atomically by the renderer, and per-entity PDFs already
    written in this run are removed again.
    """
    result = ExportResult()
    created_folder = per_entity and not out.exists()
    try:
        _export(
            casebook,
            entity_ids,
            out,
            result,
            level,
            password,
            per_entity,
            prepared_by,
            on_progress,
            is_cancelled,
            with_figures,
        )
    except BaseException:  # cancelled or failed: no half-written set of dossiers
        if per_entity:
            for path in result.paths:
                path.unlink(missing_ok=True)
            if created_folder and out.is_dir() and not any(out.iterdir()):
                out.rmdir()
        raise
    result.warnings = list(dict.fromkeys(result.warnings))
    return result


def _export(
    casebook: Casebook,
    entity_ids: Sequence[str],
    out: Path,
    result: ExportResult,
    level: str,
    password: str | None,
    per_entity: bool,
    prepared_by: str | None,
    on_progress: ProgressCallback | None,
    is_cancelled: Callable[[], bool] | None,
    with_figures: bool = True,
) -> None:
    groups = [list(entity_ids)]
    if per_entity:
        # One PDF per entity: an entity withheld at the level gets none (and is counted).
        with casebook.reading() as session:
            visibility = load_levels(session, entity_ids, neighbours=False).at(level)
        shown = [eid for eid in dict.fromkeys(entity_ids) if visibility.shows(eid)]
        if not shown:
            raise ValidationError(f"every chosen case file is above level {level}")
        result.withheld = result.withheld + Withheld(entities=len(entity_ids) - len(shown))
        groups = [[eid] for eid in shown]
        out.mkdir(parents=True, exist_ok=True)
    elif not out.parent.exists():
        raise ValidationError(f"folder {out.parent} does not exist")
    for index, group in enumerate(groups):
        if is_cancelled is not None and is_cancelled():
            raise CancelledError("export cancelled")
        doc = gather_dossier(
            casebook, group, level, prepared_by=prepared_by, warnings=result.warnings,
            with_figures=with_figures,
        )
        target = out / f"{_slug(doc.entities[0].caption)}-{level}.pdf" if per_entity else out

        def progress(done: int, total: int, label: str, _i: int = index) -> None:
            if is_cancelled is not None and is_cancelled():
                raise CancelledError("export cancelled")
            if on_progress is not None:
                on_progress(_i * 1000 + done * 1000 // max(total, 1), len(groups) * 1000, label)

        built = build_dossier(doc, target, password=password, on_progress=progress)
        result.paths.append(target)
        result.pages += built.pages
        result.warnings += built.warnings
        result.withheld = result.withheld + doc.withheld
