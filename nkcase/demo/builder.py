"""Build the demo casebook: a small, invented network with every kind of source and evidence.

A first-time user should see what a working casebook looks like before building their own:
entities in several schemata with Hangul aliases, facts with and without evidence, typed and
dated relationships, graded sources of every format, quotes on every document, one
protected source whose quotes stay out of lower-handling dossiers, dated events with their
evidence (the tanker's renaming and its dark period) and a saved link chart of the tanker.

Everything goes through the services — the same operations the GUI and the CLI call — so the
audit log, the search index and ``nkcase check`` see an ordinary casebook. The GUI's welcome
screen calls :func:`build_demo`; ``nkcase demo`` is its command-line face.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs
from sqlalchemy import select

from nkcase.demo import texts as t
from nkcase.demo.documents import DemoDocument, demo_documents
from nkcase.errors import CasebookError, IngestError
from nkcase.graph import ChartFilter
from nkcase.graph.state import ChartState
from nkcase.model import Fact
from nkcase.services import charts, entities, events, quotes, relationships, sources
from nkcase.services.source_records import source_text
from nkcase.store import Casebook, create_casebook
from nkcase.store.lock import WriterLock
from nkcase.textfold import fold, fold_text

DEMO_FILE_NAME = "nkcase-demo.nkcase"
DEMO_CASEBOOK_NAME = "Demo: restaurants, a trading company and a tanker (fictional)"
DEMO_ACTOR = "nkcase demo"
DEMO_CHART_NAME = "Blue Lantern network"


def default_demo_path() -> Path:
    """``nkcase-demo.nkcase`` in the user's documents folder (the data folder if there is none)."""
    try:
        folder = Path(platformdirs.user_documents_dir())
    except Exception:  # platformdirs may fail on a headless machine without XDG settings
        folder = Path()
    if not folder.is_dir():
        folder = Path(platformdirs.user_data_dir("nkcase", appauthor=False))
        folder.mkdir(parents=True, exist_ok=True)
    return folder / DEMO_FILE_NAME


def build_demo(
    path: Path | None = None, *, force: bool = False, passphrase: str | None = None
) -> Path:
    """Write the demo casebook at ``path`` (default :func:`default_demo_path`); returns the path.

    An existing file is refused unless ``force``; even then a casebook open for writing in
    another nkcase (its lock held) is left alone. A failed build leaves no half-made file.
    With a ``passphrase`` the demo is an encrypted casebook. The documents are imported from
    memory: no copy of them is written anywhere else.
    """
    target = Path(path) if path is not None else default_demo_path()
    if target.exists():
        if not force:
            raise CasebookError(f"{target} already exists; use --force to replace it")
        _remove_casebook(target)
    try:
        with create_casebook(
            target, DEMO_CASEBOOK_NAME, actor=DEMO_ACTOR, passphrase=passphrase
        ) as casebook:
            _Builder(casebook, demo_documents()).build()
    except BaseException:
        if target.exists():
            _remove_casebook(target)
        raise
    return target


def _remove_casebook(target: Path) -> None:
    """Delete a casebook with its WAL files, holding its writer lock so no one is using it."""
    if target.is_dir():
        raise CasebookError(f"{target} is a folder, not a casebook file")
    lock = WriterLock(target)
    lock.acquire()
    try:
        for leftover in (
            target, target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")
        ):
            leftover.unlink(missing_ok=True)
    finally:
        lock.release()


def locate(text: str, passage: str) -> tuple[int, int]:
    """Offsets of ``passage`` in ``text``, found in the search form of both
    (:func:`nkcase.textfold.fold`: what extraction does to a text, ligatures, typographic
    quotes, soft hyphens, line breaks, does not hide a passage) and mapped back to the text.
    Raises IngestError when the passage is not there."""
    folded = fold(text)
    needle = fold_text(passage)
    at = folded.folded.find(needle)
    if not needle or at < 0:
        raise IngestError(f"demo passage not found in its document: “{passage[:60]}…”")
    return folded.span_to_original(at, at + len(needle))


@dataclass
class _Builder:
    """The demo's content, step by step; ids are kept by short keys."""

    casebook: Casebook
    documents: list[DemoDocument]
    source_ids: dict[str, str] = field(default_factory=dict)
    entity_ids: dict[str, str] = field(default_factory=dict)
    relationship_ids: dict[str, str] = field(default_factory=dict)
    event_ids: dict[str, str] = field(default_factory=dict)
    quote_ids: dict[str, str] = field(default_factory=dict)
    """Quote ids by their passage, so an event can cite a quote that supports a fact too."""

    def build(self) -> None:
        self.import_sources()
        self.create_entities()
        self.create_relationships()
        self.add_quotes()
        self.add_events()
        self.add_notes_and_tags()
        self.save_chart()

    # -- sources ------------------------------------------------------------------------------

    def import_sources(self) -> None:
        options = {
            "field-report": sources.ImportOptions(
                reliability="B", handling="internal", title=t.FIELD_REPORT_TITLE,
                published="2023-03-15",
            ),
            "shipping-review": sources.ImportOptions(
                reliability="B", handling="public", published="2023-02",
            ),
            "news-page": sources.ImportOptions(
                reliability="C", handling="public", retrieved="2020-06-13",
            ),
            "debrief": sources.ImportOptions(
                reliability="C", handling="protected", title=t.DEBRIEF_TITLE,
                published="2023-04-02",
            ),
            "korean-brief": sources.ImportOptions(
                reliability="D", handling="public", title=t.KOREAN_TITLE,
            ),
        }
        for document in self.documents:
            prepared = sources.prepare_import(Path(document.file_name), document.data)
            outcome, _ = sources.store_import(
                self.casebook, prepared, options[document.key].validated()
            )
            if outcome.source_id is None:
                raise IngestError(
                    f"the demo could not import {document.file_name}: {outcome.message}"
                )
            self.source_ids[document.key] = outcome.source_id

    # -- entities and facts -------------------------------------------------------------------

    def _entity(
        self, key: str, schema: str, name: str, *, summary: str = "",
        props: Sequence[tuple[str, str]] = (),
    ) -> None:
        change = entities.create_entity(
            self.casebook, schema, name, props=props, summary=summary
        )
        assert change.subject_id is not None
        self.entity_ids[key] = change.subject_id

    def _name(self, key: str, value: str, kind: str = "alias", lang: str | None = None) -> None:
        entities.add_name(self.casebook, self.entity_ids[key], value, kind=kind, lang=lang)

    def _fact(self, key: str, prop: str, value: str, date: str | None = None) -> None:
        entities.set_fact(self.casebook, self.entity_ids[key], prop, value, date=date)

    def create_entities(self) -> None:
        self._entity(
            "rungra", "Organization", t.RUNGRA, props=[("country", "th")],
            summary="North Korean state-run restaurant in Bangkok, visited by the team in "
            "March 2023. Supplied by Silver Crane Trading.",
        )
        self._name("rungra", t.RUNGRA_HANGUL, lang="ko")
        self._fact("rungra", "status", "operating", "2023-03")
        self._entity(
            "sonamu", "Organization", t.SONAMU, props=[("country", "la")],
            summary="North Korean restaurant in Vientiane; reported closed in spring 2020.",
        )
        self._name("sonamu", t.SONAMU_HANGUL, lang="ko")
        self._fact("sonamu", "status", "closed", "2020")
        self._entity(
            "taedong", "Organization", t.TAEDONG, props=[("country", "vn")],
            summary="North Korean restaurant near Hoan Kiem Lake, Hanoi; closed June 2020.",
        )
        self._name("taedong", t.TAEDONG_HANGUL, lang="ko")
        self._fact("taedong", "status", "closed", "2020-06")
        self._entity(
            "crane", "Company", t.CRANE,
            props=[("country", "th"), ("registrationNumber", "0105559012345")],
            summary="Bangkok food wholesaler that supplies the Rungra restaurant and is the "
            "registered owner of the tanker Blue Lantern.",
        )
        self._name("crane", t.CRANE_HANGUL, lang="ko")
        self._entity(
            "vessel", "Vessel", t.VESSEL,
            props=[("imoNumber", t.VESSEL_IMO), ("flag", "tg")],
            summary="Small oil tanker; dark for nine days in October 2022, a possible "
            "ship-to-ship transfer.",
        )
        self._name("vessel", t.VESSEL_OLD_NAME, kind="previousName")
        self._entity(
            "kim", "Person", t.KIM, props=[("nationality", "kp")],
            summary="Manager of the Rungra restaurant since 2019 (his own words).",
        )
        self._name("kim", t.KIM_HANGUL, lang="ko")
        self._entity(
            "ri", "Person", t.RI, props=[("nationality", "kp")],
            summary="Director of Silver Crane Trading; collects the restaurant's cash "
            "according to a protected source.",
        )
        self._name("ri", t.RI_HANGUL, lang="ko")
        self._name("ri", t.RI_CAPS, kind="weakAlias")
        self._entity(
            "address", "Address", t.ADDRESS,
            props=[("city", "Bangkok"), ("country", "th")],
            summary="Premises of the Rungra restaurant.",
        )

    def fact_id(self, key: str, prop: str, value: str | None = None) -> str:
        """The id of an entity's fact (the first of ``prop``, or the one with ``value``)."""
        with self.casebook.reading() as session:
            query = select(Fact.id, Fact.value).where(
                Fact.entity_id == self.entity_ids[key], Fact.prop == prop
            ).order_by(Fact.position)
            for fact_id, fact_value in session.execute(query):
                if value is None or fact_value == value:
                    return str(fact_id)
        raise LookupError(f"demo entity {key} has no {prop} {value or ''}")

    # -- relationships ------------------------------------------------------------------------

    def _relate(
        self, key: str, schema: str, subject: str, obj: str, *, role: str = "",
        start: str | None = None, end: str | None = None, summary: str = "",
    ) -> None:
        change = relationships.relate(
            self.casebook, schema, self.entity_ids[subject], self.entity_ids[obj],
            role=role, start=start, end=end, summary=summary,
        )
        assert change.subject_id is not None
        self.relationship_ids[key] = change.subject_id

    def create_relationships(self) -> None:
        self._relate("ownership", "Ownership", "crane", "vessel", role="registered owner",
                     start="2018-06")
        self._relate("directorship", "Directorship", "ri", "crane", role="director")
        self._relate("employment", "Employment", "kim", "rungra", role="manager", start="2019")
        self._relate("supplier", "UnknownLink", "crane", "rungra", role="supplier",
                     summary="Deliveries of food and drink seen by the team.")
        self._relate("premises", "UnknownLink", "rungra", "address", role="premises")
        self._relate("sister", "UnknownLink", "taedong", "sonamu", role="sister restaurant")
        self._relate("courier", "UnknownLink", "ri", "rungra", role="collects cash")
        # A suspicion nobody has evidence for yet: shown as unsupported.
        self._relate("suspected-supplier", "UnknownLink", "crane", "sonamu", role="supplier",
                     summary="Suspected; no source names the Vientiane supplier.")

    # -- quotes -------------------------------------------------------------------------------

    def _quote(
        self, source: str, passage: str, *, credibility: int, note: str = "",
        entities_: Sequence[str] = (), facts: Sequence[str] = (),
        relationships_: Sequence[str] = (),
        events_: Sequence[str] = (),
    ) -> None:
        source_id = self.source_ids[source]
        start, end = locate(source_text(self.casebook, source_id).text, passage)
        change = quotes.add_quote(
            self.casebook, source_id, start=start, end=end,
            entity_ids=[self.entity_ids[e] for e in entities_],
            fact_ids=list(facts),
            relationship_ids=[self.relationship_ids[r] for r in relationships_],
            event_ids=[self.event_ids[e] for e in events_],
            credibility=credibility, note=note,
        )
        assert change.subject_id is not None
        self.quote_ids[passage] = change.subject_id

    def add_quotes(self) -> None:
        f = self.fact_id
        # The team's own field report (DOCX).
        self._quote("field-report", t.FR_VISIT, credibility=1, entities_=["rungra", "address"],
                    facts=[f("rungra", "country")], relationships_=["premises"],
                    note="Seen by two team members.")
        self._quote("field-report", t.FR_SIGN, credibility=1,
                    facts=[f("rungra", "alias", t.RUNGRA_HANGUL), f("rungra", "status")])
        self._quote("field-report", t.FR_MANAGER, credibility=2, entities_=["kim"],
                    relationships_=["employment"], note="His own statement, not verified.")
        self._quote("field-report", t.FR_VAN, credibility=2, entities_=["crane"],
                    relationships_=["supplier"])
        # The shipping review (PDF with ligatures).
        self._quote("shipping-review", t.PDF_IMO, credibility=2, entities_=["vessel"],
                    facts=[f("vessel", "imoNumber"), f("vessel", "flag")])
        self._quote("shipping-review", t.PDF_OLD_NAME, credibility=2,
                    facts=[f("vessel", "previousName", t.VESSEL_OLD_NAME)])
        self._quote("shipping-review", t.PDF_DARK, credibility=3, entities_=["vessel"],
                    note="A possible ship-to-ship transfer; the images are not conclusive.")
        self._quote("shipping-review", t.PDF_OWNER, credibility=2, relationships_=["ownership"])
        self._quote("shipping-review", t.PDF_DIRECTOR, credibility=3, entities_=["ri"],
                    relationships_=["directorship"])
        # The saved news page (HTML).
        self._quote("news-page", t.NEWS_CLOSED, credibility=3, entities_=["taedong"],
                    facts=[f("taedong", "status"), f("taedong", "country")])
        self._quote("news-page", t.NEWS_SISTER, credibility=4, entities_=["sonamu"],
                    facts=[f("sonamu", "country")], relationships_=["sister"],
                    note="Hearsay: “is said to have shut”.")
        # The protected debrief (UTF-8 text): its quotes are protected too.
        self._quote("debrief", t.DEBRIEF_CASH, credibility=3, entities_=["ri"],
                    relationships_=["courier"], note="Not yet corroborated.")
        self._quote("debrief", t.DEBRIEF_SHIP, credibility=3, entities_=["vessel", "crane"])
        # The Korean brief (EUC-KR text).
        self._quote("korean-brief", t.KOREAN_CLOSED, credibility=3, entities_=["sonamu"],
                    facts=[f("sonamu", "alias", t.SONAMU_HANGUL), f("sonamu", "status")])

    # -- events (the timeline) ---------------------------------------------------------------

    def _event(
        self, key: str, date: str, summary: str, entities_: Sequence[str], *,
        end: str | None = None, place: str = "", cites: Sequence[str] = (),
    ) -> None:
        change = events.add_event(
            self.casebook, date=date, end=end, summary=summary, place=place,
            entity_ids=[self.entity_ids[e] for e in entities_],
        )
        assert change.subject_id is not None
        self.event_ids[key] = change.subject_id
        for passage in cites:  # a passage already quoted for a fact supports the event too
            quotes.link(self.casebook, self.quote_ids[passage], event_id=change.subject_id)

    def add_events(self) -> None:
        self._event("renamed", "2019-03", f"Renamed {t.VESSEL} (formerly {t.VESSEL_OLD_NAME}), "
                    "reflagged to Togo", ["vessel"], cites=[t.PDF_OLD_NAME])
        self._quote("shipping-review", t.PDF_RENAMED, credibility=2, events_=["renamed"])
        self._event("dark", "2022-10-03", "Transponder off: nine days dark", ["vessel"],
                    end="2022-10-12", place="Gulf of Tonkin", cites=[t.PDF_DARK])
        self._quote("shipping-review", t.PDF_DARK_DATES, credibility=2, events_=["dark"])
        self._event("transfer", "2022-10", "Suspected ship-to-ship transfer", ["vessel"],
                    place="Gulf of Tonkin")
        self._quote("shipping-review", t.PDF_STS, credibility=4, events_=["transfer"],
                    note="Inferred from the draught and blurred images: not confirmed.")
        self._event("sonamu-closed", "2020", f"{t.SONAMU} closed", ["sonamu"],
                    place="Vientiane", cites=[t.KOREAN_CLOSED, t.NEWS_SISTER])
        self._event("taedong-closed", "2020-06", f"{t.TAEDONG} closed", ["taedong"],
                    place="Hanoi", cites=[t.NEWS_CLOSED])
        self._event("visit", "2023-03-14", f"Field visit: dinner at the {t.RUNGRA}",
                    ["rungra", "kim"], place="Bangkok", cites=[t.FR_VISIT])

    def save_chart(self) -> None:
        """The tanker's network, saved, so the chart opens on a picture at once."""
        from nkcase.services.figure_export import picture_of_neighbourhood

        picture = picture_of_neighbourhood(
            self.casebook, [self.entity_ids["vessel"]], hops=2, chart_filter=ChartFilter(),
        )
        state = ChartState(
            entity_ids=list(picture.graph.nodes), positions=picture.positions,
            pinned={self.entity_ids["vessel"]},
        )
        charts.save_chart(self.casebook, DEMO_CHART_NAME, state)

    # -- notes and tags -----------------------------------------------------------------------

    def add_notes_and_tags(self) -> None:
        for key in ("rungra", "sonamu", "taedong"):
            entities.tag_entity(self.casebook, self.entity_ids[key], "restaurant")
        for key in ("crane", "vessel", "ri"):
            entities.tag_entity(self.casebook, self.entity_ids[key], "priority")
        entities.tag_entity(self.casebook, self.entity_ids["vessel"], "shipping")
        entities.add_note(
            self.casebook, self.entity_ids["rungra"],
            "Next step: a second visit on a weekday to count staff and deliveries.",
        )
        entities.add_note(
            self.casebook, self.entity_ids["ri"],
            "KESTREL could identify her in a photograph. Do not share outside the team.",
            handling="protected",
        )
        entities.add_note(
            self.casebook, self.entity_ids["vessel"],
            "Ask the flag registry for the ownership history (public request).",
            handling="public",
        )
