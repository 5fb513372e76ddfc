"""The plain data a dossier is made from.

The renderer never touches the casebook: a service gathers what the chosen handling level allows
into these frozen dataclasses and hands them to :func:`nkcase.dossier.build_dossier`. Keeping the
boundary at plain data makes the renderer testable without a database and lets the same input
always give the same PDF text.

Conventions: every string is user text (the renderer escapes it); dates are strings because the
world is vague ("2019", "2019-12"); page numbers are 1-based as printed in the source; quote
references are quote ids, resolved against the quotes of the same :class:`EntityDossier`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from nkcase.figures.shapes import Figure
from nkcase.levels import Withheld
from nkcase.vocabulary.levels import HandlingLevel

Direction = Literal["outgoing", "incoming"]
"""``outgoing``: this entity is the subject (it owns, directs...); ``incoming``: the other is."""


@dataclass(frozen=True, slots=True)
class NameLine:
    """One name of an entity: its caption, an alias, a weak alias or a previous name."""

    value: str
    kind: str = "name"
    """Label of the name's property as shown: "name", "alias", "weakAlias", "previousName"."""
    lang: str | None = None
    """ISO 639 code of the name's language if known ("ko", "ru", "en")."""
    script: str | None = None
    """ISO 15924 code if known ("Hang", "Latn"); shown only as a hint."""


@dataclass(frozen=True, slots=True)
class FactLine:
    """One property value of an entity and the quotes it rests on."""

    label: str
    """Property label as shown ("IMO number", "Registered address")."""
    value: str
    quote_refs: tuple[str, ...] = ()
    """Ids of supporting quotes of the same entity; empty means the fact is unsupported."""
    withheld_refs: int = 0
    """How many supporting quotes exist but are above the dossier's handling level."""
    withheld: bool = False
    """The value itself is above the dossier's level: the row says "withheld", no value."""


@dataclass(frozen=True, slots=True)
class RelationshipLine:
    """A typed, dated link to another entity, seen from this entity."""

    schema: str
    """Relationship schema label ("Ownership", "Directorship", "UnknownLink")."""
    other: str
    """Caption of the entity at the other end."""
    direction: Direction = "outgoing"
    role: str | None = None
    start: str | None = None
    end: str | None = None
    quote_refs: tuple[str, ...] = ()
    withheld_refs: int = 0


@dataclass(frozen=True, slots=True)
class PageImage:
    """An image of the source page region a quote comes from, highlight already drawn.

    Produced outside the renderer (see :func:`nkcase.dossier.crops.render_quote_crop`) so the
    renderer needs neither the original file nor its password.
    """

    png: bytes
    page: int
    """1-based page number the crop comes from (shown as its caption)."""


@dataclass(frozen=True, slots=True)
class QuoteEntry:
    """An exact passage of a source, as evidence."""

    id: str
    source_id: str
    text: str
    pages: tuple[int, int] | None = None
    """First and last page (1-based), for paged sources."""
    grade: str | None = None
    """Admiralty grade: source reliability letter and information credibility digit, "B2"."""
    note: str | None = None
    page_image: PageImage | None = None


@dataclass(frozen=True, slots=True)
class DesignationLine:
    """A sanctions designation a person confirmed, with the list snapshot that is its evidence."""

    list_name: str
    """The list as named in one line ("UN 1718", "OFAC SDN DPRK3")."""
    reference: str | None
    listed_on: str | None
    snapshot: str
    """The snapshot: list title and date generated ("UN Security Council Consolidated List of
    2026-01-28")."""
    snapshot_file: str
    snapshot_sha256: str
    matched_name: str
    score: float
    confirmed: str = ""
    """Who confirmed it and when ("by analyst on 2026-12-02")."""
    delisted_in: str | None = None
    """The snapshot that no longer lists the record, if one does not."""


@dataclass(frozen=True, slots=True)
class NoteLine:
    """A note on an entity with the quotes that support it (if any)."""

    text: str
    quote_refs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ChronologyLine:
    """One dated item of an entity's chronology, with the quotes it rests on."""

    when: str
    """As written: "2019", "2019-03", "2022-10-03 – 2022-10-12", "since 2018-06"."""
    kind: str
    """ "Event", "Relationship", "Fact", "Published"."""
    what: str
    detail: str | None = None
    quote_refs: tuple[str, ...] = ()
    withheld_refs: int = 0
    needs_quotes: bool = True
    """False for lines that are not claims (a source's publication date)."""


@dataclass(frozen=True, slots=True)
class EntityDossier:
    """Everything one case file contributes to a dossier."""

    id: str
    schema: str
    """Schema label ("Company", "Vessel", "Person")."""
    caption: str
    names: tuple[NameLine, ...] = ()
    status: str | None = None
    """Status as shown, with its date if any: "operating (2023-05)"."""
    summary: str | None = None
    facts: tuple[FactLine, ...] = ()
    relationships: tuple[RelationshipLine, ...] = ()
    quotes: tuple[QuoteEntry, ...] = ()
    notes: tuple[str | NoteLine, ...] = ()
    tags: tuple[str, ...] = ()
    designations: tuple[DesignationLine, ...] = ()
    network: Figure | None = None
    """The chart of the entity's neighbourhood (vector figure), if it has relationships."""
    timeline: Figure | None = None
    chronology: tuple[ChronologyLine, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """One source in the appendix; quotes point here by ``id``."""

    id: str
    title: str
    kind: str | None = None
    """"pdf", "html", "docx", "text", "note"..."""
    publisher: str | None = None
    published: str | None = None
    retrieved: str | None = None
    url: str | None = None
    sha256: str | None = None
    reliability: str | None = None
    """Admiralty source reliability letter A-F."""
    file_name: str | None = None
    pages: int | None = None


WithheldSummary = Withheld
"""What the handling level left out, so the reader knows the dossier is partial: the counts
of the one visibility rule (:class:`nkcase.levels.Withheld`), under the dossier's name."""


@dataclass(frozen=True, slots=True)
class DossierDocument:
    """The whole input of one PDF."""

    title: str
    casebook_name: str
    casebook_fingerprint: str
    generated_at: datetime
    """Passed in (not read from the clock) so that the same input gives the same PDF."""
    level: HandlingLevel
    entities: tuple[EntityDossier, ...]
    sources: tuple[SourceEntry, ...] = ()
    prepared_by: str | None = None
    withheld: WithheldSummary = field(default_factory=WithheldSummary)


@dataclass(slots=True)
class DossierResult:
    """What :func:`build_dossier` reports back besides the PDF itself."""

    pages: int
    warnings: list[str] = field(default_factory=list)
    missing_characters: dict[str, list[str]] = field(default_factory=dict)
    """Character -> places ("Albatross / facts") where no available font could draw it."""
    fonts_used: list[str] = field(default_factory=list)
    """Names of the fonts embedded, for the export log."""
