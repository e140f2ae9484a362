"""MkDocs' build, with the pages shared out among processes.

`mkdocs build` converts and renders every page one after another on one core;
at 20,000 pages that is most of the build. This is the same build, made of
MkDocs' own steps (files, navigation, plugin events, `_populate_page`,
`_build_page`, anchor validation), in the same order for each page, except:

- the pages are split among `jobs` processes forked once the files and the
  navigation are known; each converts and writes its share, then reports back
  the anchors its pages hold and link to, and its warnings, so the parent
  validates anchors across all pages and strict mode still counts every
  warning;
- each page is written as soon as it is converted and its HTML is dropped
  then, where MkDocs keeps every page's HTML until the end (800 MB at 20k);
- `on_env` runs before the pages are converted, not after: no plugin this
  site uses needs every page converted before its templates render;
- the static files (raw copies, data, the theme's assets) are copied by the
  processes too, split by size, rather than by the parent before the pages;
  where two outputs share a path, or one is a folder another needs, the
  parent copies them first as MkDocs does, since the order decides the site;
- each process reads front matter in the generated form without YAML and
  converts its pages with one reused Markdown instance and shortcuts that
  leave every byte as MkDocs' `Page.render` makes it (fast_markdown.py), and
  renders Material's navigation once for all the pages of a folder that are
  not in the navigation (nav_cache.py).

Plugins that gather something from every page (Material's search, for one)
would see only their process's share, so with any plugin not known to be safe
the build falls back to MkDocs' own, on one core.
"""

from __future__ import annotations

import logging
import os
import time
import traceback
from dataclasses import dataclass, field

from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from . import fast_markdown, forked, nav_cache

log = logging.getLogger("mkdocs.commands.build")

# Plugins that keep no state across pages, so each process can run its own copy.
# This site uses none; name one here once it is known to be safe.
PARALLEL_SAFE_PLUGINS: frozenset[str] = frozenset()


@dataclass
class ShareResult:
    """What a process sends back about the pages it built."""

    anchors: dict[str, set[str]] = field(default_factory=dict)  # src_uri -> ids present
    links_to_anchors: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)  # src_uri -> {target src_uri: {anchor: link}}
    messages: list[tuple[int, str]] = field(default_factory=list)  # (level, text) logged at WARNING or above
    error: str | None = None


def build(config: MkDocsConfig, jobs: int | None = None) -> None:
    """Build the site like `mkdocs build`, with `jobs` processes (default: one per core)."""
    jobs = jobs or forked.default_jobs()
    if jobs < 2 or not set(config.plugins) <= PARALLEL_SAFE_PLUGINS:
        mkdocs_build.build(config)
        return
    logger = logging.getLogger("mkdocs")
    warning_counter = utils.CountHandler()
    warning_counter.setLevel(logging.WARNING)
    if config.strict:
        logger.addHandler(warning_counter)
    inclusion = InclusionLevel.is_included
    try:
        start = time.monotonic()
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        utils.clean_directory(config.site_dir)

        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        doc_files = files.documentation_pages(inclusion=inclusion)
        for file in doc_files:
            if file.page is None:
                Page(None, file, config)
        env = config.plugins.on_env(env, config=config, files=files)

        static = [file for file in files if not file.is_documentation_page() and inclusion(file.inclusion)]
        static_shares = _static_shares(static, doc_files, config, jobs)
        if static_shares is None:  # some output path is written twice: keep MkDocs' order
            files.copy_static_files(inclusion=inclusion)
            static_shares = [[] for _ in range(jobs)]
        for template in config.theme.static_templates:
            mkdocs_build._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mkdocs_build._build_extra_template(template, files, config, nav)

        shares = _shares(doc_files, jobs)
        results = forked.run_shares(lambda share: _build_share(shares[share], config, files, doc_files, nav, env, static_shares[share]), jobs)
        for result in results:
            for level, message in result.messages:
                log.log(level, message)
        failed = [result.error for result in results if result.error]
        if failed:
            raise BuildError(failed[0])

        _validate_anchors(results, files, config)
        config.plugins.on_post_build(config=config)
        if counts := warning_counter.get_counts():
            message = ", ".join(f"{count} {level.lower()}s" for level, count in counts)
            raise Abort(f"Aborted with {message} in strict mode!")
        log.info(f"Documentation built in {time.monotonic() - start:.2f} seconds ({jobs} processes)")
    except Exception as error:
        config.plugins.on_build_error(error=error)
        if isinstance(error, BuildError):
            log.error(str(error))
            raise Abort("Aborted with a BuildError!") from None
        raise
    finally:
        logger.removeHandler(warning_counter)


def _shares(doc_files, jobs: int, size=None) -> list[list]:
    """Split the pages so each process gets about the same amount of Markdown:
    biggest first, each to the lightest share so far."""
    sized = sorted((((size or _size)(file), file) for file in doc_files), key=lambda pair: -pair[0])  # stable: equal sizes keep their order
    shares: list[list] = [[] for _ in range(jobs)]
    loads = [0] * jobs
    for file_size, file in sized:
        lightest = loads.index(min(loads))
        shares[lightest].append(file)
        loads[lightest] += file_size + 2_000  # a page's template costs about as much as 2 KB of Markdown
    return shares


def _static_shares(static, doc_files, config, jobs: int) -> list[list] | None:
    """The static files split among the processes, to copy while they build pages;
    None when any output path (or a folder it needs) is also another output's,
    where the order MkDocs writes them in decides what the site holds."""
    outputs = [file.abs_dest_path for file in static] + [file.abs_dest_path for file in doc_files]
    outputs += [os.path.join(config.site_dir, name) for name in config.theme.static_templates]
    outputs += [os.path.join(config.site_dir, name) + ".gz" for name in config.theme.static_templates]
    outputs += [os.path.join(config.site_dir, name) for name in config.extra_templates]
    written = set(outputs)
    if len(written) < len(outputs):
        return None
    folders = {os.path.dirname(path) for path in outputs}
    while folders:
        if folders & written:
            return None
        folders = {os.path.dirname(folder) for folder in folders} - folders
    return _shares(static, jobs)


def _size(file) -> int:
    try:
        return os.path.getsize(file.abs_src_path)
    except (OSError, TypeError):
        return 0


class _Collect(logging.Handler):
    def __init__(self, messages: list[tuple[int, str]]) -> None:
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append((record.levelno, record.getMessage()))


def _build_share(share, config, files, doc_files, nav, env, static=()) -> ShareResult:
    """Copy the share's static files, convert and write each of its pages, keeping only what the parent needs."""
    result = ShareResult()
    logger = logging.getLogger("mkdocs")
    # Warnings go back to the parent, which logs them once, in order.
    collect = _Collect(result.messages)
    saved_handlers, saved_propagate = logger.handlers[:], logger.propagate
    logger.handlers[:] = [collect]
    logger.propagate = False
    try:
        for file in static:
            file.copy_file()
        # The same conversion and templates as MkDocs', made cheaper per page:
        # one Markdown for the share, and the navigation rendered once per folder.
        renderer = fast_markdown.PageRenderer(config, files)
        if env.cache is not None:
            # Jinja looks up each of a page's ~36 includes in an LRU cache that reorders
            # itself on every hit; the theme's templates all fit in a plain dict.
            env.cache = dict(env.cache.items())
        nav_cache.NavCache(env, nav)
        for file in share:
            page = file.page
            page.render = renderer.bind(page)  # what MkDocs' _populate_page calls to convert the page
            page.read_source = renderer.bind_read_source(page)  # ... and to read it
            try:
                mkdocs_build._populate_page(page, config, files)
            finally:
                del page.render, page.read_source
            mkdocs_build._build_page(page, config, doc_files, nav, env, excluded=file.inclusion.is_excluded())
            result.anchors[file.src_uri] = page.present_anchor_ids or set()
            if page.links_to_anchors:
                result.links_to_anchors[file.src_uri] = {target.src_uri: links for target, links in page.links_to_anchors.items()}
            page.content = page.markdown = None  # written: let the HTML go
            page.toc = []
    except Exception as error:  # noqa: BLE001 - sent to the parent, which raises it as the build's error
        result.error = str(error) if isinstance(error, BuildError) else f"{type(error).__name__}: {error}\n{traceback.format_exc()}"
    finally:
        logger.handlers[:] = saved_handlers
        logger.propagate = saved_propagate
    return result


def _validate_anchors(results: list[ShareResult], files: Files, config: MkDocsConfig) -> None:
    """MkDocs' own anchor check, once every process has said which anchors its pages hold."""
    for result in results:
        for src_uri, anchors in result.anchors.items():
            files.get_file_from_path(src_uri).page.present_anchor_ids = anchors
    for result in results:
        for src_uri, targets in result.links_to_anchors.items():
            page = files.get_file_from_path(src_uri).page
            page.links_to_anchors = {files.get_file_from_path(target): links for target, links in targets.items()}
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
