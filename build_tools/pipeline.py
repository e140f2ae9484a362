"""The whole pipeline, top to bottom: load, validate, link, render, write, build.

Everything is gathered, validated and linked before anything is written, so
invalid content never leaves half an output behind.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, UserError
from .link import Graph, link
from .load import load_content
from .models import MODELS, SCHEMA_NAMES, Article
from .render import model_docs, render
from .validate import Archive, validate
from .write import write_pages

TEMPLATES_DIR = Path(__file__).parent / "templates"
ASSETS_DIR = Path(__file__).parent / "assets"


class InvalidContent(UserError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        files = len({problem.path for problem in problems})
        super().__init__(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {files} file{'s' if files != 1 else ''}; nothing was generated")


def read_templates(folder: Path = TEMPLATES_DIR) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.j2"))}


def read_assets(folder: Path = ASSETS_DIR) -> dict[str, str]:
    """Stylesheets the site needs; they go through docs/, since overrides/ holds only theme HTML."""
    return {f"assets/{path.name}": path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.css"))}


def check_content_dir(content_dir: Path) -> None:
    if not content_dir.is_dir():
        raise UserError(f"{content_dir}: no such content folder; run from the repository root or pass --content DIR")


def load_and_validate(content_dir: Path, base: Path | None = None) -> tuple[Archive, list[Problem]]:
    check_content_dir(content_dir)
    return validate(load_content(content_dir, base or Path.cwd()))


def generate_pages(content_dir: Path, base: Path | None = None) -> tuple[dict[str, str], Graph]:
    archive, problems = load_and_validate(content_dir, base)
    if problems:
        raise InvalidContent(problems)
    graph = link(archive)
    pages = render(graph, read_templates(), model_docs())
    return pages | read_assets(), graph


def generate(content_dir: Path, out_dir: Path) -> tuple[list[str], list[str]]:
    pages, _graph = generate_pages(content_dir)
    return write_pages(pages, out_dir)


@dataclass
class BuildResult:
    site_dir: Path
    pages_written: int
    pages_removed: int


def build(content_dir: Path, site_dir: Path, config_file: Path, docs_dir: Path) -> BuildResult:
    """Validate, generate, then `mkdocs build --strict` into a temporary folder that
    replaces site_dir only when the build succeeded."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    if not config_file.is_file():
        raise UserError(f"{config_file}: no such MkDocs configuration; run from the repository root")
    written, removed = generate(content_dir, docs_dir)
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    warnings = _CollectWarnings()
    logging.getLogger("mkdocs").addHandler(warnings)
    try:
        config = load_config(str(config_file), docs_dir=str(docs_dir.resolve()), site_dir=str(staging), strict=True)
        mkdocs_build(config)
    except (MkDocsException, SystemExit) as error:
        shutil.rmtree(staging, ignore_errors=True)
        details = "\n".join(warnings.messages) or str(error)
        raise UserError(f"mkdocs build --strict failed; the previous site was left in place:\n{details}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        logging.getLogger("mkdocs").removeHandler(warnings)
    _swap_in(staging, site_dir)
    return BuildResult(site_dir, len(written), len(removed))


class _CollectWarnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"  {record.levelname}: {record.getMessage()}")


def _swap_in(staging: Path, site_dir: Path) -> None:
    """Replace the old site with the new one in two renames."""
    old = site_dir.with_name(f".{site_dir.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)


def schemas() -> dict[str, str]:
    """JSON Schema text per record type, for editors and for `chronicle schema`."""
    out = {}
    for kind, model in [*MODELS.items(), ("articles", Article)]:
        name = SCHEMA_NAMES.get(kind, "article")
        schema = model.model_json_schema(by_alias=True)
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{name}.schema.json", **schema}
        out[f"{name}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    return out
