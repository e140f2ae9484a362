"""`chronicle ingest` on the shipped seeds reports what each report is about."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from build_tools.cli import main

REPO = Path(__file__).resolve().parents[1]


def test_ingest_reports_places_people_and_events(tmp_path, monkeypatch, capsys):
    shutil.copytree(REPO / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    assert main(["ingest", "content/raw/004_eb6a58e3b52a20c7.txt", "--date", "2025-11-20"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "unchanged: content/articles/kyiv-independent-2025-11-20-cheap-provocations-ukraine-denies-russias-claim.md"
    report = dict(line.strip().split(": ", 1) for line in lines[1:])
    assert "kupiansk" in report["places"].split(", ")
    assert "valery-gerasimov" in report["people"].split(", ")
    assert "general-staff-ukraine" in report["organizations"].split(", ")
    assert "2025-11-20-gerasimov-claims-capture-of-kupiansk" in report["events"].split(", ")


def test_ingest_recognises_other_spellings(tmp_path, monkeypatch, capsys):
    """Seed 003 spells Kupyansk and Kurakhovo; ingest still finds the records."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    assert main(["ingest", "content/raw/003_6c29c67bb9852ea0.txt", "--id", "vijesti-2024-11-14-ukrainian-military-claims-it-is-in-full-control"]) == 0
    places = next(line for line in capsys.readouterr().out.splitlines() if line.strip().startswith("places:"))
    assert {"kupiansk", "kurakhove"} <= set(places.split(": ", 1)[1].split(", "))


# --- every seed, duplicates, HTML, JSON, refusals ---------------------------------------------

SEED_OPTIONS = {
    "000_996fa304dc4df510.txt": ["--date", "2024-11-14"],
    "003_6c29c67bb9852ea0.txt": ["--id", "vijesti-2024-11-14-ukrainian-military-claims-it-is-in-full-control"],
    "004_eb6a58e3b52a20c7.txt": ["--date", "2025-11-20"],
}
KEY_DEVELOPMENTS = "kyiv-independent-2024-11-14-key-developments-on-nov-14"
KUPIANSK_STORY = "kyiv-independent-2024-11-14-ukraine-repels-russian-attempt-to-enter-kupiansk"


def ingest_json(capsys, *argv: str) -> list[dict]:
    assert main(["ingest", "--json", *argv]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("seed", sorted(RAW.name for RAW in (REPO / "content" / "raw").glob("*.txt")))
def test_every_seed_reports_places_people_and_events(archive_copy, capsys, seed):
    [report] = ingest_json(capsys, f"content/raw/{seed}", *SEED_OPTIONS.get(seed, []))
    assert report["status"] == "unchanged"  # the committed article is what ingest makes
    assert "kupiansk" in report["places"]
    assert report["people"], "every seed names at least one recorded person"
    assert report["events"], "every seed is tied to at least one recorded event"
    # Each metadata field says where it came from.
    assert set(report["metadata"]) == {"outlet", "date", "title", "authors", "language"}
    assert all(entry["source"] for entry in report["metadata"].values())


def test_seed_001_is_a_near_duplicate_of_the_key_developments_story(archive_copy, capsys):
    [report] = ingest_json(capsys, "content/raw/001_72cbfb604ae173a6.txt")
    [duplicate] = report["duplicates"]
    assert duplicate["article_id"] == KEY_DEVELOPMENTS
    assert duplicate["relation"] == "contained in"
    assert duplicate["share_of_new"] > 0.8 > duplicate["share_of_old"]
    assert report["copy_of"] == KEY_DEVELOPMENTS


def test_the_digest_contains_the_story_but_is_not_recorded_as_its_copy(archive_copy, capsys):
    [report] = ingest_json(capsys, "content/raw/000_996fa304dc4df510.txt", "--date", "2024-11-14")
    assert [(d["article_id"], d["relation"]) for d in report["duplicates"]] == [(KUPIANSK_STORY, "contains it")]
    assert "copy_of" not in report


def test_human_report_names_the_duplicate(archive_copy, capsys):
    assert main(["ingest", "content/raw/001_72cbfb604ae173a6.txt"]) == 0
    out = capsys.readouterr().out
    assert f"  near-duplicate of: {KEY_DEVELOPMENTS}, 86% of this report's text is in it" in out
    assert "(recorded as copy_of)" in out


WIRE_STORY = (
    "Russian forces attacked the outskirts of Kupiansk overnight with drones and artillery, the regional governor said on Friday. "
    "Three civilians were wounded when a guided bomb struck a residential street near the railway station, he said. "
    "Ukrainian units repelled two assaults north of the city and held their positions along the Oskil river, the General Staff reported. "
    "The city, a railway hub in Kharkiv Oblast, was occupied by Russian troops in February 2022 and liberated that September. "
    "Moscow has tried for months to take it back, sending small infantry groups through the forest belts to the north. "
    "Evacuation of children from nearby villages continues, local officials said, as shelling has cut power and water."
)


def test_two_outlets_carrying_the_same_wire_story_in_one_run(archive_copy, capsys):
    captures = archive_copy / "captures"
    captures.mkdir()
    for name, intro in (("a.txt", "Kupiansk under fire again, governor says"), ("b.txt", "Wire: night attack on Kupiansk wounds three")):
        paragraphs = WIRE_STORY.replace(". ", ".\n").splitlines()
        (captures / name).write_text(f"{intro}\nby Reuters Staff November 15, 2024\n" + "\n".join(paragraphs) + "\n", encoding="utf-8")
    first, second = ingest_json(capsys, "captures/a.txt", "captures/b.txt", "--outlet", "kyiv-independent")
    assert first["duplicates"] == []
    assert second["copy_of"] == first["article"]
    assert second["duplicates"][0]["relation"] == "same text"
    assert main(["validate"]) == 0


HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Kupiansk shelled overnight | The Kyiv Independent</title>
<meta property="og:title" content="Kupiansk shelled overnight, officials say">
<meta property="og:site_name" content="The Kyiv Independent">
<meta property="article:published_time" content="2024-11-15T09:10:00+02:00">
<meta name="author" content="Kateryna Denisova">
</head>
<body>
<nav><a href="/">News</a> <a href="/war">War</a> <a href="/opinion">Opinion</a></nav>
<article>
<h1>Kupiansk shelled overnight, officials say</h1>
<p>Russian forces shelled Kupiansk overnight, Ukraine's General Staff said on Nov. 15, as fighting continued on the northern edge of the city.</p>
<p>"The shelling did not stop all night," spokesperson Andrii Kovalev said, adding that two assaults were repelled near the railway station.</p>
<p>Support our journalism: become a member of the Kyiv Independent today and help us reach 25,000 members.</p>
<p>The city, a railway hub in Kharkiv Oblast, was occupied in February 2022 and liberated by Ukrainian forces in September of that year.</p>
<script>alert("not text")</script>
</article>
<footer>© 2024 The Kyiv Independent. All rights reserved. Privacy policy.</footer>
</body>
</html>
"""


def test_html_capture_with_metadata_and_its_sources(archive_copy, capsys):
    (archive_copy / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    [report] = ingest_json(capsys, "page.html")
    metadata = report["metadata"]
    assert metadata["title"] == {"value": "Kupiansk shelled overnight, officials say", "source": "meta og:title"}
    assert metadata["date"] == {"value": "2024-11-15", "source": "meta article:published_time"}
    assert metadata["authors"] == {"value": ["Kateryna Denisova"], "source": "meta author"}
    assert metadata["outlet"]["value"] == "kyiv-independent"
    assert metadata["language"]["value"] == "en"
    article = (archive_copy / report["path"]).read_text(encoding="utf-8")
    body = article.split("---\n", 2)[2]
    assert "The shelling did not stop all night" in body
    assert "liberated by Ukrainian forces in September" in body
    for furniture in ("become a member", "alert(", "All rights reserved", "Opinion"):
        assert furniture not in body
    assert "kupiansk" in report["places"] and "andrii-kovalev" in report["people"]
    assert (archive_copy / "content/raw/page.html").read_text(encoding="utf-8") == HTML_PAGE


def test_a_page_named_by_an_unknown_publisher_asks_for_the_outlet(archive_copy, capsys):
    (archive_copy / "page.html").write_text(HTML_PAGE.replace("The Kyiv Independent", "Kharkiv Daily").replace("the Kyiv Independent", "Kharkiv Daily"), encoding="utf-8")
    assert main(["ingest", "page.html"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("chronicle: error: page.html: the page names its publisher 'Kharkiv Daily', which no outlet record has as its name; pass --outlet ID")
    assert error.count("\n") == 1


def content_snapshot(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted((root / "content").rglob("*")) if path.is_file()}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "capture.txt: the file is empty; capture the page again"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "capture.txt: this is a binary file, not a text or HTML capture"),
        ("Kupiansk shelled\nThe caf\xe9 was hit.\n".encode("cp1252"), "capture.txt:2: the capture is not UTF-8 (byte 0xe9)"),
        (b"Kupiansk under fire\nThe Kyiv Independent\n" + WIRE_STORY.encode(), "capture.txt: no publication date found in the capture; pass --date YYYY-MM-DD"),
        (b"Kupiansk under fire\nThe Kyiv Independent\n03/04/2024\n" + WIRE_STORY.encode(),
         "capture.txt: the capture's date '03/04/2024' could be read day-first or month-first; pass --date YYYY-MM-DD"),
    ],
    ids=["empty", "binary", "unknown-encoding", "no-date", "ambiguous-date"],
)
def test_unusable_captures_get_one_line_and_nothing_is_written(archive_copy, capsys, data, message):
    (archive_copy / "capture.txt").write_bytes(data)
    before = content_snapshot(archive_copy)
    assert main(["ingest", "capture.txt", "--outlet", "kyiv-independent"]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"chronicle: error: {message}")
    assert error.count("\n") == 1
    assert content_snapshot(archive_copy) == before


def test_a_slash_date_is_settled_when_one_part_cannot_be_a_month(archive_copy, capsys):
    (archive_copy / "capture.txt").write_text("Kupiansk under fire\n03/14/2024\n" + WIRE_STORY + "\n", encoding="utf-8")
    [report] = ingest_json(capsys, "capture.txt", "--outlet", "kyiv-independent")
    assert report["metadata"]["date"] == {"value": "2024-03-14", "source": "dateline '03/14/2024'"}


def test_unknown_names_are_flagged_for_the_contributor(archive_copy, capsys):
    [report] = ingest_json(capsys, "content/raw/000_996fa304dc4df510.txt", "--date", "2024-11-14")
    flagged = {candidate["name"]: candidate for candidate in report["unknown_names"]}
    assert flagged["Defense Ministry"]["kind"] == "organization"
    assert flagged["Defense Ministry"]["example"]
    recorded = {"Kupiansk", "Zelensky", "Volodymyr Zelensky", "Reuters", "Kyiv Independent"}
    assert not set(flagged) & recorded
