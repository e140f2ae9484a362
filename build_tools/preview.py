"""`chronicle serve`: a live preview that follows edits to the records.

One process does it all: MkDocs' live-reload server watches content/, the
templates, the theme overrides and mkdocs.yml. An edit is shown in two passes
(build_tools/live.py keeps what they need in memory):

1. at once, in the server's own rebuild: only the changed files are read and
   checked again, the pages of the changed records and of the records linked
   to and from them are rendered, and MkDocs converts just those pages; then
   the open tabs reload;
2. right after, in the background: every page is rendered again from the new
   archive, and whatever differs (lists, counts, data files, a second-hand
   change) is converted, and the tabs reload once more; then the search index
   (Pagefind, over the whole built site) is refreshed.

A change to the theme or mkdocs.yml rebuilds the whole site. benchmarks/preview.py
measures save-to-browser time on the shipped archive, benchmarks/scale.py on
large synthetic ones.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import watchdog.observers
from mkdocs.livereload import LiveReloadServer
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
)

from . import pipeline, search_index
from .errors import UserError
from .live import LiveArchive, LiveSite, Update


def _address(dev_addr: str) -> tuple[str, int]:
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise UserError(f"--dev-addr '{dev_addr}' is not HOST:PORT, e.g. 127.0.0.1:8000")
    return host, int(port)


def serve(content_dir: Path, config_file: Path, docs_dir: Path, dev_addr: str, overrides_dir: Path = Path("overrides")) -> None:
    from mkdocs.exceptions import MkDocsException

    if not config_file.is_file():
        raise UserError(f"{config_file}: no such MkDocs configuration; run from the repository root")
    host, port = _address(dev_addr)
    _show_mkdocs_messages()
    site_dir = Path(tempfile.mkdtemp(prefix="chronicle-preview-"))
    archive = LiveArchive(content_dir, docs_dir, config_file)
    site = LiveSite(config_file, docs_dir, site_dir, dev_addr, f"http://{host}:{port}/")
    search = _Background(lambda: _index(site_dir))
    theme_stamp = _stamp([overrides_dir, config_file])
    site_lock = threading.Lock()  # the quick and the full pass both convert pages

    def show(update: Update, in_background: bool = False) -> None:
        nonlocal theme_stamp
        with site_lock:
            current = _stamp([overrides_dir, config_file])
            theme_changed, theme_stamp = current != theme_stamp, current
            if theme_changed:
                site.build_all()
                return
            pages = site.update_files(update.written, update.removed)
            if not in_background:
                site.convert(pages)
        if in_background:
            site.convert_in_child(pages)  # outside the lock: the next edit's quick pass goes ahead

    def rebuild() -> None:
        """Called by the server after a change; the tabs reload when it returns. A mistake
        in a record is printed and the last good preview stays."""
        started = time.perf_counter()
        try:
            update = archive.quick()
        except pipeline.InvalidContent as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            print("chronicle: fix the problems above; the preview shows the last valid content", file=sys.stderr)
            return
        except UserError as error:
            print(f"chronicle: error: {error}", file=sys.stderr)
            return
        generated = time.perf_counter()
        try:
            show(update)
        except MkDocsException as error:
            print(f"chronicle: mkdocs could not build the preview: {error}", file=sys.stderr)
            return
        print(f"chronicle: rendered {update.rendered} pages, {len(update.written)} changed, {len(update.removed)} removed "
              f"({generated - started:.2f} s), site rebuilt ({time.perf_counter() - generated:.2f} s); the rest follows",
              file=sys.stderr, flush=True)
        rest.request()

    def full_pass() -> None:
        started = time.perf_counter()
        update = archive.full()
        if update is None:
            return  # an edit overtook it; that edit's own full pass follows
        if update.written or update.removed:
            try:
                show(update, in_background=True)
            except MkDocsException as error:
                print(f"chronicle: mkdocs could not build the preview: {error}", file=sys.stderr)
                return
            _reload_tabs(server)
        print(f"chronicle: all {update.rendered} pages checked, {len(update.written)} more changed, "
              f"{len(update.removed)} removed ({time.perf_counter() - started:.2f} s)", file=sys.stderr, flush=True)
        search.request()

    rest = _Background(full_pass)
    archive.start()
    site.build_all()
    search_index.index_site(site_dir)
    print(f"chronicle: previewing {site_dir}", file=sys.stderr, flush=True)
    server = _watching_server(lambda: LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir)),
                              [content_dir, pipeline.TEMPLATES_DIR, overrides_dir, config_file])
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


def _watching_server(make_server: Callable[[], LiveReloadServer], paths: list[Path]) -> LiveReloadServer:
    """MkDocs' server, told of edits by the system's change notifications (inotify)
    rather than by its polling, which at 20,000 records stats every file twice a
    second (0.18 s of CPU each time, in the process that renders the edit) and sees
    an edit up to 0.7 s late. Where notifications cannot be had (watch limit, a file
    system without them), the server polls as MkDocs does."""
    server = make_server()
    server.observer = _EditObserver()
    try:
        _watch(server, paths)
        server.observer.start()
        return server
    except OSError as error:
        server.observer.stop()
        server.server_close()
        print(f"chronicle: no change notifications here ({error.strerror or error}); watching by polling", file=sys.stderr)
    server = make_server()
    _watch(server, paths)
    return server


def _watch(server: LiveReloadServer, paths: list[Path]) -> None:
    for path in paths:
        if path.exists():
            server.watch(str(path))


_CHANGES = (FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent, DirCreatedEvent, DirDeletedEvent, DirMovedEvent)


class _EditObserver(watchdog.observers.Observer):
    """The platform's notifying observer, passing on only what changes a file: a
    notification of a file opened or closed unwritten would make every read of the
    content (the preview's own, an editor's) a rebuild. LiveReloadServer.serve()
    starts it again: once started here, that is a no-op."""

    def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
        return super().schedule(event_handler, path, recursive=recursive, event_filter=list(_CHANGES), follow_symlink=follow_symlink)

    def start(self) -> None:
        if not self.is_alive():
            super().start()


def _index(site_dir: Path) -> None:
    try:
        search_index.index_site(site_dir)
    except UserError as error:
        print(f"chronicle: the preview's search index was not refreshed: {error}", file=sys.stderr)


def _reload_tabs(server) -> None:
    """Make the open tabs reload, as the server does after its own rebuilds. MkDocs 1.6's
    LiveReloadServer has no public call for it: the tabs poll for a newer `_visible_epoch`.
    While the server runs a rebuild of its own, the tabs reload when that one ends."""
    with server._epoch_cond:
        if server._visible_epoch == server._wanted_epoch:
            server._visible_epoch = server._wanted_epoch = max(round(time.monotonic() * 1000), server._visible_epoch + 1)
            server._epoch_cond.notify_all()


class _Background:
    """Runs `work` on a thread of its own when asked; a request while it runs makes it
    run once more when it is done, so the last request is always served."""

    def __init__(self, work: Callable[[], None]) -> None:
        self.work = work
        self.lock = threading.Lock()
        self.wanted = threading.Event()
        self.worker: threading.Thread | None = None

    def request(self) -> None:
        with self.lock:
            self.wanted.set()
            if self.worker is None or not self.worker.is_alive():
                self.worker = threading.Thread(target=self._run, name="chronicle-preview-background", daemon=True)
                self.worker.start()

    def _run(self) -> None:
        _lower_priority()
        while True:
            with self.lock:
                if not self.wanted.is_set():
                    return
                self.wanted.clear()
            try:
                self.work()
            except Exception as error:  # noqa: BLE001 - a background pass must not kill the preview; the next edit tries again
                print(f"chronicle: the preview's background pass failed: {type(error).__name__}: {error}", file=sys.stderr)


def _lower_priority() -> None:
    """Run this thread, and the processes it starts (render shares, Pagefind), at a lower
    priority than the server's, so the background pass of one edit does not slow the
    quick pass of the next. Linux sets priorities per thread; elsewhere it would lower
    the whole preview, so nothing is done."""
    if sys.platform.startswith("linux"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        except OSError:
            pass


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
