"""When each content file was added and last changed, from git history.

Commit dates, not file times: the same commit always builds the same site.
Outside a git checkout (a tarball, a test folder) there is no history and
pages simply leave the dates out.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileDates:
    added: str  # YYYY-MM-DD of the first commit that holds the file
    changed: str  # YYYY-MM-DD of the last commit that touched it
    repo_path: str  # the file's path in the repository, for history and edit links


def file_dates(content_dir: Path) -> dict[str, FileDates]:
    """`{path relative to content_dir: FileDates}` for every committed file, in one `git log`."""
    try:
        prefix = _git(content_dir, "rev-parse", "--show-prefix").strip()
        log = _git(content_dir, "log", "--format=%x00%cs", "--name-only", "--no-renames", "--relative", "--", ".")
    except (OSError, subprocess.CalledProcessError):
        return {}
    newest: dict[str, str] = {}
    oldest: dict[str, str] = {}
    day = ""
    for line in log.splitlines():
        if line.startswith("\0"):
            day = line[1:]
        elif line:
            newest.setdefault(line, day)  # git log lists the newest commit first
            oldest[line] = day
    return {path: FileDates(oldest[path], newest[path], prefix + path) for path in newest if (content_dir / path).is_file()}


def _git(folder: Path, *arguments: str) -> str:
    return subprocess.run(["git", *arguments], cwd=folder, capture_output=True, text=True, check=True, timeout=60).stdout


def last_commit_time(folder: Path) -> int | None:
    """Unix time of the newest commit touching folder: the build's 'today' for
    the sitemap, so the same commit builds the same site."""
    try:
        stamp = _git(folder, "log", "-1", "--format=%ct", "--", ".").strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return int(stamp) if stamp.isdigit() else None
