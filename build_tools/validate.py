"""Check every record against its model and against the others.

Every problem is collected before anything stops, each with the file, line
and column it stands at and a message that says what to do.

What can be learnt from one file alone (its model, its own problems, the ids it
names, its quotes normalised) is worked out once per file (`_Facts`) and, with a
`ValidateCache`, kept for the next call; the checks across files then run over
those facts. Positions are looked up only for the problems found.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from rapidfuzz import fuzz, process

from .characters import (
    FORBIDDEN_IN_BODIES,
    describe,
    hidden_characters,
    hidden_summary,
    id_characters,
    skeleton,
)
from .clean import unescape_markdown
from .errors import Problem
from .load import (
    ArticleFile,
    Content,
    Document,
    RecordFile,
    Signature,
    collector_paused,
    resolved_folder,
    signature,
)
from .models import ID_RE, MODELS, Article, Event, Named, Place, copy_chain


@dataclass
class Archive:
    """Validated content: the models, ready to link."""

    records: dict[str, dict[str, BaseModel]] = field(default_factory=dict)
    articles: dict[str, Article] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)

    @property
    def events(self) -> dict[str, Event]:
        return self.records["events"]  # type: ignore[return-value]


def suggest(value: str, choices: list[str] | set[str]) -> str:
    match = process.extractOne(value, sorted(choices), score_cutoff=60)
    if match and not ID_RE.match(match[0]):
        return f"; the closest is '{match[0]}', whose file name is not a valid id: rename that file"
    return f"; did you mean '{match[0]}'?" if match else ""


def _field_names(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel]:
    """The nested model a pydantic error location points into (for key suggestions)."""
    current = model
    for part in loc:
        if isinstance(part, str):
            for name, info in current.model_fields.items():
                if part in (name, info.alias):
                    annotation = info.annotation
                    for candidate in getattr(annotation, "__args__", ()) + (annotation,):
                        inner = getattr(candidate, "__args__", (candidate,))
                        for item in inner:
                            if isinstance(item, type) and issubclass(item, BaseModel):
                                current = item
                    break
    return current


def _closest_field(model: type[BaseModel], loc: tuple[Any, ...]) -> str | None:
    """The field an unknown key at `loc` most likely meant, if any is close enough."""
    match = process.extractOne(str(loc[-1]), _field_names(_model_at(model, loc[:-1])), score_cutoff=60)
    return match[0] if match else None


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop pydantic's internal branch labels from an error location, keeping keys and indexes."""
    return tuple(part for part in loc if not (isinstance(part, str) and (part.startswith(("function-", "constrained-")) or part in ("str", "int", "EventDate", "literal"))))


def _message(error: dict[str, Any], model: type[BaseModel]) -> tuple[str, bool]:
    """Turn one pydantic error into contributor words; the flag says 'point at the key'."""
    loc = _clean_loc(error["loc"])
    where = ".".join(str(part) for part in loc)
    kind, value = error["type"], error.get("input")
    if kind == "extra_forbidden":
        meant = _closest_field(model, loc)
        return f"unknown key '{loc[-1]}'" + (f"; did you mean '{meant}'?" if meant else ""), True
    if kind == "missing":
        return f"missing required key '{loc[-1]}'", False
    if kind == "literal_error":
        allowed = error["ctx"]["expected"].replace("'", "")
        choices = [choice.strip() for choice in re.split(r",| or ", allowed) if choice.strip()]
        return f"{where}: '{value}' is not allowed; use one of: {', '.join(choices)}{suggest(str(value), choices)}", False
    if kind == "string_pattern_mismatch":
        pattern = error["ctx"]["pattern"]
        if "a-z0-9" in pattern:
            return f"{where}: '{value}' is not a valid id; ids are lowercase letters, digits and single hyphens, like 'kharkiv-oblast'", False
        if r"\d{4}" in pattern:
            return f"{where}: '{value}' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY", False
        return f"{where}: '{value}' does not have the expected form ({pattern})", False
    if kind == "value_error":
        return f"{where}: {error['msg'].removeprefix('Value error, ')}", False
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{where}: {value} is out of range ({error['msg'].lower()})", False
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type"):
        return f"{where}: expected a number, like 49.71; got {value!r}", False
    if kind in ("bool_parsing", "bool_type"):
        return f"{where}: expected true or false; got {value!r}", False
    if kind == "list_type":
        return f"{where}: expected a list, like [a, b] or one '- item' per line; got {type(value).__name__} {value!r}", False
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{where}: expected a mapping of 'key: value' lines; got {value!r}", False
    if kind in ("string_type",):
        return f"{where}: expected text; got {type(value).__name__} {value!r} (put it in quotes if it is meant as text)", False
    if kind == "string_too_short":
        return f"{where}: may not be empty", False
    if kind == "too_short":
        return f"{where}: needs at least one entry", False
    return f"{where}: {error['msg']}", False


def _pick_union_branch(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For `date: text | {start, end}` pydantic reports both branches: keep the one the input meant."""
    kept = []
    for error in errors:
        loc = [str(part) for part in error["loc"]]
        if loc and loc[0] == "date" and len(loc) > 1:
            span_branch = "EventDate" in loc[1]
            if span_branch != isinstance(error.get("input"), dict) and not (span_branch and len(loc) > 2):
                continue
        kept.append(error)
    return kept


def validate_model(doc: Document, model: type[BaseModel], problems: list[Problem], data: Any = None) -> BaseModel | None:
    """The model of a document's data (or of `data`, when given), or None with its problems."""
    if data is None:
        data = doc.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        line, col = doc.locate(())
        problems.append(Problem(doc.path, line, col, "a record is a mapping of 'key: value' lines, not a list or a single value"))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        errors = _pick_union_branch(error.errors())
        misspelt = set()
        for item in errors:
            if item["type"] == "extra_forbidden":
                loc = _clean_loc(item["loc"])
                if meant := _closest_field(model, loc):
                    misspelt.add(loc[:-1] + (meant,))
        for item in errors:
            if item["type"] == "missing" and _clean_loc(item["loc"]) in misspelt:
                continue  # the unknown key's "did you mean" already says it
            message, at_key = _message(item, model)
            loc = _clean_loc(item["loc"])
            if item["type"] == "missing":
                line, col = doc.locate(loc[:-1])
            else:
                line, col = doc.locate(loc, key=at_key)
            problems.append(Problem(doc.path, line, col, message))
    return None


_STRAIGHT = {mark: "'" for mark in "‘’ʼ′`´"} | {mark: '"' for mark in "“”„«»″"} | {mark: "-" for mark in "‐‑‒–—"}
_MARKS = re.compile("[" + "".join(_STRAIGHT) + "]")


def normalise_for_quote(text: str) -> str:
    """NFC, straight quotes and hyphens, and single spaces: how quotes and articles are compared."""
    text = unicodedata.normalize("NFC", text)
    if text.isascii():
        text = text.replace("`", "'")  # the only one of the marks that is ASCII
    else:
        text = _MARKS.sub(lambda match: _STRAIGHT[match.group()], text)
    # As re.sub(r"\s+", " ", text).strip(), in a third of the time: \s, str.split() and
    # str.strip() agree on what is whitespace.
    return " ".join(text.split())


class ValidateCache:
    """What `validate` worked out from each file alone, for the live preview.

    Pass the same cache to every call, with Content from `load.load_content` and its
    `LoadCache`: a record or article whose RecordFile / ArticleFile and Document are the
    very objects of the last call is not checked again on its own (its model, its
    problems, the ids it names, its quotes against unchanged sources), while every
    check across records runs each time, and a raw capture is hashed again when its
    size, times or inode changed (as LoadCache tells a changed file). The result is the
    one a call without the cache gives. Documents, their data and the models are
    shared between calls: nothing may change them in place.
    """

    def __init__(self) -> None:
        self._facts: dict[int, _Facts] = {}  # id(RecordFile or ArticleFile) -> what it says
        self._raw_targets: dict[tuple[str, str], tuple[str, str] | None] = {}
        self._digests: dict[str, tuple[tuple[int, Signature | None], str]] = {}  # capture -> ((device, signature), SHA-256)


def validate(content: Content, repo_root: Path | None = None, cache: ValidateCache | None = None) -> tuple[Archive, list[Problem]]:
    """Check every record against its model and against the others: the archive of the
    valid ones, and every problem, sorted."""
    with collector_paused():
        return _Validation(content, cache).run()


@dataclass(slots=True)
class _Facts:
    """What one record or article says on its own, and the problems it has alone."""

    file: RecordFile | ArticleFile
    doc: Document
    data: Any  # doc.data, as it was
    key: tuple[Any, ...]  # kind, id (and the body and its line, for an article)
    skeleton: str  # of the id, for look-alikes
    problems: list[Problem] = field(default_factory=list)
    model: BaseModel | None = None
    # The ids named at each path of REFERENCES[kind], in the same order (locations are
    # found again for the few that name nothing).
    references: tuple[tuple[str, ...], ...] = ()
    redirects: tuple[tuple[tuple[Any, ...], str], ...] = ()  # (loc, old id)
    labels: tuple[tuple[int | None, str, str], ...] = ()  # (alias index or None for the name, label, key)
    quotes: tuple[tuple[int, str, str], ...] = ()  # (claim index, normalised quote, source)
    # An event's quote problems, by source, with the facts of the source they were found in.
    quoted: dict[str, tuple[_Facts, list[Problem]]] | None = None

    def fits(self, file: RecordFile | ArticleFile, key: tuple[Any, ...]) -> bool:
        return self.file is file and self.doc is file.doc and self.data is file.doc.data and self.key == key


class _Validation:
    """One validate call."""

    def __init__(self, content: Content, cache: ValidateCache | None) -> None:
        self.content = content
        self.cache = cache if cache is not None else ValidateCache()
        self.facts: dict[int, _Facts] = {}
        self.raw_targets: dict[tuple[str, str], tuple[str, str] | None] = {}
        self.digests: dict[str, tuple[tuple[int, Signature | None], str]] = {}
        self.started_ns = time.time_ns()

    def run(self) -> tuple[Archive, list[Problem]]:
        content = self.content
        problems = list(content.problems)
        archive = Archive(records={kind: {} for kind in MODELS}, pages=dict(content.pages))
        files: dict[tuple[str, str], RecordFile] = {}
        documents: list[tuple[str, str, _Facts]] = []  # (kind, id, facts) of every record and article

        for kind, records in content.records.items():
            for record_id, record in records.items():
                facts = self._known(record, (kind, record_id)) or _record_facts(kind, record_id, record)
                self.facts[id(record)] = facts
                problems += facts.problems
                documents.append((kind, record_id, facts))
                if facts.model is not None:
                    archive.records[kind][record_id] = facts.model
                    files[(kind, record_id)] = record

        root = os.path.abspath(content.root)  # the same relative folder is another one after a chdir
        for article_id, article in content.articles.items():
            facts = self._known(article, ("articles", article_id, article.body, article.body_line)) or _article_facts(article_id, article)
            self.facts[id(article)] = facts
            problems += facts.problems
            documents.append(("articles", article_id, facts))
            if facts.model is not None:
                archive.articles[article_id] = facts.model  # type: ignore[assignment]
                archive.bodies[article_id] = article.body
                self._check_raw(content.root, root, article, facts.model, problems)  # type: ignore[arg-type]

        by_path = sorted(documents, key=lambda item: item[2].doc.path)
        _check_unique_ids(content, problems)
        _check_lookalike_ids(by_path, problems)
        _check_page_names(content, problems)
        _check_references(content, by_path, problems)
        _check_copies(content, archive, problems)
        _check_aliases(documents, files, problems)
        _check_within_cycles(archive, files, problems)
        _check_quotes(archive, documents, problems)
        self.cache._facts, self.cache._raw_targets, self.cache._digests = self.facts, self.raw_targets, self.digests
        return archive, sorted(set(problems))

    def _known(self, file: RecordFile | ArticleFile, key: tuple[Any, ...]) -> _Facts | None:
        facts = self.cache._facts.get(id(file))
        return facts if facts is not None and facts.fits(file, key) else None

    def _check_raw(self, root: Path, root_text: str, article: ArticleFile, model: Article, problems: list[Problem]) -> None:
        """The capture named by `raw` exists in content/raw/ and has the article's SHA-256."""
        found: list[tuple[str, str]] = []  # (key, message)
        try:
            self._check_raw_file(root, root_text, model, found)
        except (OSError, ValueError) as error:  # a NUL in the name, a name too long for the disk...
            found.append(("raw", f"raw '{model.raw[:80]}' cannot be a file name ({getattr(error, 'strerror', None) or error}); write the capture's path, e.g. raw/001_72cb.txt"))
        for key, message in found:  # located only now: most articles have none
            line, col = article.doc.locate((key,))
            problems.append(Problem(article.doc.path, line, col, message))

    def _check_raw_file(self, root: Path, root_text: str, model: Article, problems: list[tuple[str, str]]) -> None:
        # The folders resolved (each once: a resolve per capture took 1.6 s at 20,000 pages);
        # the capture itself must not be a link, checked below.
        key = (root_text, model.raw)
        if key in self.cache._raw_targets:
            target = self.cache._raw_targets[key]
        else:
            target = _raw_target(root, model.raw)
        self.raw_targets[key] = target
        if target is None:
            problems.append(("raw", f"raw '{model.raw}' must be a file under raw/ (e.g. raw/{Path(model.raw).name})"))
            return
        link, raw_path = target
        try:
            status: os.stat_result | None = os.lstat(link)
        except OSError as error:
            if error.errno not in _MISSING:  # what Path.is_symlink lets out
                raise
            status = None
        except ValueError:  # a NUL in the name: Path.is_symlink says False, and is_file below too
            status = None
        if status is not None and stat.S_ISLNK(status.st_mode):
            problems.append(("raw", f"raw capture '{model.raw}' is a symbolic link; keep the capture itself in content/raw/"))
            return
        if status is not None and stat.S_ISREG(status.st_mode):  # then raw_path, the same file, is one too
            unchanged = signature(status, self.started_ns)
            known = self.cache._digests.get(raw_path)
            digest = known[1] if unchanged is not None and known is not None and known[0] == (status.st_dev, unchanged) else _sha256(raw_path)
            self.digests[raw_path] = ((status.st_dev, unchanged), digest)
        elif not Path(raw_path).is_file():
            problems.append(("raw", f"raw capture '{model.raw}' does not exist; keep the capture in content/raw/ (chronicle ingest does this)"))
            return
        else:
            digest = _sha256(raw_path)
        if digest != model.sha256:
            problems.append(("sha256", f"sha256 does not match {model.raw} (its SHA-256 is {digest}); raw captures are never edited: restore the capture, or ingest the new one"))


_MISSING = {errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP}


_PLAIN_RAW = re.compile(r"raw/([^/]+)")


def _raw_target(root: Path, raw: str) -> tuple[str, str] | None:
    """(the capture's path, the same with its folder resolved), or None when `raw` is
    not a path under root/raw/. May raise OSError or ValueError."""
    if (plain := _PLAIN_RAW.fullmatch(raw)) and plain.group(1) not in (".", ".."):
        # raw/NAME, as ingest writes it: what the path arithmetic below comes to, without it.
        return os.path.join(root, raw), os.path.join(resolved_folder(root / "raw"), plain.group(1))
    raw_path = resolved_folder((root / raw).parent) / Path(raw).name
    parts = Path(raw).parts
    if Path(raw).is_absolute() or ".." in parts or parts[:1] != ("raw",) or not raw_path.is_relative_to(resolved_folder(root / "raw")):
        return None
    return str(root / raw), str(raw_path)


def _sha256(path: str) -> str:
    with open(path, "rb") as stream:
        return hashlib.sha256(stream.read()).hexdigest()


def _record_facts(kind: str, record_id: str, record: RecordFile) -> _Facts:
    doc = record.doc
    facts = _Facts(record, doc, doc.data, (kind, record_id), skeleton(record_id))
    problems = facts.problems
    data = doc.data
    valid = ID_RE.match(record_id) is not None
    if not valid:
        problems.append(Problem(doc.path, 1, 1, f"file name '{record_id}' is not a valid id{_why_not_id(record_id)}; rename the file to lowercase letters, digits and single hyphens, like '{_slug_hint(record_id)}.yml'"))
    else:
        if isinstance(data, dict) and "id" in data:
            line, col = doc.locate(("id",), key=True)
            problems.append(Problem(doc.path, line, col, f"a record's id is its file name ('{record_id}'); remove the 'id' key" + (" or rename the file" if data["id"] != record_id else "")))
            data = {k: v for k, v in data.items() if k != "id"}  # every later check reads the record without it
        facts.model = validate_model(doc, MODELS[kind], problems, data)
    _check_strings(doc, data, problems)
    if isinstance(data, dict):
        facts.redirects = _redirects(data)
        if valid:
            facts.references = _references(kind, data)
            _check_self_references(kind, record_id, doc, data, problems)
    model = facts.model
    if isinstance(model, Named) and kind in QUALIFIER_HINTS:
        facts.labels = tuple((index, label, normalise_for_quote(label).casefold()) for index, label in [(None, model.name), *enumerate(model.aliases)])
    if isinstance(model, Event):
        facts.quotes = tuple((index, normalise_for_quote(claim.quote), claim.source) for index, claim in enumerate(model.claims) if claim.quote is not None)
    return facts


def _article_facts(article_id: str, article: ArticleFile) -> _Facts:
    doc = article.doc
    facts = _Facts(article, doc, doc.data, ("articles", article_id, article.body, article.body_line), skeleton(article_id))
    problems = facts.problems
    valid = ID_RE.match(article_id) is not None
    if not valid:
        problems.append(Problem(doc.path, 1, 1, f"file name '{article_id}' is not a valid id{_why_not_id(article_id)}; rename the file to lowercase letters, digits and single hyphens"))
    else:
        facts.model = validate_model(doc, Article, problems)
    data = doc.data
    _check_strings(doc, data, problems)
    _check_body(article, problems)
    if isinstance(data, dict):
        facts.redirects = _redirects(data)
        if valid:
            facts.references = _references("articles", data)
    return facts


def _why_not_id(value: str) -> str:
    reason = id_characters(value)
    return f" ({reason})" if reason else ""


def _check_strings(doc: Document, data: Any, problems: list[Problem]) -> None:
    """Placeholders and hidden characters in every value of a record or front matter."""
    if (doc.text is not None and _plain(doc.text)) or not _flagged(data):
        return
    for loc, value in _strings_in(data):
        if value.lstrip().startswith("TODO"):
            line, col = doc.locate(loc)
            where = ".".join(str(part) for part in loc) or "the record"
            shown = value if len(value) <= 60 else value[:59] + "…"
            problems.append(Problem(doc.path, line, col, f"{where} still holds a placeholder ('{shown}'); write the real value, or remove the line if the field is optional"))
    # Invisible and bidirectional-control characters can make a record show one thing and
    # say another, or two names look the same and differ: refused in every value.
    for loc, value in _strings_in(data):
        found = hidden_characters(value)
        if found and "boilerplate" not in loc:
            line, col = doc.locate(loc)
            where = ".".join(str(part) for part in loc)
            problems.append(Problem(doc.path, line, col, f"{where} contains {hidden_summary(value, found)}, which can disguise the text; delete it (retype the value if it was pasted)"))


def _plain(text: str) -> bool:
    """True when no value read from this YAML text can be a placeholder or hold a
    hidden character: a value's characters are the text's own, and spaces and line
    breaks, but for escapes (which need a backslash)."""
    if "TODO" in text or "\\" in text:
        return False
    return not hidden_characters(text.replace("\n", "").replace("\t", ""))  # mostly a quick isprintable()


def _flagged(data: Any) -> bool:
    """Whether any value in data is a placeholder or holds a hidden character: a quick
    look, so that _check_strings walks with locations only the few that need it."""
    if isinstance(data, dict):
        values = data.values()
    elif isinstance(data, list):
        values = data
    else:
        values = (data,)
    for value in values:
        if isinstance(value, str):
            # A value "TODO ..." is a placeholder (`chronicle new` writes them): never merged as content.
            if ("TODO" in value and value.lstrip().startswith("TODO")) or (not value.isprintable() and hidden_characters(value)):
                return True
        elif isinstance(value, (dict, list)) and _flagged(value):
            return True
    return False


def _check_body(article: ArticleFile, problems: list[Problem]) -> None:
    """Article bodies keep the marks right-to-left text needs but not overrides, isolates or NULs."""
    body = article.body
    if ("\x00" not in body) if body.isascii() else FORBIDDEN_IN_BODIES.search(body) is None:
        return
    for line_number, line in enumerate(body.split("\n"), start=article.body_line):
        if match := FORBIDDEN_IN_BODIES.search(line):
            problems.append(Problem(article.doc.path, line_number, match.start() + 1, f"the text contains {describe(match.group(0))}, which can disguise what the report says; delete it"))
            break


def _check_lookalike_ids(by_path: list[tuple[str, str, _Facts]], problems: list[Problem]) -> None:
    """Ids that differ only in look-alike characters (0/o, 1/l, rn/m) pass for each other in review."""
    seen: dict[str, tuple[str, str]] = {}
    for _kind, record_id, facts in by_path:
        path = facts.doc.path
        key = facts.skeleton
        if key in seen and seen[key][0] != record_id:
            other_id, other_path = seen[key]
            problems.append(Problem(path, 1, 1, f"id '{record_id}' looks like '{other_id}' ({other_path}): they differ only in look-alike characters (0/o, 1/l, rn/m, vv/w, cl/d); rename this file"))
        seen.setdefault(key, (record_id, path))


# Pages the build writes itself; a hand-written page of the same name would be lost under them.
# (tests/test_nothing_lost.py checks this list against what the build writes)
GENERATED_PAGES = {"index", "timeline", "map", "records", "data", "feed", "search", "pagefind", "assets", "raw", "sitemap",
                   "events", "places", "people", "organizations", "outlets", "reports"}


def _check_page_names(content: Content, problems: list[Problem]) -> None:
    for name, path in sorted(content.page_paths.items()):
        if not ID_RE.match(name):
            problems.append(Problem(path, 1, 1, f"page name '{name}' is not a valid page name{_why_not_id(name)}; rename the file to lowercase letters, digits and single hyphens, like '{_slug_hint(name)}.md'"))
        elif name in GENERATED_PAGES:
            problems.append(Problem(path, 1, 1, f"the site already has a '{name}' page, which the build writes; rename this file (home.md is the home page's introduction)"))


def _slug_hint(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "my-record"


def _check_copies(content: Content, archive: Archive, problems: list[Problem]) -> None:
    """`copy_of` points at the original: never at itself, and never round in a circle."""
    for article_id, article in sorted(archive.articles.items()):
        if article.copy_of is None:
            continue
        doc = content.articles[article_id].doc
        if article.copy_of == article_id:
            line, col = doc.locate(("copy_of",))
            problems.append(Problem(doc.path, line, col, "copy_of names this article itself; name the article it repeats, or remove the line"))
            continue
        chain = copy_chain(archive.articles, article_id)
        if archive.articles[chain[-1]].copy_of == article_id:
            line, col = doc.locate(("copy_of",))
            loop = " -> ".join(chain + [article_id])
            problems.append(Problem(doc.path, line, col, f"copy_of goes round in a circle ({loop}); keep it only on the later report"))


def _check_unique_ids(content: Content, problems: list[Problem]) -> None:
    """Claims name people, organizations and outlets by id alone, so ids are unique across folders."""
    owners: dict[str, str] = {}
    for kind in ("people", "organizations", "outlets", "places", "events"):
        for record_id, record in sorted(content.records[kind].items()):
            if record_id in owners:
                problems.append(Problem(record.doc.path, 1, 1, f"id '{record_id}' is already used by {owners[record_id]}; ids must be unique across records, rename one file"))
            else:
                owners[record_id] = f"content/{kind}/{record_id}.yml"
    for article_id, article in sorted(content.articles.items()):
        if article_id in owners:
            problems.append(Problem(article.doc.path, 1, 1, f"id '{article_id}' is already used by {owners[article_id]}; rename one file"))


def _strings_in(data: Any, loc: tuple[Any, ...] = ()):
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings_in(value, loc + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings_in(value, loc + (index,))


# Where each record type names other records: (path in the record, folders the id may be in, what it is).
# "*" stands for every item of a list.
REFERENCES: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], str]]] = {
    "places": [(("within",), ("places",), "place")],
    "people": [
        (("country",), ("places",), "place"),
        (("affiliation",), ("organizations",), "organization"),
        (("roles", "*", "organization"), ("organizations",), "organization"),
    ],
    "organizations": [(("country",), ("places",), "place"), (("parent",), ("organizations",), "organization")],
    "outlets": [(("country",), ("places",), "place")],
    "events": [
        (("places", "*"), ("places",), "place"),
        (("people", "*"), ("people",), "person"),
        (("organizations", "*"), ("organizations",), "organization"),
        (("sources", "*"), ("articles",), "article"),
        (("related", "*"), ("events",), "event"),
        (("claims", "*", "by"), ("people", "organizations", "outlets"), "claimant"),
        (("claims", "*", "via"), ("outlets", "organizations"), "outlet or organization"),
        (("claims", "*", "source"), ("articles",), "article"),
    ],
    "articles": [(("outlet",), ("outlets",), "outlet"), (("copy_of",), ("articles",), "article")],
}


def _values_at(data: Any, path: tuple[str, ...], loc: tuple[Any, ...] = ()):
    """Yield (location, value) for every value at `path` in raw YAML data, skipping wrong shapes."""
    if not path:
        yield loc, data
        return
    head, rest = path[0], path[1:]
    if head == "*":
        if isinstance(data, list):
            for index, item in enumerate(data):
                yield from _values_at(item, rest, loc + (index,))
    elif isinstance(data, dict) and head in data:
        yield from _values_at(data[head], rest, loc + (head,))


# Whether a value is an id, for the values seen so far: most ids are named by many records.
_ID_VALUES: dict[str, bool] = {}


def _is_id(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    known = _ID_VALUES.get(value)
    if known is None:
        if len(_ID_VALUES) > 200_000:
            _ID_VALUES.clear()
        known = _ID_VALUES[value] = ID_RE.match(value) is not None
    return known


# The shapes REFERENCES' paths have: a key, every item of a list at a key, or a key in each of those.
assert all(len(path) == 1 or path[1:2] == ("*",) and len(path) <= 3 for references in REFERENCES.values() for path, _kinds, _what in references)


def _ids_at(data: dict[Any, Any], path: tuple[str, ...]) -> list[tuple[tuple[Any, ...], str]]:
    """(location, value) of the values at `path` in data, as _values_at gives them,
    that are ids; for the shapes of paths REFERENCES has."""
    head = path[0]
    if head not in data:
        return []
    value = data[head]
    if len(path) == 1:
        return [((head,), value)] if _is_id(value) else []
    if not isinstance(value, list):
        return []
    if len(path) == 2:
        return [((head, index), item) for index, item in enumerate(value) if _is_id(item)]
    key = path[2]
    return [((head, index, key), item[key]) for index, item in enumerate(value) if isinstance(item, dict) and key in item and _is_id(item[key])]


def _references(kind: str, data: dict[Any, Any]) -> tuple[tuple[str, ...], ...]:
    """The ids the data names at each path of REFERENCES[kind]. Values of the wrong
    type or form are the model's to report."""
    return tuple(tuple(value for _loc, value in _ids_at(data, path)) for path, _kinds, _what in REFERENCES[kind])


def _redirects(data: dict[Any, Any]) -> tuple[tuple[tuple[Any, ...], str], ...]:
    """(location, old id) of every well-formed old id in `redirect_from` (the model reports the form)."""
    return tuple(_ids_at(data, ("redirect_from", "*")))


def _check_self_references(kind: str, record_id: str, doc: Document, data: dict[Any, Any], problems: list[Problem]) -> None:
    if kind == "places" and data.get("within") == record_id:
        line, col = doc.locate(("within",))
        problems.append(Problem(doc.path, line, col, "a place cannot lie within itself"))
    if kind == "events":
        related = data.get("related")
        if isinstance(related, list) and record_id in related:
            line, col = doc.locate(("related", related.index(record_id)))
            problems.append(Problem(doc.path, line, col, "an event cannot be related to itself"))
        sources = data.get("sources") if isinstance(data.get("sources"), list) else []
        for loc, source in _values_at(data, ("claims", "*", "source")):
            if isinstance(source, str) and ID_RE.match(source) and source not in sources:
                line, col = doc.locate(loc)
                problems.append(Problem(doc.path, line, col, f"claim source '{source}' is not one of the event's sources; add it to 'sources'"))


def _check_references(content: Content, by_path: list[tuple[str, str, _Facts]], problems: list[Problem]) -> None:
    """Runs on the raw data of every parsed file, valid or not, so a schema mistake
    in a record does not hide its unknown ids until the next run."""
    # Files that exist but failed to parse or validate still count as known: their own errors are reported already.
    known = content.stems
    renamed = _check_redirects(by_path, set().union(*known.values()), problems)
    # The ids a reference may name, for each choice of folders REFERENCES makes.
    named = {kinds: known.get(kinds[0], set()) if len(kinds) == 1 else set().union(*(known.get(k, set()) for k in kinds))
             for kinds in {kinds for references in REFERENCES.values() for _path, kinds, _what in references}}
    for kind, _record_id, facts in by_path:
        for (path, kinds, what), values in zip(REFERENCES[kind], facts.references):
            ids = named[kinds]
            if ids.issuperset(values):
                continue
            doc = facts.doc
            for loc, value in _ids_at(facts.data, path):  # the ids again, with their locations
                if value in ids:
                    continue
                candidates = set().union(*(known.get(k, set()) for k in kinds))
                line, col = doc.locate(loc)
                folders = " or ".join(f"content/{k}/" for k in kinds)
                if value in renamed and renamed[value][0] in kinds:
                    problems.append(Problem(doc.path, line, col, f"{what} '{value}' was renamed to '{renamed[value][1]}'; write '{renamed[value][1]}'"))
                    continue
                problems.append(Problem(doc.path, line, col, f"unknown {what} '{value}'{suggest(value, candidates)} (no such file in {folders})"))


def _check_redirects(by_path: list[tuple[str, str, _Facts]], live_ids: set[str], problems: list[Problem]) -> dict[str, tuple[str, str]]:
    """Old ids in `redirect_from`: each may name one record only, and never an id in use,
    or an old address would lead two ways. Returns {old id: (kind, new id)}."""
    renamed: dict[str, tuple[str, str]] = {}
    for kind, record_id, facts in by_path:
        for loc, old in facts.redirects:
            if old in live_ids:
                line, col = facts.doc.locate(loc)
                problems.append(Problem(facts.doc.path, line, col, f"'{old}' is the id of a record that exists; an old id can only be one no file uses any more"))
            elif old in renamed and renamed[old] != (kind, record_id):
                line, col = facts.doc.locate(loc)
                problems.append(Problem(facts.doc.path, line, col, f"old id '{old}' already redirects to '{renamed[old][1]}'; keep it on one record"))
            else:
                renamed[old] = (kind, record_id)
    return renamed


QUALIFIER_HINTS = {
    "places": "add a qualifier, e.g. 'Shevchenko (Donetsk Oblast)'",
    "people": "keep the alias on the person it belongs to, or add a qualifier such as a middle name",
    "organizations": "add a qualifier, e.g. the country",
}


def _check_aliases(documents: list[tuple[str, str, _Facts]], files: dict[tuple[str, str], RecordFile], problems: list[Problem]) -> None:
    """Two places (or two people, or two organizations) answering to the same name cannot be told apart."""
    labelled: dict[str, list[tuple[str, _Facts]]] = {kind: [] for kind in QUALIFIER_HINTS}
    for kind, record_id, facts in documents:
        if kind in labelled and (kind, record_id) in files:
            labelled[kind].append((record_id, facts))
    for kind, records in labelled.items():
        owners: dict[str, tuple[str, str]] = {}
        for record_id, facts in sorted(records, key=lambda item: item[0]):
            doc = facts.doc
            for index, label, key in facts.labels:
                if key in owners and owners[key][0] != record_id:
                    loc = ("name",) if index is None else ("aliases", index)
                    line, col = doc.locate(loc)
                    other, other_kind = owners[key]
                    problems.append(Problem(doc.path, line, col, f"'{label}' is already the {other_kind} of content/{kind}/{other}.yml; two {kind} cannot share a name or alias ({QUALIFIER_HINTS[kind]})"))
                elif key in owners and index is not None and owners[key][1] == "name":
                    line, col = doc.locate(("aliases", index))
                    problems.append(Problem(doc.path, line, col, f"alias '{label}' repeats the record's own name; remove it"))
                else:
                    owners.setdefault(key, (record_id, "name" if index is None else "alias"))


def _check_within_cycles(archive: Archive, files: dict[tuple[str, str], RecordFile], problems: list[Problem]) -> None:
    places: dict[str, Place] = archive.records["places"]  # type: ignore[assignment]
    reported: set[frozenset[str]] = set()
    for start in sorted(places):
        chain = [start]
        current = places[start].within
        while current in places and current not in chain:
            chain.append(current)
            current = places[current].within
        if current == start and len(chain) > 1 and frozenset(chain) not in reported:
            reported.add(frozenset(chain))
            doc = files[("places", start)].doc
            line, col = doc.locate(("within",))
            loop = " → ".join(chain + [start])
            problems.append(Problem(doc.path, line, col, f"'within' makes a loop: {loop}; a place must lie within a larger one"))


def _check_quotes(archive: Archive, documents: list[tuple[str, str, _Facts]], problems: list[Problem]) -> None:
    """A claim's quote occurs in its source (quote marks, dashes and spacing aside)."""
    articles = {record_id: facts for kind, record_id, facts in documents if kind == "articles" and record_id in archive.articles}
    unchecked: dict[str, list[_Facts]] = {}  # source -> events whose quotes from it are looked for again
    for kind, _event_id, facts in documents:
        if kind != "events" or not facts.quotes:
            continue
        before, facts.quoted = facts.quoted or {}, {}
        for _index, _quote, source in facts.quotes:
            if source in articles and source not in facts.quoted:
                found = before.get(source)
                if found is not None and found[0] is articles[source]:  # neither the event nor its source changed
                    facts.quoted[source] = found
                    problems += found[1]
                elif source not in unchecked or unchecked[source][-1] is not facts:
                    unchecked.setdefault(source, []).append(facts)
    for source, events in unchecked.items():
        # One article's text at a time: normalised, all of them took more memory than the bodies.
        text = normalise_for_quote(unescape_markdown(articles[source].file.body))  # type: ignore[union-attr]
        for facts in events:
            facts.quoted[source] = (articles[source], _quote_problems(facts, source, text))  # type: ignore[index]
            problems += facts.quoted[source][1]  # type: ignore[index]


def _quote_problems(facts: _Facts, source: str, text: str) -> list[Problem]:
    """The problems of an event's quotes from one source, whose text is given."""
    problems = []
    doc = facts.doc
    for index, quote, quote_source in facts.quotes:
        if quote_source != source:
            continue
        if len(quote) > 2 and quote[0] in "\"'" and quote[-1] in "\"'":
            line, col = doc.locate(("claims", index, "quote"))
            problems.append(Problem(doc.path, line, col, "leave out the quotation marks around the quote; write only the words between them"))
        elif quote not in text:
            line, col = doc.locate(("claims", index, "quote"))
            problems.append(Problem(doc.path, line, col, f"quote not found in article '{source}'{_closest_passage(quote, text)}; "
                                    "copy the words exactly as the article prints them (quote marks and spacing may differ), or move it to 'says'"))
    return problems


def _closest_passage(quote: str, text: str) -> str:
    """Where the article comes closest to a misquote, so a one-word slip is quick to find."""
    match = fuzz.partial_ratio_alignment(quote, text, score_cutoff=70)
    if match is None:
        return ""
    start, end = match.dest_start, match.dest_end
    # Widen to whole words: the alignment may start or stop inside one.
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    passage = text[start:end].strip()
    return f" (closest: '{passage if len(passage) <= 200 else passage[:199] + '…'}')"
