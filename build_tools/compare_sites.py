"""Compare two builds of the same mkdocs.yml: pages, internal links, search entries.

The scheduled workflow builds the archive with MkDocs and with Zensical and
appends this report to its step summary. A difference is news, not a failure:
the command exits 0 whenever it could compare, and 1 only when it was called
wrongly (a folder that is not there, a summary file it cannot write).

    python -m build_tools.compare_sites MKDOCS_SITE ZENSICAL_SITE [--summary FILE]
"""

from __future__ import annotations

import argparse
import json
import posixpath
import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .search_index import read_fragments

EXAMPLES = 20  # at most this many examples per list in the report

# Where a search index sits, relative to the site root, and what kind it is:
# Pagefind's (what `chronicle build` writes: build_tools/search_index.py), then
# the lunr-style entries of Material for MkDocs' search plugin and of Zensical's
# (one format, under another key). Entries are compared only between two
# indexes of one kind.
PAGEFIND = "pagefind/"
SEARCH_INDEXES = ((PAGEFIND, "pagefind"), ("search/search_index.json", "docs"), ("search.json", "items"))

# The theme's own files. Material and Zensical name them by content hash and lay
# them out differently (Zensical adds stylesheets/modern/), so references to
# them are not compared, only checked for being broken. So are fragments the
# theme reserves ("__" ids: Material's skip link targets the page's first
# heading, Zensical's its own #__skip).
THEME_ASSETS = ("assets/javascripts/", "assets/stylesheets/", "assets/images/")
THEME_FRAGMENT = "__"

# Attributes that point at another file of the site.
_REFERENCES = {"a": "href", "area": "href", "link": "href", "img": "src", "script": "src", "iframe": "src", "source": "src"}


class UsageError(Exception):
    """The command was called wrongly: one line for the user, exit 1."""


# ---------------------------------------------------------------- one site


class _PageParser(HTMLParser):
    """Collects a page's references and the anchors it offers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.references: list[str] = []
        self.anchors: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.anchors.add(values["id"])
        if tag == "a" and values.get("name"):
            self.anchors.add(values["name"])
        attribute = _REFERENCES.get(tag)
        if attribute and values.get(attribute) is not None:
            self.references.append(values[attribute].strip())

    handle_startendtag = handle_starttag


@dataclass
class SiteLinks:
    """What one build's pages point at."""

    files: set[str]  # every file, relative to the site root
    pages: dict[str, set[str]]  # page -> normalised internal targets (theme assets left out)
    anchors: dict[str, set[str]]  # page -> ids and names it holds
    broken: set[tuple[str, str]] = field(default_factory=set)  # (page, target)
    theme: int = 0  # references to the theme's own assets
    external: int = 0  # http(s), mailto and other schemes


def resolve(page: str, reference: str) -> tuple[str, str] | None:
    """The site path and fragment a reference on `page` points at; None when it leaves the site.

    `page` is relative to the site root (events/x/index.html). Directory URLs
    (events/y/) become their index.html; `./a` and `a` are the same target.
    """
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return page, parts.fragment
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(page), path)
    target = posixpath.normpath(joined) if joined else "."
    if path.endswith("/") or target == ".":
        target = posixpath.join(target, "index.html") if target != "." else "index.html"
    return target, parts.fragment


def read_site(root: Path) -> SiteLinks:
    """Parse every HTML page under `root` and sort its references."""
    files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    directories = {posixpath.dirname(f) for f in files}
    site = SiteLinks(files=files, pages={}, anchors={})
    references: dict[str, list[str]] = {}
    for page in sorted(f for f in files if f.endswith(".html")):
        parser = _PageParser()
        parser.feed((root / page).read_text(encoding="utf-8", errors="replace"))
        parser.close()
        references[page] = parser.references
        site.anchors[page] = parser.anchors
    for page, refs in references.items():
        targets = site.pages.setdefault(page, set())
        for reference in refs:
            resolved = resolve(page, reference)
            if resolved is None:
                site.external += 1
                continue
            path, fragment = resolved
            if path not in files and path in directories:  # events/y without the slash
                path = posixpath.join(path, "index.html")
            target = f"{path}#{fragment}" if fragment else path
            if _is_broken(site, path, fragment):
                site.broken.add((page, target))
            if path.startswith(THEME_ASSETS) or fragment.startswith(THEME_FRAGMENT):
                site.theme += 1
                continue
            targets.add(target)
    return site


def _is_broken(site: SiteLinks, path: str, fragment: str) -> bool:
    if path.startswith("../") or path == ".." or path not in site.files:
        return True
    return bool(fragment) and path in site.anchors and fragment not in site.anchors[path]


def _kind(key: str) -> str:
    return "Pagefind" if key == "pagefind" else "lunr-style entries"


def read_searches(root: Path) -> list[tuple[str, str, dict[str, dict], str | None]]:
    """(index, kind, {location: entry}, problem) for every search index found under `root`, in SEARCH_INDEXES order.

    An entry has a title, a text, tags and a boost. For Pagefind a location is
    the page's address from the site root (no sections), its tags are its other
    metadata ("label: Place · city", the search words), its boost 1.
    """
    found = []
    for name, key in SEARCH_INDEXES:
        path = root / name
        if key == "pagefind":
            if not (path / "pagefind-entry.json").is_file():
                continue
            try:
                entries = {url.lstrip("/"): _pagefind_entry(fragment) for url, fragment in read_fragments(root).items()}
            except (ValueError, KeyError, TypeError, AttributeError) as error:
                found.append((name, _kind(key), {}, f"`{name}` is not a search index this tool reads ({type(error).__name__}: {error})"))
                continue
            found.append((name, _kind(key), entries, None))
            continue
        if not path.is_file():
            continue
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))[key]
            by_location: dict[str, dict] = {}
            for entry in entries:
                by_location.setdefault(str(entry.get("location", "")), entry)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            found.append((name, _kind(key), {}, f"`{name}` is not a search index this tool reads ({type(error).__name__}: {error})"))
            continue
        found.append((name, _kind(key), by_location, None))
    return found


def _pagefind_entry(fragment: dict) -> dict:
    meta = dict(fragment.get("meta") or {})
    title = meta.pop("title", "")
    return {"title": title, "text": fragment["content"], "tags": [f"{key}: {value}" for key, value in sorted(meta.items())]}


# ---------------------------------------------------------------- comparison


@dataclass(frozen=True)
class PageLinkDiff:
    page: str
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]


@dataclass
class SearchComparison:
    index: tuple[str | None, str | None]
    entries: tuple[int, int]
    only_a: list[str]  # locations
    only_b: list[str]
    titles: list[tuple[str, str, str]]  # (location, title in a, title in b)
    texts: list[str]  # locations whose text differs once markup and spacing are set aside
    tags: list[str]  # locations whose search tags differ (none and [] are the same)
    boosts: list[tuple[str, float, float]]  # (location, boost in a, boost in b); 1 when unset
    problems: list[str]
    not_compared: str | None = None  # why the entries were not compared (two kinds of index)

    @property
    def differs(self) -> bool:
        return bool(self.only_a or self.only_b or self.titles or self.texts or self.tags or self.boosts or self.problems or self.not_compared)


@dataclass
class Comparison:
    labels: tuple[str, str]
    pages: tuple[int, int]
    pages_only_a: list[str]
    pages_only_b: list[str]
    files: tuple[int, int]  # other files (theme assets and search indexes aside)
    files_only_a: list[str]
    files_only_b: list[str]
    links: tuple[int, int]  # distinct internal targets per page, added up (theme's own left out)
    theme_links: tuple[int, int]
    external_links: tuple[int, int]
    link_diffs: list[PageLinkDiff]
    broken: tuple[int, int]
    broken_only_a: list[tuple[str, str]]
    broken_only_b: list[tuple[str, str]]
    search: SearchComparison

    @property
    def differs(self) -> bool:
        return bool(
            self.pages_only_a or self.pages_only_b or self.files_only_a or self.files_only_b or self.link_diffs
            or self.broken_only_a or self.broken_only_b or self.search.differs
        )


def _plain(text: object) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", str(text or "")).split())


def _boost(entry: dict) -> float:
    try:
        return float(entry.get("boost", 1))
    except (TypeError, ValueError):
        return float("nan")


def compare_search(a: Path, b: Path) -> SearchComparison:
    found_a, found_b = read_searches(a), read_searches(b)
    shared = [kind for _, kind, _, _ in found_a if kind in {kind for _, kind, _, _ in found_b}]
    pick_a = next((f for f in found_a if f[1] == shared[0]), None) if shared else (found_a[0] if found_a else None)
    pick_b = next((f for f in found_b if f[1] == shared[0]), None) if shared else (found_b[0] if found_b else None)
    index_a, kind_a, entries_a, problem_a = pick_a or (None, None, {}, f"no search index ({_wanted()})")
    index_b, kind_b, entries_b, problem_b = pick_b or (None, None, {}, f"no search index ({_wanted()})")
    not_compared = None
    if pick_a and pick_b and kind_a != kind_b:
        not_compared = (f"not compared: `{index_a}` ({kind_a}) and `{index_b}` ({kind_b}) are different kinds of search index; "
                        "index both sites with `python -m build_tools.search_index SITE` to compare their entries")
        counts = (len(entries_a), len(entries_b))
        entries_a, entries_b = {}, {}
    else:
        counts = (len(entries_a), len(entries_b))
    common = sorted(entries_a.keys() & entries_b.keys())
    return SearchComparison(
        index=(index_a, index_b),
        entries=counts,
        only_a=sorted(entries_a.keys() - entries_b.keys()),
        only_b=sorted(entries_b.keys() - entries_a.keys()),
        titles=[
            (loc, str(entries_a[loc].get("title", "")), str(entries_b[loc].get("title", "")))
            for loc in common
            if _plain(entries_a[loc].get("title")) != _plain(entries_b[loc].get("title"))
        ],
        texts=[loc for loc in common if _plain(entries_a[loc].get("text")) != _plain(entries_b[loc].get("text"))],
        tags=[loc for loc in common if list(entries_a[loc].get("tags") or []) != list(entries_b[loc].get("tags") or [])],
        boosts=[
            (loc, _boost(entries_a[loc]), _boost(entries_b[loc]))
            for loc in common
            if _boost(entries_a[loc]) != _boost(entries_b[loc])
        ],
        problems=[f"{side}: {problem}" for side, problem in ((a, problem_a), (b, problem_b)) if problem],
        not_compared=not_compared,
    )


def _wanted() -> str:
    return " or ".join(f"`{name}`" for name, _ in SEARCH_INDEXES)


def _other_files(site: SiteLinks) -> set[str]:
    """Files that are neither pages, the theme's own assets nor a search index."""
    indexes = {name for name, _ in SEARCH_INDEXES}
    return {f for f in site.files if not f.endswith(".html") and not f.startswith(THEME_ASSETS) and f not in indexes and not f.startswith(PAGEFIND)}


def compare_sites(a: Path, b: Path, labels: tuple[str, str] = ("MkDocs", "Zensical")) -> Comparison:
    """Compare two built site folders; neither is changed."""
    for folder in (a, b):
        if not Path(folder).is_dir():
            raise UsageError(f"{folder}: no such site folder; build it first")
    site_a, site_b = read_site(Path(a)), read_site(Path(b))
    files_a, files_b = _other_files(site_a), _other_files(site_b)
    common = sorted(site_a.pages.keys() & site_b.pages.keys())
    link_diffs = []
    for page in common:
        only_a, only_b = site_a.pages[page] - site_b.pages[page], site_b.pages[page] - site_a.pages[page]
        if only_a or only_b:
            link_diffs.append(PageLinkDiff(page, tuple(sorted(only_a)), tuple(sorted(only_b))))
    return Comparison(
        labels=labels,
        pages=(len(site_a.pages), len(site_b.pages)),
        pages_only_a=sorted(site_a.pages.keys() - site_b.pages.keys()),
        pages_only_b=sorted(site_b.pages.keys() - site_a.pages.keys()),
        files=(len(files_a), len(files_b)),
        files_only_a=sorted(files_a - files_b),
        files_only_b=sorted(files_b - files_a),
        links=(sum(map(len, site_a.pages.values())), sum(map(len, site_b.pages.values()))),
        theme_links=(site_a.theme, site_b.theme),
        external_links=(site_a.external, site_b.external),
        link_diffs=link_diffs,
        broken=(len(site_a.broken), len(site_b.broken)),
        broken_only_a=sorted(site_a.broken - site_b.broken),
        broken_only_b=sorted(site_b.broken - site_a.broken),
        search=compare_search(Path(a), Path(b)),
    )


# ---------------------------------------------------------------- report


def _examples(items: list[str], limit: int = EXAMPLES) -> list[str]:
    lines = [f"- {item}" for item in items[:limit]]
    if len(items) > limit:
        lines.append(f"- … and {len(items) - limit} more")
    return lines


def _code(text: str) -> str:
    return f"`{text}`" if text else "`(site root)`"


def format_report(result: Comparison, a: Path | str, b: Path | str) -> str:
    """The comparison as Markdown: a table of counts first, then capped example lists."""
    la, lb = result.labels
    s = result.search

    def only(count_a: int, count_b: int) -> str:
        return f"{count_a} only in {la}, {count_b} only in {lb}"

    rows = [
        ("HTML pages", result.pages, only(len(result.pages_only_a), len(result.pages_only_b))),
        ("other files (theme assets, search index aside)", result.files, only(len(result.files_only_a), len(result.files_only_b))),
        ("internal link targets (distinct per page)", result.links, f"{len(result.link_diffs)} pages in both link differently"),
        ("broken internal links", result.broken, only(len(result.broken_only_a), len(result.broken_only_b))),
        ("theme asset and skip-link references", result.theme_links, "not compared"),
        ("external links", result.external_links, "not compared"),
        ("search entries", s.entries, s.not_compared or only(len(s.only_a), len(s.only_b)) + f", {len(s.titles)} titles, {len(s.texts)} texts, "
         f"{len(s.tags)} tag lists and {len(s.boosts)} boosts differ"),
    ]
    verdict = ("**No differences in pages, links or search entries.**" if not result.differs
               else "Differences found (reported only; they do not fail the run).")
    lines = [
        f"## {la} and {lb} builds compared",
        "",
        f"{la}: `{a}`; {lb}: `{b}`.",
        "",
        verdict,
        "",
        f"| | {la} | {lb} | differences |",
        "| --- | ---: | ---: | --- |",
        *(f"| {name} | {count_a} | {count_b} | {note} |" for name, (count_a, count_b), note in rows),
        "",
    ]
    if s.index[0] or s.index[1]:
        lines += [f"Search index: {la} `{s.index[0]}`, {lb} `{s.index[1]}`.", ""]

    def section(title: str, items: list[str]) -> None:
        if items:
            lines.extend([f"### {title} ({len(items)})", "", *_examples(items), ""])

    section(f"Pages only in {la}", [_code(p) for p in result.pages_only_a])
    section(f"Pages only in {lb}", [_code(p) for p in result.pages_only_b])
    section(f"Other files only in {la}", [_code(p) for p in result.files_only_a])
    section(f"Other files only in {lb}", [_code(p) for p in result.files_only_b])
    page_lines = []
    for diff in result.link_diffs:
        parts = []
        if diff.only_a:
            parts.append(f"only {la}: " + ", ".join(_code(t) for t in diff.only_a[:3]) + ("…" if len(diff.only_a) > 3 else ""))
        if diff.only_b:
            parts.append(f"only {lb}: " + ", ".join(_code(t) for t in diff.only_b[:3]) + ("…" if len(diff.only_b) > 3 else ""))
        page_lines.append(f"{_code(diff.page)}: " + "; ".join(parts))
    section("Pages whose links differ", page_lines)
    section(f"Broken only in {la}", [f"{_code(p)} → {_code(t)}" for p, t in result.broken_only_a])
    section(f"Broken only in {lb}", [f"{_code(p)} → {_code(t)}" for p, t in result.broken_only_b])
    section(f"Search entries only in {la}", [_code(loc) for loc in s.only_a])
    section(f"Search entries only in {lb}", [_code(loc) for loc in s.only_b])
    section("Search titles that differ", [f"{_code(loc)}: {ta!r} / {tb!r}" for loc, ta, tb in s.titles])
    section("Search texts that differ", [_code(loc) for loc in s.texts])
    section("Search tags that differ", [_code(loc) for loc in s.tags])
    section(f"Search boosts that differ ({la} / {lb})", [f"{_code(loc)}: {ba:g} / {bb:g}" for loc, ba, bb in s.boosts])
    section("Search index problems", s.problems)
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------- command


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # type: ignore[override]
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(
        prog="python -m build_tools.compare_sites",
        description="Report how two builds of the same mkdocs.yml differ (pages, internal links, "
        "search entries). Exits 0 whenever it could compare, whatever it found.",
    )
    parser.add_argument("mkdocs_site", type=Path, metavar="MKDOCS_SITE", help="the site MkDocs built")
    parser.add_argument("zensical_site", type=Path, metavar="ZENSICAL_SITE", help="the site Zensical built")
    parser.add_argument("--summary", type=Path, metavar="FILE", help="also append the report to FILE (e.g. $GITHUB_STEP_SUMMARY)")
    try:
        args = parser.parse_args(argv)
        report = format_report(compare_sites(args.mkdocs_site, args.zensical_site), args.mkdocs_site, args.zensical_site)
        if args.summary:
            try:
                with args.summary.open("a", encoding="utf-8") as out:
                    out.write(report)
            except OSError as error:
                raise UsageError(f"{args.summary}: cannot append the summary ({error.strerror or error})") from None
    except UsageError as error:
        print(f"compare_sites: error: {error}", file=sys.stderr)
        return 1
    sys.stdout.write(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
