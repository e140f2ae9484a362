"""Golden files for the pages generated from the shipped content.

    python -m tests.golden refresh    # rewrite tests/golden/ after an intended change

Review the diff of tests/golden/ like any other change: it is what readers will see.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from build_tools.pipeline import generate_pages
from build_tools.render import SiteSettings

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden"
# Fixed addresses and no git dates: golden pages must not change with the
# environment or with each commit.
SETTINGS = SiteSettings(site_url="https://archive.example/", repo_url="https://git.example/chronicle")


def generated_pages() -> dict[str, str]:
    pages, _graph = generate_pages(REPO / "content", base=REPO, settings=SETTINGS)
    return pages


def refresh() -> int:
    pages = generated_pages()
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for relative, text in pages.items():
        target = GOLDEN / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"wrote {len(pages)} golden pages to {GOLDEN.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] != ["refresh"]:
        print("usage: python -m tests.golden refresh", file=sys.stderr)
        sys.exit(2)
    sys.exit(refresh())
