"""The repair log of a source: each repair with its context, reverting and re-applying.

A revert (or re-apply) is an operation like any other: one transaction that adds a text
version with the chosen repairs undone (or done again) — the frozen text itself never
changes — and moves every quote exactly with its passage, so quotes on a reverted repair
stay anchored with the text the document gave. Undo removes the version again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from nkcase import vocabulary
from nkcase.errors import NotFoundError, ValidationError
from nkcase.ingest.boxes import pack, unpack
from nkcase.ingest.repair.revert import toggle
from nkcase.ingest.types import DocumentMetadata, ExtractedDocument, RepairEntry
from nkcase.model import Entity, Fact, Source, TextVersion
from nkcase.services.reanchor import ReanchorReport, reanchor_to
from nkcase.services.repair_log import pages_from_json, repairs_from_json
from nkcase.services.source_records import current_version
from nkcase.store import Casebook

CONTEXT_CHARS = 30
KINDS = ("ligature", "ligature-character", "hyphenation")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class RepairRecord:
    """One repair as the Repair log and ``nkcase source repairs`` show it."""

    index: int  # position in the log
    start: int  # where ``shown`` stands in the current text (what --offset names)
    end: int
    kind: str
    before: str  # what extraction gave
    after: str  # what the repair made of it
    reverted: bool
    context_before: str
    context_after: str
    page: int | None  # 0-based

    @property
    def shown(self) -> str:
        return self.before if self.reverted else self.after


@dataclass(frozen=True)
class TextProvenance:
    """How a source's current text was made: encoding (text and HTML), languages, repairs."""

    encoding: str | None
    encoding_how: str | None  # "declared", "bom", "utf-8", "detected", "chosen"...
    encoding_guessed: bool
    languages: tuple[str, ...]
    kind: str


def repair_records(casebook: Casebook, source_id: str) -> list[RepairRecord]:
    """The current text version's repairs, in text order, each with its context."""
    with casebook.reading() as session:
        version = current_version(session, source_id)
        text = version.text
        pages = pages_from_json(version.page_map)
        repairs = repairs_from_json(version.repairs)
    records = []
    for index, r in enumerate(repairs):
        page = next((p.index for p in pages if p.start <= r.start < p.end), None)
        records.append(
            RepairRecord(
                index,
                r.start,
                r.end,
                r.kind,
                r.before,
                r.after,
                r.reverted,
                text[max(0, r.start - CONTEXT_CHARS) : r.start],
                text[r.end : r.end + CONTEXT_CHARS],
                page,
            )
        )
    return records


def text_provenance(casebook: Casebook, source_id: str) -> TextProvenance:
    with casebook.reading() as session:
        version = current_version(session, source_id)
        source = session.get(Source, source_id)
        assert source is not None
        meta = json.loads(version.metadata_json or "{}")
    languages = tuple(lang for lang in str(meta.get("languages") or "").split(",") if lang)
    return TextProvenance(
        meta.get("encoding"),
        meta.get("encoding_how"),
        meta.get("encoding_guessed") == "yes",
        languages,
        source.kind,
    )


def protected_names(casebook: Casebook) -> frozenset[str]:
    """Lower-case word tokens of every entity name in the casebook (captions, names,
    aliases): the lost-ligature repair never extends them on their own."""
    with casebook.reading() as session:
        values = session.scalars(
            select(Fact.value).where(Fact.prop.in_(vocabulary.NAME_PROPERTIES))
        ).all()
        captions = session.scalars(select(Entity.caption)).all()
    return frozenset(
        token.lower() for value in (*values, *captions) for token in _WORD.findall(value)
    )


def revert_repairs(
    casebook: Casebook,
    source_id: str,
    *,
    offsets: Sequence[int] = (),
    kind: str | None = None,
    everything: bool = False,
) -> ReanchorReport:
    """Revert the repairs at ``offsets`` (where each stands in the current text), all of
    ``kind``, or ``everything``: the text then says what extraction gave there."""
    return _toggle(casebook, source_id, offsets, kind, everything, revert=True)


def reapply_repairs(
    casebook: Casebook,
    source_id: str,
    *,
    offsets: Sequence[int] = (),
    kind: str | None = None,
    everything: bool = False,
) -> ReanchorReport:
    """Apply reverted repairs again (the same choices as :func:`revert_repairs`)."""
    return _toggle(casebook, source_id, offsets, kind, everything, revert=False)


def _select(
    repairs: list[RepairEntry],
    offsets: Sequence[int],
    kind: str | None,
    everything: bool,
    revert: bool,
) -> list[int]:
    if not (offsets or kind or everything):
        raise ValidationError("say which repairs: offsets, a kind, or all of them")
    if kind is not None and kind not in KINDS:
        raise ValidationError(f"unknown repair kind “{kind}”; use one of {', '.join(KINDS)}")
    chosen: set[int] = set()
    for offset in offsets:
        found = [i for i, r in enumerate(repairs) if r.start == offset]
        if not found:
            raise NotFoundError(
                f"no repair at offset {offset} (“nkcase source repairs” lists them)"
            )
        chosen.update(found)
    chosen.update(i for i, r in enumerate(repairs) if everything or r.kind == kind)
    return sorted(i for i in chosen if repairs[i].reverted != revert)


def _toggle(
    casebook: Casebook,
    source_id: str,
    offsets: Sequence[int],
    kind: str | None,
    everything: bool,
    *,
    revert: bool,
) -> ReanchorReport:
    with casebook.reading() as session:
        source = session.get(Source, source_id)
        if source is None:
            raise NotFoundError(f"no source {source_id}")
        title = source.title
        version = current_version(session, source_id)
        document = _document(version)
        repairs = document.repairs
        version_id = version.id
    selected = _select(repairs, offsets, kind, everything, revert)
    if not selected:
        return ReanchorReport(source_id, None)  # already as asked
    boxes = unpack(document.char_boxes) if document.char_boxes else None
    edited, shift = toggle(
        document.text, repairs, selected, revert=revert, boxes=boxes, pages=document.pages
    )
    document.text, document.repairs, document.pages = edited.text, edited.repairs, edited.pages
    document.char_boxes = pack(edited.boxes) if edited.boxes is not None else None
    if len(selected) == 1:
        r = repairs[selected[0]]
        old, new = (r.after, r.before) if revert else (r.before, r.after)
        what = f"repair “{old}” → “{new}”"
    else:
        what = f"{len(selected)} repairs"
    summary = f"{'Revert' if revert else 'Re-apply'} {what} in {title}"
    return reanchor_to(
        casebook,
        source_id,
        document,
        shift=shift,
        based_on=version_id,
        action="source.revert_repairs" if revert else "source.reapply_repairs",
        summary=summary,
    )


def _document(version: TextVersion) -> ExtractedDocument:
    """The stored text version as an extraction result, to derive a new version from."""
    meta = json.loads(version.metadata_json or "{}")
    known = {f: meta.pop(f, None) for f in ("title", "author", "publisher", "published", "url")}
    language, encoding = meta.pop("language", None), meta.pop("encoding", None)
    metadata = DocumentMetadata(
        **known,
        language=language,
        encoding=encoding,
        extra={k: str(v) for k, v in meta.items() if v is not None},
    )
    return ExtractedDocument(
        text=version.text,
        kind="",
        media_type="",
        extractor=version.extractor,
        extractor_version=version.extractor_version,
        pages=pages_from_json(version.page_map),
        char_boxes=version.char_boxes,
        metadata=metadata,
        warnings=json.loads(version.warnings),
        repairs=repairs_from_json(version.repairs),
    )
