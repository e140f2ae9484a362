"""The live preview's caches: `load.LoadCache` and `validate.ValidateCache`.

A folder is edited step by step (files edited, added, deleted, renamed, broken and
mended) and read after each step with the two caches, as `chronicle serve` reads
it, and without them: the Content, the Archive and every Problem must be the same
either way. The caches must also do their work: what did not change comes back as
the very same objects (read, parsed and validated once).

Each write moves the file's modification time one second on (`Folder.write`), as
real edits do; `RACY_SECONDS` is 0 here, except in the test of edits quicker than
the file system's clock.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from benchmarks.synthetic import write_archive
from build_tools import load
from build_tools.load import Content, LoadCache, load_content
from build_tools.validate import Archive, ValidateCache, validate

REPO = Path(__file__).resolve().parents[1]


def assert_same_content(cached: Content, fresh: Content) -> None:
    assert cached == fresh
    for kind in fresh.records:
        assert list(cached.records[kind]) == list(fresh.records[kind])
    assert list(cached.records) == list(fresh.records)
    assert list(cached.articles) == list(fresh.articles)
    assert list(cached.pages) == list(fresh.pages)
    assert list(cached.page_paths) == list(fresh.page_paths)
    assert list(cached.stems) == list(fresh.stems)


def assert_same_archive(cached: Archive, fresh: Archive) -> None:
    assert cached == fresh
    for kind in fresh.records:
        assert list(cached.records[kind]) == list(fresh.records[kind])
    assert list(cached.articles) == list(fresh.articles)
    assert list(cached.bodies) == list(fresh.bodies)


class Folder:
    """A project folder, read again after every change with the caches and without."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content_dir = root / "content"
        self.load_cache, self.validate_cache = LoadCache(), ValidateCache()
        self.clock = time.time_ns() - 10_000 * 1_000_000_000  # file times: from a while ago, a second apart
        self.content: Content | None = None
        self.archive: Archive | None = None

    def path(self, relative: str) -> Path:
        return self.content_dir / relative

    def text(self, relative: str) -> str:
        return self.path(relative).read_text(encoding="utf-8")

    def write(self, relative: str, text: str | bytes) -> None:
        path = self.path(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        self.tick(relative)

    def tick(self, relative: str) -> None:
        self.clock += 1_000_000_000
        os.utime(self.path(relative), ns=(self.clock, self.clock), follow_symlinks=False)

    def edit(self, relative: str, old: str, new: str) -> None:
        text = self.text(relative)
        assert old in text, (relative, old)
        self.write(relative, text.replace(old, new, 1))

    def check(self) -> list[str]:
        """Load and validate with the caches and without; the two must agree. Returns the problems."""
        content = load_content(self.content_dir, self.root, cache=self.load_cache)
        fresh = load_content(self.content_dir, self.root)
        assert_same_content(content, fresh)
        archive, problems = validate(content, cache=self.validate_cache)
        fresh_archive, fresh_problems = validate(fresh)
        assert problems == fresh_problems
        assert_same_archive(archive, fresh_archive)
        # Validating the same Content again changes nothing (validate used to drop a record's 'id' key in place).
        assert validate(content, cache=self.validate_cache) == (archive, problems)
        assert validate(fresh) == (archive, problems)
        self.content, self.archive = content, archive
        return [str(problem) for problem in problems]

    def reused(self, kind: str, record_id: str) -> bool:
        """Whether the last check took the record (or article) from the caches: same file
        object, same model object as the check before."""
        before_content, before_archive = self.content, self.archive
        self.check()
        if kind == "articles":
            same_file = before_content.articles[record_id] is self.content.articles[record_id]
            same_model = before_archive.articles[record_id] is self.archive.articles[record_id]
        else:
            same_file = before_content.records[kind][record_id] is self.content.records[kind][record_id]
            same_model = before_archive.records[kind][record_id] is self.archive.records[kind][record_id]
        assert same_file == same_model
        return same_file


@pytest.fixture(autouse=True)
def _times_tell(monkeypatch):
    monkeypatch.setattr(load, "RACY_SECONDS", 0)


@pytest.fixture
def shipped(tmp_path) -> Folder:
    shutil.copytree(REPO / "content", tmp_path / "content")
    folder = Folder(tmp_path)
    for path in folder.content_dir.rglob("*"):
        folder.tick(path.relative_to(folder.content_dir).as_posix())
    return folder


@pytest.fixture(scope="module")
def synthetic_template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("synthetic")
    write_archive(root / "content", 150, seed=3)  # out_dir is the content folder itself
    return root


@pytest.fixture
def synthetic(tmp_path, synthetic_template) -> Folder:
    shutil.copytree(synthetic_template / "content", tmp_path / "content")
    folder = Folder(tmp_path)
    for path in folder.content_dir.rglob("*"):
        folder.tick(path.relative_to(folder.content_dir).as_posix())
    return folder


EVENT = "events/2024-11-13-russian-assault-on-kupiansk.yml"
PLACE = "places/kupiansk.yml"
ARTICLE = "articles/kyiv-independent-2024-11-14-ukraine-repels-russian-attempt-to-enter-kupiansk.md"


def test_unchanged_files_are_not_read_again(shipped):
    assert shipped.check() == []
    assert shipped.reused("events", "2024-11-13-russian-assault-on-kupiansk")
    shipped.edit(EVENT, "title: ", "title: Edited, ")
    assert not shipped.reused("events", "2024-11-13-russian-assault-on-kupiansk")
    assert shipped.reused("places", "kupiansk")
    assert shipped.reused("articles", ARTICLE.removeprefix("articles/").removesuffix(".md"))
    assert shipped.archive.events["2024-11-13-russian-assault-on-kupiansk"].title.startswith("Edited, ")


def test_a_broken_reference_and_its_fix(shipped):
    assert shipped.check() == []
    shipped.edit(EVENT, "  - kupiansk\n", "  - kupiansk\n  - kupianskk\n")
    problems = shipped.check()
    assert len(problems) == 1 and "unknown place 'kupianskk'; did you mean 'kupiansk'?" in problems[0], problems
    shipped.edit(EVENT, "  - kupianskk\n", "")
    assert shipped.check() == []


def test_adding_the_missing_record_mends_a_reference(shipped):
    shipped.edit(EVENT, "  - kupiansk\n", "  - kupiansk\n  - novoosynove\n")
    assert any("unknown place 'novoosynove'" in problem for problem in shipped.check())
    shipped.write("places/novoosynove.yml", "name: Novoosynove\nkind: village\nwithin: kupiansk-raion\n")
    assert shipped.check() == []
    assert "novoosynove" in shipped.content.stems["places"]


def test_deleting_and_restoring_a_record(shipped):
    text = shipped.text(PLACE)
    shipped.check()
    shipped.path(PLACE).unlink()
    problems = shipped.check()
    assert problems and all("'kupiansk'" in problem for problem in problems), problems
    assert "kupiansk" not in shipped.content.records["places"]
    shipped.write(PLACE, text)
    assert shipped.check() == []


def test_renaming_a_record_then_redirecting(shipped):
    shipped.check()
    shipped.path(PLACE).rename(shipped.path("places/kupyansk.yml"))
    shipped.tick("places/kupyansk.yml")
    problems = shipped.check()
    assert any("unknown place 'kupiansk'" in problem for problem in problems), problems
    shipped.edit("places/kupyansk.yml", "kind: city\n", "kind: city\nredirect_from:\n  - kupiansk\n")
    problems = shipped.check()
    assert any("place 'kupiansk' was renamed to 'kupyansk'; write 'kupyansk'" in problem for problem in problems), problems


def test_a_file_that_stops_parsing_and_parses_again(shipped):
    text = shipped.text(EVENT)
    shipped.check()
    for broken in ("title: [unclosed\n", "a: &x 1\nb: *x\n", "a: !!int 1\n", "- " * 20_000 + "x\n", "a: 1\na: 2\n", "a: \x00\n", b"\xff\xfe", b"\xef\xbb\xbfa: 1\r\nb: 2\r\n"):
        shipped.write(EVENT, broken)
        problems = shipped.check()
        assert problems and all(problem.startswith(f"content/{EVENT}:") for problem in problems), (broken, problems)
    shipped.write(EVENT, text)
    assert shipped.check() == []


def test_an_id_key_is_reported_every_time(shipped):
    """validate used to remove the key from the Document it was given, so a second call
    on the same Document (from the load cache) would not see it."""
    shipped.edit(PLACE, "name: ", "id: kupiansk\nname: ")
    expected = [f"content/{PLACE}:2:1: error: a record's id is its file name ('kupiansk'); remove the 'id' key"]
    assert shipped.check() == expected
    shipped.tick(EVENT)
    assert shipped.check() == expected


def test_links_odd_files_and_folders(shipped):
    shipped.check()
    shipped.write("places/notes.txt", "not a record")
    shipped.write("places/kharkiv.yaml", "name: Kharkiv\n")
    shipped.write("articles/empty.md", "")
    shipped.path("places/folder.yml").mkdir()
    shipped.path("articles/folder.md").mkdir()
    os.symlink(shipped.path(PLACE), shipped.path("places/linked.yml"))
    os.symlink(shipped.path(ARTICLE), shipped.path("pages/linked.md"))
    shipped.write("places/.hidden.yml", "name: Hidden\n")
    problems = shipped.check()
    assert len(problems) == 6, problems
    shipped.path("places/linked.yml").unlink()
    shipped.path("articles/folder.md").rmdir()
    assert len(shipped.check()) == 4


def test_an_article_body_a_quote_relies_on(shipped):
    shipped.check()
    text = shipped.text(ARTICLE)
    quoted = "All Russian attacks in this direction were successfully repelled"
    assert quoted in text
    shipped.write(ARTICLE, text.replace(quoted, "All Russian attacks in this direction were repelled"))
    problems = shipped.check()
    assert any("quote not found in article" in problem for problem in problems), problems
    assert shipped.reused("events", "2024-11-13-russian-assault-on-kupiansk")  # its own facts are kept; the quote is checked again
    shipped.write(ARTICLE, text)
    assert shipped.check() == []


def test_a_changed_capture_is_hashed_again(shipped):
    shipped.check()
    raw = shipped.content.articles[ARTICLE.removeprefix("articles/").removesuffix(".md")].doc.data["raw"]
    data = shipped.path(raw).read_bytes()
    shipped.write(raw, data + b"\nedited")
    problems = shipped.check()
    assert len(problems) == 1 and "sha256 does not match" in problems[0], problems
    shipped.path(raw).unlink()
    problems = shipped.check()
    assert len(problems) == 1 and "does not exist" in problems[0], problems
    shipped.write(raw, data)
    assert shipped.check() == []


def test_pages_come_and_go(shipped):
    shipped.check()
    shipped.write("pages/timeline.md", "# Mine\n")
    shipped.write("pages/Notes.md", "# Notes\n")
    assert len(shipped.check()) == 2
    shipped.path("pages/timeline.md").unlink()
    shipped.edit("pages/Notes.md", "Notes", "More notes")
    assert len(shipped.check()) == 1
    assert shipped.content.pages["Notes"] == "# More notes\n"


def test_another_base_names_files_anew(shipped):
    shipped.edit(EVENT, "  - kupiansk\n", "  - kupiansk\n  - kupianskk\n")
    problems = shipped.check()
    content = load_content(shipped.content_dir, shipped.content_dir, cache=shipped.load_cache)
    assert content == load_content(shipped.content_dir, shipped.content_dir)
    assert [problem.path for problem in validate(content, cache=shipped.validate_cache)[1]] == [f"{EVENT}"]
    assert shipped.check() == problems


def test_edits_quicker_than_the_file_clock_are_seen(shipped, monkeypatch):
    """Two writes of the same size within one tick of the file system's clock leave size,
    modification time and inode alike: a file modified less than RACY_SECONDS before it
    was read is read again."""
    monkeypatch.setattr(load, "RACY_SECONDS", 2)
    shipped.check()
    path = shipped.path(EVENT)
    status = path.stat()
    shipped.write(EVENT, shipped.text(EVENT).replace("kind: assault", "kind: advance"))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert shipped.check() == []
    assert shipped.archive.events["2024-11-13-russian-assault-on-kupiansk"].kind == "advance"
    shipped.write(EVENT, shipped.text(EVENT).replace("kind: advance", "kind: assault"))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert shipped.check() == []
    assert shipped.archive.events["2024-11-13-russian-assault-on-kupiansk"].kind == "assault"


def test_a_synthetic_archive_edited_step_by_step(synthetic):
    assert synthetic.check() == []
    events = sorted(path.name for path in synthetic.path("events").iterdir())
    places = sorted(path.stem for path in synthetic.path("places").iterdir())
    people = sorted(path.stem for path in synthetic.path("people").iterdir())
    articles = sorted(path.name for path in synthetic.path("articles").iterdir())
    first, second = f"events/{events[0]}", f"events/{events[1]}"

    # a broken reference, then mended
    synthetic.edit(first, "places:\n", "places:\n  - no-such-place\n")
    assert any("unknown place 'no-such-place'" in problem for problem in synthetic.check())
    synthetic.edit(first, "  - no-such-place\n", "")
    assert synthetic.check() == []

    # a schema mistake and a typo'd key in another event
    synthetic.edit(second, "kind: ", "knd: ")
    problems = synthetic.check()
    assert any("unknown key 'knd'; did you mean 'kind'?" in problem for problem in problems), problems

    # a person deleted that events name, then a new file under another name
    person = synthetic.text(f"people/{people[0]}.yml")
    synthetic.path(f"people/{people[0]}.yml").unlink()
    synthetic.check()
    synthetic.write(f"people/{people[0]}-2.yml", person)
    synthetic.check()
    synthetic.path(f"people/{people[0]}-2.yml").rename(synthetic.path(f"people/{people[0]}.yml"))
    synthetic.tick(f"people/{people[0]}.yml")
    synthetic.edit(second, "knd: ", "kind: ")
    assert synthetic.check() == []

    # two places sharing a name, then told apart
    place = synthetic.text(f"places/{places[0]}.yml")
    synthetic.write("places/a-twin.yml", place)
    assert synthetic.check()
    synthetic.path("places/a-twin.yml").unlink()
    assert synthetic.check() == []

    # an article's front matter broken and mended; an article added and removed
    article = synthetic.text(f"articles/{articles[0]}")
    synthetic.write(f"articles/{articles[0]}", article.replace("---\n", "", 1))
    assert synthetic.check()
    synthetic.write(f"articles/{articles[0]}", article)
    synthetic.write("articles/a-copy.md", article)
    synthetic.check()
    synthetic.path("articles/a-copy.md").unlink()
    assert synthetic.check() == []


def test_every_file_rewritten(synthetic):
    """Touching every file (new times, same bytes) reads everything again, to the same result."""
    synthetic.check()
    for path in sorted(synthetic.content_dir.rglob("*")):
        if path.is_file():
            synthetic.tick(path.relative_to(synthetic.content_dir).as_posix())
    assert synthetic.check() == []
