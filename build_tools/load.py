"""Read every content file, keeping where each value stands in its file.

Nothing is checked here beyond "can it be parsed": `validate` does the rest,
using the YAML nodes kept here to point at the line and column of a mistake.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml
import yaml.cyaml

from .errors import Problem
from .models import MODELS

RECORD_FOLDERS = tuple(MODELS)  # events, places, people, organizations, outlets
MAX_RECORD_BYTES = 1024 * 1024
MAX_NESTING = 50


class _RecordComposer(yaml.composer.Composer):
    """Composes nodes without anchors and aliases (they make records hard to review
    and allow "billion laughs" expansions), explicit tags or deep nesting."""

    depth = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(None, None, "YAML aliases (*name) are not allowed in records; write the value out", event.start_mark)
        event = self.peek_event()
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):  # `!!int x`, `!!binary …`: constructors that crash or surprise
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise yaml.MarkedYAMLError(None, None, f"YAML tags ({shown}) are not allowed in records; write the plain value", event.start_mark)
        # PyYAML composes nested values recursively and overflows Python's stack near 330
        # levels; no record needs more than a handful.
        if self.depth >= MAX_NESTING:
            raise yaml.MarkedYAMLError(None, None, f"values are nested more than {MAX_NESTING} levels deep; records need only a few", self.peek_event().start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


# Dates stay text: we parse them with our own messages.
_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class RecordLoader(_RecordComposer, yaml.SafeLoader):
    """Safe YAML, read by PyYAML's Python scanner and parser: the one whose error
    messages contributors see."""

    yaml_implicit_resolvers = _RESOLVERS


class FastRecordLoader(_RecordComposer, yaml.cyaml.CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
    """The same loader over libyaml's C scanner and parser (six times faster on a
    20,000-record archive); the node tree is still composed, and checked, in Python.
    Only used when the text parses: any mistake is read again by RecordLoader."""

    yaml_implicit_resolvers = _RESOLVERS

    def __init__(self, stream: str) -> None:
        yaml.cyaml.CParser.__init__(self, stream)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


@dataclass
class Document:
    """One parsed YAML document: the data and the node tree it came from."""

    path: str  # relative to the repository (or to the content folder's parent)
    data: Any
    node: yaml.Node | None
    line_offset: int = 0  # front matter starts after the `---` line

    def locate(self, loc: tuple[Any, ...], key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at `loc`, or of its key when `key`."""
        node = self.node
        found = node
        for part in loc:
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                for key_node, value_node in node.value:
                    if key_node.value == part:
                        found = key_node if key and part == loc[-1] else value_node
                        node = value_node
                        break
                else:
                    break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = found = node.value[part]
            else:
                break
        if found is None:
            return 1 + self.line_offset, 1
        return found.start_mark.line + 1 + self.line_offset, found.start_mark.column + 1


@dataclass
class RecordFile:
    kind: str  # events, places, ...
    id: str
    doc: Document


@dataclass
class ArticleFile:
    id: str
    doc: Document  # front matter
    body: str
    body_line: int  # line of the body's first line in the file


@dataclass
class Content:
    root: Path
    records: dict[str, dict[str, RecordFile]] = field(default_factory=lambda: {kind: {} for kind in RECORD_FOLDERS})
    articles: dict[str, ArticleFile] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)  # hand-written pages, name -> Markdown
    page_paths: dict[str, str] = field(default_factory=dict)  # name -> path as shown in messages
    stems: dict[str, set[str]] = field(default_factory=dict)  # kind -> every file's id, parsed or not
    problems: list[Problem] = field(default_factory=list)


def display_path(path: Path, base: Path) -> str:
    try:
        # The folder resolved, not the file: a symbolic link is named as itself.
        return (resolved_folder(path.parent) / path.name).relative_to(resolved_folder(base)).as_posix()
    except ValueError:
        return path.as_posix()


def resolved_folder(folder: Path) -> Path:
    """folder.resolve(), once per folder: a handful of folders hold every file."""
    return _resolve(os.path.abspath(folder))  # absolute: the same relative name means another folder after a chdir


@functools.lru_cache(maxsize=64)
def _resolve(folder: str) -> Path:
    return Path(folder).resolve()


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[Document | None, Problem | None]:
    if yaml.__with_libyaml__:
        try:
            loader = FastRecordLoader(text)
            try:
                node = loader.get_single_node()
                if node is not None and _duplicate_key(node) is None:
                    return Document(path, loader.construct_document(node), node, line_offset), None
                if node is None:
                    return Document(path, None, None, line_offset), None
            finally:
                loader.dispose()
        except (yaml.YAMLError, TypeError, ValueError, RecursionError):
            pass  # read it again below, for the message contributors know
    return _parse_yaml_with_messages(text, path, line_offset)


def _parse_yaml_with_messages(text: str, path: str, line_offset: int) -> tuple[Document | None, Problem | None]:
    try:
        loader = RecordLoader(text)
    except yaml.reader.ReaderError as error:  # a character YAML does not allow, e.g. NUL
        line = text.count("\n", 0, error.position) + 1
        col = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        return None, Problem(path, line + line_offset, col, f"the character U+{error.character:04X} is not allowed in YAML; delete it")
    try:
        node = loader.get_single_node()
        if node is not None:
            duplicate = _duplicate_key(node)
            if duplicate is not None:
                mark = duplicate.start_mark
                return None, Problem(path, mark.line + 1 + line_offset, mark.column + 1, f"key '{duplicate.value}' appears twice in the same mapping; keep one")
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(part for part in (error.context, error.problem) if part)
        hint = "" if "in records" in what or "levels deep" in what else "; check indentation, colons and quotes on this line or the one above"
        return None, Problem(path, line + line_offset, col, f"YAML syntax: {what}{hint}")
    except yaml.YAMLError as error:
        return None, Problem(path, 1 + line_offset, 1, f"YAML syntax: {error}")
    except (TypeError, ValueError, RecursionError) as error:
        # PyYAML's constructors let these out for shapes no record has, e.g. a list as a key.
        return None, Problem(path, 1 + line_offset, 1, f"YAML that cannot be read as a record ({type(error).__name__}: {error}); write plain keys and values")
    finally:
        loader.dispose()
    return Document(path, data, node, line_offset), None


def _duplicate_key(node: yaml.Node) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    return key_node
                seen.add(key_node.value)
            if (inner := _duplicate_key(value_node)) is not None:
                return inner
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if (inner := _duplicate_key(item)) is not None:
                return inner
    return None


def _read_text(path: Path, shown: str, problems: list[Problem]) -> str | None:
    try:
        size = path.stat().st_size  # before reading: a huge file is refused without loading it
        if size > MAX_RECORD_BYTES:
            problems.append(Problem(shown, 1, 1, f"the file is {size:,} bytes; a record may be at most {MAX_RECORD_BYTES:,}"))
            return None
        data = path.read_bytes()
    except OSError as error:
        problems.append(Problem(shown, 1, 1, f"cannot read the file ({error.strerror})"))
        return None
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(Problem(shown, line, 1, "the file is not UTF-8; save it as UTF-8"))
        return None


def _linked(path: Path, shown: str, problems: list[Problem]) -> bool:
    """A symbolic link could make the build read, and publish, a file from anywhere
    on the machine (`content/pages/about.md -> ~/.ssh/id_rsa`): none is followed."""
    if not path.is_symlink():
        return False
    problems.append(Problem(shown, 1, 1, "is a symbolic link; Chronicle reads only real files in content/: replace the link with the file itself"))
    return True


def _folders(content_dir: Path, base: Path, problems: list[Problem]) -> dict[str, Path | None]:
    names = (*RECORD_FOLDERS, "articles", "pages", "raw")
    return {name: None if _linked(content_dir / name, display_path(content_dir / name, base), problems) else content_dir / name for name in names}


def load_content(content_dir: Path, base: Path | None = None) -> Content:
    """Parse every record, article and page under `content_dir`."""
    base = base or content_dir.parent
    content = Content(root=content_dir)
    folders = _folders(content_dir, base, content.problems)
    for kind in RECORD_FOLDERS:
        folder = folders[kind]
        for path in sorted(folder.glob("*")) if folder and folder.is_dir() else []:
            shown = display_path(path, base)
            if path.name.startswith(".") or _linked(path, shown, content.problems) or path.is_dir():
                continue
            if path.suffix == ".yaml":
                content.problems.append(Problem(shown, 1, 1, f"records use the .yml extension; rename it to {path.stem}.yml"))
                continue
            if path.suffix != ".yml":
                content.problems.append(Problem(shown, 1, 1, f"only .yml records belong in content/{kind}/; move or remove this file"))
                continue
            content.stems.setdefault(kind, set()).add(path.stem)
            text = _read_text(path, shown, content.problems)
            if text is None:
                continue
            doc, problem = parse_yaml(text, shown)
            if problem:
                content.problems.append(problem)
                continue
            content.records[kind][path.stem] = RecordFile(kind, path.stem, doc)
    articles = folders["articles"]
    for path in sorted(articles.glob("*.md")) if articles and articles.is_dir() else []:
        shown = display_path(path, base)
        if _linked(path, shown, content.problems):
            continue
        content.stems.setdefault("articles", set()).add(path.stem)
        text = _read_text(path, shown, content.problems)
        if text is None:
            continue
        article = _parse_article(path.stem, text, shown, content.problems)
        if article:
            content.articles[article.id] = article
    pages = folders["pages"]
    for path in sorted(pages.glob("*.md")) if pages and pages.is_dir() else []:
        shown = display_path(path, base)
        if _linked(path, shown, content.problems):
            continue
        content.page_paths[path.stem] = shown
        text = _read_text(path, shown, content.problems)
        if text is not None:
            content.pages[path.stem] = text
    return content


def _parse_article(article_id: str, text: str, shown: str, problems: list[Problem]) -> ArticleFile | None:
    if not text.startswith("---\n"):
        problems.append(Problem(shown, 1, 1, "an article starts with front matter between two `---` lines; run `chronicle clean` to see the expected form"))
        return None
    try:
        front, body = frontmatter.YAMLHandler().split(text)
    except ValueError:
        problems.append(Problem(shown, 1, 1, "the front matter has no closing `---` line"))
        return None
    # The front matter text keeps the newline after the opening `---`, so its
    # line numbers already match the file's.
    doc, problem = parse_yaml(front, shown, line_offset=0)
    if problem:
        problems.append(problem)
        return None
    body_line = front.count("\n") + 3
    return ArticleFile(article_id, doc, body.lstrip("\n"), body_line)
