"""Rendering shared out among forked processes that claim runs of record pages from a
shared counter (build_tools/render.py, build_tools/forked.py): every page once."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools import forked, pipeline, render, unchanged

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


def test_a_sink_gets_every_page_as_it_is_rendered_and_the_render_keeps_none(tmp_path):
    graph = pipeline.linked_archive(REPO / "content")
    templates, docs = pipeline.read_templates(), render.model_docs()
    whole = render.render(graph, templates, docs)
    received: list[tuple[str, str]] = []
    assert render.render(graph, templates, docs, sink=lambda path, text: received.append((path, text))) == {}
    assert dict(received) == whole and len(received) == len(whole)
    assert {"about.md", "methodology.md"} <= {path for path, _text in received}  # hand-written pages too


def test_generate_writes_each_page_as_rendered_the_same_files_as_writing_them_all_at_once(tmp_path):
    pipeline.generate(REPO / "content", tmp_path / "streamed", REPO / "mkdocs.yml", jobs=2)
    graph = pipeline.linked_archive(REPO / "content", history=True)
    pages = render.render(graph, pipeline.read_templates(), render.model_docs(), pipeline.read_site_settings(REPO / "mkdocs.yml"))
    for relative, text in pages.items():
        assert (tmp_path / "streamed" / relative).read_text(encoding="utf-8") == text, relative


@pytest.mark.parametrize("jobs", [1, 2])
def test_what_generate_records_from_its_writers_is_what_a_walk_of_the_folder_finds(tmp_path, monkeypatch, jobs):
    """The manifest's outputs come from the writers' own stat()s, not a second walk: if the
    two disagreed, every run would regenerate. Also on a run that finds most files unchanged."""
    out = tmp_path / "out"
    monkeypatch.chdir(REPO)
    for _ in range(2):
        pipeline.generate(REPO / "content", out, REPO / "mkdocs.yml", jobs=jobs)
        digest = unchanged.inputs(REPO / "content", REPO / "mkdocs.yml", pipeline.read_site_settings(REPO / "mkdocs.yml"))
        assert unchanged.unchanged(out, digest)
        (out / "events/index.md").write_text("edited by hand\n", encoding="utf-8")  # the next run rewrites only this
        (out / "stray.md").write_text("left by hand\n", encoding="utf-8")  # and removes this
        assert not unchanged.unchanged(out, digest)
    assert pipeline.generate(REPO / "content", out, REPO / "mkdocs.yml", jobs=jobs) == (["events/index.md"], ["stray.md"])
    assert unchanged.unchanged(out, digest)
