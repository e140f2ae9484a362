"""Helpers shared by the tests: content trees as `{relative path: text}` dicts."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    """Write `{relative path: text}` under root (bytes are written as they are)."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")


def git(folder: Path, *arguments: str, when: str | None = None) -> str:
    """Run git in folder with a fixed identity (and, if given, a fixed date); returns its output."""
    environment = os.environ | {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if when:
        environment |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    return subprocess.run(["git", *arguments], cwd=folder, check=True, capture_output=True, text=True, env=environment).stdout
