"""Timelines: partial dates in order, spans, dated facts, publications, levels and filters."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nkcase.services import entities, events, relationships, timeline
from nkcase.timeline import TimelineFilter, TimelineItem, sort_items
from tests.services.network import Network, build_network


def item(start: str, end: str | None = None, label: str = "x", kind: str = "event",
         **kw) -> TimelineItem:
    return TimelineItem(kind, label, start, end, label, **kw)  # type: ignore[arg-type]


def test_partial_dates_sort_before_the_days_they_contain() -> None:
    items = [item("2017-06-03", label="day"), item("2017", label="year"),
             item("2017-06", label="month"), item("2016-12-31", label="eve"),
             item("2017", "2018", label="span"), item("2017-01-01", label="new year")]
    assert [i.label for i in sort_items(items)] == [
        "eve", "year", "span", "new year", "month", "day"]
    year = item("2017")
    assert (year.when, year.earliest.isoformat(), year.latest.isoformat()) == (
        "2017", "2017-01-01", "2017-12-31")
    assert item("2018-06", kind="relationship", open=True).when == "2018-06 –"


def test_filter_by_dates_keeps_what_may_overlap() -> None:
    f = TimelineFilter(date_from="2017-06", date_to="2018")
    assert f.passes(item("2017"))  # the year includes June
    assert not f.passes(item("2017-05"))
    assert f.passes(item("2010", kind="relationship", open=True))  # may still hold
    assert not f.passes(item("2019-01"))


@pytest.fixture
def net(casebook, tmp_path: Path) -> Network:
    return build_network(casebook, tmp_path / "docs")


def test_the_tankers_timeline(casebook, net: Network) -> None:
    entities.set_fact(casebook, net["crane"], "incorporationDate", "2016-04")
    entities.set_fact(casebook, net["tanker"], "flag", "tg", date="2023")
    line = timeline.load_timeline(casebook, TimelineFilter(entity_ids=frozenset({net["tanker"]})))
    assert [(i.kind, i.when, i.label) for i in line.items] == [
        ("relationship", "2018 –", "owner: Albatross Trading → Sea Star"),
        ("event", "2019", "Renamed from Morning Reed"),
        ("event", "2022-10-03 – 2022-10-12", "Transponder off"),
        ("fact", "2023", "Sea Star — Flag: Togo (tg)"),
    ]
    renamed = line.items[1]
    assert [r.text for r in line.evidence[renamed.id]] == ["The Sea Star was renamed in 2019"]
    assert renamed.grades == ("B2",) and renamed.entity_captions == ("Sea Star",)


def test_levels_withhold_events_and_sources(casebook, net: Network, tmp_path: Path) -> None:
    secret_event = events.add_event(casebook, date="2021-02", summary="Cash run to Bangkok",
                                    entity_ids=[net["ra"]], handling="protected").subject_id
    whole = timeline.load_timeline(casebook, TimelineFilter(level="protected"))
    assert secret_event in {i.id for i in whole.items}
    public = timeline.load_timeline(casebook, TimelineFilter(level="internal"))
    assert secret_event not in {i.id for i in public.items}


def test_publication_dates_of_sources_behind_the_items(casebook, net: Network) -> None:
    from nkcase.services import source_edits

    source_edits.edit_source(casebook, net["public"], published="2023-01-15")
    source_edits.edit_source(casebook, net["secret"], published="2023-02")
    tanker = TimelineFilter(entity_ids=frozenset({net["tanker"]}), level="protected")
    sources = [i for i in timeline.load_timeline(casebook, tanker).items if i.kind == "source"]
    assert [(i.when, i.label) for i in sources] == [("2023-01-15", "Published: public")]
    everything = timeline.load_timeline(casebook, TimelineFilter(kinds=frozenset({"source"})))
    assert [i.when for i in everything.items] == ["2023-01-15"]  # the debrief is protected


def test_schema_and_kind_filters(casebook, net: Network) -> None:
    relationships.edit_relationship(casebook, net["directs"], start="2017-03")
    only_people = TimelineFilter(schemata=frozenset({"Person"}))
    labels = {i.label for i in timeline.load_timeline(casebook, only_people).items}
    assert labels == {"director: Ra Kyong-su → Albatross Trading"}
    ownership = TimelineFilter(schemata=frozenset({"Ownership"}))
    assert [i.schema for i in timeline.load_timeline(casebook, ownership).items] == ["Ownership"]


@given(st.lists(st.tuples(st.floats(0, 500), st.floats(0, 80)), max_size=60),
       st.sampled_from([0.0, 4.0, 8.0]))
def test_lanes_never_overlap_and_each_item_takes_the_first_lane_that_fits(spans, gap):
    from nkcase.timeline.lanes import pack_lanes

    extents = sorted((left, left + width) for left, width in spans)
    lanes = pack_lanes(extents, lambda e: e, gap)
    ends: list[float] = []  # each lane's right end so far
    for (left, right), lane in zip(extents, lanes, strict=True):
        fitting = [k for k, end in enumerate(ends) if end + gap <= left]
        assert lane == (fitting[0] if fitting else len(ends))
        if lane == len(ends):
            ends.append(right)
        else:
            ends[lane] = right


@given(st.lists(st.tuples(st.floats(0, 500), st.floats(0, 80), st.floats(0, 120)), max_size=60),
       st.integers(0, 5))
def test_lanes_within_a_limit_keep_labels_apart_and_bars_apart(spans, limit):
    """In the first ``limit`` lanes neither bars nor labels overlap; below them bars never
    do; with a limit no packing reaches, it is the plain packing with labels."""
    from nkcase.timeline.lanes import pack_lanes, pack_lanes_within

    items = sorted((left, left + bar, left + bar + label) for left, bar, label in spans)
    lanes = pack_lanes_within(items, lambda i: (i[0], i[2]), lambda i: i[1], limit, 4.0)
    ends: dict[int, float] = {}
    for (left, bar_end, label_end), lane in zip(items, lanes, strict=True):
        assert lane not in ends or ends[lane] + 4.0 <= left
        ends[lane] = label_end if lane < limit else bar_end
    assert pack_lanes_within(items, lambda i: (i[0], i[2]), lambda i: i[1], 100, 4.0) == \
        pack_lanes(items, lambda i: (i[0], i[2]), 4.0)
