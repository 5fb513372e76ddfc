"""Importing source documents, grading them, and proving their originals are untouched.

Import is split in two so the GUI can run each half where it belongs: :func:`prepare_import`
reads and extracts a file (slow, no database: a worker pool), :func:`store_import` writes it
(one transaction: the casebook's writer thread). :func:`import_paths` runs both for files and
folders, with progress and cancellation, one transaction per file.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from nkcase import vocabulary
from nkcase.errors import CancelledError, IngestError, ValidationError
from nkcase.ingest import SUPPORTED_EXTENSIONS, ExtractOptions, extract
from nkcase.ingest.types import ExtractedDocument
from nkcase.model import Source, SourceOriginal, TextVersion
from nkcase.services.changes import Change, operation
from nkcase.services.repair_log import pages_to_json, repairs_to_json
from nkcase.store import Casebook
from nkcase.vocabulary.levels import DEFAULT_SOURCE_LEVEL, check_level

RELIABILITY_GRADES = ("A", "B", "C", "D", "E", "F")
MAX_FILE_BYTES = 1024 * 1024 * 1024  # 1 GiB: larger files are refused before reading

ProgressCallback = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ImportOptions:
    """What the user says about the files at import (all optional)."""

    password: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    retrieved: str | None = None
    reliability: str | None = None
    handling: str = DEFAULT_SOURCE_LEVEL

    def validated(self) -> ImportOptions:
        if self.reliability is not None and self.reliability.upper() not in RELIABILITY_GRADES:
            raise ValidationError(f"reliability must be one of A–F, not “{self.reliability}”")
        check_level(self.handling)
        published = clean_date(self.published)
        retrieved = clean_date(self.retrieved)
        url = vocabulary.clean_url(self.url) if self.url else None
        return ImportOptions(
            self.password,
            self.title,
            url,
            published,
            retrieved,
            self.reliability.upper() if self.reliability else None,
            self.handling,
        )


@dataclass(frozen=True)
class PreparedImport:
    """A file read and extracted, ready to store."""

    path: Path
    data: bytes
    sha256: str
    document: ExtractedDocument


@dataclass(frozen=True)
class ImportOutcome:
    path: str
    status: str  # "imported", "already present", "failed", "skipped"
    source_id: str | None = None
    title: str | None = None
    message: str = ""
    warnings: list[str] = field(default_factory=list)
    repairs: int = 0
    pages: int = 0


@dataclass
class ImportSummary:
    outcomes: list[ImportOutcome] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    cancelled: bool = False

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[ImportOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def describe(self) -> str:
        parts = [
            f"{self.count('imported')} imported",
            f"{self.count('already present')} already present",
            f"{self.count('failed')} failed",
        ]
        if self.count("skipped"):
            parts.append(f"{self.count('skipped')} skipped (not a supported document)")
        if self.cancelled:
            parts.append("cancelled")
        return ", ".join(parts)


def clean_date(value: str | None) -> str | None:
    return vocabulary.clean_date(value) if value else None


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise IngestError(
                f"{path.name} is {size / 2**30:.1f} GiB; files over 1 GiB are refused"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise IngestError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise IngestError(f"{path} is a folder") from None
    except PermissionError:
        raise IngestError(f"no permission to read {path}") from None
    except OSError as err:
        raise IngestError(f"cannot read {path}: {err.strerror or err}") from None


def prepare_import(
    path: Path,
    data: bytes | None = None,
    *,
    password: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    protected: frozenset[str] = frozenset(),
) -> PreparedImport:
    """Read and extract one file (no database). Raises IngestError with a one-line reason.

    ``protected``: word tokens of the casebook's entity names, which the lost-ligature repair
    never extends (``services.repairs.protected_names``)."""
    data = read_file(path) if data is None else data
    document = extract(
        data,
        path.name,
        password=password,
        on_progress=on_progress,
        options=ExtractOptions(protected=protected),
    )
    return PreparedImport(path, data, sha256_of(data), document)


def find_by_hash(casebook: Casebook, sha256: str) -> Source | None:
    with casebook.reading() as session:
        return session.scalars(select(Source).where(Source.sha256 == sha256)).one_or_none()


def store_import(
    casebook: Casebook, prepared: PreparedImport, options: ImportOptions = ImportOptions()
) -> tuple[ImportOutcome, Change | None]:
    """Store an extracted file as a new source (one transaction), unless its bytes are known."""
    existing = find_by_hash(casebook, prepared.sha256)
    if existing is not None:
        return _already(prepared.path, existing), None
    doc = prepared.document
    meta = doc.metadata
    title = (options.title or meta.title or prepared.path.stem).strip() or prepared.path.name
    with operation(casebook, "source.import") as op:
        source = Source(
            sha256=prepared.sha256,
            size=len(prepared.data),
            kind=doc.kind,
            media_type=doc.media_type,
            file_name=prepared.path.name,
            title=title,
            author=meta.author,
            publisher=meta.publisher,
            published=options.published or _safe_date(meta.published),
            url=options.url or meta.url,
            retrieved=options.retrieved,
            page_count=doc.page_count,
            reliability=options.reliability,
            handling=options.handling,
            encrypted=options.password is not None,
            imported_by=casebook.actor,
        )
        op.session.add(source)
        op.session.flush()
        op.session.add(SourceOriginal(source_id=source.id, data=prepared.data))
        op.session.add(text_version_for(source.id, 1, doc))
        op.summary = f"Import {title}"
        op.subject_id = source.id
    assert op.change is not None
    outcome = ImportOutcome(
        str(prepared.path),
        "imported",
        source.id,
        title,
        "",
        list(doc.warnings),
        len(doc.repairs),
        doc.page_count,
    )
    return outcome, op.change


def text_version_for(source_id: str, number: int, doc: ExtractedDocument) -> TextVersion:
    meta = doc.metadata
    return TextVersion(
        source_id=source_id,
        number=number,
        text=doc.text,
        text_sha256=sha256_of(doc.text.encode("utf-8")),
        page_map=pages_to_json(doc.pages),
        char_boxes=doc.char_boxes,
        repairs=repairs_to_json(doc.repairs),
        warnings=json.dumps(doc.warnings, ensure_ascii=False),
        metadata_json=json.dumps(
            {
                "title": meta.title,
                "author": meta.author,
                "publisher": meta.publisher,
                "published": meta.published,
                "url": meta.url,
                "language": meta.language,
                "encoding": meta.encoding,
                **meta.extra,
            },
            ensure_ascii=False,
        ),
        extractor=doc.extractor,
        extractor_version=doc.extractor_version,
    )


def _safe_date(value: str | None) -> str | None:
    try:
        return clean_date(value)
    except ValidationError:
        return None


def _already(path: Path, existing: Source) -> ImportOutcome:
    return ImportOutcome(
        str(path),
        "already present",
        existing.id,
        existing.title,
        f"same bytes as “{existing.title}” (sha256 {existing.sha256[:12]}…)",
    )


def import_file(
    casebook: Casebook, path: Path, options: ImportOptions = ImportOptions()
) -> tuple[ImportOutcome, Change | None]:
    """Import one file; raises IngestError (nothing written) when it cannot be imported."""
    options = options.validated()
    data = read_file(path)
    existing = find_by_hash(casebook, sha256_of(data))
    if existing is not None:
        return _already(path, existing), None
    from nkcase.services.repairs import protected_names

    prepared = prepare_import(
        path, data, password=options.password, protected=protected_names(casebook)
    )
    return store_import(casebook, prepared, options)


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """Files to import from files and folders (recursively); and the files skipped."""
    files: list[Path] = []
    skipped: list[Path] = []
    for path in paths:
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    candidate = Path(root) / name
                    if name.startswith("."):
                        continue
                    if candidate.suffix.lower() in SUPPORTED_EXTENSIONS:
                        files.append(candidate)
                    else:
                        skipped.append(candidate)
        else:
            files.append(path)
    return files, skipped


def import_paths(
    casebook: Casebook,
    paths: Sequence[Path],
    options: ImportOptions = ImportOptions(),
    *,
    on_progress: ProgressCallback | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> ImportSummary:
    """Import files and folders: one transaction per file, a summary at the end."""
    options = options.validated()
    files, skipped = collect_files(paths)
    summary = ImportSummary()
    summary.outcomes += [
        ImportOutcome(str(p), "skipped", message="not a supported document type") for p in skipped
    ]
    for done, path in enumerate(files):
        if is_cancelled is not None and is_cancelled():
            summary.cancelled = True
            break
        if on_progress is not None:
            on_progress(done, len(files), path.name)
        try:
            outcome, change = import_file(casebook, path, options)
        except CancelledError:
            summary.cancelled = True
            break
        except IngestError as err:
            outcome, change = ImportOutcome(str(path), "failed", message=err.message), None
        summary.outcomes.append(outcome)
        if change is not None:
            summary.changes.append(change)
    if on_progress is not None and not summary.cancelled:
        on_progress(len(files), len(files), "")
    return summary
