"""The `chronicle` command: help, usage errors, and user mistakes answered with
one clear line (never a traceback). Runs in-process through `main([...])`."""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from build_tools.cli import COMMANDS, main
from tests.fixtures import write_tree

REPO = Path(__file__).parents[1]

# --- a tiny valid content folder, and captures to clean -----------------------------

ARTICLE_RAW = """Ukraine repels Russian attempt to enter Kupiansk, military says
by Boldizsar Gyori November 14, 2024 2:20 PM
Ukrainian forces repelled Russian attempts to break into the city of Kupiansk, the General Staff said on Nov. 14.
"All Russian attacks in this direction were successfully repelled," spokesperson Andrii Kovalev told Ukrinform.
"""
ARTICLE_ID = "kyiv-independent-2024-11-14-ukraine-repels-russian-attempt"
EVENT_ID = "2024-11-14-attack-on-kupiansk-repelled"

VALID: dict[str, str] = {
    "content/places/ukraine.yml": "name: Ukraine\nkind: country\n",
    "content/places/kupiansk.yml": "name: Kupiansk\naliases:\n  - Kupyansk\nkind: city\nwithin: ukraine\ncoordinates:\n  lat: 49.7106\n  lon: 37.6156\n",
    "content/people/andrii-kovalev.yml": "name: Andrii Kovalev\ncountry: ukraine\naffiliation: general-staff-ukraine\n",
    "content/organizations/general-staff-ukraine.yml": "name: General Staff of the Armed Forces of Ukraine\nkind: military-command\ncountry: ukraine\n",
    "content/outlets/kyiv-independent.yml": "name: The Kyiv Independent\nlanguage: en\ncountry: ukraine\nrecognize:\n  - Kyiv Independent\n",
    "content/raw/001_test.txt": ARTICLE_RAW,
    f"content/articles/{ARTICLE_ID}.md": f"""---
title: Ukraine repels Russian attempt to enter Kupiansk, military says
outlet: kyiv-independent
date: '2024-11-14'
language: en
raw: raw/001_test.txt
sha256: {hashlib.sha256(ARTICLE_RAW.encode("utf-8")).hexdigest()}
---

Ukrainian forces repelled Russian attempts to break into the city of Kupiansk, the General Staff said on Nov. 14.

"All Russian attacks in this direction were successfully repelled," spokesperson Andrii Kovalev told Ukrinform.
""",
    f"content/events/{EVENT_ID}.yml": f"""title: Ukraine says it repelled a Russian attempt to enter Kupiansk
date: 2024-11-14
kind: assault
places: [kupiansk]
people: [andrii-kovalev]
organizations: [general-staff-ukraine]
summary: Ukraine's General Staff said Russian attempts to enter Kupiansk were repelled.
claims:
  - by: general-staff-ukraine
    stance: asserts
    says: Russian attacks towards Kupiansk were repelled.
    quote: All Russian attacks in this direction were successfully repelled
    source: {ARTICLE_ID}
sources: [{ARTICLE_ID}]
""",
}

# A new report to clean and ingest (the outlet is given with --outlet).
CAPTURE = """Russian troops shell Kupiansk again, officials say
by Kateryna Denisova November 15, 2024 9:10 AM
Russian forces shelled Kupiansk overnight, Ukraine's General Staff said on Nov. 15.
"The shelling did not stop all night," spokesperson Andrii Kovalev said.
"""
CAPTURE_ID = "kyiv-independent-2024-11-15-russian-troops-shell-kupiansk-again-officials-say"
CAPTURE_WITHOUT_DATE = CAPTURE.replace(" November 15, 2024 9:10 AM", "")


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def chronicle(capsys):
    """Run `chronicle ARGS...` in-process; --help exits through SystemExit, which counts as the exit code."""

    def run(*argv: str) -> Result:
        try:
            code = main(list(argv))
        except SystemExit as exit_:
            code = exit_.code
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return Result(code, out, err)

    return run


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """The valid content folder in tmp_path, which becomes the current directory."""

    def make(extra: dict[str, str | bytes] | None = None) -> Path:
        write_tree(tmp_path, {**VALID, **(extra or {})})
        monkeypatch.chdir(tmp_path)
        return tmp_path

    return make


# --- help and usage ----------------------------------------------------------------------


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_answers_help(chronicle, command):
    result = chronicle(command, "--help")
    assert result.code == 0
    assert result.out.startswith(f"usage: chronicle {command} ")
    assert result.err == ""


def test_top_level_help_lists_every_command(chronicle):
    result = chronicle("--help")
    assert result.code == 0
    assert result.out.startswith("usage: chronicle ")
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\s", result.out, re.MULTILINE), command


def test_no_command_is_a_usage_error(chronicle):
    result = chronicle()
    assert result.code == 2
    assert result.out == ""
    assert result.err == "chronicle: error: the following arguments are required: COMMAND (see `chronicle --help`)\n"


def test_unknown_command_is_a_usage_error(chronicle):
    result = chronicle("frobnicate")
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("chronicle: error: argument COMMAND: invalid choice: 'frobnicate' (choose from ")
    assert result.err.endswith(" (see `chronicle --help`)\n")
    assert result.err.count("\n") == 1


def test_unknown_option_is_a_usage_error(chronicle):
    result = chronicle("validate", "--contnet", "content")
    assert result.code == 2
    assert result.err == "chronicle: error: unrecognized arguments: --contnet content (see `chronicle --help`)\n"


def test_invalid_article_id_option_is_a_usage_error(chronicle, tree):
    tree({"capture.txt": CAPTURE})
    result = chronicle("clean", "capture.txt", "--outlet", "kyiv-independent", "--id", "Bad_Id")
    assert result.code == 2
    assert result.err == "chronicle: error: --id 'Bad_Id' is not a valid id; use lowercase letters, digits and single hyphens\n"


# --- validate ---------------------------------------------------------------------------------


def test_validate_valid_content(chronicle, tree):
    tree()
    result = chronicle("validate", "--content", "content")
    assert (result.code, result.out, result.err) == (0, "", "content: valid\n")


def test_validate_missing_content_folder(chronicle, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = chronicle("validate", "--content", "missing-dir")
    assert result.code == 1
    assert result.out == ""
    assert result.err == "chronicle: error: missing-dir: no such content folder; run from the repository root or pass --content DIR\n"


def test_validate_in_a_folder_without_content(chronicle, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = chronicle("validate")
    assert result.code == 1
    assert result.err == "chronicle: error: content: no such content folder; run from the repository root or pass --content DIR\n"


# --- clean ------------------------------------------------------------------------------------


def test_clean_prints_the_article(chronicle, tree):
    tree({"captures/002_new.txt": CAPTURE})
    result = chronicle("clean", "captures/002_new.txt", "--outlet", "kyiv-independent")
    assert result.code == 0
    # Where each field came from goes to standard error, so the article alone reaches standard output.
    assert result.err.splitlines() == [
        "outlet: kyiv-independent (--outlet)",
        "date: 2024-11-15 (byline 'by Kateryna Denisova November 15, 2024 9:10 AM')",
        "title: Russian troops shell Kupiansk again, officials say (first headline-like line near the top)",
        "authors: Kateryna Denisova (byline 'by Kateryna Denisova November 15, 2024 9:10 AM')",
        "language: en (the language of outlet 'kyiv-independent' (the text alone does not tell: its commonest words fit no one language clearly))",
    ]
    assert result.out == f"""---
title: Russian troops shell Kupiansk again, officials say
outlet: kyiv-independent
date: '2024-11-15'
authors:
- Kateryna Denisova
language: en
raw: raw/002_new.txt
sha256: {hashlib.sha256(CAPTURE.encode("utf-8")).hexdigest()}
---

Russian forces shelled Kupiansk overnight, Ukraine's General Staff said on Nov. 15.

"The shelling did not stop all night," spokesperson Andrii Kovalev said.
"""


@pytest.mark.parametrize(
    ("files", "name", "message"),
    [
        pytest.param({}, "nope.txt", "nope.txt: no such file", id="missing"),
        pytest.param({"captures/empty.txt": ""}, "captures/empty.txt", "captures/empty.txt: the file is empty; capture the page again", id="empty"),
        pytest.param({"captures/blank.txt": " \n\n\t\n"}, "captures/blank.txt", "captures/blank.txt: the file is empty; capture the page again", id="only-whitespace"),
        pytest.param(
            {"captures/photo.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"},
            "captures/photo.txt",
            "captures/photo.txt: this is a binary file, not a text or HTML capture",
            id="binary",
        ),
        pytest.param(
            {"captures/latin1.txt": "Kupiansk shelled\nThe caf\xe9 on the square was hit.\n".encode("latin-1")},
            "captures/latin1.txt",
            "captures/latin1.txt:2: the capture is not UTF-8 (byte 0xe9); save it again as UTF-8 (most editors: Save with Encoding > UTF-8)",
            id="latin-1",
        ),
        pytest.param({"captures/sub/x.txt": "x"}, "captures/sub", "captures/sub: is a folder; give the capture file itself", id="folder"),
        pytest.param(
            {"captures/page.html": b'<html><head><meta charset="klingon-8"></head><body><p>Kupiansk</p></body></html>'},
            "captures/page.html",
            "captures/page.html: the page declares the encoding 'klingon-8', which is unknown; save it again as UTF-8",
            id="html-unknown-encoding",
        ),
        pytest.param(
            {"captures/page.html": b'<html><head><meta charset="utf-8"></head><body><p>Caf\xe9</p></body></html>'},
            "captures/page.html",
            "captures/page.html:1: the page says it is utf-8 but byte 0xe9 is not; save it again as UTF-8",
            id="html-wrong-encoding",
        ),
    ],
)
def test_clean_refuses_an_unusable_capture(chronicle, tree, files, name, message):
    tree(files)
    result = chronicle("clean", name, "--outlet", "kyiv-independent")
    assert result.code == 1
    assert result.out == ""
    assert result.err == f"chronicle: error: {message}\n"


def test_clean_without_a_date_asks_for_one(chronicle, tree):
    tree({"capture.txt": CAPTURE_WITHOUT_DATE})
    result = chronicle("clean", "capture.txt", "--outlet", "kyiv-independent")
    assert result.code == 1
    assert result.out == ""
    assert result.err == "chronicle: error: capture.txt: no publication date found in the capture; pass --date YYYY-MM-DD\n"


def test_clean_with_the_date_given(chronicle, tree):
    tree({"capture.txt": CAPTURE_WITHOUT_DATE})
    result = chronicle("clean", "capture.txt", "--outlet", "kyiv-independent", "--date", "2024-11-15")
    assert result.code == 0
    assert "\ndate: '2024-11-15'\n" in result.out


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2024-13-01", "--date: '2024-13-01' has no month 13"),
        ("2024-02-30", "--date: '2024-02-30' is not a real day: February 2024 has 29 days"),
        ("2024-11", "--date: '2024-11' is not a day; give the day of publication as YYYY-MM-DD"),
        ("14/11/2024", "--date: '14/11/2024' is not a day; give the day of publication as YYYY-MM-DD"),
    ],
)
def test_clean_with_an_impossible_date(chronicle, tree, date, message):
    tree({"capture.txt": CAPTURE_WITHOUT_DATE})
    result = chronicle("clean", "capture.txt", "--outlet", "kyiv-independent", "--date", date)
    assert result.code == 1
    assert result.out == ""
    assert result.err == f"chronicle: error: {message}\n"


def test_clean_with_an_unknown_outlet(chronicle, tree):
    tree({"capture.txt": CAPTURE})
    result = chronicle("clean", "capture.txt", "--outlet", "kyiv-indy")
    assert result.code == 1
    assert result.err == "chronicle: error: capture.txt: unknown outlet 'kyiv-indy' (known: kyiv-independent); add content/outlets/kyiv-indy.yml first\n"


def test_clean_when_the_outlet_cannot_be_recognised(chronicle, tree):
    tree({"capture.txt": CAPTURE})
    result = chronicle("clean", "capture.txt")
    assert result.code == 1
    assert result.err == "chronicle: error: capture.txt: cannot tell which outlet published this capture; pass --outlet ID (known: kyiv-independent) or add the outlet in content/outlets/\n"


# --- schema -----------------------------------------------------------------------------------


def test_schema_check_passes_on_the_committed_schemas(chronicle, monkeypatch):
    monkeypatch.chdir(REPO)
    result = chronicle("schema", "--check")
    assert (result.code, result.out, result.err) == (0, "", "schemas: up to date\n")


def test_schema_check_fails_after_a_schema_is_changed(chronicle, tmp_path, monkeypatch):
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    changed = tmp_path / "schemas" / "place.schema.json"
    text = changed.read_text(encoding="utf-8").replace("Latitude", "Lattitude", 1)
    changed.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = chronicle("schema", "--check")
    assert result.code == 1
    assert result.err == "chronicle: error: schemas/place.schema.json: out of date with the models; run `chronicle schema`\n"
    assert changed.read_text(encoding="utf-8") == text  # --check writes nothing


def test_schema_writes_what_check_then_accepts(chronicle, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    written = chronicle("schema", "--out", "out")
    assert (written.code, written.err) == (0, "wrote 6 schemas to out\n")
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == sorted(path.name for path in (REPO / "schemas").glob("*.json"))
    checked = chronicle("schema", "--check", "--out", "out")
    assert (checked.code, checked.err) == (0, "out: up to date\n")


# --- generate ---------------------------------------------------------------------------------


def test_generate_writes_pages_and_a_second_run_writes_none(chronicle, tree):
    root = tree()
    first = chronicle("generate", "--content", "content", "--out", "out")
    assert first.code == 0
    match = re.fullmatch(r"generated out: (\d+) pages written, 0 removed\n", first.err)
    assert match, first.err
    pages = sorted(p.relative_to(root / "out").as_posix() for p in (root / "out").rglob("*") if p.is_file() and p.name not in (".chronicle-generated", ".chronicle-inputs.json"))
    assert int(match.group(1)) == len(pages)
    assert f"events/{EVENT_ID}.md" in pages
    assert f"reports/{ARTICLE_ID}.md" in pages
    assert "places/kupiansk.md" in pages

    second = chronicle("generate", "--content", "content", "--out", "out")
    assert (second.code, second.err) == (0, "generated out: 0 pages written, 0 removed\n")


def test_generate_skips_an_unchanged_archive_but_not_a_change_in_or_out(chronicle, tree):
    """Like make: nothing read has changed, nothing is done; a changed record, or a
    generated page deleted by hand, makes it generate again."""
    root = tree()
    assert chronicle("generate", "--content", "content", "--out", "out").code == 0
    out = root / "out"
    stamps = {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()}
    assert chronicle("generate", "--content", "content", "--out", "out").err == "generated out: 0 pages written, 0 removed\n"
    assert {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()} == stamps

    (out / f"events/{EVENT_ID}.md").unlink()
    again = chronicle("generate", "--content", "content", "--out", "out")
    assert again.err == "generated out: 1 pages written, 0 removed\n" and (out / f"events/{EVENT_ID}.md").is_file()

    event = root / f"content/events/{EVENT_ID}.yml"
    event.write_text(event.read_text(encoding="utf-8").replace("title: ", "title: Retitled ", 1), encoding="utf-8")
    changed = chronicle("generate", "--content", "content", "--out", "out")
    assert changed.code == 0 and "Retitled" in (out / f"events/{EVENT_ID}.md").read_text(encoding="utf-8")


def test_generate_removes_pages_of_deleted_records(chronicle, tree):
    root = tree()
    chronicle("generate", "--content", "content", "--out", "out")
    (root / "content/people/andrii-kovalev.yml").unlink()
    (root / f"content/events/{EVENT_ID}.yml").write_text(VALID[f"content/events/{EVENT_ID}.yml"].replace("people: [andrii-kovalev]\n", ""), encoding="utf-8")
    result = chronicle("generate", "--content", "content", "--out", "out")
    assert result.code == 0
    assert re.fullmatch(r"generated out: \d+ pages written, 1 removed\n", result.err), result.err
    assert not (root / "out/people/andrii-kovalev.md").exists()


def test_generate_refuses_a_folder_with_unrelated_files(chronicle, tree):
    root = tree({"notes/todo.txt": "my own notes\n"})
    result = chronicle("generate", "--content", "content", "--out", "notes")
    assert result.code == 1
    assert result.err == "chronicle: error: notes: the folder holds files Chronicle did not generate; choose an empty or new folder for --out\n"
    assert sorted(p.name for p in (root / "notes").iterdir()) == ["todo.txt"]


def test_generate_refuses_an_output_that_is_a_file(chronicle, tree):
    tree({"notes.txt": "my own notes\n"})
    result = chronicle("generate", "--content", "content", "--out", "notes.txt")
    assert result.code == 1
    assert result.err == "chronicle: error: notes.txt: exists and is not a folder; choose another --out\n"


def test_generate_writes_nothing_when_content_is_invalid(chronicle, tree):
    root = tree({"content/places/kupiansk.yml": VALID["content/places/kupiansk.yml"].replace("kind: city", "kind: cty")})
    result = chronicle("generate", "--content", "content", "--out", "out")
    assert result.code == 1
    assert result.err.splitlines() == [
        "content/places/kupiansk.yml:4:7: error: kind: 'cty' is not allowed; use one of: country, oblast, region, raion, hromada, city, town, village, settlement, district, river, military-site, other; did you mean 'city'?",
        "chronicle: 1 problem in 1 file; nothing was generated",
    ]
    assert not (root / "out").exists()


# --- ingest -----------------------------------------------------------------------------------


def ingest_once(chronicle, tree) -> tuple[Path, Result]:
    root = tree({"captures/002_new.txt": CAPTURE})
    result = chronicle("ingest", "captures/002_new.txt", "--outlet", "kyiv-independent")
    assert result.code == 0, result.err
    return root, result


def test_ingest_writes_the_article_and_keeps_the_raw_capture(chronicle, tree):
    root, result = ingest_once(chronicle, tree)
    lines = result.out.splitlines()
    assert lines[0] == f"written: content/articles/{CAPTURE_ID}.md"
    assert "  outlet: kyiv-independent (--outlet)" in lines
    assert "  places: kupiansk, ukraine" in lines
    assert "  people: andrii-kovalev" in lines
    assert "  events: 2024-11-14-attack-on-kupiansk-repelled" in lines  # at a place it names, the same day
    assert (root / "content/raw/002_new.txt").read_bytes() == CAPTURE.encode("utf-8")
    assert chronicle("validate").code == 0

    again = chronicle("ingest", "captures/002_new.txt", "--outlet", "kyiv-independent")
    assert again.code == 0
    assert again.out.splitlines()[0] == f"unchanged: content/articles/{CAPTURE_ID}.md"


def test_ingest_refuses_to_overwrite_a_hand_edited_article(chronicle, tree):
    root, _ = ingest_once(chronicle, tree)
    article = root / f"content/articles/{CAPTURE_ID}.md"
    edited = article.read_text(encoding="utf-8") + "\nA paragraph added by hand.\n"
    article.write_text(edited, encoding="utf-8")

    result = chronicle("ingest", "captures/002_new.txt", "--outlet", "kyiv-independent")
    assert result.code == 1
    assert result.out == ""
    assert result.err == (
        f"chronicle: error: captures/002_new.txt: content/articles/{CAPTURE_ID}.md exists and differs (edited by hand?); "
        "pass --force to replace it (a .bak copy is kept)\n"
    )
    assert article.read_text(encoding="utf-8") == edited
    assert not article.with_name(article.name + ".bak").exists()


def test_ingest_force_replaces_a_hand_edited_article_and_keeps_a_backup(chronicle, tree):
    root, _ = ingest_once(chronicle, tree)
    article = root / f"content/articles/{CAPTURE_ID}.md"
    original = article.read_text(encoding="utf-8")
    edited = original + "\nA paragraph added by hand.\n"
    article.write_text(edited, encoding="utf-8")

    result = chronicle("ingest", "captures/002_new.txt", "--outlet", "kyiv-independent", "--force")
    assert result.code == 0
    assert result.out.splitlines()[0] == f"written: content/articles/{CAPTURE_ID}.md"
    assert article.read_text(encoding="utf-8") == original
    assert article.with_name(article.name + ".bak").read_text(encoding="utf-8") == edited
    assert chronicle("validate").code == 0  # the .bak copy is not taken for an article


def test_ingest_refuses_a_different_capture_under_the_same_raw_name(chronicle, tree):
    root, _ = ingest_once(chronicle, tree)
    (root / "captures/002_new.txt").write_text(CAPTURE + "An update.\n", encoding="utf-8")
    result = chronicle("ingest", "captures/002_new.txt", "--outlet", "kyiv-independent")
    assert result.code == 1
    assert result.err == "chronicle: error: captures/002_new.txt: content/raw/002_new.txt already holds a different capture; rename the file, or pass --force to replace it\n"
    assert (root / "content/raw/002_new.txt").read_text(encoding="utf-8") == CAPTURE


def test_ingest_checks_every_capture_before_writing_any(chronicle, tree):
    root = tree({"captures/002_new.txt": CAPTURE})
    result = chronicle("ingest", "captures/002_new.txt", "captures/missing.txt", "--outlet", "kyiv-independent")
    assert result.code == 1
    assert result.err == "chronicle: error: captures/missing.txt: no such file\n"
    assert not (root / f"content/articles/{CAPTURE_ID}.md").exists()
    assert not (root / "content/raw/002_new.txt").exists()


def test_ingest_with_a_missing_content_folder(chronicle, tmp_path, monkeypatch):
    write_tree(tmp_path, {"capture.txt": CAPTURE})
    monkeypatch.chdir(tmp_path)
    result = chronicle("ingest", "capture.txt", "--content", "missing-dir", "--outlet", "kyiv-independent")
    assert result.code == 1
    assert result.err == "chronicle: error: missing-dir: no such content folder; run from the repository root or pass --content DIR\n"


# --- no traceback for user mistakes -----------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["clean", "nope.txt"], id="clean-missing-file"),
        pytest.param(["clean", "capture.txt", "--content", "missing-dir"], id="clean-missing-content"),
        pytest.param(["ingest", "nope.txt"], id="ingest-missing-file"),
        pytest.param(["validate", "--content", "missing-dir"], id="validate-missing-content"),
        pytest.param(["generate", "--content", "missing-dir", "--out", "out"], id="generate-missing-content"),
        pytest.param(["build", "--content", "content", "--config", "missing.yml"], id="build-missing-config"),
        pytest.param(["serve", "--content", "content", "--config", "missing.yml"], id="serve-missing-config"),
        pytest.param(["schema", "--check", "--out", "missing-dir"], id="schema-check-missing-folder"),
    ],
)
def test_user_mistakes_get_one_line_and_no_traceback(chronicle, tmp_path, monkeypatch, argv):
    write_tree(tmp_path, {**VALID, "capture.txt": CAPTURE})
    monkeypatch.chdir(tmp_path)
    result = chronicle(*argv)
    assert result.code == 1
    assert result.out == ""
    assert result.err.startswith("chronicle: error: ")
    assert result.err.count("\n") == 1, result.err


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["clean", "capture.txt", "--outlet", "kyiv-independent", "-o", "notes.txt/article.md"], id="clean-output"),
        pytest.param(["generate", "--content", "content", "--out", "notes.txt/docs"], id="generate-out"),
        pytest.param(["schema", "--out", "notes.txt"], id="schema-out"),
    ],
)
def test_output_path_below_a_file_gets_one_line_and_no_traceback(chronicle, tmp_path, monkeypatch, argv):
    write_tree(tmp_path, {**VALID, "capture.txt": CAPTURE, "notes.txt": "my own notes\n"})
    monkeypatch.chdir(tmp_path)
    result = chronicle(*argv)
    assert result.code == 1
    assert result.err.startswith("chronicle: error: ")
    assert "notes.txt" in result.err
    assert result.err.count("\n") == 1, result.err
