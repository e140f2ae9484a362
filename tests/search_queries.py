"""Queries through the built site's Pagefind index, ranked by the site's own
search code (build_tools/assets/search.js) and run by Pagefind's own script, in
Node (tests/pagefind_query.mjs): what a reader's first results would be."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def search(site: Path, *queries: str, limit: int = 5) -> dict[str, dict]:
    """{query: {"count": n, "results": [{"url", "title", "label", "excerpt", "score"}, ...the first `limit`]}}"""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: the search tests run Pagefind's script in Node (`make test` needs Node)")
    done = subprocess.run([node, str(REPO / "tests" / "pagefind_query.mjs"), str(site), str(limit), *queries],
                          capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return {entry["query"]: entry for entry in json.loads(done.stdout)}
