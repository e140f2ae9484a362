"""Has anything the generator reads, or anything it wrote, changed since its last run?

At 20,000 pages a full generate (load, validate, link, render) takes seconds
of CPU; when nothing changed it should take none. Like `make`, this compares
what each input file's size and modification time say, plus what is not a
file: the settings from mkdocs.yml (with their environment variables), the
repository's HEAD (pages show git dates) and the generator's own code. The
generated files are checked too, so a page deleted or edited in build/docs by
hand is written again.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

from .write import walked_prefix, write_bytes_atomic

MANIFEST = ".chronicle-inputs.json"
CODE_DIR = Path(__file__).parent


Stat = tuple[str, int, int]  # a file's path under its folder, with "/" between names; size; mtime_ns


def _stats(root: Path, skip: str | None = None) -> list[Stat]:
    """Every file under root, in the order of their paths."""
    found = []
    for folder, folders, files in os.walk(root):
        folders[:] = [name for name in folders if name != "__pycache__"]
        prefix = walked_prefix(folder, root)
        for name in files:
            if name != skip:
                status = os.lstat(os.path.join(folder, name))
                found.append((prefix + name, status.st_size, status.st_mtime_ns))
    return sorted(found)


def head(content_dir: Path) -> str:
    """The repository's current commit, or '' outside git."""
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=content_dir, capture_output=True, text=True, timeout=30, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def inputs(content_dir: Path, config_file: Path, settings: object) -> str:
    """One digest of everything a generate reads."""
    digest = hashlib.sha256()
    for part in (content_dir, CODE_DIR):
        digest.update(json.dumps(_stats(part)).encode())
    if config_file.is_file():
        digest.update(config_file.read_bytes())
    digest.update(repr(settings).encode())
    digest.update(head(content_dir).encode())
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    return digest.hexdigest()


def unchanged(out_dir: Path, digest: str) -> bool:
    """True when the last generate read the same inputs and its output is as it left it."""
    try:
        recorded = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return recorded.get("inputs") == digest and recorded.get("outputs") == _outputs(out_dir)


def remember(out_dir: Path, digest: str, outputs: list[Stat] | None = None) -> None:
    """Record the inputs just read, and the output as written: `outputs`, every file in
    out_dir but the manifest as the writers stat()ed it, saves walking the folder again."""
    write_bytes_atomic(out_dir / MANIFEST, json.dumps({"inputs": digest, "outputs": _outputs(out_dir, outputs)}).encode())


def _outputs(out_dir: Path, stats: list[Stat] | None = None) -> str:
    stats = _stats(out_dir, skip=MANIFEST) if stats is None else sorted(stats)
    return hashlib.sha256(json.dumps(stats).encode()).hexdigest()


def forget(out_dir: Path) -> None:
    (out_dir / MANIFEST).unlink(missing_ok=True)
