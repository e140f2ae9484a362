"""`chronicle new`: skeletons that are valid records as written, carry what is
known (prefilled from an article), explain the rest in comments, and never
overwrite. Runs on a copy of the shipped archive, in-process."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from build_tools import pipeline
from build_tools.cli import main
from build_tools.load import parse_yaml
from build_tools.new_record import new_id

REPO = Path(__file__).resolve().parents[1]
REPORT = "kyiv-independent-2024-11-14-ukraine-repels-russian-attempt-to-enter-kupiansk"
EVENT_ID = "2024-11-14-ukraine-says-russian-attack-on-kupiansk-repelled"


def new(capsys, *argv: str) -> tuple[int, str]:
    code = main(["new", *argv])
    _out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, err


def problems(root: Path) -> list[str]:
    return [str(problem) for problem in pipeline.load_and_validate(root / "content", root)[1]]


def matches_schema(path: Path, schema_name: str) -> None:
    """As the contributor's editor checks it (dates stay text, as in YAML 1.2)."""
    schema = json.loads((REPO / "schemas" / schema_name).read_text(encoding="utf-8"))
    document, problem = parse_yaml(path.read_text(encoding="utf-8"), path.name)
    assert problem is None
    jsonschema.validate(document.data, schema)


def test_an_event_from_an_article_is_prefilled_from_what_ingest_recognises(archive_copy, capsys):
    code, err = new(capsys, "event", "Ukraine says Russian attack on Kupiansk repelled", "--from-article", REPORT, "--kind", "assault")

    assert code == 0, err
    path = archive_copy / "content" / "events" / f"{EVENT_ID}.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/event.schema.json\n")
    data = yaml.safe_load(text)
    assert str(data["date"]) == "2024-11-14"  # the article's date
    assert data["sources"] == [REPORT]
    assert {"kupiansk", "kharkiv-oblast"} <= set(data["places"])
    assert "andrii-kovalev" in data["people"]
    assert "general-staff-ukraine" in data["organizations"]
    assert data["claims"] == []
    assert f"#    source: {REPORT}" in text  # the claim to copy already names the report
    assert "#   - 2024-11-13-russian-assault-on-kupiansk" in text  # an event at Kupiansk the day before
    matches_schema(path, "event.schema.json")
    # Valid as written; the first summary only says, attributed, which report tells of it.
    assert data["summary"] == "The Kyiv Independent reported on 14 November 2024: “Ukraine repels Russian attempt to enter Kupiansk, military says”."
    assert problems(archive_copy) == []
    assert "is valid" in err


def test_the_skeleton_stays_valid_as_a_contributor_fills_in_a_claim(archive_copy, capsys):
    new(capsys, "event", "Ukraine says Russian attack on Kupiansk repelled", "--from-article", REPORT, "--kind", "assault")
    path = archive_copy / "content" / "events" / f"{EVENT_ID}.yml"
    text = path.read_text(encoding="utf-8")
    claim = f"""claims:
  - by: andrii-kovalev
    stance: denies
    says: Russian troops failed to enter Kupiansk.
    quote: Russian invaders failed to enter Kupiansk.
    source: {REPORT}
"""
    path.write_text(text.replace(next(line for line in text.splitlines() if line.startswith("claims: []")) + "\n", claim), encoding="utf-8")

    assert problems(archive_copy) == []


def test_an_event_with_its_summary_given_is_valid_at_once(archive_copy, capsys):
    code, err = new(capsys, "event", "The General Staff reports heavy fighting near Kupiansk", "--source", REPORT,
                    "--date", "2024-11", "--kind", "statement", "--summary", "Ukraine's General Staff reported heavy fighting near Kupiansk.")

    assert code == 0, err
    assert (archive_copy / "content/events/2024-11-general-staff-reports-heavy-fighting-near-kupiansk.yml").is_file()
    assert problems(archive_copy) == []
    assert "is valid" in err


@pytest.mark.parametrize(("argv", "path", "schema"), [
    (["place", "Kupiansk-Vuzlovyi", "--kind", "town", "--within", "kharkiv-oblast"], "places/kupiansk-vuzlovyi.yml", "place.schema.json"),
    (["person", "Oleksandr Syrskyi", "--country", "ukraine"], "people/oleksandr-syrskyi.yml", "person.schema.json"),
    (["organization", "Kharkiv Oblast Military Administration", "--kind", "local-authority"], "organizations/kharkiv-oblast-military-administration.yml", "organization.schema.json"),
    (["outlet", "Suspilne", "--language", "uk", "--country", "ukraine"], "outlets/suspilne.yml", "outlet.schema.json"),
])
def test_every_other_record_type_is_valid_at_once(archive_copy, capsys, argv, path, schema):
    code, err = new(capsys, *argv)

    assert code == 0, err
    written = archive_copy / "content" / path
    assert written.read_text(encoding="utf-8").startswith(f"# yaml-language-server: $schema=../../schemas/{schema}\n")
    matches_schema(written, schema)
    assert problems(archive_copy) == []


def test_it_never_overwrites(archive_copy, capsys):
    existing = archive_copy / "content/people/andrii-kovalev.yml"
    before = existing.read_text(encoding="utf-8")

    code, err = new(capsys, "person", "Andrii Kovalev")

    assert code == 1
    assert "'andrii-kovalev' already exists" in err and "--id" in err
    assert existing.read_text(encoding="utf-8") == before


def test_an_id_taken_in_another_folder_is_refused(archive_copy, capsys):
    code, err = new(capsys, "place", "DeepState", "--kind", "other")  # deepstate is an organization

    assert code == 1
    assert "'deepstate' already exists" in err
    assert not (archive_copy / "content/places/deepstate.yml").exists()


@pytest.mark.parametrize(("argv", "message"), [
    (["event", "Zzq shelling", "--source", REPORT, "--date", "2024-11-14"], "pass --kind with one of: assault, control-claim"),
    (["event", "Zzq shelling", "--kind", "skirmish", "--source", REPORT, "--date", "2024-11-14"], "'skirmish' is not an event kind"),
    (["event", "Zzq shelling", "--kind", "shelling", "--date", "2024-11-14"], "an event needs a source report: pass --from-article ID"),
    (["event", "Zzq shelling", "--kind", "shelling", "--source", REPORT], "pass --date YYYY-MM-DD"),
    (["event", "Zzq shelling", "--kind", "shelling", "--source", REPORT, "--date", "2024-13-01"], "--date '2024-13-01'"),
    (["person", "Someone", "--kind", "city"], "--kind does not apply to a new person"),
    (["outlet", "Suspilne"], "pass --language with the outlet's two-letter ISO 639-1 code"),
    (["event", "  ", "--kind", "shelling", "--source", REPORT, "--date", "2024-11-14"], "the title is empty"),
    (["person", "Someone", "--id", "Not An Id"], "--id 'Not An Id' is not a valid id"),
])
def test_usage_mistakes_get_one_line_saying_what_to_pass(archive_copy, capsys, argv, message):
    code, err = new(capsys, *argv)

    assert code == 2
    assert message in err
    assert not list((archive_copy / "content").rglob("*someone*")) and not list((archive_copy / "content").rglob("*zzq*"))


def test_unknown_ids_are_refused_with_a_suggestion(archive_copy, capsys):
    code, err = new(capsys, "event", "Zzq shelling", "--kind", "shelling", "--from-article", REPORT.replace("kupiansk", "kupyansk"))
    assert code == 1
    assert f"did you mean '{REPORT}'?" in err

    code, err = new(capsys, "place", "Somewhere", "--kind", "village", "--within", "kharkov-oblast")
    assert code == 1
    assert "no such place" in err and "did you mean 'kharkiv-oblast'?" in err


@pytest.mark.parametrize(("record", "title", "date", "expected"), [
    ("event", "Russia claims the capture of Voznesenka", "2024-11-14", "2024-11-14-russia-claims-the-capture-of-voznesenka"),
    ("event", "Renewed offensive", "2025", "2025-renewed-offensive"),
    ("place", "The Oskil River", None, "oskil-river"),
    ("person", "Олександр Сирський", None, "oleksandr-syrskyi"),
    ("organization", "Prosecutor's Office", None, "prosecutors-office"),
    ("event", "Russia sanctions U.S. House members", "2022", "2022-russia-sanctions-us-house-members"),
])
def test_ids_come_from_the_title(record, title, date, expected):
    assert new_id(record, title, date) == expected


def test_a_todo_left_anywhere_in_a_record_is_refused_on_its_line(archive_copy):
    path = archive_copy / "content/people/andrii-kovalev.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, 1) if text.startswith("description:"))
    lines[line - 1] = "description: TODO say who he is"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    found = problems(archive_copy)

    assert found == [f"content/people/andrii-kovalev.yml:{line}:14: error: description still holds a placeholder ('TODO say who he is'); write the real value, or remove the line if the field is optional"]
