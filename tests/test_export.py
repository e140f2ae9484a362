"""Open data files: they round-trip to the records and follow their formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from build_tools.export import _cell, exports, json_listing
from build_tools.link import link
from build_tools.pipeline import load_and_validate

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def shipped():
    archive, problems = load_and_validate(REPO / "content", REPO)
    assert problems == []
    graph = link(archive)
    return archive, exports(graph)


def test_events_json_gives_back_every_event_and_claim(shipped):
    archive, files = shipped
    document = json.loads(files["data/events.json"])
    assert document["version"] == 1
    loaded = {event["id"]: event for event in document["events"]}
    assert sorted(loaded) == sorted(archive.events)
    for event_id, event in archive.events.items():
        row = loaded[event_id]
        assert row["title"] == event.title and row["summary"] == event.summary and row["kind"] == event.kind
        assert row["sources"] == event.sources and row["places"] == event.places
        claims = [(c["by"], c["stance"], c["says"], c["quote"], c["source"], c["via"]) for c in row["claims"]]
        assert claims == [(c.by, c.stance, c.says, c.quote, c.source, c.via) for c in event.claims]
        assert [c["anchor"] for c in row["claims"]] == [f"claim-{n}" for n in range(1, len(event.claims) + 1)]


def test_events_csv_has_a_row_per_event_and_per_claim(shipped):
    archive, files = shipped
    rows = list(csv.DictReader(io.StringIO(files["data/events.csv"])))
    assert sum(row["row"] == "event" for row in rows) == len(archive.events)
    assert sum(row["row"] == "claim" for row in rows) == sum(len(e.claims) for e in archive.events.values())
    gerasimov = [row for row in rows if row["event_id"] == "2025-11-20-gerasimov-claims-capture-of-kupiansk" and row["row"] == "claim"]
    assert [row["stance"] for row in gerasimov] == ["asserts", "denies", "denies"]
    assert gerasimov[1]["quote"] == "Kupiansk remains under the control of Ukraine’s Defense Forces"


def test_places_geojson_follows_rfc_7946(shipped):
    archive, files = shipped
    collection = json.loads(files["data/places.geojson"])
    assert collection["type"] == "FeatureCollection"
    with_coordinates = {pid for pid, place in archive.records["places"].items() if place.coordinates}
    assert {feature["id"] for feature in collection["features"]} == with_coordinates
    for feature in collection["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        place = archive.records["places"][feature["id"]]
        assert (lon, lat) == (place.coordinates.lon, place.coordinates.lat)  # longitude first
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    kupiansk = next(f for f in collection["features"] if f["id"] == "kupiansk")
    assert kupiansk["geometry"]["coordinates"] == [37.6156, 49.7106]  # 37.6 E, 49.7 N


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)"])
def test_csv_cells_never_start_a_formula(text):
    assert _cell(text) == "'" + text


def test_exports_are_deterministic(shipped):
    _archive, files = shipped
    archive, problems = load_and_validate(REPO / "content", REPO)
    assert exports(link(archive)) == files


@pytest.mark.parametrize("document", [
    {"version": 1, "events": [{"id": "a", "says": "«Ось» \"quoted\"\nnext line", "n": [1, 2.5, None, True]}, {"id": "b"}]},
    {"version": 1, "events": []},
    {"events": {"a": {"places": ["x"]}, "b": {}}, "names": {"x": "Х"}},
    {"events": {}},
])
def test_a_json_listing_is_the_same_document_with_each_item_on_a_line_of_its_own(document):
    text = json_listing(document, "events")
    assert json.loads(text) == document
    listed = document["events"]
    item_lines = [line for line in text.splitlines() if line.startswith("  ")]
    assert len(item_lines) == len(listed)  # strings keep their newlines escaped
    assert text.endswith("}\n") and "\n\n" not in text


def test_events_json_puts_one_event_on_each_line(shipped):
    archive, files = shipped
    lines = files["data/events.json"].splitlines()
    assert len([line for line in lines if line.startswith('  {"id": ')]) == len(archive.events)
