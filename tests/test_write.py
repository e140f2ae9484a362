"""write_changed: new files written in place, unchanged ones left alone, changed ones
replaced whole (build_tools/write.py)."""

from __future__ import annotations

import os

from build_tools.write import MARKER, remove_stale, write_changed


def test_only_new_and_changed_files_are_written(tmp_path):
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "same.md").write_bytes(b"same\n")
    (tmp_path / "events" / "changed.md").write_bytes(b"old\n")
    (tmp_path / "events" / "longer.md").write_bytes(b"a much longer old text\n")
    os.utime(tmp_path / "events" / "same.md", (1, 1))
    pages = {"events/same.md": "same\n", "events/changed.md": "new\n", "events/longer.md": "short\n",
             "events/new.md": "new page\n", "places/deep/new.md": "Kupʼyansk\n", "raw/a.txt": b"\x00bytes"}
    written = write_changed(pages, tmp_path)
    assert written == ["events/changed.md", "events/longer.md", "events/new.md", "places/deep/new.md", "raw/a.txt"]
    for relative, text in pages.items():
        assert (tmp_path / relative).read_bytes() == (text if isinstance(text, bytes) else text.encode())
    assert (tmp_path / "events" / "same.md").stat().st_mtime == 1
    assert not [name for name in os.listdir(tmp_path / "events") if name.endswith(".tmp")]
    assert write_changed(pages, tmp_path) == []


def test_a_file_that_appears_after_its_folder_was_listed_is_compared_not_clobbered(tmp_path):
    # The folder is listed when "a.md" is written; "b.md" appears after that (another
    # writer), just before it is written: it is then replaced whole, as an existing file is.
    (tmp_path / "events").mkdir()

    class Appearing(str):
        def encode(self, *arguments):
            (tmp_path / "events" / "b.md").write_bytes(b"someone else's\n")
            return str.encode(self, *arguments)

    written = write_changed({"events/a.md": "a\n", "events/b.md": Appearing("b\n")}, tmp_path)
    assert written == ["events/a.md", "events/b.md"]
    assert (tmp_path / "events" / "b.md").read_bytes() == b"b\n"


def test_remove_stale_deletes_what_is_no_longer_generated_and_the_folders_it_empties(tmp_path):
    out, outside = tmp_path / "docs", tmp_path / "outside"
    for name in ("index.md", "events/kept.md", "events/gone.md", "old/deep/gone.md", "old/gone.md", MARKER):
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(name, encoding="utf-8")
    (out / "empty").mkdir()
    (outside / "theirs.md").parent.mkdir()
    (outside / "theirs.md").write_text("not ours", encoding="utf-8")
    (out / "events" / "linked").symlink_to(outside, target_is_directory=True)

    removed = remove_stale(out, {"index.md", "events/kept.md"})

    assert removed == ["events/gone.md", "events/linked", "old/deep/gone.md", "old/gone.md"]
    left = sorted(path.relative_to(out).as_posix() for path in out.rglob("*"))
    assert left == [MARKER, "events", "events/kept.md", "index.md"]
    assert (outside / "theirs.md").read_text(encoding="utf-8") == "not ours"  # a link is removed, never followed
    assert remove_stale(out, {"index.md", "events/kept.md"}) == []


def test_a_page_name_that_leaves_the_folder_is_refused_before_anything_is_written(tmp_path):
    import pytest

    from build_tools.errors import UserError
    from build_tools.write import ChangedWriter

    out = tmp_path / "docs"
    for name in ("../escape.md", "events/../../escape.md", "/tmp/escape.md"):
        with pytest.raises(UserError, match="outside the generated pages folder"):
            ChangedWriter(out).write(name, "x")
        with pytest.raises(UserError, match="outside the generated pages folder"):
            write_changed({name: "x"}, out)
    assert not (tmp_path / "escape.md").exists()
    writer = ChangedWriter(out)
    writer.write("events/a..b.md", "dots inside a name stay")  # looked at closely, and allowed
    assert writer.written == ["events/a..b.md"] and (out / "events" / "a..b.md").is_file()
