"""What `chronicle serve` keeps in memory between edits, so an edit shows in seconds.

At 20,000 pages a full generate takes half a minute, and MkDocs' dirty build
alone takes 6 s, since it lists every file and makes every page object again
before it converts the one page that changed. The preview keeps instead:

- `LiveArchive`: the load and validation caches (only the files that changed
  are read and checked again), the linked archive, and the pages each page
  links to. After an edit, `quick()` renders the pages of the records that
  changed, the pages that link to them and the pages they link to; `full()`,
  which the preview runs next in the background, renders every page again and
  returns what differs on disk, so what the quick pass cannot foresee (lists,
  counts, exports, a second-hand change) is right a few seconds later.
- `LiveSite`: MkDocs' configuration, files, navigation and theme, so that a
  changed page is converted and written alone.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

from . import fast_markdown, forked, nav_cache, site_build, unchanged
from .history import file_dates
from .link import Graph, link, page_path
from .load import LoadCache, load_content
from .mentions import MENTION_KINDS, label_key
from .pipeline import (
    InvalidContent,
    check_content_dir,
    read_assets,
    read_site_settings,
    read_templates,
)
from .render import model_docs, raw_copy, render
from .validate import ValidateCache, validate
from .write import (
    check_apart,
    check_page_names,
    prepare_output,
    remove_stale,
    write_changed,
)

# A link to another generated page, as the templates write them: [label](../places/kupiansk.md#anchor)
_PAGE_LINK = re.compile(r"\]\(([^()\s]+?\.md)(?:#[^()\s]*)?\)")


def links_of(path: str, text: str | bytes) -> frozenset[str]:
    """The generated pages a Markdown page links to, as paths like 'places/kupiansk.md'."""
    if not path.endswith(".md") or isinstance(text, bytes):
        return frozenset()
    folder = posixpath.dirname(path)
    return frozenset(posixpath.normpath(posixpath.join(folder, target)) for target in _PAGE_LINK.findall(text))


@dataclass
class Update:
    """What a pass changed in the generated pages folder."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    rendered: int = 0  # pages rendered, changed or not


@dataclass
class _Share:
    names: list[str]  # every file the share renders
    links: dict[str, frozenset[str]]
    changed: dict[str, str | bytes]  # files whose bytes differ from the disk (empty when the share wrote them)
    written: list[str]


class LiveArchive:
    """The archive as last rendered, and how to render again only what an edit touches."""

    def __init__(self, content_dir: Path, out_dir: Path, config_file: Path, jobs: int | None = None) -> None:
        self.content_dir, self.out_dir, self.config_file = content_dir, out_dir, config_file
        self.jobs = jobs or forked.default_jobs()
        self.load_cache, self.validate_cache = LoadCache(), ValidateCache()
        self.graph: Graph | None = None
        self.links: dict[str, frozenset[str]] = {}  # generated page -> pages it links to
        self.generation = 0  # counts the archives rendered; full() drops a result an edit overtook
        self.lock = threading.Lock()  # one writer of out_dir at a time
        self._dates: tuple[str, dict] | None = None
        self._inputs: tuple | None = None  # templates and settings the pages were rendered with

    def start(self) -> Update:
        """Render and write everything, on every core: the preview's first build."""
        check_apart(self.out_dir, self.content_dir, "--out")
        with self.lock:
            graph, inputs = self._linked(), self._read_inputs()
            prepare_output(self.out_dir)
            unchanged.forget(self.out_dir)  # the preview writes pages `chronicle generate` did not
            return self._render_all_now(graph, inputs)

    def quick(self) -> Update:
        """Read what changed, check the whole archive, then render and write the pages an
        edit most likely touched. InvalidContent leaves everything as it was."""
        with self.lock:
            graph, inputs = self._linked(), self._read_inputs()
            old = self.graph
            if old is None or inputs != self._inputs:
                return self._render_all_now(graph, inputs)
            changed = changed_pages(old, graph)
            touched = set(changed)
            for page, targets in self.links.items():
                if targets & changed:
                    touched.add(page)
            for page in changed:
                touched |= self.links.get(page, frozenset())
            touched |= _articles_naming(old, graph)
            templates, docs, settings = inputs
            pages: dict[str, str | bytes] = dict(render(graph, templates, docs, settings, only=touched, lists=False))
            # A record's new page may link to pages that do not yet list it (an event moved to another place).
            onward = set().union(*(links_of(path, pages[path]) for path in changed if path in pages)) - set(pages)
            pages.update(render(graph, templates, docs, settings, only=onward, lists=False))
            for article_id in graph.archive.articles:
                if page_path("articles", article_id) in changed:
                    raw = graph.archive.articles[article_id].raw
                    pages[raw_copy(raw)] = (self.content_dir / raw).read_bytes()
            gone = sorted(page for page in changed if not _has_page(graph, page))
            written = write_changed(pages, self.out_dir)
            for page in gone:
                (self.out_dir / page).unlink(missing_ok=True)
                self.links.pop(page, None)
            self.links.update((path, links_of(path, text)) for path, text in pages.items() if path.endswith(".md"))
            self.graph = graph
            self.generation += 1
            return Update(written, gone, len(pages))

    def full(self) -> Update | None:
        """Render every page of the current archive again, on every core, and write what
        differs; None when an edit came in meanwhile (its own full pass follows)."""
        return self.apply(self.render_everything())

    def render_everything(self) -> tuple[int, list[_Share]] | None:
        """Every page of the current archive, compared with the disk but not written."""
        with self.lock:
            graph, inputs, generation = self.graph, self._inputs, self.generation
        if graph is None or inputs is None:
            return None
        # Every share in a child (share 0 here does nothing): rendered in this process, it
        # would hold the interpreter lock against the quick pass of the next edit.
        claim = forked.Counter()
        results = forked.run_shares(lambda share: share and self._render_share(graph, inputs, share - 1, claim, write=False), self.jobs + 1)
        return generation, results[1:]

    def apply(self, rendered: tuple[int, list[_Share]] | None) -> Update | None:
        """Write what render_everything found, unless an edit was rendered since."""
        with self.lock:
            if rendered is None or rendered[0] != self.generation:
                return None
            return self._apply(rendered[1])

    def _render_all_now(self, graph: Graph, inputs: tuple) -> Update:
        """Every page, now, written (called holding the lock): the first build, and after
        the templates or settings changed."""
        claim = forked.Counter()
        shares = forked.run_shares(lambda share: self._render_share(graph, inputs, share, claim, write=True), self.jobs)
        update = self._apply(shares)
        self.graph, self._inputs = graph, inputs
        self.generation += 1
        return update

    def _render_share(self, graph: Graph, inputs: tuple, share: int, claim: forked.Counter, write: bool) -> _Share:
        """One share of every page (as `pipeline.generate` shares them), compared with the disk."""
        templates, docs, settings = inputs
        pages: dict[str, str | bytes] = dict(render(graph, templates, docs, settings, share=(share, self.jobs), claim=claim))
        if share == 0:
            pages.update(read_assets())
        raws = sorted(graph.archive.articles.values(), key=lambda article: article.raw)
        for article in raws[share::self.jobs]:
            pages[raw_copy(article.raw)] = (self.content_dir / article.raw).read_bytes()
        links = {path: links_of(path, text) for path, text in pages.items() if path.endswith(".md")}
        if write:
            return _Share(sorted(pages), links, {}, write_changed(pages, self.out_dir))
        return _Share(sorted(pages), links, {path: text for path, text in pages.items() if not _same(self.out_dir / path, text)}, [])

    def _apply(self, shares: list[_Share]) -> Update:
        """Write what the shares found changed, remove what is no longer generated (holding the lock)."""
        names: set[str] = set()
        changed: dict[str, str | bytes] = {}
        written: list[str] = []
        self.links = {}
        for share in shares:
            names.update(share.names)
            changed.update(share.changed)
            written += share.written
            self.links.update(share.links)
        check_page_names(names)
        written += write_changed(changed, self.out_dir)
        removed = remove_stale(self.out_dir, names | {unchanged.MANIFEST})
        return Update(sorted(written), removed, len(names))

    def _linked(self) -> Graph:
        check_content_dir(self.content_dir)
        content = load_content(self.content_dir, Path.cwd(), cache=self.load_cache)
        archive, problems = validate(content, cache=self.validate_cache)
        if problems:
            raise InvalidContent(problems)
        return link(archive, self._file_dates())

    def _file_dates(self) -> dict:
        """Git dates change only with a commit: read them again when HEAD moves."""
        head = unchanged.head(self.content_dir)
        if self._dates is None or self._dates[0] != head:
            self._dates = (head, file_dates(self.content_dir))
        return self._dates[1]

    def _read_inputs(self) -> tuple:
        return read_templates(), model_docs(), read_site_settings(self.config_file)


def _same(path: Path, text: str | bytes) -> bool:
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def changed_pages(old: Graph, new: Graph) -> set[str]:
    """The pages of the records added, removed or changed between two archives. Unchanged
    records come back from the validation cache as the same objects, so most
    comparisons are one identity test."""
    changed = set()
    before, after = old.archive, new.archive
    pairs = [(kind, before.records.get(kind, {}), records) for kind, records in after.records.items()]
    pairs += [("articles", before.articles, after.articles), ("articles", before.bodies, after.bodies)]
    for kind, was, now in pairs:
        for record_id in was.keys() | now.keys():
            a, b = was.get(record_id), now.get(record_id)
            if a is not b and a != b:
                changed.add(page_path(kind, record_id))
    if old.dates != new.dates:
        for record_id in old.dates.keys() | new.dates.keys():
            if old.dates.get(record_id) != new.dates.get(record_id):
                kind = new.kind_of.get(record_id) or old.kind_of.get(record_id)
                if kind:
                    changed.add(page_path(kind, record_id))
    return changed


def _has_page(graph: Graph, page: str) -> bool:
    record_id = posixpath.splitext(posixpath.basename(page))[0]
    kind = graph.kind_of.get(record_id)
    return kind is not None and page_path(kind, record_id) == page


def _names(graph: Graph) -> dict[str, frozenset[str]]:
    records = graph.archive.records
    return {record_id: frozenset(label_key(label) for label in (model.name, *model.aliases))
            for kind in MENTION_KINDS for record_id, model in records.get(kind, {}).items()}


def _articles_naming(old: Graph, new: Graph) -> set[str]:
    """Reports whose text holds a name that was added, dropped or moved to another record:
    their links to mentioned records may change."""
    before, after = _names(old), _names(new)
    names = set()
    for record_id in before.keys() | after.keys():
        if before.get(record_id) != after.get(record_id):
            names |= before.get(record_id, frozenset()) ^ after.get(record_id, frozenset())
            if record_id not in before or record_id not in after:
                names |= before.get(record_id, frozenset()) | after.get(record_id, frozenset())
    if not names:
        return set()
    return {page_path("articles", article_id) for article_id, body in new.archive.bodies.items()
            if any(name in label_key(body) for name in names)}


class LiveSite:
    """MkDocs' files, navigation and theme for the preview's site, kept between rebuilds."""

    def __init__(self, config_file: Path, docs_dir: Path, site_dir: Path, dev_addr: str, serve_url: str) -> None:
        self.config_file, self.docs_dir, self.site_dir = config_file, docs_dir, site_dir
        self.dev_addr, self.serve_url = dev_addr, serve_url
        self.config = None

    def _load_config(self):
        from mkdocs.config import load_config

        config = load_config(str(self.config_file), docs_dir=str(self.docs_dir.resolve()), site_dir=str(self.site_dir), dev_addr=self.dev_addr, strict=False)
        config.site_url = self.serve_url
        return config

    def build_all(self) -> None:
        """Every page, on every core, then MkDocs' structures for later rebuilds."""
        site_build.build(self._load_config())
        self._prepare(self._load_config())

    def _prepare(self, config) -> None:
        from mkdocs.structure.files import get_files, set_exclusions
        from mkdocs.structure.nav import get_navigation
        from mkdocs.structure.pages import Page

        self.config = config = config.plugins.on_config(config)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
        for file in files.documentation_pages():
            if file.page is None:
                Page(None, file, config)
        self.env = config.plugins.on_env(env, config=config, files=files)
        self.files, self.nav = files, nav
        self.doc_files = files.documentation_pages()
        # The same page conversion and navigation cache as the full build's workers.
        self.renderer = fast_markdown.PageRenderer(config, files)
        nav_cache.NavCache(self.env, nav)

    def rebuild(self, written: list[str], removed: list[str]) -> None:
        """Convert and write the given generated files again and drop the removed ones."""
        self.convert(self.update_files(written, removed))

    def update_files(self, written: list[str], removed: list[str]) -> list:
        """Take in added and removed files, copy the changed static ones, and return the
        pages left to convert."""
        from mkdocs.commands import build as mkdocs_build

        if self.config is None:
            self.build_all()
            return []
        if self.config.plugins:
            # A plugin may gather from every page: MkDocs' own dirty build, as `mkdocs serve` does it.
            for path in removed:
                self._remove(path)
            mkdocs_build.build(self._load_config(), serve_url=self.serve_url, dirty=True)
            return []
        listed = False
        for path in removed:
            listed |= self._remove(path)
        pages = []
        for path in written:
            file = self.files.get_file_from_path(path)
            if file is None:
                file, listed = self._add(path), True
            if file.page is not None:
                pages.append(file.page)
            else:
                file.copy_file()
        if listed:  # the sitemap lists every page
            self.doc_files = self.files.documentation_pages()
            for template in self.config.theme.static_templates:
                mkdocs_build._build_theme_template(template, self.env, self.files, self.config, self.nav)
        return pages

    def convert_in_child(self, pages: list) -> None:
        """Convert pages in a forked process, which leaves this one's interpreter free for
        the quick pass of the next edit meanwhile. A page whose Markdown a newer edit
        rewrites in the meantime is left to that edit."""
        if pages:
            forked.run_shares(lambda share: share and self.convert(pages, unless_rewritten=True), 2)

    def convert(self, pages: list, unless_rewritten: bool = False) -> None:
        from mkdocs.commands import build as mkdocs_build

        for page in pages:
            source = Path(page.file.abs_src_path)
            stamp = source.stat().st_mtime_ns
            page.render = self.renderer.bind(page)  # what _populate_page calls to convert the page
            try:
                mkdocs_build._populate_page(page, self.config, self.files)
            finally:
                del page.render
            if unless_rewritten and source.stat().st_mtime_ns != stamp:
                continue  # a newer edit rewrote it meanwhile, and its quick pass converts it
            mkdocs_build._build_page(page, self.config, self.doc_files, self.nav, self.env, excluded=page.file.inclusion.is_excluded())

    def _add(self, path: str):
        from mkdocs.structure.files import File, Files, set_exclusions
        from mkdocs.structure.pages import Page

        file = File(path, self.config.docs_dir, self.config.site_dir, self.config.use_directory_urls)
        set_exclusions(Files([file]), self.config)
        self.files.append(file)
        if file.is_documentation_page():
            Page(None, file, self.config)
        return file

    def _remove(self, path: str) -> bool:
        file = self.files.get_file_from_path(path) if self.config is not None else None
        if file is not None:
            self.files.remove(file)
            destination = Path(file.abs_dest_path)
        else:
            from .link import directory_url

            destination = self.site_dir / (directory_url(path) + "index.html" if path.endswith(".md") else path)
        destination.unlink(missing_ok=True)
        if path.endswith(".md") and destination.parent != self.site_dir and not any(destination.parent.iterdir()):
            shutil.rmtree(destination.parent, ignore_errors=True)
        return file is not None

