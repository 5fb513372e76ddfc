"""A small network for chart and timeline tests: a tanker, its owner, the owner's director,
restaurants it supplies, and a person known only from a protected debrief."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from nkcase.services import entities, events, quotes, relationships, source_edits, sources
from nkcase.store import Casebook

PUBLIC_TEXT = (
    "Harbour notes, public registry extracts.\n\n"
    "Registry filings name Albatross Trading as the owner of the tanker Sea Star since 2018.\n"
    "Ra Kyong-su is the director of Albatross Trading.\n"
    "Albatross vans deliver fish to the Okryu restaurant, a waiter said.\n"
    "The Sea Star was renamed in 2019; her old name was Morning Reed.\n"
    "Her transponder was off from 3 to 12 October 2022.\n"
)
SECRET_TEXT = (
    "Debrief, protected.\n\n"
    "The informant said Ra Kyong-su collects the cash of the Okryu restaurant.\n"
    "The informant named Pak Ghost as Ra's partner in the scheme.\n"
)


@dataclass
class Network:
    ids: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, key: str) -> str:
        return self.ids[key]


def build_network(casebook: Casebook, folder: Path) -> Network:
    net = Network()
    folder.mkdir(parents=True, exist_ok=True)
    public = folder / "public.txt"
    public.write_text(PUBLIC_TEXT, encoding="utf-8")
    secret = folder / "secret.txt"
    secret.write_text(SECRET_TEXT, encoding="utf-8")
    for key, path, level, grade in (("public", public, "public", "B"),
                                    ("secret", secret, "protected", "C")):
        _outcome, change = sources.import_file(casebook, path)
        assert change is not None
        net.ids[key] = str(change.subject_id)
        source_edits.set_source_handling(casebook, net[key], level)
        source_edits.grade_source(casebook, net[key], grade)

    def entity(key: str, schema: str, name: str) -> None:
        net.ids[key] = str(entities.create_entity(casebook, schema, name).subject_id)

    entity("tanker", "Vessel", "Sea Star")
    entity("crane", "Company", "Albatross Trading")
    entity("ra", "Person", "Ra Kyong-su")
    entity("okryu", "Organization", "Okryu Restaurant")
    entity("ghost", "Person", "Pak Ghost")
    entity("loner", "Address", "1 Nowhere Street")

    def relate(key: str, schema: str, a: str, b: str, **kw: str) -> None:
        net.ids[key] = str(relationships.relate(casebook, schema, net[a], net[b], **kw).subject_id)

    relate("owns", "Ownership", "crane", "tanker", role="owner", start="2018")
    relate("directs", "Directorship", "ra", "crane", role="director")
    relate("supplies", "UnknownLink", "crane", "okryu", role="supplier")
    relate("collects", "UnknownLink", "ra", "okryu", role="collects cash")
    relate("partner", "Associate", "ra", "ghost", role="partner")

    def quote(source: str, text: str, credibility: int, **links: list[str]) -> None:
        quotes.add_quote(casebook, net[source], text=text, credibility=credibility,
                         **{k: [net[i] for i in v] for k, v in links.items()})

    quote("public", "Registry filings name Albatross Trading as the owner of the tanker Sea Star",
          2, relationship_ids=["owns"])
    quote("public", "Ra Kyong-su is the director of Albatross Trading.", 3,
          relationship_ids=["directs"])
    quote("public", "Albatross vans deliver fish to the Okryu restaurant, a waiter said.", 5,
          relationship_ids=["supplies"])
    quote("secret", "Ra Kyong-su collects the cash of the Okryu restaurant.", 3,
          relationship_ids=["collects"])
    quote("secret", "The informant named Pak Ghost as Ra's partner in the scheme.", 3,
          relationship_ids=["partner"], entity_ids=["ghost"])
    net.ids["renamed"] = str(events.add_event(
        casebook, date="2019", summary="Renamed from Morning Reed", entity_ids=[net["tanker"]]
    ).subject_id)
    net.ids["dark"] = str(events.add_event(
        casebook, date="2022-10-03", end="2022-10-12", summary="Transponder off",
        entity_ids=[net["tanker"]],
    ).subject_id)
    quote("public", "The Sea Star was renamed in 2019", 2, event_ids=["renamed"])
    quote("public", "Her transponder was off from 3 to 12 October 2022.", 2, event_ids=["dark"])
    return net
