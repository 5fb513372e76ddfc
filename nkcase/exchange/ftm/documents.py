"""The evidence as FtM lines: a source as a Document, a quote as a Note (see :mod:`.export`).

Also the small helpers every line uses: a line from its properties, a name within FtM's limit,
pages as people cite them.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nkcase.exchange.ftm.ids import ftm_id
from nkcase.exchange.ftm.model import ftm_model
from nkcase.exchange.ftm.validate import Validator
from nkcase.exchange.ftm.values import export_value
from nkcase.model import Quote, Source, SourceOriginal

QUOTE_NAME_CHARS = 120
"""How much of a quote's text its Note's ``name`` (its caption) carries."""


def line(entity_id: str, schema: str, props: dict[str, list[str]]) -> dict[str, Any]:
    """An FtM entity line; empty properties left out, repeated values once."""
    cleaned = {k: list(dict.fromkeys(v)) for k, v in props.items() if v}
    return {"id": entity_id, "schema": schema, "properties": cleaned}


def document_line(session: Session, validator: Validator, source: Source) -> dict[str, Any]:
    """A source as a Document: its metadata, the SHA-1 ``contentHash`` Aleph computes from the
    original bytes, and our SHA-256 as a labelled note (FtM has no property for it)."""
    schema = validator.model.schemata["Document"]
    data = session.scalar(
        select(SourceOriginal.data).where(SourceOriginal.source_id == source.id))
    props: dict[str, list[str]] = defaultdict(list)
    props["name"] = [fit_name(source.title)]
    props["title"] = [source.title]
    props["fileName"] = [source.file_name]
    props["mimeType"] = [source.media_type]
    props["fileSize"] = [str(source.size)]
    if data is not None:
        props["contentHash"] = [hashlib.sha1(data, usedforsecurity=False).hexdigest()]
    for prop, value in (("author", source.author), ("publisher", source.publisher),
                        ("publishedAt", source.published), ("sourceUrl", source.url),
                        ("retrievedAt", source.retrieved)):
        if value:
            target, ftm_value = export_value(validator, schema, "", prop, value)
            props[target].append(ftm_value)
    props["notes"].append(f"SHA-256 of the original file (nkcase): {source.sha256}")
    if source.reliability:
        props["notes"].append(f"Source reliability (Admiralty grade): {source.reliability}")
    return line(ftm_id("source", source.id), "Document", props)


def quote_line(quote: Quote, supports: Sequence[str]) -> dict[str, Any]:
    """A quote as a Note: exact text, pages, its Document, the FtM ids it ``supports``."""
    document = ftm_id("source", quote.source_id)
    text = " ".join(quote.exact.split())
    props: dict[str, list[str]] = defaultdict(list)
    props["name"] = [fit_name(text, QUOTE_NAME_CHARS)]
    props["description"] = [quote.exact]
    if quote.first_page is not None:  # stored 0-based
        last = quote.last_page if quote.last_page is not None else quote.first_page
        props["summary"] = [pages_text(quote.first_page + 1, last + 1)]
    props["proof"] = [document]
    props["entity"] = [document, *supports]
    if quote.note:
        props["notes"].append(quote.note)
    if quote.credibility is not None:
        props["notes"].append(f"Information credibility (Admiralty grade): {quote.credibility}")
    return line(ftm_id("quote", quote.id), "Note", props)


def fit_name(text: str, limit: int = 0) -> str:
    """``text`` as an FtM name: at most ``limit`` (default: FtM's limit for names)
    characters, cut with "…"."""
    limit = limit or ftm_model().type_lengths["name"]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def pages_text(first: int, last: int) -> str:
    """ "p. 12" or "pp. 12–13" (1-based, as printed in dossiers)."""
    return f"p. {first}" if first == last else f"pp. {first}–{last}"
