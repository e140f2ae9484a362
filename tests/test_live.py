"""The live preview's incremental passes (build_tools/live.py) against the real generator.

After every kind of edit, the quick pass must already show the edited record's page
and the pages linking to it as a full `chronicle generate` writes them, and the quick
pass followed by the full one must leave exactly what a fresh generate writes. Real
files on a synthetic archive; LiveSite is checked with the real MkDocs and theme.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from benchmarks.synthetic import write_archive
from build_tools import pipeline
from build_tools.live import LiveArchive, LiveSite, links_of

REPO = Path(__file__).resolve().parents[1]


def _tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file() and not path.name.startswith(".")}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("live")
    write_archive(root / "content", 240, seed=3)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture
def live(project, tmp_path, monkeypatch):
    """A started LiveArchive over a fresh copy of the project, and a helper that says what
    a fresh `chronicle generate` would write."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(project / "content", tmp_path / "content")
    shutil.copy(project / "mkdocs.yml", tmp_path / "mkdocs.yml")
    archive = LiveArchive(tmp_path / "content", tmp_path / "docs", tmp_path / "mkdocs.yml", jobs=2)
    archive.start()

    def fresh() -> dict[str, bytes]:
        out = tmp_path / f"fresh-{len(list(tmp_path.glob('fresh-*')))}"
        pipeline.generate(tmp_path / "content", out, tmp_path / "mkdocs.yml", jobs=1)
        return _tree(out)

    return archive, tmp_path, fresh


def _first(folder: Path) -> Path:
    return sorted(folder.glob("*.yml"))[0]


def _retitle(path: Path, key: str, suffix: str) -> None:
    text = path.read_text(encoding="utf-8")
    edited = re.sub(rf"^{key}: (.*)$", rf"{key}: \1{suffix}", text, count=1, flags=re.M)
    assert edited != text
    path.write_text(edited, encoding="utf-8")


def _event_at_place(content: Path) -> tuple[Path, str]:
    for event in sorted((content / "events").glob("*.yml")):
        found = re.search(r"^places:\n  - (\S+)$", event.read_text(encoding="utf-8"), flags=re.M)
        if found:
            return event, found.group(1)
    raise AssertionError("no event with a place")


def _move_event(content: Path) -> list[str]:
    event, place = _event_at_place(content)
    other = next(p.stem for p in sorted((content / "places").glob("*.yml")) if p.stem != place)
    event.write_text(event.read_text(encoding="utf-8").replace(f"places:\n  - {place}\n", f"places:\n  - {other}\n", 1), encoding="utf-8")
    return [f"events/{event.stem}.md", f"places/{place}.md", f"places/{other}.md"]


def _retitle_event(content: Path) -> list[str]:
    event, place = _event_at_place(content)
    _retitle(event, "title", " (edited)")
    return [f"events/{event.stem}.md", f"places/{place}.md"]


def _rename_person(content: Path) -> list[str]:
    person = _first(content / "people")
    _retitle(person, "name", " Junior")
    return [f"people/{person.stem}.md"]


def _new_alias(content: Path) -> list[str]:
    """A person gains an alias that a report's text holds: that report now links to them."""
    article = sorted((content / "articles").glob("*.md"))[0]
    word = re.search(r"\b[a-z]{11,}\b", article.read_text(encoding="utf-8").split("\n---\n", 1)[1]).group(0)
    person = _first(content / "people")
    text = person.read_text(encoding="utf-8")
    person.write_text(text.replace("aliases:\n", f"aliases:\n  - {word}\n", 1) if "aliases:\n" in text
                      else text + f"aliases:\n  - {word}\n", encoding="utf-8")
    return [f"people/{person.stem}.md", f"reports/{article.stem}.md"]


def _delete_event(content: Path) -> list[str]:
    """An event no report cites and no record names can go alone."""
    event, _place = _event_at_place(content)
    event.unlink()
    return []


def _copy_event(content: Path) -> list[str]:
    event, place = _event_at_place(content)
    shutil.copy(event, event.with_name("2030-01-01-a-new-event.yml"))
    return ["events/2030-01-01-a-new-event.md", f"places/{place}.md"]


EDITS = {"retitle an event": _retitle_event, "move an event to another place": _move_event, "rename a person": _rename_person,
         "give a person a new alias": _new_alias, "delete an event": _delete_event, "add an event": _copy_event}


@pytest.mark.parametrize("edit", EDITS)
def test_quick_then_full_pass_equals_a_fresh_generate(live, edit):
    archive, root, fresh = live
    shown_at_once = EDITS[edit](root / "content")
    quick = archive.quick()
    expected = fresh()
    on_disk = _tree(root / "docs")
    for page in shown_at_once:  # the edited record, and the pages that list it, without waiting for the full pass
        assert on_disk[page] == expected[page], page
        assert page in quick.written
    assert archive.full() is not None
    assert _tree(root / "docs") == expected


def test_the_quick_pass_renders_a_few_pages_and_the_full_pass_the_rest(live):
    archive, root, fresh = live
    _retitle_event(root / "content")
    quick = archive.quick()
    assert 0 < quick.rendered < 60
    full = archive.full()
    assert full.rendered > 240  # every record page, the lists and the data files
    assert "events/index.md" in full.written  # the lists follow in the full pass
    assert not set(full.written) & set(quick.written)  # what the quick pass wrote was already right
    assert archive.full().written == []


def test_a_mistake_leaves_the_pages_as_they_were(live):
    archive, root, _fresh = live
    before = _tree(root / "docs")
    event, _place = _event_at_place(root / "content")
    event.write_text(event.read_text(encoding="utf-8").replace("kind: ", "kind: not-a-kind-", 1), encoding="utf-8")
    with pytest.raises(pipeline.InvalidContent) as error:
        archive.quick()
    assert any(problem.path.endswith(event.name) for problem in error.value.problems)
    assert _tree(root / "docs") == before


def test_a_full_pass_overtaken_by_an_edit_writes_nothing(live):
    archive, root, fresh = live
    rendered = archive.render_everything()
    _retitle_event(root / "content")
    archive.quick()  # an edit rendered while the full pass ran
    assert archive.apply(rendered) is None
    assert archive.full().written
    assert _tree(root / "docs") == fresh()


def test_links_of_reads_the_generated_links():
    text = "[Kupiansk](../places/kupiansk.md) and [claim](2024-11-14-x.md#claim-1), not [raw](../raw/a.txt) or (plain.md)"
    assert links_of("events/2024-11-13-y.md", text) == {"places/kupiansk.md", "events/2024-11-14-x.md"}
    assert links_of("data/events.json", text) == frozenset()


def test_the_live_site_converts_only_the_changed_pages(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "overrides", tmp_path / "overrides")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    docs = tmp_path / "build" / "docs"
    archive = LiveArchive(tmp_path / "content", docs, tmp_path / "mkdocs.yml", jobs=1)
    archive.start()
    site_dir = tmp_path / "site"
    site = LiveSite(tmp_path / "mkdocs.yml", docs, site_dir, "127.0.0.1:8000", "http://127.0.0.1:8000/")
    site.build_all()
    untouched = site_dir / "about" / "index.html"
    stamp = untouched.stat().st_mtime_ns

    event = sorted((tmp_path / "content" / "events").glob("*.yml"))[0]
    _retitle(event, "title", " (retitled in the preview)")
    new_event = event.with_name("2030-01-01-an-event-added-in-the-preview.yml")
    shutil.copy(event, new_event)
    update = archive.quick()
    site.rebuild(update.written, update.removed)
    assert "(retitled in the preview)" in (site_dir / "events" / event.stem / "index.html").read_text(encoding="utf-8")
    assert (site_dir / "events" / new_event.stem / "index.html").is_file()
    assert f"/events/{new_event.stem}/" in (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert untouched.stat().st_mtime_ns == stamp
    events_list = site_dir / "events" / "index.html"
    assert "(retitled in the preview)" not in events_list.read_text(encoding="utf-8")  # the lists wait for the full pass
    full = archive.full()
    site.convert_in_child(site.update_files(full.written, full.removed))  # as the background pass does it
    assert "(retitled in the preview)" in events_list.read_text(encoding="utf-8")
    assert untouched.stat().st_mtime_ns == stamp
    # What the preview converted page by page is what a whole build of the same pages makes.
    whole = tmp_path / "whole"
    LiveSite(tmp_path / "mkdocs.yml", docs, whole, "127.0.0.1:8000", "http://127.0.0.1:8000/").build_all()
    for page in (f"events/{event.stem}/index.html", f"events/{new_event.stem}/index.html", "events/index.html"):
        assert (site_dir / page).read_bytes() == (whole / page).read_bytes(), page
    # The sitemap lists the same pages; an added page comes last in the preview's.
    assert sorted((site_dir / "sitemap.xml").read_text(encoding="utf-8").splitlines()) == sorted((whole / "sitemap.xml").read_text(encoding="utf-8").splitlines())

    new_event.unlink()
    update = archive.quick()
    assert f"events/{new_event.stem}.md" in update.removed
    site.rebuild(update.written, update.removed)
    assert not (site_dir / "events" / new_event.stem).exists()
    assert f"/events/{new_event.stem}/" not in (site_dir / "sitemap.xml").read_text(encoding="utf-8")
