"""``nkcase event``, ``nkcase chart``, ``nkcase timeline`` as a user meets them."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from nkcase.cli.main import main
from nkcase.store import create_casebook
from tests.services.network import Network, build_network

SVG = "{http://www.w3.org/2000/svg}"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def book(tmp_path: Path) -> tuple[str, Network]:
    path = tmp_path / "net.nkcase"
    with create_casebook(path, "Network") as casebook:
        net = build_network(casebook, tmp_path / "docs")
    return str(path), net


def svg_groups(path: Path, kind: str) -> list[ET.Element]:
    root = ET.parse(path).getroot()
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == kind]


def test_event_add_list_show_edit_remove(book, capsys, tmp_path: Path) -> None:
    path, _net = book
    code, out, err = run(capsys, "event", "add", path, "--date", "12 March 2021",
                         "--summary", "Ship-to-ship transfer", "--entity", "Sea Star",
                         "--entity", "Albatross Trading", "--place", "Gulf of Tonkin")
    assert code == 0, err
    event_id = out.strip()
    code, out, _ = run(capsys, "event", "list", path, "--entity", "Sea Star", "--json")
    listed = json.loads(out)
    assert [e["summary"] for e in listed] == [
        "Renamed from Morning Reed", "Ship-to-ship transfer", "Transponder off"]
    assert listed[2]["when"] == "2022-10-03 – 2022-10-12" and listed[2]["supported"]
    code, out, _ = run(capsys, "event", "show", path, event_id[:8])
    assert "2021-03-12  Ship-to-ship transfer" in out and "unsupported" in out
    code, out, _ = run(capsys, "quote", "add", path, "--source", "public", "--text",
                       "Her transponder was off", "--event", event_id[:8], "--credibility", "4")
    assert code == 0
    code, out, _ = run(capsys, "event", "show", path, event_id, "--json")
    assert [r["grade"] for r in json.loads(out)["evidence"]] == ["B4"]
    code, out, err = run(capsys, "event", "edit", path, event_id, "--end", "2021-03-14",
                         "--remove-entity", "Albatross Trading")
    assert code == 0, err
    code, out, _ = run(capsys, "event", "show", path, event_id, "--json")
    shown = json.loads(out)
    assert shown["when"] == "2021-03-12 – 2021-03-14"
    assert [p["caption"] for p in shown["entities"]] == ["Sea Star"]
    code, out, _ = run(capsys, "event", "remove", path, event_id)
    assert code == 0 and "Remove event" in out
    code, _out, err = run(capsys, "event", "show", path, event_id)
    assert code != 0 and err.startswith("nkcase: error: no event")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--date", "13/03/2021", "--summary", "x", "--entity", "Sea Star"), "ambiguous"),
        (("--date", "2021", "--summary", "x", "--entity", "Nobody"), "no entity named"),
        (("--date", "2021", "--end", "2020", "--summary", "x", "--entity", "Sea Star"),
         "before it starts"),
    ],
)
def test_bad_events_are_one_line_errors(book, capsys, argv, message) -> None:
    path, _net = book
    code, out, err = run(capsys, "event", "add", path, *argv)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_chart_export_svg_counts_match_and_withholds(book, capsys, tmp_path: Path) -> None:
    path, net = book
    out_file = tmp_path / "tanker.svg"
    code, out, err = run(capsys, "chart", "export", path, "--entity", "Sea Star", "--hops", "3",
                         "--level", "protected", "--out", str(out_file))
    assert code == 0, err
    assert "5 entities, 5 relationships, level protected" in out
    assert len(svg_groups(out_file, "node")) == 5 and len(svg_groups(out_file, "edge")) == 5
    assert "Pak Ghost" in out_file.read_text(encoding="utf-8")

    public = tmp_path / "public.svg"
    code, out, err = run(capsys, "chart", "export", path, "--entity", "Sea Star", "--hops", "3",
                         "--level", "public", "--out", str(public))
    assert code == 0, err
    text = public.read_text(encoding="utf-8")
    node_ids = {g.get("data-id") for g in svg_groups(public, "node")}
    edge_ids = {g.get("data-id") for g in svg_groups(public, "edge")}
    assert node_ids == {net["tanker"], net["crane"], net["ra"], net["okryu"]}
    assert edge_ids == {net["owns"], net["directs"], net["supplies"]}
    for withheld in ("ghost", "collects", "partner", "secret"):
        assert net[withheld] not in text
    assert "Pak Ghost" not in text and "collects cash" not in text


def test_chart_export_png_all_and_saved(book, capsys, tmp_path: Path) -> None:
    path, _net = book
    png = tmp_path / "all.png"
    code, out, err = run(capsys, "chart", "export", path, "--all", "--layout", "hierarchy",
                         "--out", str(png))
    assert code == 0, err
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code, out, err = run(capsys, "chart", "save", path, "Tanker", "--entity", "Sea Star",
                         "--hops", "2")
    assert code == 0 and "Save chart “Tanker” (4 entities)" in out, err
    code, out, _ = run(capsys, "chart", "list", path, "--json")
    assert [c["name"] for c in json.loads(out)] == ["Tanker"]
    saved = tmp_path / "saved.svg"
    code, out, err = run(capsys, "chart", "export", path, "--chart", "tanker", "--out",
                         str(saved))
    assert code == 0 and "4 entities" in out, err
    code, out, err = run(capsys, "chart", "export", path, "--chart", "Tanker", "--level",
                         "public", "--min-grade", "B3", "--out", str(saved))
    # a saved chart keeps its entities; the hearsay supplier link (B5) is out
    assert code == 0 and "4 entities, 2 relationships, level public" in out, err
    code, out, err = run(capsys, "chart", "export", path, "--all", "--out",
                         str(tmp_path / "x.jpg"))
    assert code == 2 and "export as .svg or .png" in err
    code, out, _ = run(capsys, "chart", "delete", path, "Tanker")
    assert code == 0


def test_timeline_text_json_and_figure(book, capsys, tmp_path: Path) -> None:
    path, _net = book
    code, out, err = run(capsys, "timeline", path, "--entity", "Sea Star")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[1].startswith("2018 –") and "owner: Albatross Trading → Sea Star" in lines[1]
    assert lines[2].startswith("2019 ") and "Renamed from Morning Reed" in lines[2]
    assert "2022-10-03 – 2022-10-12" in lines[3]
    code, out, _ = run(capsys, "timeline", path, "--entity", "Sea Star", "--json")
    items = json.loads(out)
    assert [(i["kind"], i["start"], i["precision"]) for i in items] == [
        ("relationship", "2018", "year"), ("event", "2019", "year"),
        ("event", "2022-10-03", "day")]
    assert items[1]["evidence"][0]["text"] == "The Sea Star was renamed in 2019"
    figure = tmp_path / "line.svg"
    code, out, err = run(capsys, "timeline", path, "--kind", "event", "--out", str(figure))
    assert code == 0, err
    assert len(svg_groups(figure, "event")) == 2
