"""Pick the extractor for a file from its bytes (magic numbers) and its name.

The bytes decide when they are unambiguous (a PNG named .pdf is refused as a PNG, a PDF
named .txt is read as a PDF); the name decides between the text formats, which have no magic.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import PurePath

from nkcase.errors import CancelledError, ExtractorUnavailableError, IngestError, NkcaseError
from nkcase.ingest.types import ExtractedDocument, ExtractOptions

KIND_BY_EXTENSION = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".mhtml": "mhtml",
    ".mht": "mhtml",
    ".docx": "docx",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
}
SUPPORTED_EXTENSIONS = frozenset(KIND_BY_EXTENSION)

_NOT_SUPPORTED = {
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"\x1f\x8b": "a gzip archive",
    b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive",
    b"Rar!": "a RAR archive",
    b"{\\rtf": "an RTF document",
    b"\x7fELF": "a program (ELF)",
    b"MZ": "a Windows program",
}


def _looks_html(head: bytes) -> bool:
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in lowered


def _zip_kind(data: bytes) -> str | None:
    try:
        names = set(zipfile.ZipFile(BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return "docx"  # a damaged zip: the DOCX checks say what is wrong
    if "word/document.xml" in names:
        return "docx"
    return None


def sniff_kind(data: bytes, filename: str) -> str | None:
    """Which extractor would read the file: pdf, html, mhtml, docx, text, markdown, or None.

    Looks at the first bytes, then at the extension. Refusals with a reason come from
    :func:`extract`; this function only answers which extractor would run.
    """
    suffix = PurePath(filename).suffix.lower()
    by_name = KIND_BY_EXTENSION.get(suffix)
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "docx" if by_name == "docx" else None
    if any(head.startswith(magic) for magic in _NOT_SUPPORTED):
        return None
    if by_name == "mhtml" or (by_name is None and b"multipart/related" in head.lower()):
        return "mhtml"
    if by_name in ("html", "text", "markdown"):
        return by_name
    if _looks_html(head):
        return "html"
    return by_name


def _describe_mismatch(data: bytes, filename: str) -> str:
    head = data[:16]
    suffix = PurePath(filename).suffix.lower() or "(no extension)"
    for magic, what in _NOT_SUPPORTED.items():
        if head.startswith(magic):
            expected = KIND_BY_EXTENSION.get(suffix)
            if expected:
                return f"not a {expected.upper()}: the file is {what} named {suffix}"
            return f"unsupported file: {what}"
    if head.startswith(b"PK\x03\x04"):
        return f"unsupported file: a zip archive that is not a Word document ({suffix})"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "unsupported file: an OLE container (legacy Office file or encrypted document)"
    if suffix == ".pdf":
        return "not a PDF: the file does not start like a PDF (no %PDF- header)"
    return f"unsupported file type {suffix}: nkcase reads PDF, HTML, MHTML, DOCX, text, Markdown"


def extract(
    data: bytes,
    filename: str,
    *,
    password: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    options: ExtractOptions | None = None,
) -> ExtractedDocument:
    """Extract text, page map, boxes and metadata from a file's bytes.

    ``options``: an encoding a person chose, entity names the repairs must not touch.

    Raises IngestError (PasswordRequiredError for encrypted PDFs) with a one-line message for
    anything wrong with the file, CancelledError when ``on_progress`` raises it. Any other
    exception from a parser library is turned into an IngestError naming the file kind, so a
    hostile file never reaches the user as a traceback; an ImportError is a fault of the
    installation, not of the file (:class:`~nkcase.errors.ExtractorUnavailableError`).
    """
    if not data:
        raise IngestError("empty file (0 bytes)")
    kind = sniff_kind(data, filename)
    if kind is None:
        raise IngestError(_describe_mismatch(data, filename))
    try:
        return _run(kind, data, password, on_progress, options or ExtractOptions())
    except (NkcaseError, CancelledError):
        raise
    except MemoryError as exc:
        raise IngestError(f"the {kind.upper()} file is too large to read in memory") from exc
    except ImportError as exc:
        from nkcase.installation import installation_error

        reason = installation_error(exc)
        raise ExtractorUnavailableError(reason.message, details=reason.details) from exc
    except Exception as exc:
        raise IngestError(
            f"the {kind.upper()} file is damaged and cannot be read ({type(exc).__name__})"
        ) from exc


def _run(
    kind: str,
    data: bytes,
    password: str | None,
    on_progress: Callable[[int, int], None] | None,
    options: ExtractOptions,
) -> ExtractedDocument:
    if kind == "pdf":
        from nkcase.ingest.pdf import extract_pdf

        return extract_pdf(
            data, password=password, on_progress=on_progress, protected=options.protected
        )
    if on_progress:
        on_progress(0, 1)
    if kind == "html":
        from nkcase.ingest.html import extract_html

        document = extract_html(data, options)
    elif kind == "mhtml":
        from nkcase.ingest.html import extract_mhtml

        document = extract_mhtml(data, options)
    elif kind == "docx":
        from nkcase.ingest.docx import extract_docx

        document = extract_docx(data)
    else:
        from nkcase.ingest.text import extract_text

        document = extract_text(data, markdown=kind == "markdown", options=options)
    if on_progress:
        on_progress(1, 1)
    return document
