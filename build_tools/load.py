"""Read every content file, keeping what is needed to say where each value stands.

Nothing is checked here beyond "can it be parsed": `validate` does the rest, and
`Document.locate` points at the line and column of a mistake.

Most records are read by libyaml alone (scanner, parser and composer in C), then
walked once in Python to build the data and check it. Any text the fast path
cannot vouch for (aliases, tags, deep nesting, duplicate keys, odd line breaks,
any error) is read again the way it always was, so the messages contributors see
come from one place: `_parse_yaml_composed_in_python` and the Python reader
behind it.

`LoadCache` keeps each file's result between calls, for the live preview: a
file is read again only when its size, times or inode changed.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import re
import stat
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml
import yaml.cyaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

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
    """The same loader over libyaml's C scanner and parser; the node tree is composed,
    and checked, in Python. Used for what the C composer (below) leaves in doubt;
    any mistake is read again by RecordLoader."""

    yaml_implicit_resolvers = _RESOLVERS

    def __init__(self, stream: str) -> None:
        yaml.cyaml.CParser.__init__(self, stream)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


# --- the fast path: libyaml's own composer -------------------------------------------------
#
# yaml.cyaml.CParser.get_single_node composes the whole node tree in C (Cython). It
# does not refuse what _RecordComposer refuses, so parse_yaml makes sure of each:
#
# - deep nesting: the C composer recurses once per level with no limit, and a C stack
#   overflow kills the process. `_provably_shallow` bounds the depth from the text before
#   the C composer sees it; `_construct` then refuses more than MAX_NESTING levels exactly;
# - aliases: one needs an anchor (`&`) and an alias (`*`); text with both goes the slow way;
# - explicit tags: the C composer calls `resolve` for every node without one (or with the
#   non-specific `!`), and `_CComposer.resolve` answers with the module's own tag
#   objects below. A tag written in the text is a new string object, never one of
#   these, so `_construct` tells them apart by identity;
# - duplicate keys and anything the constructors could refuse: `_construct` gives up.
#
# Giving up raises _Doubt, and the text is read again by the slow path.

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_OWN_TAGS: dict[str, str] = {_STR: _STR, _SEQ: _SEQ, _MAP: _MAP}
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: [(_OWN_TAGS.setdefault(tag, tag), regexp) for tag, regexp in resolvers] for first, resolvers in _RESOLVERS.items()
}
assert None not in _IMPLICIT and not yaml.SafeLoader.yaml_path_resolvers  # resolve() below knows no others
_SAFE = yaml.constructor.SafeConstructor()
# Tag -> constructor for the implicit scalar types a record may hold (text aside).
_SCALARS: dict[str, Callable[[ScalarNode], Any]] = {
    _OWN_TAGS[tag]: functools.partial(construct, _SAFE)
    for tag, construct in (
        ("tag:yaml.org,2002:null", yaml.constructor.SafeConstructor.construct_yaml_null),
        ("tag:yaml.org,2002:bool", yaml.constructor.SafeConstructor.construct_yaml_bool),
        ("tag:yaml.org,2002:int", yaml.constructor.SafeConstructor.construct_yaml_int),
        ("tag:yaml.org,2002:float", yaml.constructor.SafeConstructor.construct_yaml_float),
    )
}


class _CComposer(yaml.cyaml.CParser):
    """libyaml's parser and composer, resolving implicit tags as RecordLoader does."""

    def resolve(self, kind: type, value: str | None, implicit: Any) -> str:
        # yaml.resolver.BaseResolver.resolve without path resolvers (SafeLoader has none).
        if kind is ScalarNode:
            if implicit[0]:
                resolvers = _IMPLICIT.get(value[:1])  # type: ignore[index]
                if resolvers is not None:
                    for tag, regexp in resolvers:
                        if regexp.match(value):  # type: ignore[arg-type]
                            return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP

    def descend_resolver(self, parent: Any, index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


class _Doubt(Exception):
    """The fast path cannot vouch for this text: read it the slow way."""


# A line whose first 64 characters could all be indentation or block indicators, and a
# line break other than \n (libyaml also breaks lines at \r, NEL, LS and PS).
_DEEP_LINE = re.compile(r"[ \t\-?:\ufeff]{64}")  # matched at the start, searched after "\n"
_DEEP_NEXT_LINE = re.compile(r"\n[ \t\-?:\ufeff]{64}")  # a literal first: searched far faster than with ^
_OTHER_BREAK = re.compile("[\x85\u2028\u2029]")
_MAX_BRACKETS = 64


def _provably_shallow(text: str) -> bool:
    """True when the text cannot nest more than a few hundred levels, so libyaml's
    composer, which recurses in C, is safe on it.

    A block collection starts at a deeper indentation than the one around it, except a
    sequence right under a mapping key (`key:` then `- item` in the same column), which
    cannot hold another such sequence directly: at most two levels per column. Block
    collections start only at a line's first token, or after `- `, `? ` or `: ` at the
    start of the line; so when no line begins with 64 characters of spaces, tabs,
    byte-order marks and those indicators, block nesting is under 130 levels. Each flow
    level needs a `[` or a `{` (and one more level for a `[a: b]` pair): at most 128.
    """
    return (
        text.count("[") + text.count("{") <= _MAX_BRACKETS
        and _DEEP_LINE.match(text) is None
        and _DEEP_NEXT_LINE.search(text) is None
        and "\r" not in text
        and (text.isascii() or _OTHER_BREAK.search(text) is None)
    )


def _construct(node: yaml.Node, level: int) -> Any:
    """The data of a node from the C composer; raises _Doubt for anything RecordLoader
    would refuse or read differently."""
    if level >= MAX_NESTING:
        raise _Doubt
    kind = node.__class__
    tag = node.tag
    if kind is ScalarNode:
        if tag is _STR:
            return node.value
        construct = _SCALARS.get(tag)
        if construct is None or _OWN_TAGS.get(tag) is not tag:
            raise _Doubt  # an explicit tag, a merge key (<<), a value key (=)
        return construct(node)
    level += 1
    if kind is SequenceNode and tag is _SEQ:
        return [item.value if item.__class__ is ScalarNode and item.tag is _STR and level < MAX_NESTING else _construct(item, level) for item in node.value]
    if kind is MappingNode and tag is _MAP:
        mapping: dict[Any, Any] = {}
        names: set[str] = set()
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode:
                raise _Doubt  # a list or mapping as a key: the constructor refuses it
            name = key_node.value
            if name in names:
                raise _Doubt  # a duplicate key: the slow path names it
            names.add(name)
            # The value is as deep as the key, and checked for depth.
            key = name if key_node.tag is _STR else _construct(key_node, level)
            if value_node.__class__ is ScalarNode and value_node.tag is _STR and level < MAX_NESTING:
                mapping[key] = value_node.value
            else:
                mapping[key] = _construct(value_node, level)
        return mapping
    raise _Doubt  # an explicit tag on a collection


def _positions(node: yaml.Node) -> tuple[Any, ...]:
    """Where each value of a node tree stands (see Document.node)."""
    mark = node.start_mark
    if isinstance(node, MappingNode):
        keys: dict[str, tuple[int, int, tuple[Any, ...]]] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value not in keys:  # the first one is the one found
                keys[key_node.value] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1, _positions(value_node))
        return mark.line + 1, mark.column + 1, keys
    if isinstance(node, SequenceNode):
        return mark.line + 1, mark.column + 1, [_positions(item) for item in node.value]
    return mark.line + 1, mark.column + 1


_NOT_YET: Any = object()  # Document.node before locate() first needs it


@dataclass
class Document:
    """One parsed YAML document: the data, and the text it was read from.

    `node` says where each value stands: None for an empty document, else `(line,
    column)` for a scalar, `(line, column, [position, ...])` for a sequence and `(line,
    column, {key: (key line, key column, position)})` for a mapping, 1-based and
    counted in the text (see `line_offset`). It is made from the text again when
    `locate` first needs it, which is only for a file with a problem: keeping 20,000
    texts takes a third of the memory their positions took, and no time to build.
    """

    path: str  # relative to the repository (or to the content folder's parent)
    data: Any
    node: tuple[Any, ...] | None = field(default=_NOT_YET, compare=False, repr=False)
    line_offset: int = 0  # front matter starts after the `---` line
    text: str | None = field(default=None, repr=False)  # what was parsed

    def positions(self) -> tuple[Any, ...] | None:
        if self.node is _NOT_YET:
            self.node = None if self.text is None else _positions_of(self.text)
        return self.node

    def locate(self, loc: tuple[Any, ...], key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at `loc`, or of its key when `key`."""
        node = found = self.positions()
        if node is None:
            return 1 + self.line_offset, 1
        for part in loc:
            inner = node[2] if len(node) == 3 else None
            if inner.__class__ is dict and isinstance(part, str):
                entry = inner.get(part)  # type: ignore[union-attr]
                if entry is None:
                    break
                node = entry[2]
                found = entry if key and part == loc[-1] else node
            elif inner.__class__ is list and isinstance(part, int) and part < len(inner):  # type: ignore[arg-type]
                node = found = inner[part]  # type: ignore[index]
            else:
                break
        return found[0] + self.line_offset, found[1]


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
    if _fast_path_may_read(text):
        try:
            node = _CComposer(text).get_single_node()
            data = None if node is None else _construct(node, 0)
            return Document(path, data, line_offset=line_offset, text=text), None
        except (_Doubt, yaml.YAMLError, TypeError, ValueError, RecursionError):
            pass  # read it again below, for the message contributors know
    doc, problem = _parse_yaml_composed_in_python(text, path, line_offset)
    if doc is not None:
        doc = Document(path, doc.data, line_offset=line_offset, text=text)  # its nodes are dropped, and made again if needed
    return doc, problem


def _fast_path_may_read(text: str) -> bool:
    return yaml.__with_libyaml__ and _provably_shallow(text) and not ("&" in text and "*" in text)


def _positions_of(text: str) -> tuple[Any, ...] | None:
    """Document.node for a text parse_yaml read without a problem, made the way
    parse_yaml read it."""
    if _fast_path_may_read(text):
        try:
            node = _CComposer(text).get_single_node()
            if node is None:
                return None
            _construct(node, 0)  # _Doubt here too if it was raised then
            return _positions(node)
        except (_Doubt, yaml.YAMLError, TypeError, ValueError, RecursionError):
            pass
    doc, _problem = _parse_yaml_composed_in_python(text, "", 0)
    return None if doc is None or doc.node is None else _positions(doc.node)  # type: ignore[arg-type]


def _parse_yaml_composed_in_python(text: str, path: str, line_offset: int) -> tuple[Document | None, Problem | None]:
    """The slow path: PyYAML's composer, with RecordLoader's refusals, over libyaml's
    parser, then all in Python for the message. The Document's node is PyYAML's."""
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


def _read(path: str, shown: str, status: os.stat_result | None) -> tuple[str | None, Problem | None]:
    """The file's text, or the problem that stops it being read. `status` is its
    os.stat (not a link's), if known."""
    try:
        size = (status if status is not None else os.stat(path)).st_size  # before reading: a huge file is refused without loading it
        if size > MAX_RECORD_BYTES:
            return None, Problem(shown, 1, 1, f"the file is {size:,} bytes; a record may be at most {MAX_RECORD_BYTES:,}")
        with open(path, "rb", buffering=0) as stream:
            data = stream.read()
    except OSError as error:
        return None, Problem(shown, 1, 1, f"cannot read the file ({error.strerror})")
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n"), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, Problem(shown, line, 1, "the file is not UTF-8; save it as UTF-8")


def _linked(path: Path, shown: str, problems: list[Problem]) -> bool:
    """A symbolic link could make the build read, and publish, a file from anywhere
    on the machine (`content/pages/about.md -> ~/.ssh/id_rsa`): none is followed."""
    if not path.is_symlink():
        return False
    problems.append(_link_problem(shown))
    return True


def _link_problem(shown: str) -> Problem:
    return Problem(shown, 1, 1, "is a symbolic link; Chronicle reads only real files in content/: replace the link with the file itself")


def _folders(content_dir: Path, base: Path, problems: list[Problem]) -> dict[str, Path | None]:
    names = (*RECORD_FOLDERS, "articles", "pages", "raw")
    return {name: None if _linked(content_dir / name, display_path(content_dir / name, base), problems) else content_dir / name for name in names}


class LoadCache:
    """What `load_content` read last time, file by file, for the live preview.

    Pass the same cache to every call: a file is read and parsed again only when its
    size, modification time (in ns), inode or change time differ, or it is new; deleted
    files drop out. The Content returned is the one a call without the cache would give,
    and its unchanged files keep their RecordFile, ArticleFile and Document objects
    (which `validate.ValidateCache` recognises).

    A file modified less than `RACY_SECONDS` before it was read is read again next time
    too: file systems keep modification times in ticks of a few milliseconds (FAT's are
    2 s), and a second edit of the same size within the tick would not show otherwise.
    """

    def __init__(self) -> None:
        self._folders: tuple[str, str] | None = None  # the content folder and base of the last call, absolute
        # path -> (signature, shown path, kind, (problem, result))
        self._files: dict[str, tuple[Signature | None, str, str, tuple[Problem | None, Any]]] = {}


RACY_SECONDS = 2
Signature = tuple[int, int, int, int]


def signature(status: os.stat_result, now_ns: int) -> Signature | None:
    """What says a file is unchanged: (size, mtime_ns, inode, ctime_ns); None when it was
    modified too recently for its times to tell (see LoadCache)."""
    if now_ns - max(status.st_mtime_ns, status.st_ctime_ns) < RACY_SECONDS * 1_000_000_000:
        return None
    return status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns


_pause_lock = threading.Lock()
_pauses = [0, False]  # calls inside collector_paused(), and whether the collector ran before the first


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector: building a few million objects that all
    stay alive made it walk them again and again (4 s of a 20,000-record load). Nothing
    built here forms a cycle; reference counting frees whatever is dropped.

    On the way out, what survived goes straight to the oldest generation (gc.freeze()
    then gc.unfreeze(), unless something else keeps objects frozen): the collector would
    otherwise walk all of it at its next young collection, which cost the next step
    (linking) half a second at 20,000 records. Garbage there is freed at the next full
    collection. Calls may nest and overlap in threads: the last one out restores the
    collector as it was."""
    with _pause_lock:
        if _pauses[0] == 0:
            _pauses[1] = gc.isenabled()
            gc.disable()
        _pauses[0] += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses[0] -= 1
            if _pauses[0] == 0 and _pauses[1]:
                if gc.get_freeze_count() == 0:
                    gc.freeze()
                    gc.unfreeze()
                gc.enable()


def load_content(content_dir: Path, base: Path | None = None, cache: LoadCache | None = None) -> Content:
    """Parse every record, article and page under `content_dir`; with a `cache`, only
    the files that changed since the last call with it."""
    base = base or content_dir.parent
    with collector_paused():
        return _Load(content_dir, base, cache).run()


def _suffix(name: str) -> str:
    """PurePath(name).suffix, without making a path."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _stem(name: str) -> str:
    """PurePath(name).stem, without making a path."""
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


class _Load:
    """One load_content call: the folders are listed and every file stat'ed each time,
    and files are read and parsed unless the cache has them unchanged."""

    def __init__(self, content_dir: Path, base: Path, cache: LoadCache | None) -> None:
        self.base = base
        self.content = Content(root=content_dir)
        self.cache = cache
        self.folders = (os.path.abspath(content_dir), os.path.abspath(base))  # paths below are relative to the working folder
        self.before = cache._files if cache is not None and cache._folders == self.folders else {}
        self.now: dict[str, Any] = {}
        self.started_ns = time.time_ns()  # before any file is looked at

    def run(self) -> Content:
        content = self.content
        folders = _folders(content.root, self.base, content.problems)
        for kind in RECORD_FOLDERS:
            for path, shown, name, status in self._files(folders[kind], "*"):
                if name.startswith("."):
                    continue
                if status is not None and stat.S_ISLNK(status.st_mode):
                    content.problems.append(_link_problem(shown))
                    continue
                if status is not None and stat.S_ISDIR(status.st_mode):
                    continue
                suffix = _suffix(name)
                if suffix == ".yaml":
                    content.problems.append(Problem(shown, 1, 1, f"records use the .yml extension; rename it to {_stem(name)}.yml"))
                    continue
                if suffix != ".yml":
                    content.problems.append(Problem(shown, 1, 1, f"only .yml records belong in content/{kind}/; move or remove this file"))
                    continue
                record_id = _stem(name)
                content.stems.setdefault(kind, set()).add(record_id)
                record = self._result(path, shown, status, kind, functools.partial(_record, kind, record_id))
                if record is not None:
                    content.records[kind][record_id] = record
        for path, shown, name, status in self._files(folders["articles"], ".md"):
            if status is not None and stat.S_ISLNK(status.st_mode):
                content.problems.append(_link_problem(shown))
                continue
            article_id = _stem(name)
            content.stems.setdefault("articles", set()).add(article_id)
            article = self._result(path, shown, status, "articles", functools.partial(_article, article_id))
            if article is not None:
                content.articles[article.id] = article
        for path, shown, name, status in self._files(folders["pages"], ".md"):
            if status is not None and stat.S_ISLNK(status.st_mode):
                content.problems.append(_link_problem(shown))
                continue
            content.page_paths[_stem(name)] = shown
            text = self._result(path, shown, status, "pages", _page)
            if text is not None:
                content.pages[_stem(name)] = text
        if self.cache is not None:
            self.cache._folders, self.cache._files = self.folders, self.now
        return content

    def _files(self, folder: Path | None, ending: str) -> Iterator[tuple[str, str, str, os.stat_result | None]]:
        """(path, path as shown, name, os.lstat or None) of every entry of folder whose
        name ends with `ending` ("*": every one), sorted by name, as
        `sorted(folder.glob("*" + ending))` lists them."""
        if folder is None or not folder.is_dir():
            return
        try:
            names = sorted(os.listdir(folder))
        except PermissionError:  # what Path.glob does
            return
        shown_folder = display_path(folder / "_", self.base)[:-1]
        folder_path = os.path.join(folder, "")
        for name in names:
            if ending != "*" and not name.endswith(ending):
                continue
            path = folder_path + name
            try:
                status: os.stat_result | None = os.lstat(path)
            except (OSError, ValueError):
                status = None  # gone since the listing: reading it says so
            yield path, shown_folder + name, name, status

    def _result(self, path: str, shown: str, status: os.stat_result | None, kind: str, parse: Callable[[str, str], tuple[Problem | None, Any]]) -> Any:
        """Read and parse a file (or take what the cache has for it): adds its problem,
        if any, and returns what parse made of it, or None."""
        if self.cache is not None and status is not None and stat.S_ISREG(status.st_mode):
            unchanged = signature(status, self.started_ns)
            cached = self.before.get(path)
            if unchanged is not None and cached is not None and cached[0] == unchanged and cached[1] == shown and cached[2] == kind:
                outcome = cached[3]
            else:
                outcome = _read_and_parse(path, shown, status, parse)
            self.now[path] = (unchanged, shown, kind, outcome)
        else:
            outcome = _read_and_parse(path, shown, status, parse)
        problem, result = outcome
        if problem is not None:
            self.content.problems.append(problem)
        return result


def _read_and_parse(path: str, shown: str, status: os.stat_result | None, parse: Callable[[str, str], tuple[Problem | None, Any]]) -> tuple[Problem | None, Any]:
    text, problem = _read(path, shown, status)
    if text is None:
        return problem, None
    return parse(text, shown)


def _record(kind: str, record_id: str, text: str, shown: str) -> tuple[Problem | None, RecordFile | None]:
    doc, problem = parse_yaml(text, shown)
    if problem:
        return problem, None
    return None, RecordFile(kind, record_id, doc)  # type: ignore[arg-type]


def _article(article_id: str, text: str, shown: str) -> tuple[Problem | None, ArticleFile | None]:
    problems: list[Problem] = []
    article = _parse_article(article_id, text, shown, problems)
    return (problems[0] if problems else None), article


def _page(text: str, shown: str) -> tuple[None, str]:
    return None, text


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
    return ArticleFile(article_id, doc, body.lstrip("\n"), body_line)  # type: ignore[arg-type]
