"""The site's search index: Pagefind over the built HTML, after `mkdocs build`.

Material's own search (lunr) makes every reader download the whole index before
the first result: 107 MB at 20,000 pages. Pagefind writes a static, chunked
index into site/pagefind/; a query downloads the small entry files, the index
chunks holding its words and one fragment per result shown, well under 1 MB
whatever the archive's size. build_tools/assets/search.js drives it behind
Material's own search box (overrides/partials/search.html).

What is indexed is decided in the theme (overrides/main.html): only the page's
article (`data-pagefind-body`), never Material's navigation, header or footer;
the result's label (`data-pagefind-meta="label"`); and on record pages every
name, alias and derived spelling (`names`) and the `record` filter, with which
search.js puts a record whose name is the query first, so "Kupyansk" lands on
the city's page before the reports that mention it. Nothing here knows about
any one archive.

    python -m build_tools.search_index SITE_DIR   # index a site built elsewhere (Zensical)
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import UserError
from .write import set_aside, swap_in

BUNDLE = "pagefind"
# Markup inside the article that is not the page's text: the heading permalinks
# ("¶", which Pagefind would otherwise append to every title and heading), the
# map placeholders, and the record's "added / last changed / suggest a
# correction" line, the same on every page.
EXCLUDE = (".headerlink", ".chronicle-map", ".chronicle-record-meta")
# Every page is English (Material sets <html lang="en">): one index, English stemming.
LANGUAGE = "en"
TIMEOUT = 1800  # seconds; 20,000 pages index in well under a minute
# Pagefind holds everything it indexes in memory, about 450 bytes a word: 4.8 GB
# for a 20,000-page archive in one index. Past this many pages the site is
# indexed in parts of at most this many, one Pagefind run each (a part of 3,000
# reports peaks near 1.3 GB), and the browser merges them (Pagefind's
# mergeIndex): each part adds its small entry file, its metadata and the index
# chunk holding the query's words to the download, not the whole part.
PAGES_PER_PART = 3000
PARTS_LIST = "chronicle-parts.json"  # in pagefind/: the other parts' folders, for assets/search.js


@dataclass(frozen=True)
class SearchStats:
    pages: int  # pages in the index
    bundle_bytes: int  # everything under site_dir/pagefind/, on disk

    def __str__(self) -> str:
        return f"search index: {self.pages} pages, {self.bundle_bytes / 1_000_000:.1f} MB in {BUNDLE}/"


def pagefind_executable() -> Path:
    """The binary the pinned pagefind-bin wheel carries (no download, no Node)."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise UserError("the pagefind-bin package is missing: run `make setup` to install the pinned dependencies") from None
    try:
        return get_executable()
    except FileNotFoundError as error:
        raise UserError(f"the pagefind-bin package has no binary ({error}); reinstall it with `make setup`") from None


def index_site(site_dir: Path, pages_per_part: int = PAGES_PER_PART) -> SearchStats:
    """Index the HTML under site_dir into site_dir/pagefind/, replacing any index there.

    Pagefind writes into a new folder that replaces the old one only once it is
    complete, so a failure leaves the previous index, and a reader of a site
    being re-indexed never gets half of one. One indexer at a time per site:
    each starts by removing what a killed one left behind.
    """
    if not Path(site_dir).is_dir():
        raise UserError(f"{site_dir}: no such site folder to index for search")
    site_dir = Path(site_dir).resolve()
    for stale in [*site_dir.glob(f".{BUNDLE}-*"), set_aside(site_dir / BUNDLE)]:  # left by an indexer that was killed
        shutil.rmtree(stale, ignore_errors=True)
    building = Path(tempfile.mkdtemp(prefix=f".{BUNDLE}-building-", dir=site_dir))
    building.chmod(site_dir.stat().st_mode & 0o777)
    pages = _pages(site_dir)
    parts = [pages[start:start + pages_per_part] for start in range(0, len(pages), pages_per_part)] or [[]]
    try:
        if len(parts) == 1:
            _run_pagefind(site_dir, building)
        else:
            for number, part in enumerate(parts):
                _index_part(site_dir, part, building if number == 0 else building / f"part-{number + 1}")
        (building / PARTS_LIST).write_text(json.dumps([f"part-{number + 1}/" for number in range(1, len(parts))]), encoding="utf-8")
        stats = read_stats(site_dir, building)
        if stats is None:
            raise UserError(f"the search indexer (Pagefind) wrote no index in {site_dir}")
        swap_in(building, site_dir / BUNDLE)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return stats


def _pages(site_dir: Path) -> list[str]:
    """The site's HTML files, in path order (so a part holds neighbouring pages), outside
    the search folders and the hidden folders this module and the build use."""
    return sorted(path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*.html")
                  if not any(part.startswith(".") or part == BUNDLE for part in path.relative_to(site_dir).parts[:-1]))


def _index_part(site_dir: Path, part: list[str], output: Path) -> None:
    """Pagefind over some of the site's pages: a folder of hard links to them, laid out
    as in the site, so the addresses in the index are the pages' own."""
    view = Path(tempfile.mkdtemp(prefix=f".{BUNDLE}-part-", dir=site_dir))
    try:
        for relative in part:
            (view / relative).parent.mkdir(parents=True, exist_ok=True)
            os.link(site_dir / relative, view / relative)
        _run_pagefind(view, output)
    finally:
        shutil.rmtree(view, ignore_errors=True)


def _run_pagefind(site_dir: Path, output: Path) -> None:
    command = [str(pagefind_executable()), "--site", str(site_dir), "--output-path", str(output),
               "--force-language", LANGUAGE, "--silent"]
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    try:
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=TIMEOUT, check=False)
    except OSError as error:
        raise UserError(f"the search indexer (Pagefind) could not start: {error.strerror or error}; reinstall it with `make setup`") from None
    except subprocess.TimeoutExpired:
        raise UserError(f"the search indexer (Pagefind) did not finish within {TIMEOUT} s on {site_dir}") from None
    if done.returncode != 0:
        said = (done.stderr.strip() or done.stdout.strip()).splitlines()[-20:]
        details = "\n".join(f"  {line}" for line in said) or "  (it printed nothing)"
        raise UserError(f"the search indexer (Pagefind) failed on {site_dir} (exit code {done.returncode}):\n{details}")


def read_stats(site_dir: Path, bundle: Path | None = None) -> SearchStats | None:
    """Pages indexed and bundle size of the index in site_dir (or in `bundle`), or None when there is none."""
    bundle = bundle or Path(site_dir) / BUNDLE
    pages = 0
    for entry_file in sorted(bundle.glob("**/pagefind-entry.json")):  # the index, and its other parts
        try:
            entry = json.loads(entry_file.read_text(encoding="utf-8"))
            pages += sum(int(language["page_count"]) for language in entry["languages"].values())
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
    if not pages and not (bundle / "pagefind-entry.json").is_file():
        return None
    return SearchStats(pages, sum(path.stat().st_size for path in bundle.rglob("*") if path.is_file()))


FRAGMENT_SIGNATURE = b"pagefind_dcd"


def read_fragments(site_dir: Path) -> dict[str, dict]:
    """Every page's entry in the index: {url: {"url", "content", "meta": {"title", "label", ...}, ...}}.

    Pagefind keeps a page's text and metadata in one fragment file, gzipped and
    signed with FRAGMENT_SIGNATURE; the browser downloads one per result shown.
    Raises ValueError for a fragment it cannot read.
    """
    fragments = {}
    for path in sorted((Path(site_dir) / BUNDLE).glob("**/fragment/*.pf_fragment")):
        try:
            data = gzip.decompress(path.read_bytes())
        except (OSError, EOFError) as error:
            raise ValueError(f"{path.name}: not gzip ({error})") from None
        if not data.startswith(FRAGMENT_SIGNATURE):
            raise ValueError(f"{path.name}: no {FRAGMENT_SIGNATURE.decode()} signature")
        fragment = json.loads(data[len(FRAGMENT_SIGNATURE):].decode("utf-8"))
        if not isinstance(fragment, dict) or not isinstance(fragment.get("url"), str):
            raise ValueError(f"{path.name}: not a page's fragment")  # noqa: TRY004 - a malformed file, as above
        fragments[fragment["url"]] = fragment
    return fragments


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0].startswith("-"):
        print("usage: python -m build_tools.search_index SITE_DIR", file=sys.stderr)
        return 2
    try:
        print(index_site(Path(args[0])), file=sys.stderr)
    except UserError as error:
        print(f"search_index: error: {error}", file=sys.stderr)
        return error.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
