"""Nothing lost, and the same output every time: builds that are killed or fail leave
the previous site whole; output folders never reach into content/; symbolic links
and path tricks read nothing from outside; two machines build the same bytes."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from build_tools import pipeline
from build_tools.cli import main
from tests.fixtures import write_tree
from tests.test_validate import ARTICLE, VALID

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def chronicle(folder: Path, *arguments: str, env: dict[str, str] | None = None, **popen) -> subprocess.Popen:
    """`chronicle ARGUMENTS` in a child process, as a contributor runs it."""
    return subprocess.Popen([sys.executable, "-m", "build_tools", *arguments], cwd=folder, env=env or os.environ.copy(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def build_in(folder: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    process = chronicle(folder, "build", "--config", str(REPO / "mkdocs.yml"), env=env)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


# --- a killed or failed build ---------------------------------------------------


def test_a_build_killed_midway_leaves_the_previous_site_complete(archive_copy):
    build_in(archive_copy)
    site = archive_copy / "site"
    before = tree_digest(site)
    assert len(before) > 100
    event = next((archive_copy / "content/events").glob("2024-11-13-russian-assault*.yml"))
    event.write_text(event.read_text(encoding="utf-8").replace("title: ", "title: Edited, ", 1), encoding="utf-8")

    process = chronicle(archive_copy, "build", "--config", str(REPO / "mkdocs.yml"))
    deadline = time.monotonic() + 120
    staged = 0
    while time.monotonic() < deadline and process.poll() is None:
        staging = list(archive_copy.glob(".site.building-*"))
        staged = sum(1 for _ in staging[0].rglob("*.html")) if staging else 0
        if staged >= 10:  # MkDocs is writing the new site
            break
        time.sleep(0.02)
    assert process.poll() is None, "the build ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert staged >= 10

    assert tree_digest(site) == before, "the previous site changed"
    assert "Edited, " not in (site / "index.html").read_text(encoding="utf-8")

    build_in(archive_copy)  # the next build finishes the job and tidies up
    assert list(archive_copy.glob(".site.*")) == []
    assert "Edited, " in (site / "events/index.html").read_text(encoding="utf-8")


def test_a_build_that_died_between_its_two_renames_gets_its_site_back(archive_copy):
    """_swap_in moves the old site aside, then the new one in; between the two the
    site folder is missing. The next run (even one that fails) puts it back first."""
    build_in(archive_copy)
    before = tree_digest(archive_copy / "site")
    (archive_copy / "site").rename(archive_copy / ".site.old")
    (archive_copy / ".site.building-x").mkdir()
    (archive_copy / "content/events/broken.yml").write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(pipeline.InvalidContent):
        pipeline.build(Path("content"), Path("site"), REPO / "mkdocs.yml", Path("build/docs"))
    assert tree_digest(archive_copy / "site") == before
    assert list(archive_copy.glob(".site.*")) == []


# --- output folders ---------------------------------------------------------------


@pytest.mark.parametrize("site", [".", "content", "content/site", "build/docs", "build"])
def test_site_may_not_replace_or_sit_in_content_or_the_generated_pages(archive_copy, site, capsys):
    before = tree_digest(archive_copy / "content")
    assert main(["build", "--site", site, "--config", str(REPO / "mkdocs.yml")]) == 1
    err = capsys.readouterr().err
    assert "--site" in err and "choose" in err and "Traceback" not in err
    assert tree_digest(archive_copy / "content") == before


def test_site_refuses_a_folder_of_other_files(archive_copy, capsys):
    notes = archive_copy / "notes"
    write_tree(notes, {"draft.txt": "my notes"})
    assert main(["build", "--site", "notes", "--config", str(REPO / "mkdocs.yml")]) == 1
    assert "holds files Chronicle did not build" in capsys.readouterr().err
    assert (notes / "draft.txt").read_text() == "my notes"


@pytest.mark.parametrize("out", [".", "content", "content/pages"])
def test_generate_out_may_not_touch_content(archive_copy, out, capsys):
    before = tree_digest(archive_copy / "content")
    assert main(["generate", "--out", out]) == 1
    assert "--out" in capsys.readouterr().err
    assert tree_digest(archive_copy / "content") == before


def test_generate_deletes_only_in_its_own_folder(archive_copy, capsys):
    """A stale page in the generated folder goes; a folder it did not make is refused whole."""
    assert main(["generate", "--out", "build/docs"]) == 0
    (archive_copy / "build/docs/events/stale.md").write_text("old", encoding="utf-8")
    assert main(["generate", "--out", "build/docs"]) == 0
    assert not (archive_copy / "build/docs/events/stale.md").exists()
    write_tree(archive_copy / "mine", {"keep.md": "mine"})
    assert main(["generate", "--out", "mine"]) == 1
    assert "did not generate" in capsys.readouterr().err
    assert (archive_copy / "mine/keep.md").read_text() == "mine"


# --- path tricks in content -------------------------------------------------------


@pytest.fixture
def small(tmp_path, monkeypatch):
    write_tree(tmp_path, VALID)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def problems_of(folder: Path) -> list[str]:
    _archive, problems = pipeline.load_and_validate(folder / "content", folder)
    return [f"{p.path}:{p.line}: {p.message}" for p in problems]


def test_a_symbolic_link_in_content_is_refused_not_followed(small):
    secret = small / "secret.txt"
    secret.write_text("name: Secret\nkind: country\n", encoding="utf-8")
    (small / "content/pages").mkdir()
    (small / "content/pages/about.md").symlink_to(secret)
    (small / "content/places/leak.yml").symlink_to(secret)
    found = problems_of(small)
    assert "content/pages/about.md:1: is a symbolic link; Chronicle reads only real files in content/: replace the link with the file itself" in found
    assert any(line.startswith("content/places/leak.yml:1: is a symbolic link") for line in found)


def test_a_linked_record_folder_is_refused(small):
    outside = small / "elsewhere"
    shutil.move(small / "content/people", outside)
    (small / "content/people").symlink_to(outside, target_is_directory=True)
    assert any(line.startswith("content/people:1: is a symbolic link") for line in problems_of(small))


@pytest.mark.parametrize("raw", ["../../secret.txt", "/etc/hostname", "raw/../../secret.txt", "articles/../raw/001_test.txt"])
def test_raw_cannot_point_outside_content_raw(small, raw):
    (small / "secret.txt").write_text("x", encoding="utf-8")
    text = VALID[ARTICLE].replace("raw: raw/001_test.txt", f"raw: {raw}")
    (small / ARTICLE).write_text(text, encoding="utf-8")
    assert any(f"raw '{raw}' must be a file under raw/" in line for line in problems_of(small))


def test_a_raw_capture_that_is_a_link_is_refused(small):
    raw = small / "content/raw/001_test.txt"
    raw.rename(small / "content/raw/real.txt")
    raw.symlink_to(small / "content/raw/real.txt")
    assert any("is a symbolic link; keep the capture itself" in line for line in problems_of(small))


def test_names_that_differ_only_in_case_cannot_overwrite_each_other(small):
    """On a case-insensitive checkout (macOS, Windows) Kupiansk.yml and kupiansk.yml are
    one file: the upper-case name is refused as an id, so no two pages collide."""
    (small / "content/places/Kupiansk.yml").write_text(VALID["content/places/kupiansk.yml"], encoding="utf-8")
    assert any("file name 'Kupiansk' is not a valid id" in line for line in problems_of(small))


# --- the same bytes on any machine -----------------------------------------------


def copy_in_order(source: Path, target: Path, reverse: bool) -> None:
    """Copy files (keeping their times) in sorted or reversed order, which changes
    the order many file systems list them in."""
    for path in sorted(source.rglob("*"), reverse=reverse):
        if path.is_file():
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)


# Files stamped with the machine's own state. MkDocs' sitemap dates and gzip header
# are not among them, because the build pins SOURCE_DATE_EPOCH to the content's last
# change. The generator's record of what it read (file times, for `make`-like no-op
# runs) is: it is bookkeeping in build/docs, never published.
STAMPED: set[str] = {"docs/.chronicle-inputs.json"}


def test_two_builds_in_different_locales_and_time_zones_are_identical(tmp_path):
    machines = {
        "posix-ascii-adak": {"LC_ALL": "POSIX", "LANG": "POSIX", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0",
                             "TZ": "America/Adak", "PYTHONHASHSEED": "1"},
        "utf8-kiritimati": {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "PYTHONUTF8": "1", "TZ": "Pacific/Kiritimati", "PYTHONHASHSEED": "4242"},
    }
    trees = {}
    for index, (name, settings) in enumerate(machines.items()):
        folder = tmp_path / name
        copy_in_order(CONTENT, folder / "content", reverse=bool(index))
        env = {k: v for k, v in os.environ.items() if k not in {"LANG", "LANGUAGE", "SOURCE_DATE_EPOCH"} and not k.startswith("LC_")} | settings
        build_in(folder, env)
        trees[name] = {**{f"site/{k}": v for k, v in tree_digest(folder / "site").items()},
                       **{f"docs/{k}": v for k, v in tree_digest(folder / "build/docs").items()}}
    first, second = trees.values()
    assert len(first) > 200
    differing = sorted(path for path in first.keys() | second.keys() if first.get(path) != second.get(path))
    assert differing == sorted(STAMPED)


# --- backups and new files --------------------------------------------------------

from build_tools.write import keep_backup, write_new_atomic


def test_a_second_forced_ingest_keeps_the_first_backup_too(tmp_path):
    article = tmp_path / "a.md"
    article.write_text("edit one", encoding="utf-8")
    first = keep_backup(article)
    article.write_text("edit two", encoding="utf-8")
    second = keep_backup(article)
    assert (first.name, first.read_text()) == ("a.md.bak", "edit one")
    assert (second.name, second.read_text()) == ("a.md.bak.2", "edit two")


def test_a_new_record_never_replaces_a_file_and_leaves_no_temporary_behind(tmp_path):
    target = tmp_path / "x.yml"
    write_new_atomic(target, b"first")
    with pytest.raises(FileExistsError):
        write_new_atomic(target, b"second")
    assert target.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["x.yml"]


def test_the_list_of_generated_page_names_covers_what_the_build_writes(built_site):
    from build_tools.validate import GENERATED_PAGES

    top = {p.name.split(".")[0] for p in built_site.iterdir() if not p.name.startswith(".") and p.name != "404.html"}
    hand_written = {p.stem for p in (CONTENT / "pages").glob("*.md")}
    assert top - hand_written <= GENERATED_PAGES


@pytest.mark.parametrize(("name", "message"), [
    ("timeline", "the site already has a 'timeline' page, which the build writes; rename this file (home.md is the home page's introduction)"),
    ("events", "the site already has a 'events' page, which the build writes; rename this file (home.md is the home page's introduction)"),
    ("About", "page name 'About' is not a valid page name; rename the file to lowercase letters, digits and single hyphens, like 'about.md'"),
])
def test_a_hand_written_page_is_never_silently_hidden_by_a_generated_one(small, name, message):
    write_tree(small, {f"content/pages/{name}.md": "# Mine\n"})
    assert f"content/pages/{name}.md:1: {message}" in problems_of(small)
