"""The background side of "Export dossier…": what to export, the job that runs it, its summary.

The job runs on the read pool (it only reads the casebook). A cancelled or failed export leaves
no file behind: the export service guarantees it for one PDF and for one PDF per entity.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nkcase.gui.tasks import Task
from nkcase.services.casefiles import list_entities
from nkcase.services.dossier_export import ExportResult, export_dossier
from nkcase.store import Casebook


@dataclass(frozen=True)
class ExportRequest:
    """What the dialog asks for. ``entity_ids`` None means every entity in the casebook."""

    entity_ids: tuple[str, ...] | None
    out: Path
    level: str = "internal"
    password: str | None = None
    per_entity: bool = False


@dataclass
class ExportRun:
    """One export in flight: its request and a cancel flag the dialog can set at any time."""

    request: ExportRequest
    cancel_flag: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        self.cancel_flag.set()

    def job(self, casebook: Casebook) -> Callable[[Task], ExportResult]:
        def run(task: Task) -> ExportResult:
            def cancelled() -> bool:
                return task.is_cancelled() or self.cancel_flag.is_set()

            req = self.request
            ids = list(req.entity_ids) if req.entity_ids is not None else [
                e.id for e in list_entities(casebook)
            ]
            return export_dossier(
                casebook, ids, req.out, level=req.level, password=req.password or None,
                per_entity=req.per_entity, on_progress=task.report, is_cancelled=cancelled,
            )

        return run


def summary_text(result: ExportResult, level: str) -> str:
    """One short paragraph: what was written and what the level left out."""
    files = f"{len(result.paths)} PDF files" if len(result.paths) != 1 else "1 PDF"
    lines = [f"Wrote {files}, {result.pages} pages in all, at handling level “{level}”."]
    withheld = result.withheld.describe()
    if withheld:
        lines.append(f"Withheld at this level (the dossier says so): {withheld}.")
    else:
        lines.append("Nothing was withheld at this level.")
    if result.warnings:
        lines.append(f"⚠ {len(result.warnings)} warning(s): see Details.")
    return "\n".join(lines)


def suggested_name(caption: str | None, level: str) -> str:
    """A file name like ``albatross-trading-internal.pdf``."""
    base = "".join(c if c.isalnum() else "-" for c in (caption or "dossier").lower())
    base = "-".join(p for p in base.split("-") if p)[:60] or "dossier"
    return f"{base}-{level}.pdf"
