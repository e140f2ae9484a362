"""The whole pipeline, top to bottom: load, validate, link, render, write, build.

Everything is gathered, validated and linked before anything is written, so
invalid content never leaves half an output behind.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import forked, unchanged
from .errors import Problem, UserError
from .history import file_dates, last_commit_time
from .link import Graph, link
from .load import load_content
from .models import MODELS, SCHEMA_NAMES, Article
from .render import SiteSettings, model_docs, raw_copy, render
from .validate import Archive, validate
from .write import (
    MARKER,
    SITE_MARKER,
    ChangedWriter,
    check_apart,
    check_page_names,
    check_site_folder,
    prepare_output,
    remove_stale,
    set_aside,
    swap_in,
)

TEMPLATES_DIR = Path(__file__).parent / "templates"
ASSETS_DIR = Path(__file__).parent / "assets"


class InvalidContent(UserError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        files = len({problem.path for problem in problems})
        super().__init__(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {files} file{'s' if files != 1 else ''}; nothing was generated")


def read_templates(folder: Path = TEMPLATES_DIR) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.j2"))}


def read_assets(folder: Path = ASSETS_DIR) -> dict[str, bytes]:
    """Stylesheets, scripts and vendored libraries, copied as they are; they go
    through docs/, since overrides/ holds only theme HTML."""
    return {f"assets/{path.relative_to(folder).as_posix()}": path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def read_site_settings(config_file: Path) -> SiteSettings:
    """The addresses pages link to, from mkdocs.yml (with its !ENV tags resolved)."""
    import yaml
    from mkdocs.utils.yaml import yaml_load

    if not config_file.is_file():
        return SiteSettings()
    try:
        with config_file.open(encoding="utf-8") as stream:
            config = yaml_load(stream) or {}
    except (OSError, yaml.YAMLError) as error:
        raise UserError(f"{config_file}: cannot be read: {error}") from None
    extra = config.get("extra") or {}
    return SiteSettings(site_url=config.get("site_url") or "", repo_url=extra.get("repository") or "")


def check_content_dir(content_dir: Path) -> None:
    if not content_dir.is_dir():
        raise UserError(f"{content_dir}: no such content folder; run from the repository root or pass --content DIR")


def load_and_validate(content_dir: Path, base: Path | None = None) -> tuple[Archive, list[Problem]]:
    check_content_dir(content_dir)
    return validate(load_content(content_dir, base or Path.cwd()))


def generate_pages(content_dir: Path, base: Path | None = None, settings: SiteSettings | None = None, history: bool = False) -> tuple[dict[str, str], Graph]:
    """Rendered pages and data files (not the static assets)."""
    graph = linked_archive(content_dir, base, history)
    return render(graph, read_templates(), model_docs(), settings or SiteSettings()), graph


def linked_archive(content_dir: Path, base: Path | None = None, history: bool = False) -> Graph:
    """Load, validate (InvalidContent on any problem) and link, with git dates when `history`."""
    archive, problems = load_and_validate(content_dir, base)
    if problems:
        raise InvalidContent(problems)
    return link(archive, file_dates(content_dir) if history else {})


def generate(content_dir: Path, out_dir: Path, config_file: Path = Path("mkdocs.yml"), jobs: int | None = None) -> tuple[list[str], list[str]]:
    """Write the site's Markdown pages, data files, assets and raw copies to out_dir,
    rendered by `jobs` processes (default: one per core); only files whose bytes
    change are written."""
    check_apart(out_dir, content_dir, "--out")
    settings = read_site_settings(config_file)
    digest = unchanged.inputs(content_dir, config_file, settings)
    if unchanged.unchanged(out_dir, digest):
        return [], []
    graph = linked_archive(content_dir, history=True)
    templates, docs = read_templates(), model_docs()
    raws = sorted(graph.archive.articles.values(), key=lambda article: article.raw)
    prepare_output(out_dir)
    unchanged.forget(out_dir)
    jobs = jobs or forked.default_jobs()
    claim = forked.Counter()

    def write_share(share: int) -> tuple[list[str], list[str]]:
        # Each page is written as it is rendered, not held until the share is done (at
        # 20k pages, 100 MB less in each process).
        writer = ChangedWriter(out_dir)
        render(graph, templates, docs, settings, share=(share, jobs), claim=claim, sink=writer.write)
        if share == 0:
            for name, data in read_assets().items():
                writer.write(name, data)
        for article in raws[share::jobs]:
            writer.write(raw_copy(article.raw), (content_dir / article.raw).read_bytes())
        return writer.written, writer.stats

    names: set[str] = set()
    written: list[str] = []
    outputs = [(MARKER, (marker := (out_dir / MARKER).stat()).st_size, marker.st_mtime_ns)]
    for share_written, share_outputs in forked.run_shares(write_share, jobs):
        share_names = {name for name, _size, _mtime in share_outputs}
        if names.intersection(share_names):
            raise ValueError(f"two pages for {min(names.intersection(share_names))}")
        names.update(share_names)
        written += share_written
        outputs += share_outputs
    check_page_names(names)
    removed = remove_stale(out_dir, names | {unchanged.MANIFEST})
    # What is left is what the writers wrote or found: no need to walk it all again.
    unchanged.remember(out_dir, digest, outputs)
    return sorted(written), removed


@dataclass
class BuildResult:
    site_dir: Path
    pages_written: int
    pages_removed: int
    seconds: dict[str, float] = field(default_factory=dict)  # step -> wall time: where a build spends its time

    def timings(self) -> str:
        return ", ".join(f"{step} {seconds:.1f} s" for step, seconds in self.seconds.items())


def build(content_dir: Path, site_dir: Path, config_file: Path, docs_dir: Path) -> BuildResult:
    """Validate, generate, then `mkdocs build --strict` into a temporary folder that
    replaces site_dir only when the build succeeded."""
    # Imported here, not by generate: MkDocs' build takes a fifth of a second to import.
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from . import site_build
    from .search_index import index_site

    if not config_file.is_file():
        raise UserError(f"{config_file}: no such MkDocs configuration; run from the repository root")
    site_dir = site_dir.resolve()
    _recover(site_dir)
    check_apart(site_dir, content_dir, "--site")
    check_apart(site_dir, docs_dir, "--site", "the generated pages folder")
    check_site_folder(site_dir)
    seconds = {}
    started = time.perf_counter()
    written, removed = generate(content_dir, docs_dir, config_file)
    seconds["generate"] = time.perf_counter() - started
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    warnings = _CollectWarnings()
    logging.getLogger("mkdocs").addHandler(warnings)
    try:
        with _source_date(content_dir):
            config = load_config(str(config_file), docs_dir=str(docs_dir.resolve()), site_dir=str(staging), strict=True)
            started = time.perf_counter()
            site_build.build(config)
            seconds["mkdocs"] = time.perf_counter() - started
            started = time.perf_counter()
            index_site(staging)
            seconds["search index"] = time.perf_counter() - started
        (staging / SITE_MARKER).write_text("Built by `chronicle build`; the next build replaces this whole folder.\n", encoding="utf-8")
    except (MkDocsException, SystemExit) as error:
        shutil.rmtree(staging, ignore_errors=True)
        details = "\n".join(warnings.messages) or str(error)
        raise UserError(f"mkdocs build --strict failed; the previous site was left in place:\n{details}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        logging.getLogger("mkdocs").removeHandler(warnings)
    swap_in(staging, site_dir)
    return BuildResult(site_dir, len(written), len(removed), seconds)


@contextmanager
def _source_date(content_dir: Path):
    """MkDocs dates the sitemap with SOURCE_DATE_EPOCH, else with today: pin it
    to the content's last commit (or the newest report) so builds repeat."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    stamp = last_commit_time(content_dir)
    if stamp is None:
        dates = [path.stat().st_mtime for path in content_dir.rglob("*") if path.is_file()]
        stamp = int(max(dates, default=0))
    os.environ["SOURCE_DATE_EPOCH"] = str(stamp)
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


class _CollectWarnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"  {record.levelname}: {record.getMessage()}")


def _recover(site_dir: Path) -> None:
    """Tidy up after a build that was killed: its staging folders go, and if it died
    between the two renames of swap_in, the previous site comes back."""
    for stale in site_dir.parent.glob(f".{site_dir.name}.building-*"):
        shutil.rmtree(stale, ignore_errors=True)
    old = set_aside(site_dir)
    if old.is_dir() and not site_dir.exists():
        old.rename(site_dir)


def schemas() -> dict[str, str]:
    """JSON Schema text per record type, for editors and for `chronicle schema`."""
    out = {}
    for kind, model in [*MODELS.items(), ("articles", Article)]:
        name = SCHEMA_NAMES.get(kind, "article")
        schema = model.model_json_schema(by_alias=True)
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{name}.schema.json", **schema}
        out[f"{name}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    return out
