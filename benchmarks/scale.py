"""Scale: synthetic archives of 1k, 5k and 20k pages, built by Chronicle and,
in the same run, by plain `mkdocs build` with Material's search (the reference).

For each size it writes a seeded synthetic archive (benchmarks/synthetic.py)
into its own project folder (content/, mkdocs.yml, overrides/), then measures,
each step as a separate process with the memory of its whole process tree
sampled from /proc:

- generate: `chronicle generate` from nothing (load, validate, link, render, write),
  the best of --repeat runs;
- no-op: `chronicle generate` again, and how many files it rewrote;
- build: `chronicle build` from nothing (generate, MkDocs on every core, search index);
- reference: `mkdocs build` over the same generated Markdown with the same
  mkdocs.yml, except Material's own search plugin in place of Pagefind, on one core;
- search: the bytes a reader's browser (Debian's Chromium) downloads from the
  first keystroke to the first result on the built site; for the reference,
  the search index every reader downloads first (raw, and gzipped as a server
  would send it);
- preview: with `chronicle serve`, the time from saving an edited event to the
  browser showing it (largest size only, unless --preview-all).

    .venv/bin/python -m benchmarks.scale [--sizes 1000,5000,20000] [--write benchmarks/RESULTS.md]

Results go to standard output as a Markdown table, and with --write to a file
together with the machine and the versions.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import metadata
from pathlib import Path

from build_tools.search_index import proc_memory

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHRONICLE_CHROMIUM", "/usr/bin/chromium")
BIN = Path(sys.executable).parent
QUERY = "Kupiansk"
TREE_SAMPLE_S = 0.25
SETTLE_S = 3.0
TRASH = ".discarded"  # in --work: the folders set aside while measuring, deleted at the end


# --- measuring a process tree ------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as listing:
                found += [int(child) for child in listing.read().split()]
    except OSError:
        pass
    return found


def _proportional(pid: int) -> int:
    """A process's proportional set size, bytes: a page shared with n other processes
    counts as 1/n of it. Forked workers share most of their parent's memory, which
    their resident sizes would count again."""
    return proc_memory(pid, "Pss:", "smaps_rollup")


def _resident_peak(pid: int) -> int:
    """The most this process has held so far (VmHWM, kept by the kernel), bytes."""
    return proc_memory(pid, "VmHWM:")


def discard(folder: Path, trash: Path) -> None:
    """Move a folder out of the way, to be deleted once everything is measured.

    This machine's disk is ext4 without a journal. There, for up to five minutes
    after files are deleted, the kernel steps over their inodes when it makes a
    new file (`recently_deleted()` in ext4's inode allocator), one buffer lookup
    each: 20,000 new files after 28,000 deleted took 9-13 s of system time
    instead of 2.3 s. Deleting the last run's folder before each step made a
    step's time depend on the one before it."""
    if folder.exists():
        trash.mkdir(parents=True, exist_ok=True)
        folder.rename(trash / f"{folder.parent.name}-{folder.name}-{time.time_ns()}")


def settle(seconds: float) -> None:
    """Flush what earlier steps wrote, so a measured step does not pay for their writeback."""
    os.sync()
    time.sleep(seconds)


@dataclass
class Run:
    seconds: float
    peak_total: int  # the most the whole process tree held at once (proportional set sizes), bytes
    peak_process: int  # the most any one process of it held (resident set size)
    output: str = ""


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None, settle_s: float = SETTLE_S) -> Run:
    """Run a command, sampling the memory of it and its children.

    Each process's own peak is the kernel's high-water mark, read every 20 ms,
    which costs next to nothing. The whole tree's proportional size means reading
    smaps_rollup, which walks the process's page tables (about 13 ms for a 600 MB
    process) and holds its memory map's lock meanwhile: read every 20 ms, it kept
    most of a core busy and slowed the build it measured by a fifth on 2 cores,
    while a one-core reference hardly noticed. So the tree is read at most once
    every TREE_SAMPLE_S and never more than 1/20th of the time, and a peak of
    the tree shorter than that can be missed."""
    settle(settle_s)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peaks = {"total": 0, "process": 0}
    done = threading.Event()

    def tree() -> list[int]:
        found, pending = [], [process.pid]
        while pending:
            pid = pending.pop()
            found.append(pid)
            pending += _children(pid)
        return found

    def sample() -> None:
        next_tree = 0.0
        while not done.is_set():
            pids = tree()
            peaks["process"] = max([peaks["process"], *(_resident_peak(pid) for pid in pids)])
            if time.perf_counter() >= next_tree:
                began = time.perf_counter()
                peaks["total"] = max(peaks["total"], sum(_proportional(pid) for pid in pids))
                spent = time.perf_counter() - began
                next_tree = began + max(TREE_SAMPLE_S, 20 * spent)
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed (exit {process.returncode}) in {cwd}:\n{output[-3000:]}")
    return Run(seconds, peaks["total"], peaks["process"], output)


# --- one size --------------------------------------------------------------------------


@dataclass
class Row:
    pages: int
    records: dict[str, int] = field(default_factory=dict)
    synthetic_s: float = 0.0
    generate: Run | None = None  # the best of `generates`
    generates: list[Run] = field(default_factory=list)
    noop: Run | None = None
    noop_rewritten: int = -1
    build: Run | None = None  # the best of `builds`
    builds: list[Run] = field(default_factory=list)
    site_bytes: int = 0
    site_files: int = 0
    search_bytes: int = 0
    search_requests: int = 0
    reference: Run | None = None  # the best of `references`
    references: list[Run] = field(default_factory=list)
    reference_site_bytes: int = 0
    reference_index_bytes: int = 0
    reference_index_gzip: int = 0
    preview_s: list[float] = field(default_factory=list)


def project(folder: Path, pages: int, seed: int) -> tuple[dict[str, int], float]:
    from benchmarks.synthetic import write_archive

    discard(folder, folder.parent / TRASH)
    folder.mkdir(parents=True)
    shutil.copytree(REPO / "overrides", folder / "overrides")
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    started = time.perf_counter()
    counts = write_archive(folder / "content", pages, seed)
    return counts, time.perf_counter() - started


def reference_config(folder: Path) -> Path:
    """mkdocs.yml as it is, but with Material's own search plugin and its own site folder."""
    import yaml

    text = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    head, plugins_and_rest = text.split("\nplugins:", 1)
    rest = plugins_and_rest.split("\n\n", 1)[1] if "\n\n" in plugins_and_rest else ""
    reference = f"{head}\nplugins:\n  - search\n\n{rest}".replace("site_dir: site", "site_dir: reference-site")
    yaml.safe_load(reference.replace("!ENV", ""))  # still YAML
    path = folder / "reference.yml"
    path.write_text(reference, encoding="utf-8")
    return path


def folder_size(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file()]
    return sum(path.stat().st_size for path in files), len(files)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(path): (path.stat().st_mtime_ns, path.stat().st_ino) for path in folder.rglob("*") if path.is_file()}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def search_download(site: Path, query: str = QUERY) -> tuple[int, int]:
    """Bytes and requests for search, from typing the query on the home page to the
    first result shown: every response after the keystroke (the page's own and its
    workers'), and any search file fetched ahead of it. Bytes as served, uncompressed."""
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    responses: list[tuple[str, int, bool]] = []
    typed = threading.Event()
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page()
            page.on("response", lambda response: responses.append((response.url, int(response.headers.get("content-length") or 0), typed.is_set())))
            page.goto(url)
            page.wait_for_load_state("networkidle")
            typed.set()
            page.keyboard.press("/")
            page.locator("input.md-search__input").fill(query)
            page.locator("input.md-search__input").press("End")
            page.locator(".md-search-result__item a").first.wait_for(timeout=120_000)
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    searched = [size for name, size, after in responses if after or "/pagefind" in name or name.endswith("/search.js")]
    return sum(searched), len(searched)


def preview_latency(folder: Path, edits: int) -> list[float]:
    """Save an edited event and wait for the open page to show it, through `chronicle serve`."""
    from benchmarks.preview import (
        free_port,
        serve,
        stop_preview,
        time_edits,
        wait_until_served,
    )

    events = sorted((folder / "content" / "events").glob("*.yml"))
    event = events[len(events) // 2]
    port = free_port()
    server = serve(folder, port)
    try:
        url = f"http://127.0.0.1:{port}/events/{event.stem}/"
        wait_until_served(url, 1800)
        return time_edits(url, event, edits, timeout_s=900)
    finally:
        stop_preview(server)


def measure(folder: Path, pages: int, seed: int, reference: bool, browser: bool, edits: int, repeat: int = 1, settle_s: float = SETTLE_S) -> Row:
    row = Row(pages)
    row.records, row.synthetic_s = project(folder, pages, seed)
    chronicle = str(BIN / "chronicle")
    timed = functools.partial(run, settle_s=settle_s)
    # From nothing `repeat` times, for the same reason as the builds below.
    for turn in range(repeat):
        if turn:
            discard(folder / "build", folder.parent / TRASH)
        row.generates.append(timed([chronicle, "generate"], folder))
    row.generate = _best(row.generates)
    before = snapshot(folder / "build" / "docs")
    row.noop = timed([chronicle, "generate"], folder)
    after = snapshot(folder / "build" / "docs")
    row.noop_rewritten = sum(1 for path, stamp in after.items() if before.get(path) != stamp) + len(set(before) - set(after))
    config = reference_config(folder) if reference else None
    # The build and the reference take turns, `repeat` times each, from nothing each time:
    # what else the machine does then (another guest on its host, the disk's own upkeep)
    # weighs on both alike, and the best of each is the least disturbed.
    for _turn in range(repeat):
        discard(folder / "build", folder.parent / TRASH)
        discard(folder / "site", folder.parent / TRASH)
        row.builds.append(timed([chronicle, "build"], folder))
        if config:
            discard(folder / "reference-site", folder.parent / TRASH)
            row.references.append(timed([str(BIN / "mkdocs"), "build", "--quiet", "-f", str(config)], folder,
                                      env={"SOURCE_DATE_EPOCH": "1700000000"}))
    row.build = _best(row.builds)
    row.site_bytes, row.site_files = folder_size(folder / "site")
    if browser:
        row.search_bytes, row.search_requests = search_download(folder / "site")
    if config:
        row.reference = _best(row.references)
        row.reference_site_bytes, _ = folder_size(folder / "reference-site")
        index = (folder / "reference-site" / "search" / "search_index.json").read_bytes()
        row.reference_index_bytes, row.reference_index_gzip = len(index), len(gzip.compress(index, 6))
        # Set aside too: deleted here, its thousands of files at 5,000 pages slowed the next
        # size's first generate (16.6 s instead of 12.3 at 20,000 pages, 2026-11-21).
        discard(folder / "reference-site", folder.parent / TRASH)
    if edits:
        row.preview_s = preview_latency(folder, edits)
    return row


def _best(runs: list[Run]) -> Run:
    """The fastest run's time, with the most memory any of the runs took."""
    return Run(min(run.seconds for run in runs), max(run.peak_total for run in runs), max(run.peak_process for run in runs),
               min(runs, key=lambda run: run.seconds).output)


# --- report ------------------------------------------------------------------------------


def megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f} MB" if size >= 1e6 else f"{size / 1e3:,.0f} KB"


def table(rows: list[Row]) -> str:
    lines = [
        "| pages | generate | no-op (files rewritten) | build | build peak memory: tree / largest process | site | search: first result | reference build | reference peak memory | reference search index (gzip) | build / reference | edit to preview |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        ratio = f"{row.build.seconds / row.reference.seconds:.2f}" if row.reference and row.build else "–"
        reference = [_seconds(row.reference, row.references), megabytes(row.reference.peak_total),
                     f"{megabytes(row.reference_index_bytes)} ({megabytes(row.reference_index_gzip)})"] if row.reference else ["–"] * 3
        preview = f"{max(row.preview_s):.1f} s (max of {len(row.preview_s)})" if row.preview_s else "–"
        search = f"{megabytes(row.search_bytes)} ({row.search_requests} requests)" if row.search_requests else "–"
        lines.append(
            f"| {row.pages:,} | {_seconds(row.generate, row.generates)}, {megabytes(row.generate.peak_total)} | {row.noop.seconds:.2f} s ({row.noop_rewritten}) "
            f"| {_seconds(row.build, row.builds)} | {megabytes(row.build.peak_total)} / {megabytes(row.build.peak_process)} "
            f"| {megabytes(row.site_bytes)}, {row.site_files:,} files | {search} | {' | '.join(reference)} | {ratio} | {preview} |"
        )
    return "\n".join(lines)


def _seconds(best: Run, runs: list[Run]) -> str:
    if len(runs) < 2:
        return f"{best.seconds:.1f} s"
    return f"{best.seconds:.1f} s (best of {', '.join(f'{run.seconds:.1f}' for run in runs)})"


def targets(row: Row) -> str:
    """The issue's targets at the largest size, each with what was measured."""
    checks = [
        ("build time / reference <= 0.5", f"{row.build.seconds / row.reference.seconds:.2f}" if row.reference else "not measured",
         bool(row.reference) and row.build.seconds <= 0.5 * row.reference.seconds),
        ("every process of the build < 2 GB", megabytes(row.build.peak_process), row.build.peak_process < 2e9),
        ("the build's whole process tree < 2 GB", megabytes(row.build.peak_total), row.build.peak_total < 2e9),
        ("search: first result < 1 MB downloaded", megabytes(row.search_bytes) if row.search_requests else "not measured",
         0 < row.search_bytes < 1e6),
        ("generate (load, validate, link, render, write) < 15 s and < 1 GB",
         f"{row.generate.seconds:.1f} s, {megabytes(row.generate.peak_total)}", row.generate.seconds < 15 and row.generate.peak_total < 1e9),
        ("no-op generate < 2 s, no file rewritten", f"{row.noop.seconds:.2f} s, {row.noop_rewritten} files", row.noop.seconds < 2 and row.noop_rewritten == 0),
        ("edit to preview < 5 s", f"{max(row.preview_s):.1f} s" if row.preview_s else "not measured", bool(row.preview_s) and max(row.preview_s) < 5),
    ]
    lines = [f"Targets at {row.pages:,} pages:", "", "| target | measured | met |", "|---|---:|:---:|"]
    lines += [f"| {name} | {value} | {'yes' if met else '**no**'} |" for name, value, met in checks]
    return "\n".join(lines)


START, END = "<!-- scale results: written by benchmarks/scale.py -->", "<!-- end of scale results -->"


def write_results(path: Path, rows: list[Row]) -> None:
    """Replace the measured part of the file (between its markers), keeping the prose around it."""
    measured = f"{START}\n\nMachine: {machine()}\n\n{table(rows)}\n\n{targets(rows[-1])}\n\n{END}"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if START in text and END in text:
        text = text[:text.index(START)] + measured + text[text.index(END) + len(END):]
    else:
        text = f"{text}{measured}\n"
    path.write_text(text, encoding="utf-8")


def machine() -> str:
    with open("/proc/meminfo", encoding="ascii") as meminfo:
        memory = int(meminfo.readline().split()[1]) * 1024
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace").splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), platform.machine())
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in ("mkdocs", "mkdocs-material", "markdown", "pagefind-bin", "pyahocorasick"))
    return f"{len(os.sched_getaffinity(0))} cores ({cpu}), {memory / 2**30:.0f} GiB RAM; Python {platform.python_version()}; {versions}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000,20000", help="comma-separated page counts (default 1000,5000,20000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/chronicle-scale"), help="where the projects are written (default /tmp/chronicle-scale)")
    parser.add_argument("--no-reference", action="store_true", help="skip the plain `mkdocs build` reference")
    parser.add_argument("--no-browser", action="store_true", help="skip the search download measurement")
    parser.add_argument("--edits", type=int, default=2, help="edits timed in the preview, on the largest size (0: none)")
    parser.add_argument("--preview-all", action="store_true", help="time the preview on every size")
    parser.add_argument("--repeat", type=int, default=2, help="generates, builds and reference builds timed (builds and references taking turns); the best of each is reported (default 2)")
    parser.add_argument("--settle", type=float, default=SETTLE_S, help=f"seconds to wait after flushing the disk before each timed step (default {SETTLE_S})")
    parser.add_argument("--write", type=Path, help="also write the table, machine and versions to this Markdown file")
    parser.add_argument("--json", type=Path, help="also write every figure as JSON")
    options = parser.parse_args(argv)
    sizes = [int(size) for size in options.sizes.split(",")]
    rows = []
    for size in sizes:
        edits = options.edits if options.preview_all or size == max(sizes) else 0
        print(f"--- {size:,} pages", file=sys.stderr, flush=True)
        row = measure(options.work / str(size), size, options.seed, not options.no_reference, not options.no_browser, edits, max(1, options.repeat), max(0.0, options.settle))
        rows.append(row)
        print(table([row]).splitlines()[-1], file=sys.stderr, flush=True)
    report = table(rows)
    print(report)
    if options.json:
        options.json.parent.mkdir(parents=True, exist_ok=True)
        options.json.write_text(json.dumps([asdict(row) for row in rows], indent=1, default=str), encoding="utf-8")
    print(f"\n{targets(rows[-1])}")
    if options.write:
        write_results(options.write, rows)
    shutil.rmtree(options.work / TRASH, ignore_errors=True)  # with what an interrupted run set aside
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
