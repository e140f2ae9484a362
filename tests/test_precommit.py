"""The pre-commit hooks in .pre-commit-config.yaml, run for real by pre-commit.

Each test works in a throwaway git repository built from the working tree (so
uncommitted changes to the hook configuration are what gets tested), with the
project's .venv linked in so the hooks' `.venv/bin/...` entries resolve, and
PRE_COMMIT_HOME and git's global configuration kept inside tmp_path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
VENV = REPO / ".venv"
# What the hooks read or check: the configuration, the records, the YAML they lint.
TREE = [".pre-commit-config.yaml", ".yamllint.yaml", ".gitignore", "mkdocs.yml", "content", ".github", "schemas"]

EVENT = "content/events/2024-11-13-russian-assault-on-kupiansk.yml"
PLACE = "content/places/kupiansk.yml"
PERSON = "content/people/valery-gerasimov.yml"


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.invalid",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.invalid",
        NO_COLOR="1",
    )
    env.pop("GIT_DIR", None)
    env.pop("GIT_INDEX_FILE", None)
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, check=False, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def repo(tmp_path) -> tuple[Path, dict[str, str]]:
    """A git repository holding the working tree's hooks and records, committed."""
    root = tmp_path / "repo"
    root.mkdir()
    for name in TREE:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, root / name)
    (root / ".venv").symlink_to(VENV, target_is_directory=True)
    env = _env(tmp_path)
    for command in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A", "--", *TREE], ["git", "commit", "-q", "-m", "archive"]):
        done = _run(command, root, env)
        assert done.returncode == 0, done.stderr
    (root / ".git" / "info" / "exclude").write_text(".venv\n", encoding="utf-8")
    return root, env


def _pre_commit(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return _run([str(root / ".venv" / "bin" / "pre-commit"), *args], root, env)


def _replace(path: Path, old: str, new: str) -> int:
    """Replace the first `old` and return the 1-based line it starts on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found; the test's sample record changed"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def _break_records(root: Path) -> dict[str, int]:
    """Three mistakes a contributor makes; the line each should be reported on."""
    unknown_place = _replace(root / EVENT, "\n  - kharkiv-oblast\n", "\n  - kharkiv-oblastt\n") + 1
    place = root / PLACE
    duplicate_key = len(place.read_text(encoding="utf-8").splitlines()) + 1
    with place.open("a", encoding="utf-8") as handle:
        handle.write("kind: town\n")
    # Valid YAML, but the role items indented by four spaces instead of two.
    person = root / PERSON
    text = person.read_text(encoding="utf-8")
    start = text.index("roles:\n")
    before, roles = text[:start], text[start:]
    block, _, rest = roles.partition("\nlinks:")
    block = "\n".join(("  " + line) if line.startswith("  ") else line for line in block.split("\n"))
    person.write_text(before + block + "\nlinks:" + rest, encoding="utf-8")
    bad_indent = before.count("\n") + 2
    return {f"{EVENT}:{unknown_place}:": unknown_place, f"{PLACE}:{duplicate_key}:": duplicate_key, f"{PERSON}:{bad_indent}:": bad_indent}


def _hook_lines(output: str) -> dict[str, str]:
    """Hook name -> Passed / Failed / Skipped, from pre-commit's summary lines."""
    results = {}
    for line in output.splitlines():
        for status in ("Passed", "Failed", "(no files to check)Skipped"):
            if line.endswith(status) and "." in line:
                results[line.split(".")[0].strip()] = status.removeprefix("(no files to check)")
    return results


def test_pre_commit_passes_on_the_shipped_archive(repo):
    root, env = repo
    result = _pre_commit(root, env, "run", "--all-files")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert _hook_lines(output) == {"yamllint (YAML style and syntax)": "Passed", "chronicle validate (records, ids, quotes)": "Passed"}, output


def test_pre_commit_fails_naming_file_and_line_of_each_mistake(repo):
    root, env = repo
    expected = _break_records(root)
    result = _pre_commit(root, env, "run", "--all-files")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert _hook_lines(output) == {"yamllint (YAML style and syntax)": "Failed", "chronicle validate (records, ids, quotes)": "Failed"}, output
    for location in expected:
        assert location in output, f"{location} not in:\n{output}"
    assert "unknown place 'kharkiv-oblastt'" in output
    assert "(key-duplicates)" in output
    assert "(indentation)" in output


def test_the_installed_hook_blocks_a_commit_of_a_broken_record(repo):
    root, env = repo
    installed = _pre_commit(root, env, "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    head = _run(["git", "rev-parse", "HEAD"], root, env).stdout
    line = _replace(root / EVENT, "\n  - kharkiv-oblast\n", "\n  - kharkiv-oblastt\n") + 1
    assert _run(["git", "add", EVENT], root, env).returncode == 0
    committed = _run(["git", "commit", "-m", "typo in a place id"], root, env)
    output = committed.stdout + committed.stderr
    assert committed.returncode != 0, output
    assert f"{EVENT}:{line}:5: error: unknown place 'kharkiv-oblastt'" in output
    assert _run(["git", "rev-parse", "HEAD"], root, env).stdout == head
