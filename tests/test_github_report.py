"""`chronicle validate` under GitHub Actions: one annotation per mistake on its
line, every problem in the step summary, and for a valid change a summary of
what it adds compared with the base branch. Runs on copies of the shipped
archive, in-process through `main([...])`."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from build_tools.cli import main
from build_tools.errors import Problem
from build_tools.github_report import annotation, escape_data, escape_property, md_text
from tests.fixtures import git

REPO = Path(__file__).resolve().parents[1]
ASSAULT = "content/events/2024-11-13-russian-assault-on-kupiansk.yml"
ANNOTATION_RE = re.compile(r"^::error file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),title=(?P<title>[^:]+)::(?P<message>.+)$")


@pytest.fixture
def in_actions(archive_copy, monkeypatch):
    """GitHub's environment for a step: the flag and the summary file the step appends to."""
    summary = archive_copy / "step-summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    return summary


def validate(capsys, *options: str) -> tuple[int, list[str], str]:
    code = main(["validate", *options])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out.splitlines(), err


def replace_line(root: Path, relative: str, old: str, new: str) -> int:
    """Replace the first line starting with `old` and return its 1-based number."""
    path = root / relative
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(index for index, line in enumerate(lines) if line.lstrip().startswith(old))
    indent = lines[number][: len(lines[number]) - len(lines[number].lstrip())]
    lines[number] = indent + new + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return number + 1


def test_each_mistake_is_annotated_on_its_own_line(archive_copy, in_actions, capsys):
    broken = {
        (ASSAULT, replace_line(archive_copy, ASSAULT, "- kharkiv-oblast", "- kharkov-oblast")),
        (ASSAULT, replace_line(archive_copy, ASSAULT, "stance: partially-confirms", "stance: partly-confirms")),
        ("content/places/kupiansk.yml", replace_line(archive_copy, "content/places/kupiansk.yml", "kind:", "kind: metropolis")),
        ("content/people/andrii-kovalev.yml", replace_line(archive_copy, "content/people/andrii-kovalev.yml", "name:", "nmae: Andrii Kovalev")),
    }

    code, out, err = validate(capsys)

    assert code == 1
    annotations = [ANNOTATION_RE.match(line) for line in out]
    assert all(annotations), out
    assert {(match["file"], int(match["line"])) for match in annotations} == broken
    assert len(annotations) == len(broken)
    problems = [line for line in err.splitlines() if ": error: " in line]
    assert len(problems) == len(broken)
    assert {match["title"] for match in annotations} == {"Invalid event", "Invalid place", "Invalid person"}
    assert any("kharkov-oblast" in match["message"] and "kharkiv-oblast" in match["message"] for match in annotations)
    summary = in_actions.read_text(encoding="utf-8")
    assert "4 problems in 3 files" in summary
    for file, line in broken:
        assert f"`{file}:{line}:" in summary


def test_the_summary_lists_every_problem_beyond_the_ten_github_shows(archive_copy, in_actions, capsys):
    events = sorted((archive_copy / "content" / "events").glob("*.yml"))[:12]
    for path in events:
        replace_line(archive_copy, path.relative_to(archive_copy).as_posix(), "kind:", "kind: skirmish")

    code, out, _err = validate(capsys)

    assert code == 1
    assert len([line for line in out if line.startswith("::error ")]) == 12
    rows = [line for line in in_actions.read_text(encoding="utf-8").splitlines() if line.startswith("| `content/events/")]
    assert len(rows) == 12
    assert {row.split("`")[1].split(":")[0] for row in rows} == {path.relative_to(archive_copy).as_posix() for path in events}


def test_summary_locations_link_to_the_checked_out_commit(archive_copy, in_actions, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "someone/chronicle")
    monkeypatch.setenv("GITHUB_SHA", "0123abc")
    line = replace_line(archive_copy, ASSAULT, "kind:", "kind: skirmish")

    validate(capsys)

    assert f"](https://github.com/someone/chronicle/blob/0123abc/{ASSAULT}#L{line})" in in_actions.read_text(encoding="utf-8")


def test_outside_github_actions_there_are_no_annotations_and_no_summary(archive_copy, capsys, monkeypatch):
    summary = archive_copy / "step-summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    replace_line(archive_copy, ASSAULT, "kind:", "kind: skirmish")

    code, out, err = validate(capsys)

    assert code == 1
    assert out == []
    assert f"{ASSAULT}:" in err
    assert not summary.exists()


# --- a valid change, compared with the base branch ------------------------------------------

NEW_EVENT = """# yaml-language-server: $schema=../../schemas/event.schema.json
title: Ukraine's General Staff says Russian attacks near Kupiansk were repelled
date: 2024-11-14
kind: assault
places: [kupiansk]
organizations: [general-staff-ukraine]
summary: >-
  Ukraine's General Staff said Russian attacks in the Kupiansk direction were repelled.
claims:
  - by: andrii-kovalev
    stance: denies
    says: Russian troops failed to enter Kupiansk.
    quote: Russian invaders failed to enter Kupiansk.
    source: kyiv-independent-2024-11-14-ukraine-repels-russian-attempt-to-enter-kupiansk
sources:
  - kyiv-independent-2024-11-14-ukraine-repels-russian-attempt-to-enter-kupiansk
"""


@pytest.fixture
def pull_request(archive_copy):
    """A clone whose main is the shipped content, on a branch, as actions/checkout leaves a pull request."""
    upstream = archive_copy / "upstream"
    upstream.mkdir()
    shutil.move(str(archive_copy / "content"), upstream / "content")
    git(upstream, "init", "-q", "-b", "main")
    git(upstream, "add", ".")
    git(upstream, "commit", "-qm", "the shipped archive")
    git(archive_copy, "clone", "-q", str(upstream), "checkout")
    checkout = archive_copy / "checkout"
    git(checkout, "checkout", "-qb", "add-an-event")
    return checkout


def test_a_valid_change_is_summarised_against_the_base_branch(pull_request, in_actions, capsys, monkeypatch):
    monkeypatch.chdir(pull_request)
    monkeypatch.setenv("GITHUB_BASE_REF", "main")
    (pull_request / "content/events/2024-11-14-general-staff-says-attacks-repelled.yml").write_text(NEW_EVENT, encoding="utf-8")
    replace_line(pull_request, ASSAULT, "stance: partially-confirms", "stance: asserts")
    replace_line(pull_request, "content/places/kupiansk.yml", "kind: city", "kind: town")

    code, out, err = validate(capsys)

    assert code == 0, err
    assert not any(line.startswith("::error") for line in out)
    summary = in_actions.read_text(encoding="utf-8")
    assert "every record is valid" in summary
    assert "compared with `origin/main`" in summary
    assert "1 new event, 1 changed event, 1 changed place." in summary
    new_events = summary.split("#### New events")[1].split("####")[0]
    assert "`2024-11-14-general-staff-says-attacks-repelled`" in new_events
    assert "2024-11-14, assault, at kupiansk, 1 claim from 1 report" in new_events
    changed = summary.split("#### Changed events")[1].split("####")[0]
    assert "`2024-11-13-russian-assault-on-kupiansk`" in changed
    assert "changed claim by andriy-besedin" in changed
    assert "stance “partially-confirms” → “asserts”" in changed
    assert "`kupiansk`): kind" in summary.split("#### Changed places")[1]


def test_an_unchanged_branch_says_nothing_changed(pull_request, in_actions, capsys, monkeypatch):
    monkeypatch.chdir(pull_request)
    monkeypatch.setenv("GITHUB_BASE_REF", "main")

    assert validate(capsys)[0] == 0
    assert "No record changed." in in_actions.read_text(encoding="utf-8")


def test_reformatting_a_record_is_not_a_change(pull_request, capsys, monkeypatch):
    monkeypatch.chdir(pull_request)
    path = pull_request / "content/places/kupiansk.yml"
    path.write_text(path.read_text(encoding="utf-8") + "\n\n# a comment\n", encoding="utf-8")

    code, out, _err = validate(capsys, "--base", "main")

    assert code == 0
    assert "No record changed." in "\n".join(out)


def test_removing_and_renaming_records_are_reported(pull_request, capsys, monkeypatch):
    monkeypatch.chdir(pull_request)
    people = pull_request / "content/people"
    old = people / "vitaly-ganchev.yml"
    (people / "vitaliy-ganchev.yml").write_text(old.read_text(encoding="utf-8") + "redirect_from: [vitaly-ganchev]\n", encoding="utf-8")
    old.unlink()
    for path in (pull_request / "content").rglob("*.yml"):
        text = path.read_text(encoding="utf-8")
        if "vitaly-ganchev" in text and path.name != "vitaliy-ganchev.yml":
            path.write_text(re.sub(r"\bvitaly-ganchev\b", "vitaliy-ganchev", text), encoding="utf-8")

    code, out, err = validate(capsys, "--base", "main")

    assert code == 0, err
    text = "\n".join(out)
    assert "- `vitaly-ganchev` → `vitaliy-ganchev` (the old address redirects)" in text
    assert "changed claim by vitaly-ganchev" in text and "by “vitaly-ganchev” → “vitaliy-ganchev”" in text
    assert "New people" not in text and "Removed people" not in text


def test_an_unknown_base_is_a_clear_error(pull_request, capsys, monkeypatch):
    monkeypatch.chdir(pull_request)

    code, _out, err = validate(capsys, "--base", "origin/no-such-branch")

    assert code == 1
    assert "base 'origin/no-such-branch' is not a branch or commit in this repository" in err


def test_under_actions_a_missing_base_branch_only_notes_it(pull_request, in_actions, capsys, monkeypatch):
    monkeypatch.chdir(pull_request)
    monkeypatch.setenv("GITHUB_BASE_REF", "release")

    code, _out, _err = validate(capsys)

    assert code == 0
    summary = in_actions.read_text(encoding="utf-8")
    assert "every record is valid" in summary
    assert "Could not compare with the base branch: base 'origin/release' is not a branch or commit" in summary


# --- the formats themselves ---------------------------------------------------------------


def test_annotation_properties_and_message_are_escaped():
    problem = Problem("content/places/odd,name:x.yml", 3, 5, "100% wrong\nsecond line")

    line = annotation(problem)

    assert line == "::error file=content/places/odd%2Cname%3Ax.yml,line=3,col=5,title=Invalid place::100%25 wrong%0Asecond line"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    assert escape_data("a:b,c\r") == "a:b,c%0D"


def test_record_text_cannot_inject_markdown_into_the_summary():
    shown = md_text("[click](javascript:alert(1)) <img src=x onerror=alert(1)> **bold** | cell")

    assert "[" not in shown.replace("\\[", "") and "<" not in shown.replace("\\<", "")
    assert "|" not in shown.replace("\\|", "")
    assert "**" not in shown
