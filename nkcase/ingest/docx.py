"""Word documents (.docx): headers, body (paragraphs and tables in order), footnotes, footers.

The zip is checked before python-docx opens it: an OLE container is an encrypted or legacy
file, a bad zip is damaged, and a declared unpacked size past ``MAX_UNPACKED`` (or an extreme
compression ratio) is refused as a possible zip bomb. zipfile never yields more bytes than a
member declares, so the declared sizes bound what reading can cost.

Text layout: header text first, then the body (a table row is its cells joined by " | ",
a footnote reference shows as "[n]"), then "Footnotes" with "[n] text" per note, then footers.
Paragraphs are separated by one newline.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from nkcase.errors import IngestError
from nkcase.ingest.types import DocumentMetadata, ExtractedDocument

EXTRACTOR_VERSION = "1"
MAX_UNPACKED = 512 * 1024 * 1024
MAX_RATIO = 200
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _TBL, _TR, _TC = f"{{{_W}}}p", f"{{{_W}}}tbl", f"{{{_W}}}tr", f"{{{_W}}}tc"
_T, _TAB, _BR, _CR = f"{{{_W}}}t", f"{{{_W}}}tab", f"{{{_W}}}br", f"{{{_W}}}cr"
_FOOTNOTE_REF = f"{{{_W}}}footnoteReference"
_ID, _TYPE = f"{{{_W}}}id", f"{{{_W}}}type"


def _size(count: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1024
    return f"{count:.1f} GB"  # pragma: no cover


def check_zip(data: bytes, label: str = "DOCX") -> zipfile.ZipFile:
    """Open the container safely or raise IngestError saying what is wrong."""
    if data.startswith(OLE_MAGIC):
        raise IngestError(
            f"the {label} is an encrypted (password-protected) or legacy Word .doc file "
            "(OLE container); save it as an unprotected .docx first"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise IngestError(f"the {label} is damaged and cannot be read (truncated?)") from exc
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if unpacked > MAX_UNPACKED or (unpacked > 16 * 1024 * 1024 and unpacked / packed > MAX_RATIO):
        raise IngestError(
            f"{label} expands to {_size(unpacked)} when unpacked; refused as a possible zip bomb"
        )
    if any(m.flag_bits & 0x1 for m in members):
        raise IngestError(f"the {label} has encrypted zip members and cannot be read")
    return archive


def _paragraph_text(p: Any) -> str:
    parts: list[str] = []
    for node in p.iter(_T, _TAB, _BR, _CR, _FOOTNOTE_REF):
        if node.tag == _T:
            parts.append(node.text or "")
        elif node.tag == _TAB:
            parts.append("\t")
        elif node.tag == _FOOTNOTE_REF:
            parts.append(f"[{node.get(_ID)}]")
        else:
            parts.append("\n")
    return "".join(parts)


def _block_lines(container: Any) -> list[str]:
    """Paragraphs and tables of a body/header/footer/footnote element, in document order."""
    lines: list[str] = []
    for child in container.iterchildren(_P, _TBL):
        if child.tag == _P:
            lines.append(_paragraph_text(child))
        else:
            for row in child.iter(_TR):
                cells = [
                    " ".join(_paragraph_text(p) for p in cell.iter(_P)).strip()
                    for cell in row.iterchildren(_TC)
                ]
                lines.append(" | ".join(cells))
    return lines


def _footnotes(archive: zipfile.ZipFile) -> list[str]:
    try:
        raw = archive.read("word/footnotes.xml")
    except KeyError:
        return []
    try:
        root = etree.fromstring(raw, parser=etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError:
        return []
    notes = []
    for note in root.iterchildren(f"{{{_W}}}footnote"):
        if note.get(_TYPE) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(line for line in _block_lines(note) if line.strip()).strip()
        if text:
            notes.append(f"[{note.get(_ID)}] {text}")
    return notes


def _unique_lines(parts: list[Any]) -> list[str]:
    seen: list[str] = []
    for part in parts:
        for line in _block_lines(part._element):
            if line.strip() and line not in seen:
                seen.append(line)
    return seen


def extract_docx(data: bytes) -> ExtractedDocument:
    """Extract a .docx file; see the module docstring."""
    archive = check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.Error) as exc:
        raise IngestError("the DOCX is damaged or not a Word document") from exc
    headers: list[Any] = []
    footers: list[Any] = []
    for section in document.sections:
        headers += [
            h
            for h in (section.header, section.first_page_header, section.even_page_header)
            if not h.is_linked_to_previous
        ]
        footers += [
            f
            for f in (section.footer, section.first_page_footer, section.even_page_footer)
            if not f.is_linked_to_previous
        ]
    lines = _unique_lines(headers)
    lines += _block_lines(document.element.body)
    notes = _footnotes(archive)
    if notes:
        lines += ["", "Footnotes", *notes]
    footer_lines = _unique_lines(footers)
    if footer_lines:
        lines += ["", *footer_lines]
    text = "\n".join(lines).strip("\n")
    if not text.strip():
        raise IngestError("the DOCX holds no text")
    props = document.core_properties
    created = props.created.date().isoformat() if props.created else None
    metadata = DocumentMetadata(
        title=props.title or None,
        author=props.author or None,
        published=created,
        language=props.language or None,
    )
    if props.last_modified_by:
        metadata.extra["last_modified_by"] = props.last_modified_by
    if props.modified:
        metadata.extra["modified"] = props.modified.isoformat()
    return ExtractedDocument(
        text=text,
        kind="docx",
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        extractor="docx-python-docx",
        extractor_version=EXTRACTOR_VERSION,
        metadata=metadata,
    )
