"""A place page lists the latest events at it and within it, up to a limit, and
sends the reader to the timeline for the rest (build_tools/render.py)."""

from __future__ import annotations

import re
from pathlib import Path

from build_tools import pipeline, render

REPO = Path(__file__).resolve().parent.parent


def event_ids_listed(page: str) -> list[str]:
    events = page.split("## Events", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"\]\(\.\./events/([a-z0-9-]+)\.md\)", events)


def test_a_place_with_more_events_than_the_limit_lists_the_latest(monkeypatch):
    monkeypatch.setattr(render, "PLACE_EVENTS_LISTED", 5)
    pages, graph = pipeline.generate_pages(REPO / "content")
    many, few = "ukraine", min((place for place, ids in graph.events_at.items() if 0 < len(ids) <= 5), key=lambda place: len(graph.events_at[place]))
    assert len(graph.events_at[many]) > 5
    ukraine = pages[f"places/{many}.md"]
    assert event_ids_listed(ukraine) == graph.events_at[many][-5:]  # by date, the latest five
    assert f"The latest 5 of {len(graph.events_at[many]):,} are listed here; the timeline shows every one." in ukraine
    assert f"(../timeline.md?place={many})" in ukraine
    small = pages[f"places/{few}.md"]
    assert event_ids_listed(small) == graph.events_at[few]
    assert "are listed here" not in small


def test_the_shipped_archive_lists_every_event_on_its_place_pages():
    pages, graph = pipeline.generate_pages(REPO / "content")
    assert max(len(ids) for ids in graph.events_at.values()) <= render.PLACE_EVENTS_LISTED
    assert event_ids_listed(pages["places/ukraine.md"]) == graph.events_at["ukraine"]
