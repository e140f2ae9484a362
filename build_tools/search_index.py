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

How a large site is indexed quickly and within its memory (on the 20,000-page
synthetic archive, 2 cores: about 49 s of CPU instead of 62, on both cores
instead of one, the whole process tree under 1.65 GB; a reader's first results
for "Kupiansk" 485 KB instead of 621, for "shelling near Kupiansk" 759 KB
instead of 1,060):

- Pagefind reads each page from a copy without what comes before the element
  with `data-pagefind-body` (Material's header and navigation: half the page,
  which Pagefind parses only to skip); the index is the same as from the page
  itself, file for file. A page whose markup there is not plain is read whole.
  The copies are made in the one pass that reads the pages, in memory (a tmpfs)
  where there is room, and removed once indexed.
- Pagefind holds everything it indexes in memory, about 350 bytes a word at its
  peak, and runs on little more than one core. A site of more than SPLIT_WORDS
  words is indexed in parts of neighbouring pages (path order within a top
  folder) and of about equal words, as few as fit PARALLEL to a run within MEMORY_LIMIT beside this
  process; the parts are indexed PARALLEL at a time, each as soon as its pages
  are copied, and one at a time when memory leaves no room for two. The browser
  merges them (Pagefind's mergeIndex, assets/search.js): each part adds its
  entry files and, for each word of the query, the index chunk holding it to
  what a query downloads, so the parts are few and their chunks small.

    python -m build_tools.search_index SITE_DIR   # index a site built elsewhere (Zensical)
"""

from __future__ import annotations

import ctypes
import gzip
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
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
TIMEOUT = 1800  # seconds, for the whole index; 20,000 pages index in well under a minute
PARTS_LIST = "chronicle-parts.json"  # in pagefind/: the other parts' folders, for assets/search.js

# Pagefind 1.5.2's peak resident memory for a run over W words of text is at most
# about PEAK_BASE + PEAK_PER_WORD * W (with PAGEFIND_ENV: 727 MB for 2,000 reports
# of 2.16 million words, 234 MB for 3,000 events of 0.88 million, 810 MB for a
# sixth of the 20,000-page archive, 2.27 million; tests/test_search_index_parts.py
# checks it on the shipped archive). A run parses on about 1.4 cores, builds on
# all and writes on one (2.16 million words: 1.8 s, 1 s, 2.3 s), so PARALLEL runs
# at once keep a 2-core machine busy; parts are sized so that PARALLEL of them and
# this process fit in MEMORY_LIMIT, the bound on the indexing step's whole tree.
MEMORY_LIMIT = 2_000_000_000
PEAK_BASE = 30_000_000
PEAK_PER_WORD = 350
PARALLEL = 2
MARGIN = 100_000_000  # what the memory model may be short by
OWN = 100_000_000  # this process, standing alone; when it holds more (`chronicle build`), parts are smaller


def words_that_fit(own: int = OWN) -> int:
    """The most words a part may hold for PARALLEL runs to fit beside a process of this size."""
    return max(0, ((MEMORY_LIMIT - max(own, OWN) - MARGIN) // PARALLEL - PEAK_BASE) // PEAK_PER_WORD)


WORDS_PER_PART = words_that_fit()  # 2.49 million
# Up to this many words (about 2,500 pages, 3 s of Pagefind) a site is one index.
SPLIT_WORDS = 1_000_000
MIN_WORDS_PER_PART = 250_000  # however little memory is left: then the parts run one at a time
# The copies of the pages Pagefind reads (see scratch_folder), and how many parts
# may wait for their run, copied, beside those running and the one being copied:
# none, as copying a part takes a few seconds less than indexing one.
SCRATCH = Path("/dev/shm")
SCRATCH_SPARE = 256_000_000
STALE = 120  # seconds unchanged after which a dead indexer's folder there is removed (an id may be another namespace's)
AHEAD = 0
# For the pagefind binary: jemalloc (which it is built with) with one arena instead
# of one per thread: 13% less memory at the peak, no slower. And index chunks of
# 5,000 word positions instead of 20,000: a query downloads, from each part, the
# chunk holding each of its words, mostly other words' postings for a rare word
# ("Kupiansk": 30 KB of a part's chunk for 0.1 KB of its own). At 20,000 pages (6
# parts), 20 queries' first results cost 590 KB on average instead of 737 KB, at
# most 963 KB instead of 1,233 KB. Pagefind then completes a one- or two-letter
# prefix from fewer words; the words and prefixes of three letters and more tried
# found the same pages.
# An "unstable" setting of Pagefind 1.5.2, pinned; a binary without either setting
# indexes the same site, only with more memory or in bigger chunks.
INDEX_CHUNK_SIZE = 5000
PAGEFIND_ENV = {"_RJEM_MALLOC_CONF": "narenas:1", "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(INDEX_CHUNK_SIZE)}

MARKER = b"data-pagefind-body"
# Pages read ahead to tell how many words the site has: every SAMPLE_EVERY-th, and
# the first SAMPLE_FIRST of each top folder (all of a small one).
SAMPLE_EVERY = 32
SAMPLE_FIRST = 8
ESTIMATE_ERROR = 0.03  # what the site's words told from the sample may be short by (1% at 20,000 pages)
_TAG = re.compile(rb"<[^>]*>")
_ATTRIBUTES = rb"""(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*"""
_BODY = re.compile(rb"<body" + _ATTRIBUTES + rb"\s*/?>", re.IGNORECASE)
_TAG_UP_TO_ATTRIBUTE = re.compile(rb"<[A-Za-z][^\s/>]*" + _ATTRIBUTES + rb"\s+")
# What makes the HTML tokenizer read on as text or a comment: were one left open
# before the marker, the marker would not be an element.
_OPENER = re.compile(rb"<(?:!--|!\[CDATA\[|(script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)(?=[\s/>]))",
                     re.IGNORECASE)
_CLOSERS: dict[bytes, re.Pattern[bytes]] = {}


@dataclass(frozen=True)
class SearchStats:
    pages: int  # pages in the index
    bundle_bytes: int  # everything under site_dir/pagefind/, on disk
    parts: int = 1  # indexes the browser merges (PARTS_LIST)

    def __str__(self) -> str:
        parts = f" in {self.parts} parts" if self.parts > 1 else ""
        return f"search index: {self.pages} pages{parts}, {self.bundle_bytes / 1_000_000:.1f} MB in {BUNDLE}/"


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


def peak_memory(words: int) -> int:
    """The most a Pagefind run over this many words is expected to hold, bytes."""
    return PEAK_BASE + PEAK_PER_WORD * words


def index_site(site_dir: Path, pages_per_part: int | None = None, *, words_per_part: int = WORDS_PER_PART,
               jobs: int | None = None) -> SearchStats:
    """Index the HTML under site_dir into site_dir/pagefind/, replacing any index there.

    A site of more than SPLIT_WORDS words is indexed in parts of at most
    words_per_part words (and pages_per_part pages, if given), at most `jobs`
    Pagefind runs at once (default: one per core), fewer when MEMORY_LIMIT
    leaves no room for another. A part is indexed as soon as its pages are read,
    while the next ones are. Pagefind writes into a new folder that replaces the
    old one only once it is complete, so a failure leaves the previous index,
    and a reader of a site being re-indexed never gets half of one. One indexer
    at a time per site: each starts by removing what a killed one left behind.
    """
    if not Path(site_dir).is_dir():
        raise UserError(f"{site_dir}: no such site folder to index for search")
    site_dir = Path(site_dir).resolve()
    for stale in [*site_dir.glob(f".{BUNDLE}-*"), set_aside(site_dir / BUNDLE)]:  # left by an indexer that was killed
        shutil.rmtree(stale, ignore_errors=True)
    building = Path(tempfile.mkdtemp(prefix=f".{BUNDLE}-building-", dir=site_dir))
    building.chmod(site_dir.stat().st_mode & 0o777)
    runner = _Runner(jobs or os.cpu_count() or 1)
    parts = None
    try:
        _release_freed_memory()
        words_per_part = min(words_per_part, max(MIN_WORDS_PER_PART, words_that_fit(resident_memory())))
        parts = _Parts(site_dir, building, runner, words_per_part, pages_per_part)
        parts.index(site_pages(site_dir))
        runner.wait()
        (building / PARTS_LIST).write_text(json.dumps([f"part-{number}/" for number in range(2, parts.count + 1)]), encoding="utf-8")
        stats = read_stats(site_dir, building)
        if stats is None:
            raise UserError(f"the search indexer (Pagefind) wrote no index in {site_dir}")
        swap_in(building, site_dir / BUNDLE)
    finally:
        runner.stop()
        shutil.rmtree(building, ignore_errors=True)
        if parts is not None and parts.work is not None:
            shutil.rmtree(parts.work, ignore_errors=True)
    return stats


def scratch_folder(site_dir: Path, size: int) -> Path:
    """A new folder for the parts' copies of the pages: in SCRATCH, a file system in
    memory, when it has `size` bytes to spare and SCRATCH_SPARE more; else hidden in
    site_dir. Made and removed there, 20,000 files and their folders cost 4 s of
    system time, in memory a tenth. Its name holds this process's id: what an indexer
    that was killed left in SCRATCH is removed by the next (in site_dir, index_site
    removes it)."""
    try:
        for folder in SCRATCH.glob(f"chronicle-{BUNDLE}-*"):
            owner = folder.name.split("-")[2]
            if owner.isdigit() and not _alive(int(owner)) and time.time() - folder.stat().st_mtime > STALE:
                shutil.rmtree(folder, ignore_errors=True)
        free = os.statvfs(SCRATCH)
        if free.f_bavail * free.f_frsize >= size + SCRATCH_SPARE:
            return Path(tempfile.mkdtemp(prefix=f"chronicle-{BUNDLE}-{os.getpid()}-", dir=SCRATCH))
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix=f".{BUNDLE}-parts-", dir=site_dir))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        pass  # another user's
    return True


def site_pages(site_dir: Path) -> list[tuple[str, str]]:
    """The site's HTML files as (path relative to the site with "/", path), in path
    order, outside the search folders and the hidden folders this module and the
    build use."""
    paths = []
    for folder, folders, files in os.walk(site_dir):
        folders[:] = [name for name in folders if not name.startswith(".") and name != BUNDLE]
        paths += [os.path.join(folder, name) for name in files if name.endswith(".html")]
    start = len(str(site_dir)) + 1
    return sorted((path[start:].replace(os.sep, "/"), path) for path in paths)


def part_count(words: int, pages: int, words_per_part: int = WORDS_PER_PART, pages_per_part: int | None = None,
               parallel: int = PARALLEL) -> int:
    """How many parts a site of this many words and pages is indexed in: one up to
    SPLIT_WORDS words; else the fewest within words_per_part (and pages_per_part),
    and a multiple of `parallel`, so that the runs end together."""
    count = max(1, math.ceil(words / words_per_part), math.ceil(pages / pages_per_part) if pages_per_part else 1)
    if count == 1 and words > SPLIT_WORDS:
        count = parallel  # as fast again on two cores, for one more part to download
    return math.ceil(count / parallel) * parallel if count > 1 else 1


class _Parts:
    """The site's pages read into parts of about equal words, each handed to the
    runner as soon as it is complete: a top folder (reports, events...) after
    another, the folders with longer pages first, each in path order.

    A page's words are told from its size, by the words per byte of some pages
    of its top folder (reports, events...; _sample), whose pages are alike:
    counting every page's words would cost as much as reading it again. Where the parts end
    is known only roughly before every page is read, from the sample too: each
    part takes an equal share of what is left to read, by that estimate,
    corrected as pages are read; no part exceeds words_per_part or
    pages_per_part. A page whose markup cannot be cut is hard-linked whole; a
    page without any Pagefind markup is left out when another page has a
    `data-pagefind-body` (Pagefind would skip it), else all are indexed whole."""

    def __init__(self, site_dir: Path, building: Path, runner: _Runner, words_per_part: int, pages_per_part: int | None) -> None:
        self.site_dir, self.building, self.runner = site_dir, building, runner
        self.words_per_part, self.pages_per_part = words_per_part, pages_per_part
        self.work: Path | None = None  # the parts' folders, made once the sample tells how large
        self.count = 0

    def index(self, pages: list[tuple[str, str]]) -> None:
        ratio, header = self._sample(pages)
        sizes = [max(0.0, os.stat(path).st_size - header[_folder(name)]) for name, path in pages]
        estimate = [size * ratio[_folder(name)] for size, (name, _path) in zip(sizes, pages)]
        # The folders with the most words a page first: Pagefind starts on the first
        # part once all its pages are copied, which is then soonest.
        folders: dict[str, list[float]] = {}
        for words, (name, _path) in zip(estimate, pages):
            folders.setdefault(_folder(name), []).append(words)
        mean = {folder: sum(words) / len(words) for folder, words in folders.items()}
        order = sorted(range(len(pages)), key=lambda number: (-mean[_folder(pages[number][0])], pages[number][0]))
        pages, estimate = [pages[number] for number in order], [estimate[number] for number in order]
        left = sum(estimate)
        self.parts_left = part_count(round(left * (1 + ESTIMATE_ERROR)), len(pages), self.words_per_part, self.pages_per_part)
        size = sum(sizes) + 3_000 * len(pages)  # and the <head>
        self.work = scratch_folder(self.site_dir, min(size, round(size * (AHEAD + self.runner.jobs + 1) / self.parts_left)))
        self._open(left)
        unmarked, bodies = [], 0
        for number, (name, path) in enumerate(pages):
            left -= estimate[number]
            with open(path, "rb") as file:
                html = file.read()
            cut = without_header(html)
            words = round((len(html) - (cut[1] if cut else 0)) * ratio[_folder(name)])
            if cut is None and b"data-pagefind" not in html:
                unmarked.append((name, path, words))
                continue
            self._add(name, path, words, html, cut, left)
            bodies += cut is not None
            if number % 64 == 0:
                self.runner.poll()
        if not bodies:  # no page marks its text for Pagefind: it indexes every page whole
            left = sum(words for _name, _path, words in unmarked)
            self.parts_left = part_count(left, len(unmarked), self.words_per_part, self.pages_per_part)
            for name, path, words in unmarked:
                left -= words
                self._add(name, path, words, b"", None, left)
        self._close()

    def _sample(self, pages: list[tuple[str, str]]) -> tuple[dict[str, float], dict[str, float]]:
        """For each top folder, from some of its pages: the words Pagefind indexes per
        byte of what it reads of a page (from the marker on, or the whole page), and the
        mean bytes before that. A page's words are then told by its size alone."""
        found: dict[str, list[tuple[int, int, int]]] = {}
        for number, (name, path) in enumerate(pages):
            folder = _folder(name)
            if len(found.get(folder, ())) < SAMPLE_FIRST or number % SAMPLE_EVERY == 0:
                with open(path, "rb") as file:
                    html = file.read()
                cut = without_header(html)
                start = cut[1] if cut else 0
                found.setdefault(folder, []).append((len(_TAG.sub(b" ", html[start:]).split()), len(html) - start, start))
        ratio = {folder: sum(sample[0] for sample in samples) / max(1, sum(sample[1] for sample in samples))
                 for folder, samples in found.items()}
        return ratio, {folder: sum(sample[2] for sample in samples) / len(samples) for folder, samples in found.items()}

    def _open(self, left: float) -> None:
        self.count += 1
        self.view = self.work / str(self.count)
        self.view.mkdir()
        self.folders = {str(self.view)}
        self.words = self.pages = 0
        self.target = left / max(1, self.parts_left)

    def _add(self, name: str, path: str, words: int, html: bytes, cut: tuple[int, int] | None, left: float) -> None:
        if self.pages and (self.words + words > self.words_per_part or self.pages == (self.pages_per_part or -1)
                           or (self.words + words / 2 > self.target and self.parts_left > 1)):
            self._close()
            self.parts_left = max(1, self.parts_left - 1)
            self._open(left + words)
        target = os.path.join(self.view, name)
        folder = os.path.dirname(target)
        if folder not in self.folders:
            os.makedirs(folder, exist_ok=True)
            self.folders.add(folder)
        if cut is None:
            os.link(path, target)
        else:
            with open(target, "wb") as file:
                file.write(html[:cut[0]])
                file.write(html[cut[1]:])
        self.words += words
        self.pages += 1

    def _close(self) -> None:
        output = self.building if self.count == 1 else self.building / f"part-{self.count}"
        self.runner.add(self.view, output, peak_memory(self.words))
        while len(self.runner.pending) > AHEAD:  # read no further ahead of Pagefind than that
            time.sleep(0.02)
            self.runner.poll()


def _folder(name: str) -> str:
    return name.split("/", 1)[0] if "/" in name else ""


def without_header(html: bytes) -> tuple[int, int] | None:
    """Where to cut a page for Pagefind: (end of the <body> tag, start of the element
    with `data-pagefind-body`), what lies between being markup Pagefind would skip; or
    None when the page has no such element, or markup between that makes it unsure
    (any other Pagefind attribute, a comment or script left open, an odd tag)."""
    marker = html.find(MARKER)
    body = html.find(b"<body")
    if marker < 0 or body < 0 or body > marker:
        return None
    tag = _BODY.match(html, body)
    start = html.rfind(b"<", 0, marker)
    if tag is None or start < tag.end() or marker - start > 1000 or html.find(b">", start, marker) >= 0:
        return None
    if not _TAG_UP_TO_ATTRIBUTE.fullmatch(html, start, marker):
        return None
    if html.find(b"data-pagefind", tag.end(), start) >= 0 or not _all_closed(html, 0, body) or not _all_closed(html, tag.end(), start):
        return None
    return tag.end(), start


def _all_closed(html: bytes, start: int, end: int) -> bool:
    """Whether every comment, CDATA section and raw-text element (script, style...)
    opened in html[start:end] is closed there too."""
    position = start
    while True:
        opener = _OPENER.search(html, position, end)
        if opener is None:
            return True
        name = opener.group(1)
        if name is None:
            closer = b"-->" if opener.group(0) == b"<!--" else b"]]>"
            found = html.find(closer, opener.end(), end)
            if found < 0:
                return False
            position = found + len(closer)
            continue
        name = name.lower()
        if name == b"plaintext":
            return False
        if name not in _CLOSERS:
            _CLOSERS[name] = re.compile(rb"</" + name + rb"(?=[\s/>])", re.IGNORECASE)
        closing = _CLOSERS[name].search(html, opener.end(), end)
        if closing is None:
            return False
        position = closing.end()


def _release_freed_memory() -> None:
    """Hand the memory this process has freed back to the system (glibc keeps it for
    reuse otherwise: 50 MB of 187 MB after a 5,000-page `chronicle build`), so more of
    MEMORY_LIMIT is left for Pagefind. Nothing where the C library has no malloc_trim."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError, TypeError):
        pass


def resident_memory(pid: int | str = "self") -> int:
    """The resident memory of a process, bytes (0 where /proc cannot tell)."""
    return proc_memory(pid, "VmRSS:")


def proc_memory(pid: int | str, field: str, file: str = "status") -> int:
    """A size in kB from /proc/PID/FILE (`VmRSS:` or `VmHWM:` in status, `Pss:` in
    smaps_rollup), in bytes; 0 where /proc cannot tell."""
    try:
        with open(f"/proc/{pid}/{file}", encoding="ascii") as listing:
            for line in listing:
                if line.startswith(field):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


class _Runner:
    """Pagefind runs over the parts' folders, at most `jobs` at once and only as many
    as fit in MEMORY_LIMIT beside this process (by their expected peaks; the first
    always starts), in the order they come; a folder is removed once indexed. The
    first failure stops the others and is raised."""

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, jobs)
        self.pending: list[tuple[Path, Path, int]] = []
        self.running: list[tuple[subprocess.Popen, Path, int, object]] = []
        self.deadline = time.monotonic() + TIMEOUT

    def add(self, view: Path, output: Path, peak: int) -> None:
        self.pending.append((view, output, peak))
        self.poll()

    def poll(self) -> None:
        for run in [run for run in self.running if run[0].poll() is not None]:
            self.running.remove(run)
            self._finished(*run)
        while self.pending and len(self.running) < self.jobs and (
                not self.running or resident_memory() + sum(run[2] for run in self.running) + self.pending[0][2] <= MEMORY_LIMIT):
            view, output, peak = self.pending.pop(0)
            log = open(view.with_name(view.name + ".log"), "w+b")  # noqa: SIM115 - closed when the run ends
            self.running.append((_start_pagefind(view, output, log), view, peak, log))
        if time.monotonic() > self.deadline:
            raise UserError(f"the search indexer (Pagefind) did not finish within {TIMEOUT} s")

    def wait(self) -> None:
        while self.pending or self.running:
            self.poll()
            time.sleep(0.02)

    def stop(self) -> None:
        for process, _view, _peak, log in self.running:
            process.kill()
            process.wait()
            log.close()
        self.running = []

    def _finished(self, process: subprocess.Popen, view: Path, _peak: int, log) -> None:
        log.seek(0)
        said = log.read().decode("utf-8", "replace")
        log.close()
        if process.returncode != 0:
            lines = said.strip().splitlines()[-20:]
            details = "\n".join(f"  {line}" for line in lines) or "  (it printed nothing)"
            raise UserError(f"the search indexer (Pagefind) failed on {view} (exit code {process.returncode}):\n{details}")
        shutil.rmtree(view, ignore_errors=True)  # its pages, now indexed


def _start_pagefind(site_dir: Path, output: Path, log) -> subprocess.Popen:
    command = [str(pagefind_executable()), "--site", str(site_dir), "--output-path", str(output),
               "--force-language", LANGUAGE, "--silent"]
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    try:
        return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                env={**PAGEFIND_ENV, **os.environ})
    except OSError as error:
        raise UserError(f"the search indexer (Pagefind) could not start: {error.strerror or error}; reinstall it with `make setup`") from None


def read_stats(site_dir: Path, bundle: Path | None = None) -> SearchStats | None:
    """Pages indexed and bundle size of the index in site_dir (or in `bundle`), or None when there is none."""
    bundle = bundle or Path(site_dir) / BUNDLE
    pages = parts = 0
    for entry_file in sorted(bundle.glob("**/pagefind-entry.json")):  # the index, and its other parts
        parts += 1
        try:
            entry = json.loads(entry_file.read_text(encoding="utf-8"))
            pages += sum(int(language["page_count"]) for language in entry["languages"].values())
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
    if not pages and not (bundle / "pagefind-entry.json").is_file():
        return None
    return SearchStats(pages, sum(path.stat().st_size for path in bundle.rglob("*") if path.is_file()), max(parts, 1))


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
