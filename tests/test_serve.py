"""`chronicle serve` picks up an edit in content/ without a restart."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = _fetch(url)
        if page is not None and text in page:
            return True
        time.sleep(0.3)
    return False


def test_serve_regenerates_an_edited_event(tmp_path):
    for name in ("content", "overrides"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "build_tools", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/events/2024-11-14-russia-claims-capture-of-voznesenka/"
    try:
        assert _wait_for(url, "Voznesenka", 60), "the preview did not come up"
        event = tmp_path / "content" / "events" / "2024-11-14-russia-claims-capture-of-voznesenka.yml"
        text = event.read_text(encoding="utf-8")
        title_line = next(line for line in text.splitlines() if line.startswith("title:"))
        event.write_text(text.replace(title_line, "title: Edited while serving"), encoding="utf-8")
        assert _wait_for(url, "Edited while serving", 30), "the edit did not reach the preview"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
