"""Shared fixtures: the shipped archive built once per test run, and served on localhost."""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from build_tools import pipeline

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _outside_github_actions(monkeypatch):
    """The suite also runs as a GitHub Actions step, where GITHUB_ACTIONS=true would make
    `chronicle validate` annotate and write summaries; tests that want that set it themselves."""
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_BASE_REF", "GITHUB_SHA", "GITHUB_REPOSITORY", "GITHUB_SERVER_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def archive_copy(tmp_path, monkeypatch):
    """A copy of the shipped content/ in tmp_path, which becomes the current directory."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """A real `mkdocs build --strict` of the shipped content, as `make site` does it."""
    root = tmp_path_factory.mktemp("build")
    pipeline.build(REPO / "content", root / "site", REPO / "mkdocs.yml", root / "docs")
    return root / "site"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """The built site on a real HTTP server on 127.0.0.1, as a reader's browser sees it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
