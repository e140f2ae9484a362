"""Rendering shared out among forked processes that claim runs of record pages from a
shared counter (build_tools/render.py, build_tools/forked.py): every page once."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools import forked, pipeline, render

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("jobs", [2, 3])
def test_parts_that_claim_their_pages_render_every_page_once(monkeypatch, jobs):
    monkeypatch.setattr(render, "CLAIMED_PAGES", 3)  # many claims on a small archive
    graph = pipeline.linked_archive(REPO / "content")
    templates, docs = pipeline.read_templates(), render.model_docs()
    whole = render.render(graph, templates, docs)
    claim = forked.Counter()
    parts = forked.run_shares(lambda share: render.render(graph, templates, docs, share=(share, jobs), claim=claim), jobs)
    assert sum(len(part) for part in parts) == len(whole)  # no page twice
    assert {path: text for part in parts for path, text in part.items()} == whole


def test_a_counter_hands_out_each_number_once_across_processes():
    counter = forked.Counter()
    drawn = forked.run_shares(lambda _share: [counter() for _ in range(500)], 3)
    numbers = [number for share in drawn for number in share]
    assert sorted(numbers) == list(range(1500))
