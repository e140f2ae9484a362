"""benchmarks/synthetic.py: the seeded archive the scale benchmarks run on must be
valid, repeatable, of the size asked for, and shaped like the real one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.synthetic import KINDS, main, plan_counts, write_archive
from build_tools.clean import unescape_markdown
from build_tools.pipeline import load_and_validate
from build_tools.validate import normalise_for_quote

CYRILLIC = re.compile("[\u0400-\u04ff]")


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def record_pages(folder: Path) -> int:
    return sum(1 for kind in KINDS for path in (folder / kind).iterdir() if path.suffix in (".yml", ".md"))


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A 120-page archive, written and validated once: (folder, counts, archive, problems)."""
    root = tmp_path_factory.mktemp("synthetic")
    counts = write_archive(root / "content", 120, seed=1)
    archive, problems = load_and_validate(root / "content", base=root)
    return root / "content", counts, archive, problems


def test_small_archive_is_valid(small):
    _folder, counts, archive, problems = small
    assert [str(problem) for problem in problems] == []
    assert len(archive.events) == counts["events"] > 0
    assert len(archive.articles) == counts["articles"] == counts["raw"] > 0
    for kind in ("places", "people", "organizations", "outlets"):
        assert len(archive.records[kind]) == counts[kind] >= 3, kind
    assert sorted(archive.pages) == sorted(path.stem for path in (Path(__file__).parents[1] / "content" / "pages").glob("*.md"))


def test_page_count_is_what_was_asked(small):
    folder, counts, _archive, _problems = small
    assert record_pages(folder) == sum(counts[kind] for kind in KINDS)
    assert abs(record_pages(folder) - 120) <= 1.2


def test_same_seed_same_bytes_other_seed_differs(small, tmp_path):
    folder = small[0]
    write_archive(tmp_path / "again", 120, seed=1)
    write_archive(tmp_path / "other", 120, seed=2)
    assert tree(tmp_path / "again") == tree(folder)
    other = tree(tmp_path / "other")
    assert other != tree(folder)
    assert sum(1 for name in other if name.startswith("events/")) == sum(1 for name in tree(folder) if name.startswith("events/"))


def test_every_quote_is_in_its_source(small):
    _folder, _counts, archive, _problems = small
    texts = {article_id: normalise_for_quote(unescape_markdown(body)) for article_id, body in archive.bodies.items()}
    quotes = [(claim.quote, claim.source) for event in archive.events.values() for claim in event.claims if claim.quote]
    assert len(quotes) >= 10
    for quote, source in quotes:
        assert normalise_for_quote(quote) in texts[source], (quote, source)


def test_claims_and_events_look_like_real_ones(small):
    _folder, _counts, archive, _problems = small
    stances = {claim.stance for event in archive.events.values() for claim in event.claims}
    assert stances == {"asserts", "denies", "partially-confirms", "retracts"}
    disputed = [event for event in archive.events.values() if {"asserts", "denies"} <= {claim.stance for claim in event.claims}]
    assert 0 < len(disputed) < len(archive.events)
    assert all(1 <= len(event.claims) <= 4 for event in archive.events.values())
    assert any(event.related for event in archive.events.values())
    years = {event.span()[0].first.year for event in archive.events.values()}
    assert len(years) >= 3


def test_articles_are_600_to_1200_words(small):
    _folder, _counts, archive, _problems = small
    counts = [len(body.split()) for body in archive.bodies.values()]
    assert min(counts) >= 600 and max(counts) <= 1200
    assert max(counts) - min(counts) > 100  # varied, not one length


def test_places_form_a_hierarchy_with_cyrillic_aliases(small):
    _folder, _counts, archive, _problems = small
    places = archive.records["places"]

    def depth(place_id: str) -> int:
        levels = 1
        while places[place_id].within:
            place_id = places[place_id].within
            levels += 1
        return levels

    assert max(depth(place_id) for place_id in places) >= 3
    assert all(place.within for place in places.values() if place.kind != "country")
    assert all(place.coordinates is not None for place in places.values())
    assert any(CYRILLIC.search(alias) for place in places.values() for alias in place.aliases)
    assert any(CYRILLIC.search(alias) for person in archive.records["people"].values() for alias in person.aliases)
    assert all(1 <= len(person.aliases) <= 4 for person in archive.records["people"].values())


def test_thousand_pages_valid_and_in_proportion(tmp_path):
    counts = write_archive(tmp_path / "content", 1000, seed=5)
    assert counts == {**plan_counts(1000), "raw": plan_counts(1000)["articles"], "pages": counts["pages"]}
    assert abs(record_pages(tmp_path / "content") - 1000) <= 10
    assert counts["articles"] == 400 and counts["events"] == 380 and counts["places"] == 120 and counts["people"] == 80
    _archive, problems = load_and_validate(tmp_path / "content", base=tmp_path)
    assert [str(problem) for problem in problems] == []


def test_cli_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("keep me\n")
    assert main(["--pages", "50", "--out", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "not an empty folder" in error
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt"]
