"""Edit-to-preview latency of `chronicle serve` on the shipped archive.

Starts the real preview on a copy of the archive, opens an event page in
Debian's Chromium, then edits that event's YAML several times and measures
the time from saving the file to the browser showing the new title (MkDocs'
live reload). Prints one line per edit and a summary; the issue's target is
two seconds.

    .venv/bin/python benchmarks/preview.py [--edits N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHRONICLE_CHROMIUM", "/usr/bin/chromium")
EVENT = "2024-11-14-russia-claims-capture-of-voznesenka"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_served(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the preview at {url} did not come up within {seconds:.0f} s")


def start_preview(folder: Path, port: int) -> subprocess.Popen:
    """`chronicle serve` on a copy of the archive (content, theme overrides, mkdocs.yml)."""
    for name in ("content", "overrides"):
        shutil.copytree(REPO / name, folder / name)
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    return serve(folder, port)


def serve(folder: Path, port: int) -> subprocess.Popen:
    """`chronicle serve` in a project folder, in a session of its own (stop_preview ends it)."""
    return subprocess.Popen([sys.executable, "-m", "build_tools", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                            cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def stop_preview(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def time_edits(url: str, event: Path, edits: int, timeout_s: float, report=None) -> list[float]:
    """Open url in Chromium, retitle the event's YAML `edits` times and time each save
    until the page shows the new title; the file is restored afterwards."""
    from playwright.sync_api import sync_playwright

    latencies = []
    original = event.read_text(encoding="utf-8")
    title_line = next(line for line in original.splitlines() if line.startswith("title:"))
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page()
            page.goto(url)
            time.sleep(1.0)  # let live reload connect
            for number in range(1, edits + 1):
                marker = f"Edited while previewing {number}"
                saved = time.monotonic()
                event.write_text(original.replace(title_line, f"title: {marker}"), encoding="utf-8")
                page.wait_for_function("text => document.body && document.body.innerText.includes(text)", arg=marker, timeout=timeout_s * 1000)
                latencies.append(time.monotonic() - saved)
                if report:
                    report(number, latencies[-1])
                time.sleep(1.0)
            browser.close()
    finally:
        event.write_text(original, encoding="utf-8")
    return latencies


def measure(edits: int) -> list[float]:
    with tempfile.TemporaryDirectory(prefix="chronicle-preview-") as temporary:
        folder = Path(temporary)
        port = free_port()
        server = start_preview(folder, port)
        try:
            url = f"http://127.0.0.1:{port}/events/{EVENT}/"
            wait_until_served(url, 120)
            return time_edits(url, folder / "content" / "events" / f"{EVENT}.yml", edits, 60,
                              report=lambda number, seconds: print(f"edit {number}: {seconds:.2f} s from save to browser", flush=True))
        finally:
            stop_preview(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=5, help="how many edits to time (default 5)")
    latencies = measure(parser.parse_args().edits)
    print(f"preview    edits={len(latencies)} median_s={statistics.median(latencies):.2f} max_s={max(latencies):.2f} target_s=2.0")


if __name__ == "__main__":
    main()
