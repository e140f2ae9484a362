"""`chronicle serve` follows edits without a restart: the edited page, the pages
that list it, the search index, deleted records, mistakes and theme changes.
Runs the real command on a copy of the shipped archive; one test watches the
live reload in Chromium. The save-to-browser time is measured in
benchmarks/preview.py, not here."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from build_tools.search_index import read_fragments

REPO = Path(__file__).resolve().parents[1]
EVENT = "2024-11-14-russia-claims-capture-of-voznesenka"
CHROMIUM = os.environ.get("CHRONICLE_CHROMIUM", "/usr/bin/chromium")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return 0, ""


def _wait_until(check, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.25)
    return False


class Preview:
    def __init__(self, root: Path, port: int, log: Path):
        self.root, self.base, self.log = root, f"http://127.0.0.1:{port}/", log

    def page(self, path: str) -> tuple[int, str]:
        return _fetch(self.base + path)

    def shows(self, path: str, text: str, seconds: float = 30) -> bool:
        return _wait_until(lambda: text in self.page(path)[1], seconds)

    def site(self) -> Path:
        """The folder the preview serves, as `chronicle serve` prints it."""
        found = re.search(r"chronicle: previewing (\S+)", self.output())
        assert found, self.output()[-3000:]
        return Path(found.group(1))

    def fragments(self) -> dict:
        """The search index's fragments; read again if the preview swapped in a new index
        (its background pass does, after each edit) while they were being read."""
        for _ in range(20):
            try:
                return read_fragments(self.site())
            except ValueError:
                time.sleep(0.25)
        return read_fragments(self.site())

    def search_locations(self) -> list[str]:
        return [url.lstrip("/") for url in self.fragments()]

    def search_text(self) -> str:
        return json.dumps(self.fragments(), ensure_ascii=False)

    def event_file(self, event_id: str = EVENT) -> Path:
        return self.root / "content" / "events" / f"{event_id}.yml"

    def retitle(self, title: str, event_id: str = EVENT) -> None:
        path = self.event_file(event_id)
        text = path.read_text(encoding="utf-8")
        line = next(line for line in text.splitlines() if line.startswith("title:"))
        path.write_text(text.replace(line, f"title: {title}"), encoding="utf-8")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture
def preview(tmp_path):
    for name in ("content", "overrides"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as stream:
        server = subprocess.Popen([sys.executable, "-m", "build_tools", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=tmp_path, stdout=stream, stderr=subprocess.STDOUT, start_new_session=True)
    running = Preview(tmp_path, port, log)
    try:
        assert running.shows(f"events/{EVENT}/", "Voznesenka", 90), f"the preview did not come up:\n{running.output()[-3000:]}"
        yield running
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def test_an_edited_event_reaches_its_page_the_lists_and_search(preview):
    locations_before = preview.search_locations()

    preview.retitle("Edited while serving")

    assert preview.shows(f"events/{EVENT}/", "Edited while serving"), preview.output()[-3000:]
    assert preview.shows("events/", "Edited while serving")  # the list of events
    assert preview.shows("places/voznesenka/", "Edited while serving")  # the place's page
    assert _wait_until(lambda: "Edited while serving" in preview.search_text(), 30)
    # The whole site was indexed again: every other page is still searchable.
    assert _wait_until(lambda: sorted(preview.search_locations()) == sorted(locations_before), 30)
    assert "Kupiansk" in preview.search_text()


def test_a_deleted_event_leaves_the_preview(preview):
    unlisted = "2024-11-14-power-outages-in-poltava-oblast"  # no other event relates to it
    assert preview.page(f"events/{unlisted}/")[0] == 200

    preview.event_file(unlisted).unlink()

    assert _wait_until(lambda: preview.page(f"events/{unlisted}/")[0] == 404, 30), preview.output()[-3000:]
    assert _wait_until(lambda: f"events/{unlisted}/" not in preview.search_locations(), 30)
    assert unlisted not in preview.page("events/")[1]


def test_a_mistake_is_reported_and_the_last_good_preview_stays(preview):
    path = preview.event_file()
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("kind: control-claim", "kind: rumour"), encoding="utf-8")

    assert _wait_until(lambda: f"content/events/{EVENT}.yml:" in preview.output() and "'rumour' is not allowed" in preview.output(), 30)
    assert "the preview shows the last valid content" in preview.output()
    assert preview.page(f"events/{EVENT}/")[0] == 200
    assert "Traceback" not in preview.output()

    path.write_text(good.replace("title: ", "title: Fixed, ", 1), encoding="utf-8")
    assert preview.shows(f"events/{EVENT}/", "Fixed, ")


def test_a_theme_change_rebuilds_every_page(preview):
    overrides = preview.root / "overrides" / "main.html"
    overrides.write_text(overrides.read_text(encoding="utf-8").replace("{% block extrahead %}", "{% block extrahead %}<meta name=\"chronicle-test\" content=\"theme-edit\">"), encoding="utf-8")

    assert preview.shows("places/kupiansk/", "theme-edit"), preview.output()[-3000:]
    assert preview.shows("", "theme-edit")


def test_the_open_tab_reloads_by_itself(preview):
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium or set CHRONICLE_CHROMIUM")
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            tab = browser.new_page()
            tab.goto(preview.base + f"events/{EVENT}/")
            tab.wait_for_timeout(500)  # the live-reload script connects

            preview.retitle("Seen without pressing reload")

            tab.wait_for_function("text => document.body.innerText.includes(text)", arg="Seen without pressing reload", timeout=30_000)
        finally:
            browser.close()
