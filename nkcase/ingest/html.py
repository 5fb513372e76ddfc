"""Saved web pages (.html, .htm, .mhtml): the article text without navigation and boilerplate.

trafilatura finds the main text (it beats a plain lxml text dump, which keeps menus, cookie
banners and footers); when it finds nothing (a tiny page), the lxml text of ``<body>`` minus
``nav``/``header``/``footer``/``aside``/scripts is used. Metadata comes from the page's own
tags first (``og:``, ``article:``, JSON-LD, ``<link rel=canonical>``), then trafilatura's guess.
Nothing is fetched and no script runs: both libraries only parse the string given to them.
"""

from __future__ import annotations

import email
import email.policy
import json
import re
from email.message import EmailMessage
from typing import Any

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import use_config

from nkcase.errors import IngestError
from nkcase.ingest.encoding import Decoded, decode, describe_decoding
from nkcase.ingest.types import DocumentMetadata, ExtractedDocument, ExtractOptions

EXTRACTOR_VERSION = "2"  # 2: a declared charset with a few bad bytes is kept
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE
)
_XML_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")
_XML_PROLOG = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_:.\-]+)["']""")
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")
_BOILERPLATE_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form")

_CONFIG = use_config()
_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # no SIGALRM: we run on worker threads


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KiB: an XML prolog (XHTML), else
    ``<meta charset>`` or http-equiv."""
    head = data[:4096]
    match = _XML_PROLOG.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _partial_date(value: str | None) -> str | None:
    match = _DATE.match(value.strip()) if value else None
    return match.group() if match else None


def _json_ld(tree: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(node.text or "")
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data])
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            for key in ("headline", "datePublished", "url"):
                if isinstance(item.get(key), str):
                    found.setdefault(key, item[key])
            author = item.get("author")
            if isinstance(author, list) and author:
                author = author[0]
            if isinstance(author, dict) and isinstance(author.get("name"), str):
                found.setdefault("author", author["name"])
            elif isinstance(author, str):
                found.setdefault("author", author)
            publisher = item.get("publisher")
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                found.setdefault("publisher", publisher["name"])
    return found


def _page_metadata(tree: Any) -> dict[str, str]:
    meta: dict[str, str] = {}
    for node in tree.xpath("//meta[@content]"):
        key = (node.get("property") or node.get("name") or "").strip().lower()
        if key and key not in meta and node.get("content", "").strip():
            meta[key] = node.get("content").strip()
    for node in tree.xpath('//link[@rel="canonical"][@href]'):
        meta.setdefault("canonical", node.get("href").strip())
    titles = tree.xpath("//title/text()")
    if titles:
        meta.setdefault("html-title", titles[0].strip())
    return meta


def _fallback_text(tree: Any) -> str:
    body = tree.find("body")
    root = body if body is not None else tree
    for tag in _BOILERPLATE_TAGS:
        for node in root.iter(tag):
            node.drop_tree()
    lines = [line.strip() for line in root.text_content().splitlines()]
    return "\n".join(line for line in lines if line)


def extract_html_text(html: str, encoding: str | None) -> ExtractedDocument:
    """Extract decoded HTML (shared by .html and .mhtml)."""
    # lxml refuses a decoded string that still declares its encoding (XHTML's XML prolog).
    html = _XML_DECLARATION.sub("", html, count=1)
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise IngestError("the HTML page is empty or cannot be parsed") from exc
    own = _page_metadata(tree)
    ld = _json_ld(tree)
    extracted = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True, config=_CONFIG
    )
    text = (getattr(extracted, "text", None) or "").strip() if extracted is not None else ""
    if not text:
        text = _fallback_text(tree)
    if not text:
        raise IngestError("the HTML page has no readable text")

    def pick(*values: str | None) -> str | None:
        return next((v.strip() for v in values if v and v.strip()), None)

    def guess(name: str) -> str | None:
        value = getattr(extracted, name, None) if extracted is not None else None
        return value if isinstance(value, str) else None

    metadata = DocumentMetadata(
        title=pick(own.get("og:title"), ld.get("headline"), guess("title"), own.get("html-title")),
        author=pick(
            own.get("author"), own.get("article:author"), ld.get("author"), guess("author")
        ),
        publisher=pick(own.get("og:site_name"), ld.get("publisher"), guess("sitename")),
        published=_partial_date(
            pick(own.get("article:published_time"), ld.get("datePublished"), guess("date"))
        ),
        url=pick(own.get("canonical"), own.get("og:url"), ld.get("url"), guess("url")),
        language=pick(tree.get("lang"), guess("language")),
        encoding=encoding,
    )
    description = pick(own.get("description"), own.get("og:description"))
    if description:
        metadata.extra["description"] = description
    return ExtractedDocument(
        text=text.replace("\r\n", "\n").replace("\r", "\n"),
        kind="html",
        media_type="text/html",
        extractor="html-trafilatura",
        extractor_version=EXTRACTOR_VERSION,
        metadata=metadata,
    )


def extract_html(data: bytes, options: ExtractOptions | None = None) -> ExtractedDocument:
    """Extract an HTML file: decode it (BOM, declared charset, detection), then the text."""
    decoded = decode(data, declared_charset(data), forced=(options or ExtractOptions()).encoding)
    return _with_decoding(extract_html_text(decoded.text, decoded.encoding), decoded)


def _with_decoding(document: ExtractedDocument, decoded: Decoded) -> ExtractedDocument:
    describe_decoding(document.metadata, decoded)
    document.warnings[:0] = decoded.warnings
    return document


def extract_mhtml(data: bytes, options: ExtractOptions | None = None) -> ExtractedDocument:
    """Extract the first text/html part of an MHTML archive (a MIME multipart message)."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() != "text/html":
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or not payload:
            continue
        declared = part.get_content_charset() or declared_charset(payload)
        decoded = decode(payload, declared, forced=(options or ExtractOptions()).encoding)
        document = _with_decoding(extract_html_text(decoded.text, decoded.encoding), decoded)
        document.extractor = "mhtml-trafilatura"
        document.media_type = "multipart/related"
        location = message.get("Snapshot-Content-Location") or part.get("Content-Location")
        if location and not document.metadata.url:
            document.metadata.url = str(location)
        return document
    multipart = isinstance(message, EmailMessage) and message.is_multipart()
    raise IngestError(f"the MHTML {'archive' if multipart else 'file'} holds no HTML page")
