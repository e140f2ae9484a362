"""MkDocs' build with the pages shared out among processes (build_tools/site_build.py):
the same site as `mkdocs build`, and the same errors."""

from __future__ import annotations

import hashlib
import logging
import textwrap
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from build_tools import site_build

REPO = Path(__file__).resolve().parents[1]


def tree_digest(root: Path) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(root.rglob("*")) if path.is_file()}


def small_project(root: Path, pages: dict[str, str], plugins: str = "[]") -> Path:
    (root / "docs").mkdir(parents=True)
    for name, text in pages.items():
        (root / "docs" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(f"site_name: Test\ntheme:\n  name: material\nplugins: {plugins}\nstrict: true\n"
                      "validation:\n  links:\n    anchors: warn\n", encoding="utf-8")
    return config


def config_for(config_file: Path, site: Path, docs: Path | None = None):
    return load_config(str(config_file), site_dir=str(site), strict=True, **({"docs_dir": str(docs)} if docs else {}))


def test_the_shared_out_build_writes_the_same_site_as_mkdocs(built_site, tmp_path, monkeypatch):
    """The shipped archive's generated pages, built both ways: every file identical."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1732000000")
    docs = built_site.parent / "docs"
    mkdocs_build(config_for(REPO / "mkdocs.yml", tmp_path / "mkdocs", docs))
    site_build.build(config_for(REPO / "mkdocs.yml", tmp_path / "shared", docs), jobs=2)
    expected = tree_digest(tmp_path / "mkdocs")
    assert len(expected) > 150
    assert tree_digest(tmp_path / "shared") == expected


PAGES = {
    "index.md": "# Home\n\n[Second](second.md) and [third](third.md).\n",
    "second.md": "# Second\n\n## Known heading\n\nText.\n",
    "third.md": "# Third\n\n[Known](second.md#known-heading).\n",
}


@pytest.mark.parametrize(
    ("page", "text", "level", "aborts", "logged"),
    [
        # The link and the page it points into are built in different processes.
        ("third.md", "# Third\n\n[Missing](second.md#no-such-heading).\n", logging.WARNING, "1 warnings",
         "contains a link 'second.md#no-such-heading', but the doc 'second.md' does not contain an anchor '#no-such-heading'"),
        ("second.md", "# Second\n\n[Gone](gone.md)\n", logging.WARNING, "in strict mode", "'gone.md', but the target is not found"),
        ("third.md", "---\ntemplate: no-such-template.html\n---\n# Third\n", logging.ERROR, "BuildError", "no-such-template.html"),
    ],
    ids=["anchor-across-processes", "warning-in-another-process", "error-in-another-process"],
)
def test_a_mistake_in_any_process_fails_the_strict_build(tmp_path, caplog, page, text, level, aborts, logged):
    config = small_project(tmp_path, {**PAGES, page: text})
    with caplog.at_level(level, logger="mkdocs"), pytest.raises(Abort, match=aborts):
        site_build.build(config_for(config, tmp_path / "site"), jobs=3)
    assert logged in caplog.text


def test_a_valid_site_builds_every_page_in_its_own_process(tmp_path):
    config = small_project(tmp_path, PAGES)
    site_build.build(config_for(config, tmp_path / "site"), jobs=3)
    for page in ("index.html", "second/index.html", "third/index.html", "sitemap.xml", "404.html"):
        assert (tmp_path / "site" / page).is_file(), page
    assert 'href="../second/#known-heading"' in (tmp_path / "site" / "third" / "index.html").read_text(encoding="utf-8")


def test_a_plugin_that_gathers_from_every_page_gets_mkdocs_own_build(tmp_path):
    """Material's search collects every page's text: shared out, each process would hold a part."""
    config = small_project(tmp_path, PAGES, plugins="[search]")
    site_build.build(config_for(config, tmp_path / "site"), jobs=3)
    index = (tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert all(f'"location":"{page}/"' in index for page in ("second", "third"))


def test_pages_are_shared_by_size():
    class File:
        def __init__(self, size):
            self.abs_src_path = None
            self.size = size

    files = [File(size) for size in (9000, 1000, 1000, 1000, 8000)]
    shares = site_build._shares(files, 2, size=lambda file: file.size)
    assert sorted(sum(file.size for file in share) for share in shares) == [10000, 10000]
