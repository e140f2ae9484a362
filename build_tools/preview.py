"""`chronicle serve`: a live preview that follows edits to the records.

One process does it all: MkDocs' live-reload server watches content/, the
templates, the theme overrides and mkdocs.yml; on a change it regenerates the
Markdown pages, rewriting only those whose text changed, and rebuilds only
those pages (MkDocs' dirty build), then tells the open tabs to reload. A dirty
build indexes only the pages it rebuilt, so their search entries are merged
into the full index here; a change to the theme or mkdocs.yml rebuilds all.
benchmarks/preview.py measures save-to-browser time on the shipped archive.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import pipeline
from .errors import UserError
from .link import directory_url
from .write import write_bytes_atomic


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

    index = SearchIndex(Path(site_dir) / "search" / "search_index.json")
    theme_stamp = _stamp([overrides_dir, config_file])

    def build_site(dirty: bool = False) -> None:
        config = load_config(str(config_file), docs_dir=str(docs_dir.resolve()), site_dir=site_dir, dev_addr=dev_addr, strict=False)
        config.site_url = serve_url
        build(config, serve_url=serve_url, dirty=dirty)

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
                index.remember()
            else:
                for page in removed:
                    shutil.rmtree(Path(site_dir) / directory_url(page), ignore_errors=True)
                build_site(dirty=True)
                index.merge_rebuilt(removed_pages={directory_url(page) for page in removed})
        except MkDocsException as error:
            print(f"chronicle: mkdocs could not build the preview: {error}", file=sys.stderr)
            return
        print(f"chronicle: regenerated {len(written)} pages, removed {len(removed)} ({generated - started:.2f} s), "
              f"site rebuilt ({time.perf_counter() - generated:.2f} s)", file=sys.stderr)

    pipeline.generate(content_dir, docs_dir, config_file)
    build_site()
    index.remember()
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


class SearchIndex:
    """The full search index of the last full build, kept current across dirty builds."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: list[dict] = []

    def remember(self) -> None:
        if self.path.is_file():
            self.entries = json.loads(self.path.read_text(encoding="utf-8"))["docs"]

    def merge_rebuilt(self, removed_pages: set[str]) -> None:
        """The dirty build wrote entries for the rebuilt pages only; put back everyone else's."""
        if not self.path.is_file():
            return
        written = json.loads(self.path.read_text(encoding="utf-8"))
        rebuilt = {entry["location"].split("#")[0] for entry in written["docs"]}
        kept = [entry for entry in self.entries if entry["location"].split("#")[0] not in rebuilt | removed_pages]
        self.entries = kept + written["docs"]
        written["docs"] = self.entries
        write_bytes_atomic(self.path, json.dumps(written, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


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
