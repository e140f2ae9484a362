"""`chronicle serve`: a live preview that follows edits to the records.

One process does it all: MkDocs' live-reload server watches content/, the
templates, the theme overrides and mkdocs.yml; on a change it regenerates the
Markdown pages, rewriting only those whose text changed, and rebuilds only
those pages (MkDocs' dirty build), then tells the open tabs to reload; a change
to the theme or mkdocs.yml rebuilds all. The search index (Pagefind, over the
whole built site) is refreshed after each rebuild in the background, so the
reload does not wait for it. benchmarks/preview.py measures save-to-browser
time on the shipped archive, benchmarks/scale.py on large synthetic ones.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from . import pipeline, search_index, site_build
from .errors import UserError
from .link import directory_url


def _address(dev_addr: str) -> tuple[str, int]:
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise UserError(f"--dev-addr '{dev_addr}' is not HOST:PORT, e.g. 127.0.0.1:8000")
    return host, int(port)


def serve(content_dir: Path, config_file: Path, docs_dir: Path, dev_addr: str, overrides_dir: Path = Path("overrides")) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException
    from mkdocs.livereload import LiveReloadServer

    if not config_file.is_file():
        raise UserError(f"{config_file}: no such MkDocs configuration; run from the repository root")
    host, port = _address(dev_addr)
    _show_mkdocs_messages()
    site_dir = tempfile.mkdtemp(prefix="chronicle-preview-")
    serve_url = f"http://{host}:{port}/"

    search = _BackgroundIndex(Path(site_dir))
    theme_stamp = _stamp([overrides_dir, config_file])

    def build_site(dirty: bool = False) -> None:
        config = load_config(str(config_file), docs_dir=str(docs_dir.resolve()), site_dir=site_dir, dev_addr=dev_addr, strict=False)
        config.site_url = serve_url
        if dirty:
            build(config, serve_url=serve_url, dirty=True)  # a handful of pages: MkDocs' own build, on one core
        else:
            site_build.build(config)

    def rebuild() -> None:
        """Called by the server after a change. A mistake in a record is printed and the
        last good preview stays (the tabs reload it unchanged)."""
        started = time.perf_counter()
        try:
            written, removed = pipeline.generate(content_dir, docs_dir, config_file)
        except pipeline.InvalidContent as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            print("chronicle: fix the problems above; the preview shows the last valid content", file=sys.stderr)
            return
        except UserError as error:
            print(f"chronicle: error: {error}", file=sys.stderr)
            return
        generated = time.perf_counter()
        nonlocal theme_stamp
        current = _stamp([overrides_dir, config_file])
        theme_changed, theme_stamp = current != theme_stamp, current
        try:
            if theme_changed:
                build_site()
            else:
                for page in removed:
                    shutil.rmtree(Path(site_dir) / directory_url(page), ignore_errors=True)
                build_site(dirty=True)
        except MkDocsException as error:
            print(f"chronicle: mkdocs could not build the preview: {error}", file=sys.stderr)
            return
        print(f"chronicle: regenerated {len(written)} pages, removed {len(removed)} ({generated - started:.2f} s), "
              f"site rebuilt ({time.perf_counter() - generated:.2f} s)", file=sys.stderr)
        search.refresh()

    pipeline.generate(content_dir, docs_dir, config_file)
    build_site()
    search_index.index_site(Path(site_dir))
    print(f"chronicle: previewing {site_dir}", file=sys.stderr, flush=True)
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=site_dir)
    for watched in (content_dir, pipeline.TEMPLATES_DIR, overrides_dir, config_file):
        if watched.exists():
            server.watch(str(watched))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


class _BackgroundIndex:
    """Pagefind over the preview's whole site, run after a rebuild on a thread of its own;
    a rebuild while it runs makes it run once more when it is done."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.lock = threading.Lock()
        self.wanted = threading.Event()
        self.worker: threading.Thread | None = None

    def refresh(self) -> None:
        with self.lock:
            self.wanted.set()
            if self.worker is None or not self.worker.is_alive():
                self.worker = threading.Thread(target=self._run, name="chronicle-search-index", daemon=True)
                self.worker.start()

    def _run(self) -> None:
        while True:
            with self.lock:
                if not self.wanted.is_set():
                    return
                self.wanted.clear()
            try:
                search_index.index_site(self.site_dir)
            except UserError as error:
                print(f"chronicle: the preview's search index was not refreshed: {error}", file=sys.stderr)


def _stamp(paths: list[Path]) -> list[tuple[str, int]]:
    """Modification times under the given files and folders: has the theme or the config changed?"""
    found = []
    for path in paths:
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        found += [(str(file), os.stat(file).st_mtime_ns) for file in files]
    return found


class _QuietDirtyWarning(logging.Filter):
    """Drops what every rebuild would repeat: the warning that a dirty build may leave the
    navigation stale (ours is fixed in mkdocs.yml) and the list of the 130-odd record pages
    kept out of the nav on purpose, which buried a record's error in the terminal."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return "'dirty' build" not in message and "not included in the \"nav\" configuration" not in message


def _show_mkdocs_messages() -> None:
    """`mkdocs serve` sets up its own log output; in-process we do it: "Serving on …", warnings."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler.addFilter(_QuietDirtyWarning())
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
